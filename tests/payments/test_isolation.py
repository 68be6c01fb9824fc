"""THE ISOLATION WALK: every payments vendor route, taken from ``app.url_map``, is asked by shop
A's owner, in shop A, about shop B's payments. Routes naming B's payment answer 404; nothing of
either shop changes, and A's lists never show B's payments. The customer's payment page and the
webhooks are checked per shop as well."""

from __future__ import annotations

import pytest

from modules.payments.models import Payment, PaymentTransaction, PaymentWebhookEvent, ProviderSetting
from modules.payments.services import payment_service
from modules.tenancy.testing import sign_in
from tests.tenancy.helpers import bearer, get_token
from tests.tenancy.test_access import routes
from wizamart.database import db
from wizamart.modules.definition import FrontendType

from .conftest import enable_bank_transfer, enable_stripe, start

THEIR_EMAIL = "their-secret-customer@example.lu"
# The settings routes name a provider, not a record: they act on shop A's own settings, and are
# walked apart (test_settings_routes_touch_only_the_own_shop).
SETTINGS = "/payments/settings"


def payments_routes(app) -> list[tuple[str, str, set[str]]]:
    found = []
    for route in routes(app, {FrontendType.VENDOR}):
        if "/payments" in route.path:
            found.append((route.method, route.path, set(route.rule.arguments)))
    return found


def snapshot(app) -> dict:
    with app.app_context():
        return {
            "payments": sorted(
                (p.id, p.vendor_id, p.status, p.provider_ref, p.amount_cents)
                for p in db.session.query(Payment)
            ),
            "ledger": sorted(
                (r.payment_id, r.kind, r.amount_cents, r.provider_event_id)
                for r in db.session.query(PaymentTransaction)
            ),
            "settings": sorted(
                (s.vendor_id, s.provider, s.enabled, sorted(s.settings.items()), sorted(s.secrets.items()))
                for s in db.session.query(ProviderSetting)
            ),
            "webhooks": db.session.query(PaymentWebhookEvent).count(),
        }


@pytest.fixture
def scene(app, vendor, other_vendor, fake_stripe):
    """Both shops take bank transfers and cards; shop B has a pending transfer, a paid transfer
    and a card payment."""
    for shop in (vendor, other_vendor):
        enable_bank_transfer(app, shop.id)
        enable_stripe(app, shop.id, fake_stripe)
    start(app, vendor.id, reference="order:ours")
    kw = {"customer_email": THEIR_EMAIL}
    with app.app_context():
        pending = payment_service.start_payment(
            other_vendor.id, "bank_transfer", 1500, "order:b1", **kw
        ).payment
        paid = payment_service.start_payment(other_vendor.id, "bank_transfer", 2500, "order:b2", **kw).payment
        card = payment_service.start_payment(other_vendor.id, "stripe", 3500, "order:b3", **kw).payment
        db.session.commit()
        payment_service.confirm_bank_transfer(other_vendor.id, paid.id, None)
        return {"pending": pending.id, "paid": paid.id, "card": card.id, "card_token": card.token}


BODY = {
    "amount_cents": 100,
    "amount": "1,00",
    "reason": "walking by",
    "note": "walking by",
    "idempotency_key": "walk",
    "enabled": True,
    "settings": {"iban": "LU280019400644750000", "account_holder": "Taken over"},
}


def test_the_walk_covers_every_payments_route(app):
    paths = {path for _, path, _ in payments_routes(app)}
    assert "/vendor/<vendor_code>/payments/<int:payment_id>/refund" in paths
    assert "/api/v1/vendor/payments/<int:payment_id>/confirm" in paths
    assert "/api/v1/vendor/payments/providers/<provider>" in paths
    assert len(payments_routes(app)) >= 19


@pytest.mark.parametrize("which", ["pending", "paid", "card"])
def test_shop_a_gets_nothing_of_shop_b(app, vendor_client, vendor, scene, which):
    before = snapshot(app)
    wrong = {}
    for method, path, arguments in payments_routes(app):
        if SETTINGS in path or path.endswith("/providers/<provider>"):
            continue
        url = path.replace("<vendor_code>", vendor.code).replace("<int:payment_id>", str(scene[which]))
        headers = {"X-Vendor": vendor.code}
        if method in ("GET", "DELETE"):
            response = vendor_client.open(url, method=method, headers=headers)
        elif path.startswith("/api/"):
            response = vendor_client.open(url, method=method, json=BODY, headers=headers)
        else:
            form = {k: str(v) for k, v in BODY.items() if not isinstance(v, dict | bool)}
            response = vendor_client.open(url, method=method, data=form, headers=headers)
        # A route naming B's payment answers 404; the others answer without failing.
        refused = response.status_code == 404 if "payment_id" in arguments else response.status_code < 500
        if not refused:
            wrong[f"{method} {url}"] = response.status_code
        elif THEIR_EMAIL in response.get_data(as_text=True):
            wrong[f"{method} {url}"] = "shows their payment"
    assert not wrong, f"routes that let shop A reach shop B: {wrong}"
    assert snapshot(app) == before


def test_settings_routes_touch_only_the_own_shop(app, vendor_client, vendor, other_vendor, scene):
    def theirs():
        return [row for row in snapshot(app)["settings"] if row[0] == other_vendor.id]

    before = theirs()
    for method, path, _ in payments_routes(app):
        if SETTINGS not in path and not path.endswith("/providers/<provider>"):
            continue
        url = (
            path.replace("<vendor_code>", vendor.code)
            .replace("<provider>", "bank_transfer")
            .replace("<name>", "iban")
        )
        if method == "GET":
            response = vendor_client.get(url, headers={"X-Vendor": vendor.code})
        elif path.startswith("/api/"):
            response = vendor_client.open(url, method=method, json=BODY, headers={"X-Vendor": vendor.code})
        else:
            response = vendor_client.post(url, data={"enabled": "true", "account_holder": "Taken over"})
        assert response.status_code < 500, url
    assert theirs() == before


def test_a_token_in_another_shop_gets_nothing(app, vendor_owner, other_vendor, scene):
    """Shop A's owner, with a bearer token, naming shop B in X-Vendor: refused everywhere."""
    client = app.test_client()
    headers = {**bearer(get_token(app, vendor_owner.email)), "X-Vendor": other_vendor.code}
    before = snapshot(app)
    for method, path, _ in payments_routes(app):
        if not path.startswith("/api/"):
            continue
        url = path.replace("<int:payment_id>", str(scene["paid"])).replace("<provider>", "bank_transfer")
        response = client.open(url, method=method, json=BODY, headers=headers)
        assert response.status_code in (403, 404), f"{method} {url}: {response.status_code}"
    assert snapshot(app) == before


def test_the_owner_of_shop_b_sees_their_payments_only(app, factory, vendor, other_vendor, scene):
    owner = factory.member(other_vendor, email="b-owner@example.lu")
    client = app.test_client()
    assert sign_in(client, "vendor", owner.email).status_code == 302
    listed = client.get(f"/vendor/{other_vendor.code}/payments/").get_data(as_text=True)
    assert THEIR_EMAIL in listed and "order:ours" not in listed and "lena@example.lu" not in listed


def test_a_payment_page_token_of_another_shop_is_not_found(app, client, vendor, other_vendor, scene):
    token = scene["card_token"]
    assert client.get(f"/storefront/{vendor.code}/pay/{token}").status_code == 404
    assert client.get(f"/storefront/{vendor.code}/pay/{token}/return").status_code == 404
    assert client.get(f"/storefront/{other_vendor.code}/pay/{token}").status_code == 200
