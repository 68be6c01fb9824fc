"""Paying by card: placing sends the customer to payments' Stripe page (the real client code
against the fake Stripe server), which brings them back to the confirmation; Stripe being down
stops placing with nothing written — no order, no payment, no stock held."""

from __future__ import annotations

import pytest

from modules.inventory.models import StockReservation
from modules.orders.models import Order
from modules.payments.models import Payment
from modules.payments.services import payment_service
from modules.payments.testing.fake_stripe import FakeStripe
from tests.tenancy.helpers import page_text

from .conftest import available, checkout_row, count, orders_of


@pytest.fixture
def fake_stripe():
    with FakeStripe() as server:
        yield server


@pytest.fixture
def app(make_app, fake_stripe):
    return make_app(STRIPE_API_BASE=fake_stripe.base_url, STRIPE_JS_URL=fake_stripe.js_url)


@pytest.fixture
def card(app, vendor, ready, fake_stripe):
    with app.app_context():
        payment_service.set_provider(vendor.id, "stripe", enabled=True, values=fake_stripe.shop_settings())
    return fake_stripe


def test_placing_with_stripe_goes_to_the_payment_page_and_back(app, vendor, ready, card, shopper):
    shopper.add(ready["bike"])
    shopper.to_review(ready["standard"], provider="stripe")
    placed = shopper.place()
    assert placed.status_code == 302
    [order] = orders_of(app, vendor)
    with app.app_context():
        payment = payment_service.get(vendor.id, order.payment_id)
        assert payment.provider == "stripe" and payment.provider_ref in card.payment_intents
        assert placed.headers["Location"] == f"/storefront/{vendor.code}/pay/{payment.token}"
        assert payment.return_url.endswith(f"/checkout/{shopper.token}/complete")
    assert card.payment_intents[payment.provider_ref]["amount"] == order.total_gross_cents
    assert shopper.client.get(placed.headers["Location"]).status_code == 200
    assert shopper.place().headers["Location"] == placed.headers["Location"], "a second submit goes there too"
    done = shopper.client.get(f"/storefront/{vendor.code}/checkout/{shopper.token}/complete")
    assert 'data-testid="payment-status"' in page_text(done)
    assert len(card.payment_intents) == 1


def test_stripe_down_stops_placing_and_writes_nothing(app, vendor, ready, card, shopper):
    shopper.add(ready["bike"])
    shopper.to_review(ready["standard"], provider="stripe")
    card.outage(500, times=10)
    refused = shopper.place()
    assert refused.status_code in (502, 503)
    assert 'data-testid="checkout-error"' in page_text(refused)
    assert count(app, Order) == 0 and count(app, Payment) == 0 and count(app, StockReservation) == 0
    assert available(app, vendor, ready["bike"]) == 20
    assert checkout_row(app, shopper.token).order_id is None
    assert card.payment_intents == {}
