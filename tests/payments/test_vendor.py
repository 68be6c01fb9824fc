"""The shop's payment pages and API: settings (providers switched on, bank details validated,
secrets never shown back), the payments list, a payment's ledger and the actions on it."""

from __future__ import annotations

import pytest

from modules.payments.models import Payment, ProviderSetting
from modules.payments.services import payment_service
from modules.tenancy.models import VendorRole
from modules.tenancy.testing import sign_in
from wizamart.database import db

from .conftest import IBAN, enable_bank_transfer, enable_stripe, start


def pages(vendor) -> str:
    return f"/vendor/{vendor.code}/payments"


def api_headers(vendor) -> dict:
    return {"X-Vendor": vendor.code}


# ------------------------------------------------------------------ settings


def test_the_settings_page_lists_every_installed_provider(vendor_client, vendor):
    response = vendor_client.get(f"{pages(vendor)}/settings")
    assert response.status_code == 200
    assert 'data-testid="provider-bank_transfer"' in response.text
    assert 'data-testid="provider-stripe"' in response.text
    assert f"/api/v1/webhooks/payments/stripe/{vendor.code}" in response.text


def test_switching_on_bank_transfer_needs_valid_bank_details(app, vendor_client, vendor):
    url = f"{pages(vendor)}/settings/bank_transfer"
    missing = vendor_client.post(url, data={"enabled": "true", "account_holder": "", "iban": ""})
    assert missing.status_code == 422
    assert 'data-field="account_holder"' in missing.text and 'data-field="iban"' in missing.text
    bad = vendor_client.post(
        url, data={"enabled": "true", "account_holder": "Paul", "iban": "LU28 0019 4006 4475 0001"}
    )
    assert bad.status_code == 422 and 'data-field="iban"' in bad.text
    bad_bic = vendor_client.post(
        url, data={"enabled": "true", "account_holder": "Paul", "iban": IBAN, "bic": "B!"}
    )
    assert bad_bic.status_code == 422 and 'data-field="bic"' in bad_bic.text
    with app.app_context():
        assert payment_service.providers_for(vendor.id) == []
    good = vendor_client.post(
        url,
        data={
            "enabled": "true",
            "account_holder": "Paul SARL",
            "iban": "lu28 0019 4006 4475 0000",
            "bic": "bceelull",
        },
    )
    assert good.status_code == 302
    with app.app_context():
        assert [p.code for p in payment_service.providers_for(vendor.id, "fr")] == ["bank_transfer"]
        assert payment_service.providers_for(vendor.id, "fr")[0].name == "Virement bancaire"
        assert payment_service.settings_of(vendor.id, "bank_transfer")["iban"] == IBAN
        assert payment_service.settings_of(vendor.id, "bank_transfer")["bic"] == "BCEELULL"


def test_stripe_keys_are_checked_and_the_secret_never_shown_back(app, vendor_client, vendor, fake_stripe):
    url = f"{pages(vendor)}/settings/stripe"
    wrong = vendor_client.post(
        url,
        data={
            "enabled": "true",
            "publishable_key": "sk_oops",
            "secret_key": "pk_oops",
            "webhook_secret": "x",
        },
    )
    assert wrong.status_code == 422
    for name in ("publishable_key", "secret_key", "webhook_secret"):
        assert f'data-field="{name}"' in wrong.text
    assert vendor_client.post(url, data={"enabled": "true", **fake_stripe.shop_settings()}).status_code == 302
    page = vendor_client.get(f"{pages(vendor)}/settings").text
    assert fake_stripe.secret_key not in page and fake_stripe.webhook_secret not in page
    assert fake_stripe.secret_key[-4:] in page  # the last four, to recognise it
    # Saving again without retyping the secrets keeps them.
    assert (
        vendor_client.post(url, data={"enabled": "true", "publishable_key": "pk_test_other"}).status_code
        == 302
    )
    with app.app_context():
        saved = payment_service.settings_of(vendor.id, "stripe")
    assert saved["secret_key"] == fake_stripe.secret_key and saved["publishable_key"] == "pk_test_other"
    api = vendor_client.get("/api/v1/vendor/payments/providers", headers=api_headers(vendor)).json
    stripe = next(p for p in api["items"] if p["code"] == "stripe")
    assert stripe["enabled"] and stripe["settings"]["secret_key"].startswith("••••")
    assert fake_stripe.secret_key not in str(api)


def test_forgetting_a_key_switches_stripe_off(app, vendor_client, vendor, fake_stripe):
    enable_stripe(app, vendor.id, fake_stripe)
    response = vendor_client.post(f"{pages(vendor)}/settings/stripe/forget/secret_key")
    assert response.status_code == 302
    with app.app_context():
        assert "secret_key" not in payment_service.settings_of(vendor.id, "stripe")
        assert payment_service.providers_for(vendor.id) == []


