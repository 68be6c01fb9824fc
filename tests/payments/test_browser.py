"""In a real browser (Debian's Chromium through playwright): a customer pays on the shop's
payment page with the fake Stripe.js — a declined card first, then a good one — and Stripe's
signed webhooks reach the live app; a shop owner switches bank transfer on and confirms a
transfer on the payment's page."""

from __future__ import annotations

import pytest

from modules.payments.models import Payment, PaymentWebhookEvent
from modules.payments.services import payment_service
from modules.payments.testing.fake_stripe import CARD_DECLINED, CARD_OK
from modules.tenancy.testing import PASSWORD
from wizamart.database import db

from .conftest import IBAN, enable_stripe, start

pytestmark = pytest.mark.browser


@pytest.fixture
def page(browser, live_server_url):
    context = browser.new_context(base_url=live_server_url, locale="en-GB")
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()


def test_a_customer_pays_by_card_after_a_decline(app, page, vendor, fake_stripe, live_server_url):
    fake_stripe.webhook_url = live_server_url + "/api/v1/webhooks/payments/stripe/{vendor_code}"
    enable_stripe(app, vendor.id, fake_stripe)
    with app.test_request_context():
        started = payment_service.start_payment(
            vendor.id, "stripe", 3490, "order:7", customer_email="lena@example.lu", description="Order #7"
        )
        db.session.commit()
        payment_id, url = started.payment.id, started.next_url

    page.goto(url)
    assert page.text_content("[data-testid=pay-amount]").strip() == "€34.90"
    page.fill("[data-testid=fake-stripe-card]", CARD_DECLINED)
    page.click("[data-testid=pay-submit]")
    page.wait_for_selector("[data-testid=pay-error]:has-text('declined')")
    assert page.url.endswith(url)

    page.fill("[data-testid=fake-stripe-card]", CARD_OK)
    page.click("[data-testid=pay-submit]")
    page.wait_for_selector("[data-testid=pay-status][data-payment-status=paid]")
    assert "Thank you" in page.text_content("h1")

    fake_stripe.wait_for_deliveries()
    statuses = {d["type"]: d["status"] for d in fake_stripe.deliveries}
    assert statuses["payment_intent.payment_failed"] == 200
    assert statuses["payment_intent.succeeded"] == 200
    with app.app_context():
        payment = db.session.get(Payment, payment_id)
        assert payment.status == "paid"
        kinds = sorted(row.kind for row in payment_service.transactions(payment))
        assert kinds == ["captured", "failed"]  # the return and the webhook recorded it once
        assert db.session.query(PaymentWebhookEvent).count() == len(fake_stripe.deliveries)


def test_a_shop_owner_takes_bank_transfers_and_confirms_one(app, page, vendor, vendor_owner):
    page.goto("/vendor/login")
    page.fill("#f-email", vendor_owner.email)
    page.fill("#f-password", PASSWORD)
    page.click("[data-testid=login-submit]")
    page.wait_for_load_state()

    page.goto(f"/vendor/{vendor.code}/payments/settings")
    form = page.locator("[data-testid=provider-form-bank_transfer]")
    form.locator("input[name=enabled][type=checkbox]").check()
    form.locator("#f-account_holder").fill("Boulangerie Paul S.à r.l.")
    form.locator("#f-iban").fill("LU28 0019 4006 4475 0001")  # one digit wrong
    page.click("[data-testid=save-bank_transfer]")
    assert "not a valid IBAN" in page.text_content("[data-field=iban]")
    form = page.locator("[data-testid=provider-form-bank_transfer]")
    form.locator("#f-iban").fill(IBAN)
    page.click("[data-testid=save-bank_transfer]")
    page.wait_for_selector("[data-testid=provider-bank_transfer] [data-testid=enabled]")

    payment_id = start(app, vendor.id, amount=1250)
    page.goto(f"/vendor/{vendor.code}/payments/")
    page.click(f"tr[data-payment-id='{payment_id}'] a")
    assert "LU28 0019 4006 4475 0000" in page.text_content("[data-testid=instructions]")
    page.click("[data-testid=confirm-submit]")
    page.wait_for_selector("[data-testid=payment-ledger] [data-payment-status=paid]")
    assert page.locator("[data-testid=ledger-table] tr[data-kind=captured]").count() == 1
    with app.app_context():
        assert db.session.get(Payment, payment_id).status == "paid"
