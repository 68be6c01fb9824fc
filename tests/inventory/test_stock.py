"""The stock service: receipts, adjustments and counts with their history; stock never below
zero; reservations, release, consumption and expiry; untracked variants; low stock; the
catalog's availability cache; and the events inventory announces."""

from __future__ import annotations

from datetime import UTC, timedelta

import pytest

from modules.catalog.models import Product, ProductVariant
from modules.inventory.exceptions import (
    LocationNotFound,
    NegativeStock,
    OutOfStock,
    ReservationClosed,
    ReservationNotFound,
    VariantNotFound,
)
from modules.inventory.models import InventoryItem, ReservationStatus, StockAdjustment, StockReservation
from modules.inventory.services import stock_service
from wizamart.database import db, utcnow
from wizamart.errors import ValidationError

from .conftest import make_location


def cache_of(app, variant_id: int) -> tuple[int | None, bool]:
    """The catalog's view of a variant: (stock_available, its product's in_stock)."""
    with app.app_context():
        variant = db.session.get(ProductVariant, variant_id)
        return variant.stock_available, db.session.get(Product, variant.product_id).in_stock


def reasons(app, vendor_id: int, variant_id: int) -> list[tuple[str, int, int, int | None, str]]:
    with app.app_context():
        page = stock_service.history(vendor_id, variant_id, per_page=100)
        return [(a.reason.value, a.delta, a.on_hand_after, a.user_id, a.note) for a in reversed(page.items)]


# ------------------------------------------------------------------ new products


def test_a_new_product_is_out_of_stock_until_stock_is_received(app, vendor, bike, location, stock):
    m, large = bike["BIKE-M"], bike["BIKE-L"]
    assert stock("available", vendor.id, [m, large]) == {m: 0, large: 0}
    assert cache_of(app, m) == (0, False)
    stock("receive", vendor.id, m, location, 4)
    assert cache_of(app, m) == (4, True)
    assert cache_of(app, large) == (0, True), "the product is in stock when one variant is"


def test_products_of_a_platform_without_inventory_stay_untracked(app, vendor, catalog, stock):
    with app.app_context():
        from wizamart import module_service

        module_service.disable_module(vendor.platform_id, "inventory")
    ids = catalog.product(vendor, "CAP-1")
    assert stock("available", vendor.id, ids.values()) == {ids["CAP-1"]: None}
    assert cache_of(app, ids["CAP-1"]) == (None, True)
    with app.app_context():
        assert db.session.query(InventoryItem).count() == 0


def test_variants_added_later_get_their_items(app, vendor, bike, stock):
    from modules.catalog.schemas import ProductIn
    from modules.catalog.services import product_service
    from modules.tenancy.models import Vendor

    with app.app_context():
        product_id = db.session.get(ProductVariant, bike["BIKE-M"]).product_id
        data = ProductIn(
            translations={"en": {"title": "Gravel bike"}},
            status="active",
            variants=[
                {"id": bike["BIKE-M"], "sku": "BIKE-M", "price_cents": 1999, "options": {"size": "M"}},
                {"id": bike["BIKE-L"], "sku": "BIKE-L", "price_cents": 1999, "options": {"size": "L"}},
                {"sku": "BIKE-XL", "price_cents": 2099, "options": {"size": "XL"}},
            ],
        )
        product = product_service.update(db.session.get(Vendor, vendor.id), product_id, data)
        xl = next(v.id for v in product.variants if v.sku == "BIKE-XL")
    assert stock("available", vendor.id, [xl]) == {xl: 0}


# ------------------------------------------------------------------ adjustments and history


def test_receipts_corrections_and_returns_are_kept_with_reason_who_and_note(
    app, vendor, vendor_owner, bike, location, stock
):
    m = bike["BIKE-M"]
    stock("receive", vendor.id, m, location, 10, vendor_owner.id, "Delivery note 4711")
    stock("adjust", vendor.id, m, location, -2, "correction", vendor_owner.id, "two damaged")
    stock("adjust", vendor.id, m, location, 1, "return", vendor_owner.id, "order 17")
    assert stock("set_on_hand", vendor.id, m, location, 7, vendor_owner.id, "count") is not None
    assert stock("set_on_hand", vendor.id, m, location, 7, vendor_owner.id) is None, "nothing to correct"
    assert reasons(app, vendor.id, m) == [
        ("receipt", 10, 10, vendor_owner.id, "Delivery note 4711"),
        ("correction", -2, 8, vendor_owner.id, "two damaged"),
        ("return", 1, 9, vendor_owner.id, "order 17"),
        ("correction", -2, 7, vendor_owner.id, "count"),
    ]
    assert stock("available", vendor.id, [m]) == {m: 7}


