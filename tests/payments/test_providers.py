"""Providers come through the ``payment_providers`` hook — payments' own and any module's — and
each shop chooses which it offers, in its own order."""

from __future__ import annotations

import pytest

from hookspecs.markers import hookimpl
from modules.payments.exceptions import (
    ProviderNotConfigured,
    ProviderNotEnabled,
    RefundNotSupported,
    UnknownProvider,
)
from modules.payments.providers import PaymentProvider, ProviderField, RefundDone
from modules.payments.providers.bank_transfer import format_iban, iban_is_valid
from modules.payments.services import payment_service
from wizamart.database import db

from .conftest import IBAN, enable_bank_transfer


class CashOnPickup(PaymentProvider):
    """A provider another module might contribute: pay when collecting the goods."""

    code = "cash_on_pickup"
    name_key = "test.cash.name"
    description_key = "test.cash.description"
    manual_capture = True
    fields = (ProviderField("counter", "test.cash.counter"),)

    def start(self, payment, settings, *, return_url, language):
        payment.provider_ref = f"cash-{payment.id}"
        return f"/pickup/{settings['counter']}"

    def refund(self, payment, settings, amount_cents, *, reason, idempotency_key):
        return RefundDone(provider_event_id=f"cash:refund:{idempotency_key}", amount_cents=amount_cents)

    def instructions(self, payment, settings, language):
        return {"counter": settings["counter"]}


class ShopModule:
    @hookimpl
    def payment_providers(self):
        return [CashOnPickup()]


@pytest.fixture
def cash(app):
    pm = app.extensions["wizamart"].pm
    pm.register(ShopModule(), name="test:cash")
    yield
    pm.unregister(name="test:cash")


def test_the_built_in_providers_come_through_the_hook(app):
    with app.app_context():
        views = payment_service.all_providers("de")
    assert [(v.code, v.name, v.manual_capture) for v in views] == [
        ("bank_transfer", "Banküberweisung", True),
        ("stripe", "Karte (Stripe)", False),
    ]


def test_a_module_contributes_a_provider(app, cash, vendor, call, events):
    with app.app_context():
        assert "cash_on_pickup" in [v.code for v in payment_service.all_providers()]
        with pytest.raises(ProviderNotConfigured) as refused:
            payment_service.set_provider(vendor.id, "cash_on_pickup", enabled=True)
        assert refused.value.details["fields"] == {"counter": "payments.validation.required_to_enable"}
        payment_service.set_provider(vendor.id, "cash_on_pickup", enabled=True, values={"counter": "Gare"})
        started = payment_service.start_payment(vendor.id, "cash_on_pickup", 800, "order:1")
        db.session.commit()
        assert started.next_url == "/pickup/Gare" and started.payment.provider_ref.startswith("cash-")
        payment_id = started.payment.id
        assert payment_service.instructions(started.payment) == {"counter": "Gare"}
    assert call("confirm_bank_transfer", vendor.id, payment_id, None).status == "paid"  # confirmed by hand
    call("refund", vendor.id, payment_id, 800, None, idempotency_key="r1")
    assert call("get", vendor.id, payment_id).status == "refunded"
    assert [change[2] for change in events.changes] == ["paid", "refunded"]


def test_a_shop_offers_only_what_it_switched_on_in_its_order(app, vendor, other_vendor, fake_stripe):
    enable_bank_transfer(app, vendor.id)
    with app.app_context():
        payment_service.set_provider(vendor.id, "stripe", enabled=True, values=fake_stripe.shop_settings())
        assert [p.code for p in payment_service.providers_for(vendor.id)] == ["bank_transfer", "stripe"]
        payment_service.set_provider(vendor.id, "stripe", enabled=True, position=0)
        payment_service.set_provider(vendor.id, "bank_transfer", enabled=True, position=1)
        assert [p.code for p in payment_service.providers_for(vendor.id)] == ["stripe", "bank_transfer"]
        payment_service.set_provider(vendor.id, "stripe", enabled=False)
        assert [p.code for p in payment_service.providers_for(vendor.id)] == ["bank_transfer"]
        assert payment_service.providers_for(other_vendor.id) == []
        with pytest.raises(ProviderNotEnabled):
            payment_service.start_payment(vendor.id, "stripe", 100, "order:1")
        with pytest.raises(UnknownProvider):
            payment_service.set_provider(vendor.id, "paypal", enabled=True)


def test_a_provider_of_a_module_gone_is_not_offered(app, cash, vendor):
    with app.app_context():
        payment_service.set_provider(vendor.id, "cash_on_pickup", enabled=True, values={"counter": "Gare"})
        db.session.commit()
    app.extensions["wizamart"].pm.unregister(name="test:cash")
    app.extensions["wizamart"].pm.register(object(), name="test:cash")  # the fixture unregisters it
    with app.app_context():
        assert payment_service.providers_for(vendor.id) == []


def test_ibans_are_checked_by_country_length_and_checksum():
    assert iban_is_valid(IBAN) and iban_is_valid("lu28 0019-4006 4475 0000")
    assert iban_is_valid("DE89370400440532013000")
    assert not iban_is_valid("LU28001940064475000")  # one digit short for Luxembourg
    assert not iban_is_valid("LU290019400644750000")  # check digits
    assert not iban_is_valid("1234")
    assert format_iban("lu280019400644750000") == "LU28 0019 4006 4475 0000"


class GiftCard(PaymentProvider):
    """A provider that can take money but not give it back."""

    code = "gift_card"
    name_key = "test.gift.name"

    def start(self, payment, settings, *, return_url, language):
        return None


def test_a_provider_must_say_how_it_starts_a_payment():
    class Nothing(PaymentProvider):
        code = "nothing"

    with pytest.raises(TypeError, match="start"):
        Nothing()


def test_a_provider_without_refunds_refuses_them_with_a_409_naming_it():
    with pytest.raises(RefundNotSupported) as refused:
        GiftCard().refund(None, {}, 500, reason="", idempotency_key="k")
    assert refused.value.status_code == 409
    assert refused.value.details == {"provider": "gift_card"}
