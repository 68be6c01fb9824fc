"""Placing: one transaction, one order per checkout however often it is submitted, and a clear
message per line when something changed since the review — with nothing written then."""

from __future__ import annotations

import html
import re

from modules.catalog.services import product_service
from modules.checkout.schemas import ShippingMethodIn
from modules.checkout.services import shipping_service
from modules.inventory.models import StockReservation
from modules.orders.models import Order
from modules.payments.models import Payment
from modules.payments.services import payment_service
from tests.tenancy.helpers import flashes
from wizamart.database import db

from .conftest import available, checkout_row, count, orders_of


def problems(response) -> list[str]:
    """The problems listed on the review page, one per line."""
    text = response.get_data(as_text=True)
    return [html.unescape(m).strip() for m in re.findall(r"<li data-problem=[^>]*>(.*?)</li>", text, re.S)]


def nothing_written(app, vendor, shopper, variant_id: int, in_stock: int) -> None:
    assert count(app, Order) == 0
    assert count(app, Payment) == 0
    assert count(app, StockReservation) == 0
    assert available(app, vendor, variant_id) == in_stock
    assert checkout_row(app, shopper.token).order_id is None
    cart = shopper.client.get(f"/storefront/{vendor.code}/cart").get_data(as_text=True)
    assert 'data-testid="checkout"' in cart, "the cart keeps its lines"


# ------------------------------------------------------------------ one order per checkout


def test_a_double_submit_makes_one_order(app, vendor, ready, shopper):
    shopper.add(ready["bike"])
    shopper.to_review(ready["standard"])
    first, second = shopper.place(), shopper.place()
    assert first.status_code == second.status_code == 302
    assert first.headers["Location"] == second.headers["Location"]
    assert len(orders_of(app, vendor)) == 1
    assert count(app, Payment) == 1
    assert available(app, vendor, ready["bike"]) == 19


def test_a_second_tab_placing_the_same_checkout_finds_the_order(app, vendor, ready, shopper):
    shopper.add(ready["bike"])
    shopper.to_review(ready["standard"])
    other_tab = app.test_client()
    with shopper.client.session_transaction() as browser:
        saved = dict(browser)
    with other_tab.session_transaction() as browser:
        browser.update(saved)  # the same browser's cookies, another tab
    assert shopper.place().status_code == 302
    late = other_tab.post(f"/storefront/{vendor.code}/checkout/{shopper.token}/place")
    assert late.status_code == 302 and late.headers["Location"].endswith("/complete")
    assert len(orders_of(app, vendor)) == 1


def test_a_placed_checkout_cannot_be_changed(app, vendor, ready, shopper):
    shopper.add(ready["bike"])
    shopper.to_review(ready["standard"])
    shopper.place()
    for step in ("address", "shipping", "payment", "review"):
        response = shopper.page(step)
        assert response.status_code == 302 and response.headers["Location"].endswith("/complete"), step
    assert shopper.address(name="Someone Else").headers["Location"].endswith("/complete")
    [order] = orders_of(app, vendor)
    assert order.shipping_address["name"] == "Lena Schroeder"


# ------------------------------------------------------------------ problems, per line


def test_out_of_stock_since_the_review_stops_with_the_line_named(app, vendor, shop, ready, shopper):
    shopper.add(ready["bike"], 2)
    shopper.add(ready["book"], 1)
    shopper.to_review(ready["standard"])
    shop.take(vendor, ready["bike"], 19)  # someone else bought them: 1 left
    response = shopper.place()
    assert response.status_code == 409
    assert problems(response) == ["Gravel bike (SKU BIKE): only 1 left, you asked for 2."]
    nothing_written(app, vendor, shopper, ready["bike"], 1)


def test_a_sold_out_line_and_a_price_change_are_each_named(app, vendor, shop, ready, shopper):
    shopper.add(ready["bike"], 1)
    shopper.add(ready["book"], 1)
    shopper.to_review(ready["standard"])
    shop.take(vendor, ready["bike"], 20)
    shop.set_price(vendor, ready["book"], 599)
    response = shopper.place()
    assert response.status_code == 409
    assert problems(response) == [
        "Gravel bike (SKU BIKE) is sold out.",
        "Cycling guide (SKU BOOK) now costs €5.99 instead of €4.55. Please check the new total.",
    ]
    nothing_written(app, vendor, shopper, ready["book"], 20)