def test_stock_never_goes_below_zero_and_the_error_names_the_field(app, vendor, bike, location, stock):
    m = bike["BIKE-M"]
    stock("receive", vendor.id, m, location, 2)
    with pytest.raises(NegativeStock) as refused:
        stock("adjust", vendor.id, m, location, -3, "correction")
    assert refused.value.details["fields"] == {"delta": "inventory.validation.below_zero"}
    assert refused.value.params == {"sku": "BIKE-M", "on_hand": 2, "location": "Shop floor"}
    with pytest.raises(ValidationError) as refused:
        stock("set_on_hand", vendor.id, m, location, -1)
    assert "on_hand" in refused.value.details["fields"]
    with pytest.raises(ValidationError) as refused:
        stock("receive", vendor.id, m, location, 0)
    assert "quantity" in refused.value.details["fields"]
    with pytest.raises(ValidationError) as refused:
        stock("adjust", vendor.id, m, location, -1, "return")
    assert refused.value.details["fields"] == {"delta": "inventory.validation.must_add"}
    assert stock("available", vendor.id, [m]) == {m: 2}
    assert len(reasons(app, vendor.id, m)) == 1, "nothing half-saved"


def test_transfers_move_stock_between_locations(app, vendor, bike, location, stock):
    m = bike["BIKE-M"]
    back = make_location(app, vendor, "Back room")
    stock("receive", vendor.id, m, location, 5)
    stock("transfer", vendor.id, m, location, back, 3)
    row = stock("stock_of", vendor.id, m)
    assert row.levels == {location: 2, back: 3} and row.on_hand == 5
    with pytest.raises(NegativeStock) as refused:
        stock("transfer", vendor.id, m, location, back, 3)
    assert "quantity" in refused.value.details["fields"]


def test_another_shops_variant_or_location_is_not_found(
    app, vendor, other_vendor, bike, location, catalog, stock
):
    theirs = catalog.product(other_vendor, "VELO-1")["VELO-1"]
    their_location = make_location(app, other_vendor, "Their shop")
    with pytest.raises(VariantNotFound):
        stock("receive", vendor.id, theirs, location, 1)
    with pytest.raises(LocationNotFound):
        stock("receive", vendor.id, bike["BIKE-M"], their_location, 1)
    with pytest.raises(VariantNotFound):
        stock("reserve", vendor.id, theirs, 1, "cart-x")
    assert stock("available", other_vendor.id, [theirs]) == {theirs: 0}


# ------------------------------------------------------------------ reservations


def test_reservations_reduce_what_is_available(app, vendor, bike, location, stock):
    m = bike["BIKE-M"]
    stock("receive", vendor.id, m, location, 5)
    reservation = stock("reserve", vendor.id, m, 3, "cart-1")
    assert (
        reservation.status is ReservationStatus.ACTIVE
        and reservation.expires_at.replace(tzinfo=UTC) > utcnow()
    )
    assert stock("available", vendor.id, [m]) == {m: 2}
    assert cache_of(app, m) == (2, True)
    with pytest.raises(OutOfStock) as refused:
        stock("reserve", vendor.id, m, 3, "cart-2")
    assert refused.value.status_code == 409
    assert refused.value.params == {"sku": "BIKE-M", "available": 2, "requested": 3}
    # the same reference again replaces its own quantity
    stock("reserve", vendor.id, m, 5, "cart-1")
    assert stock("available", vendor.id, [m]) == {m: 0}
    assert cache_of(app, m) == (0, False)


