"""A guest buys through the checkout's pages: address, shipping, payment, review, place — and
the confirmation shows the bank transfer's instructions; the cart is empty, the stock reserved."""

from __future__ import annotations

import pytest

from modules.checkout.models import CheckoutSession
from tests.tenancy.helpers import field_errors, page_text

from .conftest import IBAN, Shopper, available, checkout_row, count, orders_of, url


def test_a_guest_buys_by_bank_transfer(app, vendor, ready, shopper):
    shopper.add(ready["bike"], 2)
    shopper.add(ready["book"], 1)
    started = shopper.start()
    assert started.status_code == 302
    assert started.headers["Location"].endswith(f"/checkout/{shopper.token}/address")

    form = shopper.page("address")
    assert form.status_code == 200
    assert 'data-testid="create-account"' in page_text(form)
    assert shopper.address().headers["Location"].endswith("/shipping")

    shipping = page_text(shopper.page("shipping"))
    assert "Standard" in shipping and "Greater Region" not in shipping  # only methods for LU
    assert shopper.choose_shipping(ready["standard"]).headers["Location"].endswith("/payment")
    assert 'data-provider="bank_transfer"' in page_text(shopper.page("payment"))
    assert shopper.choose_payment().headers["Location"].endswith("/review")

    review = page_text(shopper.page("review"))
    assert "Gravel bike" in review and "Cycling guide" in review
    placed = shopper.place()
    assert placed.status_code == 302
    assert placed.headers["Location"].endswith(f"/checkout/{shopper.token}/complete")

    done = shopper.client.get(placed.headers["Location"])
    assert done.status_code == 200
    text = page_text(done)
    assert IBAN in text
    [order] = orders_of(app, vendor)
    assert order.display_number in text
    assert order.email == "lena@example.lu"
    assert order.customer_id is None
    assert sorted((line.sku, line.quantity) for line in order.lines) == [("BIKE", 2), ("BOOK", 1)]
    assert order.shipping_address["city"] == "Luxembourg"
    assert order.payment_provider == "bank_transfer"
    assert checkout_row(app, shopper.token).order_id == order.id
    assert available(app, vendor, ready["bike"]) == 18, "the order holds its stock"
    cart = shopper.client.get(f"/storefront/{vendor.code}/cart")
    assert 'data-testid="checkout"' not in page_text(cart), "the cart is empty"


def test_an_empty_cart_has_no_checkout(app, vendor, ready, shopper):
    response = shopper.start()
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/storefront/{vendor.code}/cart")
    assert count(app, CheckoutSession) == 0


def test_the_steps_come_in_their_order(app, vendor, ready, shopper):
    shopper.add(ready["bike"])
    shopper.start()
    for step in ("shipping", "payment", "review"):
        response = shopper.page(step)
        assert response.status_code == 302
        assert response.headers["Location"].endswith(f"/checkout/{shopper.token}/address"), step
    shopper.address()
    assert shopper.page("review").headers["Location"].endswith("/shipping")
    assert shopper.post("place").headers["Location"].endswith("/shipping")
    assert orders_of(app, vendor) == []


def test_a_second_click_on_checkout_continues_the_same_checkout(app, vendor, ready, shopper):
    shopper.add(ready["bike"])
    shopper.start()
    first = shopper.token
    shopper.address()
    again = shopper.client.get(url(vendor))
    assert first in again.headers["Location"]
    assert again.headers["Location"].endswith("/shipping"), "it goes on where it was"
    assert count(app, CheckoutSession) == 1


def test_address_errors_name_each_field(app, vendor, ready, shopper):
    shopper.add(ready["bike"])
    shopper.start()
    response = shopper.post(
        "address",
        {
            "email": "not-an-address",
            "name": "",
            "street": "",
            "postal_code": "12",
            "city": "",
            "country": "LU",
        },
    )
    assert response.status_code == 422
    errors = field_errors(response)
    assert set(errors) >= {"email", "name", "street", "postal_code", "city"}
    assert "four digits" in errors["postal_code"]


def test_a_guest_must_give_an_email(app, vendor, ready, shopper):
    shopper.add(ready["bike"])
    shopper.start()
    response = shopper.address(email="")
    assert response.status_code == 422
    assert field_errors(response) == {"email": "Enter your e-mail address."}


def test_a_country_no_method_delivers_to_is_refused_on_its_field(app, vendor, ready, shopper):
    shopper.add(ready["bike"])
    shopper.start()
    response = shopper.address(country="NL", postal_code="1012 AB")
    assert response.status_code == 422
    assert field_errors(response) == {"country": "Sorry, we do not deliver to this country."}
    assert checkout_row(app, shopper.token).shipping_address is None


def test_a_separate_billing_address_is_checked_and_kept(app, vendor, ready, shopper):
    shopper.add(ready["bike"])
    shopper.start()
    billing = {
        "billing_same": "false",
        "billing_name": "Firma SA",
        "billing_street": "1, rue X",
        "billing_postal_code": "",
        "billing_city": "Esch",
        "billing_country": "LU",
    }
    response = shopper.address(**billing)
    assert response.status_code == 422
    assert "billing_postal_code" in field_errors(response)
    billing["billing_postal_code"] = "L-4011"
    assert shopper.address(**billing).status_code == 302
    row = checkout_row(app, shopper.token)
    assert row.billing_address["name"] == "Firma SA" and row.billing_address["postal_code"] == "4011"
    assert row.shipping_address["name"] == "Lena Schroeder"


def test_shipping_and_payment_refuse_what_is_not_offered(app, vendor, other_vendor, shop, ready, shopper):
    theirs = shop.shipping(other_vendor, "Their courier", ["LU"])
    shopper.add(ready["bike"])
    shopper.start()
    shopper.address()
    for method_id in (ready["region"], theirs, 999999):
        response = shopper.choose_shipping(method_id)
        assert response.status_code == 422, method_id
        assert "shipping_method_id" in field_errors(response)
    assert field_errors(shopper.post("shipping", {})) == {"shipping_method_id": "Choose a shipping method."}
    shopper.choose_shipping(ready["standard"])
    response = shopper.choose_payment("stripe")
    assert response.status_code == 422
    assert field_errors(response) == {"provider": "Choose one of the payment methods offered."}
    assert checkout_row(app, shopper.token).provider is None


@pytest.mark.worker
def test_checkouts_nobody_finished_are_deleted_on_beat(app, vendor, ready, shopper, celery_worker):
    celery_worker.serve(app)  # a real worker when a broker is set (CI's second run); eager otherwise
    from datetime import timedelta

    from sqlalchemy import update

    from modules.checkout.tasks import expire_sessions
    from wizamart.database import db, utcnow

    shopper.add(ready["bike"])
    shopper.to_review(ready["standard"])
    shopper.place()
    placed = shopper.token
    stale = Shopper(app.test_client(), vendor)
    stale.add(ready["book"])
    stale.start()
    fresh = Shopper(app.test_client(), vendor)
    fresh.add(ready["book"])
    fresh.start()
    with app.app_context():
        long_ago = utcnow() - timedelta(hours=73)
        db.session.execute(
            update(CheckoutSession)
            .where(CheckoutSession.token.in_([placed, stale.token]))
            .values(updated_at=long_ago)
        )
        db.session.commit()
    assert expire_sessions.delay().get(timeout=30) == 1
    with app.app_context():
        left = {row.token for row in db.session.query(CheckoutSession)}
    assert left == {placed, fresh.token}, "placed checkouts stay with their order"
    assert stale.start().status_code == 302 and stale.token not in (placed, fresh.token)
