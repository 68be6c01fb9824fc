"""The customer's payment page: it loads Stripe.js from STRIPE_JS_URL with the PaymentIntent's
client secret, and the return from it records what Stripe says before the customer is sent back
to the order (the webhook may come later; it then changes nothing)."""

from __future__ import annotations

import re

import pytest

from modules.payments.models import Payment
from modules.payments.services import payment_service
from modules.payments.testing.fake_stripe import CARD_DECLINED, CARD_OK
from wizamart.database import db

from .conftest import enable_bank_transfer, enable_stripe


@pytest.fixture
def card_payment(app, vendor, fake_stripe):
    """A Stripe payment just started, as placing an order does; returns (payment id, intent, page url)."""
    enable_stripe(app, vendor.id, fake_stripe)
    with app.test_request_context():
        started = payment_service.start_payment(
            vendor.id,
            "stripe",
            4200,
            "order:42",
            customer_email="lena@example.lu",
            description="Order VL-000042",
            return_url=f"/storefront/{vendor.code}/orders/42",
        )
        db.session.commit()
        return started.payment.id, started.payment.provider_ref, started.next_url


def test_the_page_loads_stripe_js_with_the_client_secret(client, fake_stripe, card_payment):
    _, intent_id, url = card_payment
    response = client.get(url)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert f'<script src="{fake_stripe.js_url}"></script>' in html
    assert f'data-client-secret="{fake_stripe.payment_intents[intent_id]["client_secret"]}"' in html
    assert f'data-publishable-key="{fake_stripe.publishable_key}"' in html
    assert fake_stripe.secret_key not in html
    assert "€42.00" in html and "Order VL-000042" in html
    assert re.search(r'data-return-url="/storefront/[^"]+/pay/[^"]+/return"', html)


def test_the_fake_stripe_js_is_served(fake_stripe):
    import urllib.request

    with urllib.request.urlopen(fake_stripe.js_url) as response:
        script = response.read().decode()
    assert "confirmCardPayment" in script and fake_stripe.base_url in script


def test_returning_after_paying_records_it_and_goes_back_to_the_order(
    app, client, vendor, fake_stripe, card_payment, events
):
    payment_id, intent_id, url = card_payment
    fake_stripe.confirm(intent_id, CARD_OK)
    response = client.get(url + "/return")
    assert (
        response.status_code == 302 and response.headers["Location"] == f"/storefront/{vendor.code}/orders/42"
    )
    with app.app_context():
        assert db.session.get(Payment, payment_id).status == "paid"
    assert events.changes == [(payment_id, "pending", "paid")]
    # The page of a paid payment sends the customer back too (a reload, the back button).
    assert client.get(url).status_code == 302


def test_a_declined_card_stays_on_the_page_to_try_again(app, client, fake_stripe, card_payment):
    payment_id, intent_id, url = card_payment
    fake_stripe.confirm(intent_id, CARD_DECLINED)
    page = client.get(url)
    assert page.status_code == 200 and 'data-testid="pay-failed-before"' in page.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Payment, payment_id).status == "failed"


def test_stripe_down_on_return_still_sends_the_customer_back(app, client, vendor, fake_stripe, card_payment):
    payment_id, intent_id, url = card_payment
    fake_stripe.confirm(intent_id, CARD_OK)
    fake_stripe.outage(503, times=3)
    response = client.get(url + "/return")
    assert response.status_code == 302 and response.headers["Location"].endswith("/orders/42")
    with app.app_context():
        assert db.session.get(Payment, payment_id).status == "pending"  # the webhook will tell


def test_unknown_tokens_and_bank_transfers_have_no_page(app, client, vendor):
    enable_bank_transfer(app, vendor.id)
    with app.app_context():
        payment = payment_service.start_payment(vendor.id, "bank_transfer", 100, "order:1").payment
        db.session.commit()
        token = payment.token
    assert client.get(f"/storefront/{vendor.code}/pay/nope").status_code == 404
    assert client.get(f"/storefront/{vendor.code}/pay/{token}").status_code == 404
    assert client.get(f"/storefront/no-shop/pay/{token}").status_code == 404


def test_without_a_return_url_the_page_says_how_it_went(app, client, vendor, fake_stripe):
    enable_stripe(app, vendor.id, fake_stripe)
    with app.app_context():
        payment = payment_service.start_payment(vendor.id, "stripe", 900, "order:9").payment
        db.session.commit()
        token, intent_id = payment.token, payment.provider_ref
    fake_stripe.confirm(intent_id, CARD_OK)
    page = client.get(f"/storefront/{vendor.code}/pay/{token}/return", headers={"Accept-Language": "fr"})
    assert page.status_code == 200 and "Merci, votre paiement a été reçu" in page.get_data(as_text=True)


def test_the_instructions_partials_show_the_bank_details_in_the_customers_language(app, vendor):
    from flask import render_template

    enable_bank_transfer(app, vendor.id)
    with app.test_request_context(headers={"Accept-Language": "de"}):
        payment = payment_service.start_payment(
            vendor.id, "bank_transfer", 4990, "order:1", description="Bestellung #1"
        ).payment
        instructions = payment_service.instructions(payment, "de")
        html = render_template("payments/storefront/_instructions.html", instructions=instructions)
        text = render_template("payments/emails/_instructions.txt", instructions=instructions)
        db.session.rollback()
    assert "LU28 0019 4006 4475 0000" in html and "So bezahlen Sie per Überweisung" in html
    assert "Verwendungszweck: Bestellung #1 / P" in text and "49,90" in text
