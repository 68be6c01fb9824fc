"""Demo payment methods: ``flask demo`` lets both demo shops take bank transfers to a valid
Luxembourg IBAN; Stripe stays off unless the platform has Stripe keys; a second run changes
nothing and keeps what a shop changed."""

from __future__ import annotations

from modules.payments.models import ProviderSetting
from modules.payments.providers.bank_transfer import iban_is_valid
from modules.payments.services import payment_service
from modules.tenancy.models import Vendor
from wizamart.database import db


def settings_rows(app):
    with app.app_context():
        return sorted(
            (s.vendor_id, s.provider, s.enabled, sorted(s.settings.items()))
            for s in db.session.query(ProviderSetting)
        )


def shop_ids(app) -> dict[str, int]:
    with app.app_context():
        return {v.code: v.id for v in db.session.query(Vendor) if v.code in ("velo-lux", "boulangerie-paul")}


def test_the_demo_shops_take_bank_transfers(app, runner):
    first = runner.invoke(args=["demo"])
    assert first.exit_code == 0, first.output
    ids = shop_ids(app)
    assert set(ids) == {"velo-lux", "boulangerie-paul"}
    with app.app_context():
        for vendor_id in ids.values():
            assert [p.code for p in payment_service.providers_for(vendor_id)] == ["bank_transfer"]
            iban = payment_service.settings_of(vendor_id, "bank_transfer")["iban"]
            assert iban.startswith("LU") and iban_is_valid(iban)
        # A shop switches bank transfer off; the demo again must not switch it back on.
        payment_service.set_provider(ids["velo-lux"], "bank_transfer", enabled=False)
    before = settings_rows(app)
    second = runner.invoke(args=["demo"])
    assert second.exit_code == 0, second.output
    assert settings_rows(app) == before


def test_stripe_is_on_in_the_demo_when_the_platform_has_keys(make_app, fake_stripe):
    app = make_app(
        WIZAMART_MODULES=["payments"],
        STRIPE_API_BASE=fake_stripe.base_url,
        STRIPE_SECRET_KEY=fake_stripe.secret_key,
        STRIPE_PUBLISHABLE_KEY=fake_stripe.publishable_key,
        STRIPE_WEBHOOK_SECRET=fake_stripe.webhook_secret,
    )
    result = app.test_cli_runner().invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        for vendor_id in shop_ids(app).values():
            assert [p.code for p in payment_service.providers_for(vendor_id)] == ["bank_transfer", "stripe"]
            assert payment_service.settings_of(vendor_id, "stripe") == {}  # the platform's keys serve
