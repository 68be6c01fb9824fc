"""Inventory joins in through orders' events (its hooks, no import of orders): placing reserves
each tracked line as ``order:<id>``, shipping takes the stock off the shelf, cancelling gives it
back — and nothing of it where inventory is switched off on the shop's platform."""

from __future__ import annotations

import pytest

from modules.inventory.exceptions import OutOfStock
from modules.inventory.models import ReservationStatus, StockReservation
from modules.inventory.services import stock_service
from modules.orders.models import Order
from modules.orders.services import order_service
from modules.payments.models import Payment
from wizamart import module_service
from wizamart.database import db

from .conftest import available, line_for, load, outbox, place


@pytest.fixture
def bikes(catalog, vendor, stock):
    found = catalog.product(vendor, "BIKE-S", "BIKE-M", price_cents=50_000)
    stock(found["BIKE-S"], 5)
    stock(found["BIKE-M"], 2)
    return found


def reservations(app, order_id: int) -> list[tuple[int, int, str]]:
    with app.app_context():
        return sorted(
            (r.variant_id, r.quantity, r.status.value)
            for r in db.session.query(StockReservation).filter_by(reference=f"order:{order_id}")
        )


def on_hand(app, vendor, variant_id: int) -> int:
    with app.app_context():
        return stock_service.stock_of(vendor.id, variant_id).on_hand


def test_placing_reserves_shipping_consumes(app, vendor, bank, bikes):
    s, m = bikes["BIKE-S"], bikes["BIKE-M"]
    # The same variant on two lines is held once, for both.
    placed = place(
        app, vendor, [line_for(app, vendor, s, 2), line_for(app, vendor, m, 1), line_for(app, vendor, s, 1)]
    )
    assert reservations(app, placed.id) == sorted([(s, 3, "active"), (m, 1, "active")])
    assert (available(app, vendor, s), available(app, vendor, m)) == (2, 1)
    assert (on_hand(app, vendor, s), on_hand(app, vendor, m)) == (5, 2)

    with app.app_context():
        order_service.confirm_payment(vendor.id, placed.id, None)
        assert reservations(app, placed.id)[0][2] == "active", "paid is not shipped"
        order_service.ship(vendor.id, placed.id, "POST", "LU0001", None)
    assert reservations(app, placed.id) == sorted([(s, 3, "consumed"), (m, 1, "consumed")])
    assert (on_hand(app, vendor, s), on_hand(app, vendor, m)) == (2, 1)
    assert (available(app, vendor, s), available(app, vendor, m)) == (2, 1)

    with app.app_context():  # a second parcel takes nothing more
        order_service.ship(vendor.id, placed.id, "POST", "LU0002", None)
    assert (on_hand(app, vendor, s), on_hand(app, vendor, m)) == (2, 1)


def test_cancelling_releases(app, vendor, bank, bikes):
    s = bikes["BIKE-S"]
    placed = place(app, vendor, [line_for(app, vendor, s, 4)])
    assert available(app, vendor, s) == 1
    with app.app_context():
        order_service.cancel(vendor.id, placed.id, None, "customer called")
    assert reservations(app, placed.id) == [(s, 4, "released")]
    assert (available(app, vendor, s), on_hand(app, vendor, s)) == (5, 5)


def test_a_full_refund_before_shipping_releases_too(app, vendor, bank, bikes):
    s = bikes["BIKE-S"]
    placed = place(app, vendor, [line_for(app, vendor, s, 1)])
    with app.app_context():
        order_service.confirm_payment(vendor.id, placed.id, None)
        order = db.session.get(Order, placed.id)
        order_service.refund(vendor.id, placed.id, order.total_gross_cents, None)
    assert load(app, placed.id).status == "refunded"
    assert reservations(app, placed.id) == [(s, 1, "released")]
    assert available(app, vendor, s) == 5


def test_out_of_stock_refuses_the_whole_order(app, vendor, bank, bikes):
    s, m = bikes["BIKE-S"], bikes["BIKE-M"]
    with pytest.raises(OutOfStock) as raised:
        place(app, vendor, [line_for(app, vendor, s, 1), line_for(app, vendor, m, 3)])
    assert raised.value.status_code == 409
    assert (raised.value.sku, raised.value.available, raised.value.requested) == ("BIKE-M", 2, 3)
    with app.app_context():
        assert db.session.query(Order).count() == 0
        assert db.session.query(Payment).count() == 0
        assert db.session.query(StockReservation).count() == 0
    assert (available(app, vendor, s), available(app, vendor, m)) == (5, 2)
    assert outbox(app) == []
    assert place(app, vendor, [line_for(app, vendor, m, 2)]).number == 1, "no number was used up"
    assert available(app, vendor, m) == 0


def test_untracked_variants_hold_nothing(app, vendor, bank, catalog):
    service = catalog.product(vendor, "GIFT-WRAP", price_cents=300)["GIFT-WRAP"]
    with app.app_context():
        stock_service.update_settings(vendor.id, service, track_inventory=False)
    placed = place(app, vendor, [line_for(app, vendor, service, 7)])
    assert reservations(app, placed.id) == []
    with app.app_context():  # shipping and cancelling find nothing to take or give back: fine
        order_service.confirm_payment(vendor.id, placed.id, None)
        order_service.ship(vendor.id, placed.id, "DPD", "0123", None)
    assert load(app, placed.id).status == "shipped"


def test_without_inventory_on_the_platform_nothing_is_held(app, vendor, platform, bank, bikes):
    with app.app_context():
        module_service.disable_module(platform.id, "inventory")
    m = bikes["BIKE-M"]
    placed = place(app, vendor, [line_for(app, vendor, m, 10)])  # more than the 2 on hand
    assert reservations(app, placed.id) == []
    with app.app_context():
        order_service.confirm_payment(vendor.id, placed.id, None)
        order_service.ship(vendor.id, placed.id, "GLS", "77", None)
    with app.app_context():
        assert stock_service.stock_of(vendor.id, m).on_hand == 2
        assert db.session.query(StockReservation).filter_by(status=ReservationStatus.ACTIVE).count() == 0


def test_stock_counted_away_stops_the_shipping(app, vendor, bank, bikes):
    s = bikes["BIKE-S"]
    placed = place(app, vendor, [line_for(app, vendor, s, 5)])
    with app.app_context():
        location_id = stock_service.stock_of(vendor.id, s).item.levels[0].location_id
        stock_service.set_on_hand(vendor.id, s, location_id, 1, None, "found broken")
        order_service.confirm_payment(vendor.id, placed.id, None)
        with pytest.raises(OutOfStock):
            order_service.ship(vendor.id, placed.id, "POST", "LU9", None)
    order = load(app, placed.id)
    assert (order.status, order.shipments) == ("paid", [])
