"""Orders placed at the same moment, each thread with its own app context, session and database
connection: numbers stay 1, 2, 3… without gaps or duplicates (also when some are refused for want
of stock), and a double submit with the same key makes one order. On PostgreSQL (row locks) and
on SQLite (its single writer)."""

from __future__ import annotations

import threading

import pytest

from modules.inventory.exceptions import OutOfStock
from modules.inventory.services import stock_service
from modules.orders.models import Order
from modules.payments.models import Payment
from wizamart.database import db

from .conftest import line_for, place

CALLERS = 16


@pytest.fixture
def app(make_app, postgres_server_url):
    """A connection for every caller, so they really run at once."""
    if postgres_server_url is None:
        # SQLite: one file, a connection per thread; writers queue on the database lock.
        return make_app(SQLALCHEMY_ENGINE_OPTIONS={"connect_args": {"timeout": 60}})
    return make_app(SQLALCHEMY_ENGINE_OPTIONS={"pool_size": CALLERS + 2, "max_overflow": 0})


def all_at_once(work) -> dict[str, list]:
    barrier = threading.Barrier(CALLERS)
    outcomes: dict[str, list] = {"placed": [], "out_of_stock": [], "failed": []}
    lock = threading.Lock()

    def caller(number: int) -> None:
        barrier.wait()
        try:
            kind, value = "placed", work(number)
        except OutOfStock as exc:
            kind, value = "out_of_stock", exc.sku
        except Exception as exc:  # noqa: BLE001 - anything else fails the test
            kind, value = "failed", repr(exc)
        with lock:
            outcomes[kind].append(value)

    threads = [threading.Thread(target=caller, args=(n,)) for n in range(CALLERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return outcomes


def test_parallel_orders_are_numbered_without_gaps(app, vendor, bank, catalog):
    variant = catalog.product(vendor, "GIFT-CARD", price_cents=2_500)["GIFT-CARD"]
    with app.app_context():
        stock_service.update_settings(vendor.id, variant, track_inventory=False)
    line = line_for(app, vendor, variant)

    outcomes = all_at_once(lambda n: place(app, vendor, [line], email=f"buyer{n}@example.lu").number)

    assert outcomes["failed"] == []
    assert sorted(outcomes["placed"]) == list(range(1, CALLERS + 1))
    with app.app_context():
        assert sorted(db.session.scalars(db.select(Order.number))) == list(range(1, CALLERS + 1))


def test_a_double_submit_at_the_same_moment_makes_one_order(app, vendor, bank, catalog):
    variant = catalog.product(vendor, "GIFT-CARD", price_cents=2_500)["GIFT-CARD"]
    with app.app_context():
        stock_service.update_settings(vendor.id, variant, track_inventory=False)
    line = line_for(app, vendor, variant)

    outcomes = all_at_once(lambda n: place(app, vendor, [line], idempotency_key="checkout-42").id)

    assert outcomes["failed"] == []
    assert len(set(outcomes["placed"])) == 1, "every submit got the same order"
    with app.app_context():
        assert db.session.query(Order).count() == 1
        assert db.session.query(Payment).count() == 1


def test_scarce_stock_gives_exactly_what_there_is(app, vendor, bank, catalog, stock):
    variant = catalog.product(vendor, "LAST-BIKES", price_cents=99_900)["LAST-BIKES"]
    stock(variant, 5)
    line = line_for(app, vendor, variant)

    outcomes = all_at_once(lambda n: place(app, vendor, [line], email=f"buyer{n}@example.lu").number)

    assert outcomes["failed"] == []
    assert sorted(outcomes["placed"]) == [1, 2, 3, 4, 5], "no number lost to a refused order"
    assert outcomes["out_of_stock"] == ["LAST-BIKES"] * (CALLERS - 5)
    with app.app_context():
        assert stock_service.available(vendor.id, [variant]) == {variant: 0}
        assert db.session.query(Payment).count() == 5
