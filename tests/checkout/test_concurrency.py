"""Checkouts under concurrent customers, on PostgreSQL (skipped on SQLite, whose single writer
never runs two at once): 50 checkouts of a product with 10 in stock, placed at the same moment
through the storefront API, give exactly 10 orders and 40 clear "out of stock" answers naming
the SKU; and one checkout placed by 10 requests at once (a frantic double click) is one order."""

from __future__ import annotations

import threading

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select

from modules.inventory.models import ReservationStatus, StockReservation
from modules.orders.models import Order
from modules.payments.models import Payment
from wizamart.database import db

from .conftest import ADDRESS, available

CHECKOUTS = 50
STOCK = 10
API = "/api/v1/storefront/checkout"


@pytest.fixture
def app(make_app, postgres_server_url):
    """The project's app with a connection for every caller, so they really run at once."""
    if postgres_server_url is None:
        pytest.skip("needs DATABASE_URL on PostgreSQL")
    return make_app(
        SQLALCHEMY_ENGINE_OPTIONS={"pool_pre_ping": True, "pool_size": CHECKOUTS + 4, "max_overflow": 0}
    )


def ready_checkout(app, vendor, ready, variant_id: int) -> tuple[FlaskClient, dict, str]:
    """A shop app's cart with one unit and its checkout, every step done and reviewed."""
    client = FlaskClient(app, use_cookies=False)
    headers = {"X-Vendor": vendor.code}
    added = client.post(
        "/api/v1/storefront/cart/lines", json={"variant_id": variant_id, "quantity": 1}, headers=headers
    )
    assert added.status_code == 201, added.get_json()
    headers["X-Cart-Token"] = added.get_json()["token"]
    body = {
        "email": "buyer@example.lu",
        "shipping_address": ADDRESS,
        "shipping_method_id": ready["standard"],
        "provider": "bank_transfer",
    }
    started = client.post(f"{API}/sessions", json=body, headers=headers)
    assert started.status_code == 201 and started.get_json()["reviewed"], started.get_json()
    return client, headers, started.get_json()["token"]


def place_all_at_once(calls: list[tuple[FlaskClient, dict, str]], key: str | None = None) -> list:
    barrier = threading.Barrier(len(calls))
    answers: list = [None] * len(calls)

    def caller(index: int) -> None:
        client, headers, token = calls[index]
        barrier.wait()
        try:
            response = client.post(
                f"{API}/sessions/{token}/place",
                json={},
                headers={**headers, "Idempotency-Key": key or f"key-{token}"},
            )
            answers[index] = (response.status_code, response.get_json())
        except Exception as exc:  # noqa: BLE001 - anything else is a failure of the test
            answers[index] = ("failed", repr(exc))

    threads = [threading.Thread(target=caller, args=(i,)) for i in range(len(calls))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return answers


@pytest.mark.postgres
def test_fifty_checkouts_for_ten_in_stock_make_ten_orders(app, vendor, shop, ready):
    lamp = shop.product(vendor, "LAMP", 2500, 17, "Front lamp", stock=STOCK)
    with app.app_context():
        assert db.engine.dialect.name == "postgresql"
    calls = [ready_checkout(app, vendor, ready, lamp) for _ in range(CHECKOUTS)]

    answers = place_all_at_once(calls)

    statuses = [status for status, _ in answers]
    assert statuses.count(201) == STOCK, answers
    refused = [body for status, body in answers if status == 409]
    assert len(refused) == CHECKOUTS - STOCK, answers
    for body in refused:
        assert body["error"]["code"] == "out_of_stock"
        assert body["error"]["details"]["sku"] == "LAMP"
        assert body["error"]["details"]["problems"][0]["sku"] == "LAMP"
        assert "LAMP" in body["error"]["message"]
    with app.app_context():
        orders = db.session.scalars(
            select(Order).where(Order.vendor_id == vendor.id).order_by(Order.number)
        ).all()
        assert [o.number for o in orders] == list(range(1, STOCK + 1)), "numbers without gaps"
        assert db.session.query(Payment).count() == STOCK, "a payment only with an order"
        active = db.session.query(StockReservation).filter_by(status=ReservationStatus.ACTIVE).count()
        assert active == STOCK
    assert available(app, vendor, lamp) == 0


@pytest.mark.postgres
def test_one_checkout_placed_ten_times_at_once_is_one_order(app, vendor, shop, ready):
    lamp = shop.product(vendor, "LAMP", 2500, 17, "Front lamp", stock=STOCK)
    client, headers, token = ready_checkout(app, vendor, ready, lamp)
    # Ten tabs of the same shop app, each with a client of its own, the same cart and checkout.
    calls = [(FlaskClient(app, use_cookies=False), headers, token) for _ in range(10)]

    answers = place_all_at_once(calls)

    assert sorted(status for status, _ in answers) == [200] * 9 + [201], answers
    assert len({body["order"]["id"] for _, body in answers}) == 1
    with app.app_context():
        assert db.session.query(Order).count() == 1
        assert db.session.query(Payment).count() == 1
    assert available(app, vendor, lamp) == STOCK - 1


@pytest.mark.postgres
def test_one_idempotency_key_sent_with_five_checkouts_at_once_places_one(app, vendor, shop, ready):
    lamp = shop.product(vendor, "LAMP", 2500, 17, "Front lamp", stock=STOCK)
    calls = [ready_checkout(app, vendor, ready, lamp) for _ in range(5)]

    answers = place_all_at_once(calls, key="one-key-for-all")

    assert sorted(status for status, _ in answers) == [201] + [409] * 4, answers
    codes = {body["error"]["code"] for status, body in answers if status == 409}
    assert codes == {"checkout_idempotency_key_reused"}
    with app.app_context():
        assert db.session.query(Order).count() == 1
        assert [o.number for o in db.session.query(Order)] == [1]
    assert available(app, vendor, lamp) == STOCK - 1