def test_release_gives_stock_back_and_is_harmless_twice(app, vendor, bike, location, stock):
    m, large = bike["BIKE-M"], bike["BIKE-L"]
    stock("receive", vendor.id, m, location, 5)
    stock("receive", vendor.id, large, location, 5)
    stock("reserve", vendor.id, m, 2, "checkout-9")
    stock("reserve", vendor.id, large, 1, "checkout-9")
    assert len(stock("release", vendor.id, "checkout-9")) == 2
    assert stock("available", vendor.id, [m, large]) == {m: 5, large: 5}
    assert stock("release", vendor.id, "checkout-9") == []
    with pytest.raises(ReservationNotFound):
        stock("release", vendor.id, "no-such-cart")


def test_consume_turns_reservations_into_sales_from_the_default_location_first(
    app, vendor, vendor_owner, bike, location, stock
):
    m = bike["BIKE-M"]
    back = make_location(app, vendor, "Back room")
    stock("receive", vendor.id, m, location, 2)
    stock("receive", vendor.id, m, back, 5)
    stock("reserve", vendor.id, m, 4, "order-1001")
    sales = stock("consume", vendor.id, "order-1001", vendor_owner.id)
    assert [(a.location_id, a.delta, a.reason.value, a.reference) for a in sales] == [
        (location, -2, "sale", "order-1001"),
        (back, -2, "sale", "order-1001"),
    ]
    row = stock("stock_of", vendor.id, m)
    assert (row.on_hand, row.reserved, row.available) == (3, 0, 3)
    assert stock("consume", vendor.id, "order-1001") == [], "consuming twice changes nothing"
    stock("reserve", vendor.id, m, 1, "order-1002")
    stock("release", vendor.id, "order-1002")
    with pytest.raises(ReservationClosed):
        stock("consume", vendor.id, "order-1002")
    with pytest.raises(ReservationClosed):
        stock("reserve", vendor.id, m, 1, "order-1001")


def test_consume_refuses_when_stock_was_counted_away_meanwhile(app, vendor, bike, location, stock):
    m = bike["BIKE-M"]
    stock("receive", vendor.id, m, location, 3)
    stock("reserve", vendor.id, m, 3, "order-7")
    stock("set_on_hand", vendor.id, m, location, 1)
    with pytest.raises(OutOfStock):
        stock("consume", vendor.id, "order-7")
    with app.app_context():
        reservation = db.session.query(StockReservation).one()
        assert reservation.status is ReservationStatus.ACTIVE, "nothing half-saved"
        assert db.session.query(StockAdjustment).filter_by(reason="sale").count() == 0


def test_reserving_without_committing_leaves_the_transaction_to_the_caller(
    app, vendor, bike, location, stock
):
    m = bike["BIKE-M"]
    stock("receive", vendor.id, m, location, 3)
    with app.app_context():
        stock_service.reserve(vendor.id, m, 2, "checkout-1", commit=False)
        assert stock_service.available(vendor.id, [m]) == {m: 1}
        db.session.rollback()
    assert stock("available", vendor.id, [m]) == {m: 3}


@pytest.mark.worker
def test_the_expiry_task_releases_old_reservations(app, vendor, bike, location, stock, events, celery_worker):
    from modules.inventory.tasks import expire_reservations

    worker = celery_worker.serve(app)  # a real worker when a broker is set; eager otherwise
    m = bike["BIKE-M"]
    stock("receive", vendor.id, m, location, 5)
    stock("reserve", vendor.id, m, 2, "cart-old", expires_at=utcnow() - timedelta(minutes=1))
    stock("reserve", vendor.id, m, 1, "cart-new")
    assert stock("available", vendor.id, [m]) == {m: 2}
    with app.app_context():
        assert expire_reservations.delay().get(timeout=30) == 1
    assert stock("available", vendor.id, [m]) == {m: 4}
    assert [r.reference for r in stock("reservations", vendor.id, m)] == ["cart-new"]
    if worker is None:  # the events fire in whichever process runs the task
        assert events.changed[-1]["reason"] == "expired"
    with app.app_context():
        assert expire_reservations.delay().get(timeout=30) == 0


def test_a_stale_reservation_never_blocks_a_sale_even_with_no_beat_running(
    app, vendor, bike, location, stock
):
    m = bike["BIKE-M"]
    stock("receive", vendor.id, m, location, 2)
    stock("reserve", vendor.id, m, 2, "cart-abandoned", expires_at=utcnow() - timedelta(minutes=1))
    stock("reserve", vendor.id, m, 2, "checkout-9")  # the stale hold is closed on the way
    assert stock("available", vendor.id, [m]) == {m: 0}
    assert [r.reference for r in stock("reservations", vendor.id, m)] == ["checkout-9"]


