"""Demo orders: ``flask demo`` places a few orders in each demo shop, at different stages, through
the real services; running it again adds nothing, and no e-mail goes out for them."""

from __future__ import annotations

from modules.inventory.models import StockReservation
from modules.orders.models import Order
from modules.tenancy.models import Vendor
from wizamart.database import db


def orders_of(app) -> dict[str, list[tuple[int, str]]]:
    with app.app_context():
        shops = {v.id: v.code for v in db.session.query(Vendor)}
        found: dict[str, list[tuple[int, str]]] = {}
        for order in db.session.query(Order).order_by(Order.vendor_id, Order.number):
            found.setdefault(shops[order.vendor_id], []).append((order.number, order.status))
        return found


def test_the_demo_shops_have_orders_at_every_stage(app, runner):
    first = runner.invoke(args=["demo"])
    assert first.exit_code == 0, first.output
    placed = orders_of(app)
    assert placed["velo-lux"] == [(1, "delivered"), (2, "shipped"), (3, "processing"), (4, "pending")]
    assert placed["boulangerie-paul"] == [(1, "paid"), (2, "pending")]
    with app.app_context():
        lena = db.session.query(Order).filter_by(email="lena@example.lu").one()
        assert lena.customer_id is not None and len(lena.shipments) == 1
        held = db.session.query(StockReservation).filter_by(
            vendor_id=lena.vendor_id, reference=f"order:{lena.id}"
        )
        assert {r.status.value for r in held} <= {"consumed"}, "a delivered order's stock left the shelf"
        pending = db.session.query(Order).filter_by(vendor_id=lena.vendor_id, status="pending").one()
        held = db.session.query(StockReservation).filter_by(
            vendor_id=lena.vendor_id, reference=f"order:{pending.id}"
        )
        assert {r.status.value for r in held} <= {"active"}, "an unpaid order's stock is held"
    assert app.extensions.get("mail_outbox", []) == [] or all(
        "order" not in mail.subject.lower() for mail in app.extensions["mail_outbox"]
    )
    again = runner.invoke(args=["demo"])
    assert again.exit_code == 0, again.output
    assert orders_of(app) == placed