def test_after_a_price_change_the_new_review_can_be_placed(app, vendor, shop, ready, shopper):
    shopper.add(ready["bike"])
    shopper.to_review(ready["standard"])
    shop.set_price(vendor, ready["bike"], 2499)
    refused = shopper.place()
    assert refused.status_code == 409
    assert "now costs €24.99 instead of €19.99" in problems(refused)[0]
    assert "€29.89" in refused.get_data(as_text=True), "the page shows the new total"
    assert shopper.place().status_code == 302, "what was just shown is placed"
    [order] = orders_of(app, vendor)
    assert order.total_gross_cents == 2499 + 490


def test_a_shipping_method_no_longer_delivering_stops_placing(app, vendor, ready, shopper):
    shopper.add(ready["bike"])
    shopper.to_review(ready["standard"])
    with app.app_context():
        shipping_service.update(
            vendor.id,
            ready["standard"],
            ShippingMethodIn(name_en="Standard", countries=["BE"], rate_cents=490, free_above_cents=5000),
        )
    response = shopper.place()
    assert response.status_code == 302 and response.headers["Location"].endswith("/shipping"), "choose again"
    page = shopper.client.get(response.headers["Location"])
    assert flashes(page) == [
        "The shipping method “Standard” no longer delivers to LU: please choose another one."
    ]
    assert 'data-testid="no-shipping"' in page.get_data(as_text=True)
    assert count(app, Order) == 0


def test_a_new_shipping_rate_since_the_review_is_named(app, vendor, ready, shopper):
    shopper.add(ready["bike"])
    shopper.to_review(ready["standard"])
    with app.app_context():
        shipping_service.update(
            vendor.id,
            ready["standard"],
            ShippingMethodIn(name_en="Standard", countries=["LU"], rate_cents=690, free_above_cents=5000),
        )
    response = shopper.place()
    assert response.status_code == 409
    assert problems(response) == ["Delivery by “Standard” now costs €6.90 instead of €4.90."]


def test_a_cart_changed_in_another_tab_is_named(app, vendor, ready, shopper):
    shopper.add(ready["bike"])
    shopper.to_review(ready["standard"])
    shopper.add(ready["bike"])  # another tab: one more
    shopper.add(ready["book"])
    response = shopper.place()
    assert response.status_code == 409
    assert problems(response) == [
        "Gravel bike (SKU BIKE): the quantity changed from 1 to 2 since your review.",
        "Cycling guide (SKU BOOK) was added to the cart since your review.",
    ]
    assert count(app, Order) == 0


def test_an_emptied_cart_and_a_withdrawn_product_stop_placing(app, vendor, ready, shopper):
    shopper.add(ready["bike"])
    shopper.add(ready["book"])
    shopper.to_review(ready["standard"])
    with app.app_context():
        product_id = product_service.variants_for(vendor.id, [ready["book"]])[ready["book"]].product_id
        product_service.archive(vendor.id, product_id)
    response = shopper.place()
    assert response.status_code == 409
    assert problems(response) == ["Cycling guide (SKU BOOK) is no longer available."]
    shopper.client.delete("/api/v1/storefront/cart/", headers={"X-Vendor": vendor.code})
    shopper.client.post(f"/storefront/{vendor.code}/cart/{ready['bike']}/remove")
    shopper.client.post(f"/storefront/{vendor.code}/cart/{ready['book']}/remove")
    response = shopper.place()
    assert response.status_code == 409
    assert "Your cart is empty." in problems(response)
    assert count(app, Order) == 0


def test_a_payment_method_switched_off_stops_placing(app, vendor, ready, shopper):
    shopper.add(ready["bike"])
    shopper.to_review(ready["standard"])
    with app.app_context():
        payment_service.set_provider(vendor.id, "bank_transfer", enabled=False)
    response = shopper.place()
    assert response.status_code == 302 and response.headers["Location"].endswith("/payment")
    page = shopper.client.get(response.headers["Location"])
    assert flashes(page) == ["The payment method you chose is no longer offered: please choose another one."]
    assert count(app, Order) == 0


def test_stock_refused_by_inventory_at_placing_is_named_too(app, vendor, shop, ready, shopper):
    """The catalog still shows stock, but inventory's reservation finds none (a sale a moment
    earlier): the order's stock event refuses, everything is rolled back, the line is named."""
    shopper.add(ready["bike"], 2)
    shopper.to_review(ready["standard"])
    shop.take(vendor, ready["bike"], 19)
    with app.app_context():
        product_service.record_availability(vendor.id, {ready["bike"]: 20})  # a stale figure
        db.session.commit()
    response = shopper.place()
    assert response.status_code == 409
    assert problems(response) == ["Gravel bike (SKU BIKE): only 1 left, you asked for 2."]
    assert count(app, Order) == 0 and count(app, Payment) == 0 and count(app, StockReservation) == 0