def test_the_expiry_task_is_on_the_beat_schedule(app):
    schedule = app.extensions["celery"].conf.beat_schedule
    assert schedule["inventory.expire_reservations"]["task"].endswith("expire_reservations")


def test_bad_quantities_and_references_are_refused(app, vendor, bike, location, stock):
    m = bike["BIKE-M"]
    stock("receive", vendor.id, m, location, 5)
    for quantity in (0, -1, "2", 2.5, True):
        with pytest.raises(ValidationError) as refused:
            stock("reserve", vendor.id, m, quantity, "cart")
        assert "quantity" in refused.value.details["fields"]
    for reference in ("", "  ", "x" * 65):
        with pytest.raises(ValidationError) as refused:
            stock("reserve", vendor.id, m, 1, reference)
        assert "reference" in refused.value.details["fields"]


# ------------------------------------------------------------------ untracked stock


def test_untracked_variants_are_always_available(app, vendor, bike, location, stock):
    m = bike["BIKE-M"]
    stock("update_settings", vendor.id, m, track_inventory=False)
    assert stock("available", vendor.id, [m]) == {m: None}
    assert cache_of(app, m) == (None, True)
    stock("reserve", vendor.id, m, 1000, "big-order")
    assert stock("available", vendor.id, [m]) == {m: None}
    assert stock("consume", vendor.id, "big-order") == [], "no stock counted, no sale adjustment"
    stock("update_settings", vendor.id, m, track_inventory=True)
    assert cache_of(app, m) == (0, False)


# ------------------------------------------------------------------ low stock and events


def test_low_stock_is_announced_once_and_listed(app, vendor, bike, location, stock, events):
    m, large = bike["BIKE-M"], bike["BIKE-L"]
    stock("update_settings", vendor.id, m, low_stock_threshold=2)
    stock("receive", vendor.id, m, location, 5)
    stock("receive", vendor.id, large, location, 10)
    assert events.low == []
    stock("reserve", vendor.id, m, 3, "cart-1")  # 2 left: at the threshold
    assert events.low == [{"vendor_id": vendor.id, "variant_id": m, "available": 2, "threshold": 2}]
    stock("adjust", vendor.id, m, location, -1, "sale")  # still low: not again
    assert len(events.low) == 1
    with app.app_context():
        low = stock_service.low_stock(vendor.id)
        assert [row.variant_id for row in low.items] == [m]
        assert low.items[0].variant.sku == "BIKE-M"
        assert stock_service.count_low(vendor.id) == 1


def test_every_change_is_announced_with_the_new_figures(app, vendor, bike, location, stock, events):
    m = bike["BIKE-M"]
    receipt = stock("receive", vendor.id, m, location, 5)
    stock("reserve", vendor.id, m, 2, "cart")
    stock("release", vendor.id, "cart")
    assert [(e["reason"], e["on_hand"], e["reserved"], e["available"]) for e in events.changed] == [
        ("receipt", 5, 0, 5),
        ("reserved", 5, 2, 3),
        ("released", 5, 0, 5),
    ]
    assert events.changed[0]["adjustment_id"] == receipt.id
    assert {e["vendor_id"] for e in events.changed} == {vendor.id}
    assert events.changed[1]["adjustment_id"] is None


def test_a_listener_runs_inside_the_unit_of_work(app, vendor, bike, location, stock, events):
    """A listener that fails rolls the change back with it: nothing half-saved."""
    m = bike["BIKE-M"]

    class Failing:
        from hookspecs.markers import hookimpl

        @hookimpl
        def on_stock_changed(
            self, vendor_id, variant_id, on_hand, reserved, available, reason, adjustment_id
        ):
            raise RuntimeError("listener failed")

    pm = app.extensions["wizamart"].pm
    pm.register(Failing(), name="test:failing")
    try:
        with pytest.raises(RuntimeError):
            stock("receive", vendor.id, m, location, 5)
    finally:
        pm.unregister(name="test:failing")
    assert stock("available", vendor.id, [m]) == {m: 0}
    assert cache_of(app, m) == (0, False)