def test_the_api_sets_providers_and_names_bad_fields(app, vendor_client, vendor):
    url = "/api/v1/vendor/payments/providers/bank_transfer"
    refused = vendor_client.put(
        url, json={"enabled": True, "settings": {"iban": "DE00"}}, headers=api_headers(vendor)
    )
    assert refused.status_code == 422
    assert set(refused.json["error"]["details"]["fields"]) == {"iban"}
    missing = vendor_client.put(
        url, json={"enabled": True, "settings": {"iban": IBAN}}, headers=api_headers(vendor)
    )
    assert missing.status_code == 422 and set(missing.json["error"]["details"]["fields"]) == {
        "account_holder"
    }
    done = vendor_client.put(
        url,
        json={"enabled": True, "settings": {"iban": IBAN, "account_holder": "Paul"}},
        headers=api_headers(vendor),
    )
    assert done.status_code == 200 and done.json["enabled"] and done.json["missing"] == []
    unknown = vendor_client.put(
        "/api/v1/vendor/payments/providers/paypal", json={"enabled": True}, headers=api_headers(vendor)
    )
    assert unknown.status_code == 422 and unknown.json["error"]["code"] == "unknown_provider"
    no_body = vendor_client.put(url, data="nope", headers=api_headers(vendor))
    assert no_body.status_code == 422
    enabled = vendor_client.get("/api/v1/vendor/payments/providers/enabled", headers=api_headers(vendor)).json
    assert [p["code"] for p in enabled["items"]] == ["bank_transfer"]


def test_staff_cannot_touch_the_settings(app, factory, vendor):
    staff = factory.member(vendor, role=VendorRole.STAFF)
    client = app.test_client()
    sign_in(client, "vendor", staff.email)
    assert client.get(f"{pages(vendor)}/settings").status_code == 403
    assert client.post(f"{pages(vendor)}/settings/bank_transfer", data={"enabled": "true"}).status_code == 403
    assert client.get(f"{pages(vendor)}/").status_code == 200
    with app.app_context():
        assert db.session.query(ProviderSetting).count() == 0


# ------------------------------------------------------------------ payments


@pytest.fixture
def bank(app, vendor):
    enable_bank_transfer(app, vendor.id)


def test_the_list_filters_by_status_and_search(app, vendor_client, vendor, bank):
    first = start(app, vendor.id, reference="order:1")
    start(app, vendor.id, reference="order:2")
    with app.app_context():
        payment_service.confirm_bank_transfer(vendor.id, first, None)
    page = vendor_client.get(f"{pages(vendor)}/?status=paid")
    assert page.status_code == 200 and f'data-payment-id="{first}"' in page.text
    assert page.text.count("data-payment-id=") == 1
    api = vendor_client.get("/api/v1/vendor/payments/?q=order:2", headers=api_headers(vendor)).json
    assert [p["reference"] for p in api["items"]] == ["order:2"] and api["meta"]["total"] == 1
    bad = vendor_client.get("/api/v1/vendor/payments/?status=lost", headers=api_headers(vendor))
    assert bad.status_code == 422 and "status" in bad.json["error"]["details"]["fields"]


def test_confirming_on_the_page_marks_it_paid_once(app, vendor_client, vendor, vendor_owner, bank):
    payment_id = start(app, vendor.id, amount=4990)
    page = vendor_client.get(f"{pages(vendor)}/{payment_id}")
    assert 'data-testid="confirm-form"' in page.text and "LU28 0019 4006 4475 0000" in page.text
    for _ in range(2):  # a double click
        assert vendor_client.post(f"{pages(vendor)}/{payment_id}/confirm", data={}).status_code == 302
    page = vendor_client.get(f"{pages(vendor)}/{payment_id}").text
    assert 'data-payment-status="paid"' in page and 'data-testid="confirm-form"' not in page
    assert page.count('data-kind="captured"') == 1
    with app.app_context():
        assert db.session.get(Payment, payment_id).status == "paid"


def test_a_refund_form_names_the_amount_when_wrong(app, vendor_client, vendor, bank):
    payment_id = start(app, vendor.id, amount=1000)
    with app.app_context():
        payment_service.confirm_bank_transfer(vendor.id, payment_id, None)
    url = f"{pages(vendor)}/{payment_id}/refund"
    for index, amount in enumerate(("", "abc", "12,345", "-1", "10,01")):  # the last: more than was paid
        response = vendor_client.post(url, data={"amount": amount, "idempotency_key": f"k{index}"})
        assert response.status_code == 422, amount
        assert 'data-field="amount"' in response.text, amount
    done = vendor_client.post(url, data={"amount": "2,50", "reason": "Stale bread", "idempotency_key": "k1"})
    assert done.status_code == 302
    assert (
        vendor_client.post(url, data={"amount": "2,50", "idempotency_key": "k1"}).status_code == 302
    )  # resent
    with app.app_context():
        totals = payment_service.totals(payment_service.get(vendor.id, payment_id))
    assert totals.refunded == 250


