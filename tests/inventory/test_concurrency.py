"""Reservations under concurrent callers never take more than there is: 24 threads, each with
its own app context, session and database connection, reserve 1 of 10 units at once."""

from __future__ import annotations

import threading

import pytest

from modules.inventory.exceptions import OutOfStock
from modules.inventory.models import ReservationStatus, StockReservation
from modules.inventory.services import stock_service
from wizamart.database import db

CALLERS = 24
STOCK = 10


@pytest.fixture
def app(make_app, postgres_server_url):
    """The project's app with a connection for every caller, so they really run at once."""
    if postgres_server_url is None:
        pytest.skip("needs DATABASE_URL on PostgreSQL")
    return make_app(
        SQLALCHEMY_ENGINE_OPTIONS={"pool_pre_ping": True, "pool_size": CALLERS + 2, "max_overflow": 0}
    )


def reserve_all_at_once(app, vendor_id: int, variant_id: int) -> dict[str, list]:
    barrier = threading.Barrier(CALLERS)
    outcomes: dict[str, list] = {"reserved": [], "out_of_stock": [], "failed": []}
    lock = threading.Lock()

    def caller(number: int) -> None:
        with app.app_context():
            barrier.wait()
            try:
                stock_service.reserve(vendor_id, variant_id, 1, f"cart-{number}")
                kind, value = "reserved", number
            except OutOfStock as exc:
                kind, value = "out_of_stock", exc.available
            except Exception as exc:  # noqa: BLE001 - anything else is a failure of the test
                kind, value = "failed", repr(exc)
            finally:
                db.session.remove()
            with lock:
                outcomes[kind].append(value)

    threads = [threading.Thread(target=caller, args=(n,)) for n in range(CALLERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


@pytest.mark.postgres
def test_parallel_reservations_never_over_reserve_on_postgresql(app, vendor, bike, location):
    variant_id = bike["BIKE-M"]
    with app.app_context():
        assert db.engine.dialect.name == "postgresql"
        assert db.engine.pool.size() >= CALLERS, "a connection per caller"
        stock_service.receive(vendor.id, variant_id, location, STOCK)

    outcomes = reserve_all_at_once(app, vendor.id, variant_id)

    assert outcomes["failed"] == []
    assert len(outcomes["reserved"]) == STOCK
    assert len(outcomes["out_of_stock"]) == CALLERS - STOCK
    assert set(outcomes["out_of_stock"]) == {0}, "each refused caller saw nothing left"
    with app.app_context():
        assert stock_service.available(vendor.id, [variant_id]) == {variant_id: 0}
        active = db.session.query(StockReservation).filter_by(status=ReservationStatus.ACTIVE).count()
        assert active == STOCK
        row = stock_service.stock_of(vendor.id, variant_id)
        assert (row.on_hand, row.reserved) == (STOCK, STOCK)