def test_the_api_shows_the_ledger_and_acts(app, vendor_client, vendor, bank):
    payment_id = start(app, vendor.id, amount=2000)
    url = f"/api/v1/vendor/payments/{payment_id}"
    shown = vendor_client.get(url, headers=api_headers(vendor)).json
    assert shown["status"] == "pending" and shown["can_confirm"] and shown["instructions"]["iban"]
    confirmed = vendor_client.post(f"{url}/confirm", json={}, headers=api_headers(vendor)).json
    assert confirmed["status"] == "paid" and confirmed["captured_cents"] == 2000
    assert confirmed["transactions"][0]["recorded_by_name"]
    too_much = vendor_client.post(f"{url}/refund", json={"amount_cents": 2001}, headers=api_headers(vendor))
    assert too_much.status_code == 409 and too_much.json["error"]["details"]["fields"] == {
        "amount_cents": "more than can still be refunded"
    }
    no_amount = vendor_client.post(f"{url}/refund", json={"reason": "x"}, headers=api_headers(vendor))
    assert no_amount.status_code == 422 and "amount_cents" in no_amount.json["error"]["details"]["fields"]
    refunded = vendor_client.post(f"{url}/refund", json={"amount_cents": 2000}, headers=api_headers(vendor))
    assert refunded.status_code == 201 and refunded.json["status"] == "refunded"
    cancel = vendor_client.post(f"{url}/cancel", headers=api_headers(vendor))
    assert cancel.status_code == 409 and cancel.json["error"]["code"] == "payment_not_cancellable"
    ledger = vendor_client.get(f"{url}/transactions", headers=api_headers(vendor)).json["items"]
    assert [row["kind"] for row in ledger] == ["captured", "refunded"]


def test_a_stripe_payment_is_synced_from_the_page(app, vendor_client, vendor, fake_stripe):
    enable_stripe(app, vendor.id, fake_stripe)
    payment_id = start(app, vendor.id, provider="stripe")
    with app.app_context():
        intent_id = db.session.get(Payment, payment_id).provider_ref
    fake_stripe.confirm(intent_id)
    assert vendor_client.post(f"{pages(vendor)}/{payment_id}/sync").status_code == 302
    page = vendor_client.get(f"{pages(vendor)}/{payment_id}").text
    assert 'data-payment-status="paid"' in page and intent_id in page
    assert 'data-testid="confirm-form"' not in page  # Stripe captures by itself


def test_pages_are_translated(vendor_client, vendor, bank, app):
    payment_id = start(app, vendor.id)
    page = vendor_client.get(f"{pages(vendor)}/{payment_id}", headers={"Accept-Language": "de"}).text
    assert "Zahlungseingang bestätigen" in page and "Zahlung ausstehend" in page


# ------------------------------------------------------------------ menus, dashboard, enablement


def test_the_dashboard_counts_transfers_to_confirm_and_the_menu_shows_payments(
    app, vendor_client, vendor, bank
):
    import re

    start(app, vendor.id, reference="order:1")
    paid = start(app, vendor.id, reference="order:2")
    with app.app_context():
        payment_service.confirm_bank_transfer(vendor.id, paid, None)
    dashboard = vendor_client.get(f"/vendor/{vendor.code}/").get_data(as_text=True)
    widget = re.search(r'<a [^>]*data-widget="payments.payments_to_confirm".*?</a>', dashboard, re.S)
    assert widget and ">1<" in widget.group(0).replace(" ", "")
    assert 'data-menu="payments"' in dashboard and 'data-menu="payment_settings"' in dashboard


def test_staff_see_payments_and_confirm_but_do_not_refund(app, factory, vendor, bank):
    staff = factory.member(vendor, role=VendorRole.STAFF)
    client = app.test_client()
    sign_in(client, "vendor", staff.email)
    payment_id = start(app, vendor.id)
    page = client.get(f"{pages(vendor)}/{payment_id}").get_data(as_text=True)
    assert 'data-testid="confirm-form"' in page and 'data-testid="cancel-form"' not in page
    assert client.post(f"{pages(vendor)}/{payment_id}/confirm", data={}).status_code == 302
    assert client.post(f"{pages(vendor)}/{payment_id}/refund", data={"amount": "1"}).status_code == 403
    menu = client.get(f"{pages(vendor)}/").get_data(as_text=True)
    assert 'data-menu="payments"' in menu and 'data-menu="payment_settings"' not in menu


def test_a_platform_without_payments_has_no_payment_pages(app, vendor_client, client, vendor, platform):
    from wizamart import module_service

    with app.app_context():
        module_service.disable_module(platform.id, "payments")
    assert vendor_client.get(f"{pages(vendor)}/").status_code == 404
    assert vendor_client.get("/api/v1/vendor/payments/", headers=api_headers(vendor)).json["error"][
        "code"
    ] == ("module_disabled")
    webhook = client.post(f"/api/v1/webhooks/payments/stripe/{vendor.code}", data=b"{}", csrf=False)
    assert webhook.status_code == 404
