"""The order's life: every pair of statuses against the state machine, every vendor action from
every status through the real services (legal ones move the order, illegal ones answer 409 and
change nothing), and the payment deciding paid / refunded through payments' event."""

from __future__ import annotations

import itertools

import pytest

from modules.orders.exceptions import IllegalTransition, NotBankTransfer
from modules.orders.models import OrderEvent, OrderStatus
from modules.orders.services import order_service, state_machine
from modules.payments.models import Payment
from modules.payments.services import payment_service
from wizamart.database import db

from .conftest import capture, line_for, load, place

S = OrderStatus
# The contract's life of an order, written out once more by hand: (from, to) pairs allowed.
LEGAL = {
    (S.PENDING, S.PAID),
    (S.PENDING, S.CANCELLED),
    (S.PAID, S.PROCESSING),
    (S.PAID, S.SHIPPED),
    (S.PAID, S.CANCELLED),
    (S.PAID, S.REFUNDED),
    (S.PAID, S.PARTIALLY_REFUNDED),
    (S.PROCESSING, S.SHIPPED),
    (S.PROCESSING, S.CANCELLED),
    (S.PROCESSING, S.REFUNDED),
    (S.PROCESSING, S.PARTIALLY_REFUNDED),
    (S.SHIPPED, S.DELIVERED),
    (S.SHIPPED, S.REFUNDED),
    (S.SHIPPED, S.PARTIALLY_REFUNDED),
    (S.DELIVERED, S.REFUNDED),
    (S.DELIVERED, S.PARTIALLY_REFUNDED),
    (S.PARTIALLY_REFUNDED, S.REFUNDED),
    (S.PARTIALLY_REFUNDED, S.PROCESSING),
    (S.PARTIALLY_REFUNDED, S.SHIPPED),
    (S.PARTIALLY_REFUNDED, S.DELIVERED),
}


@pytest.mark.parametrize(("old", "new"), list(itertools.product(S, S)))
def test_the_state_machine_allows_exactly_the_contracts_moves(old, new):
    assert state_machine.can_go(old, new) == ((old, new) in LEGAL)
    if (old, new) in LEGAL:
        state_machine.check(old, new)
    else:
        with pytest.raises(IllegalTransition) as raised:
            state_machine.check(old, new, 7)
        assert raised.value.status_code == 409
        assert raised.value.details == {"from": old.value, "to": new.value, "number": 7}
        assert old.value in str(raised.value) and new.value in str(raised.value)


def test_cancelled_and_refunded_are_final():
    assert {S.CANCELLED, S.REFUNDED} == state_machine.FINAL
    assert state_machine.next_statuses("pending") == [S.PAID, S.CANCELLED]


# ------------------------------------------------------------------ through the services


@pytest.fixture
def bike(catalog, vendor, stock):
    variant = catalog.product(vendor, "BIKE-1", price_cents=10_000)["BIKE-1"]
    stock(variant, 50)
    return variant


def call(app, name, *args, **kwargs):
    with app.app_context():
        return getattr(order_service, name)(*args, **kwargs)


def reach(app, vendor, bike, status: S, user_id=None) -> int:
    """An order brought to ``status`` through the real actions."""
    order_id = place(app, vendor, [line_for(app, vendor, bike)]).id
    v = vendor.id
    if status is S.PENDING:
        return order_id
    if status is S.CANCELLED:
        call(app, "cancel", v, order_id, user_id, "changed my mind")
        return order_id
    call(app, "confirm_payment", v, order_id, user_id)
    total = load(app, order_id).total_gross_cents
    if status is S.PROCESSING:
        call(app, "mark_processing", v, order_id, user_id)
    elif status in (S.SHIPPED, S.DELIVERED):
        call(app, "ship", v, order_id, "POST", "LU123", user_id)
        if status is S.DELIVERED:
            call(app, "mark_delivered", v, order_id, user_id)
    elif status is S.REFUNDED:
        call(app, "refund", v, order_id, total, user_id)
    elif status is S.PARTIALLY_REFUNDED:
        call(app, "refund", v, order_id, 1_000, user_id)
    assert load(app, order_id).status == status
    return order_id


ACTIONS = {
    "confirm_payment": (lambda app, v, o: call(app, "confirm_payment", v, o, None), S.PAID),
    "mark_processing": (lambda app, v, o: call(app, "mark_processing", v, o, None), S.PROCESSING),
    "ship": (lambda app, v, o: call(app, "ship", v, o, "DHL", "JD0001", None), S.SHIPPED),
    "mark_delivered": (lambda app, v, o: call(app, "mark_delivered", v, o, None), S.DELIVERED),
    "cancel": (lambda app, v, o: call(app, "cancel", v, o, None, "out of paint"), S.CANCELLED),
    "refund": (lambda app, v, o: call(app, "refund", v, o, 500, None), S.PARTIALLY_REFUNDED),
}


def expected(status: S, action: str) -> bool:
    target = ACTIONS[action][1]
    if action == "ship" and status is S.SHIPPED:
        return True  # another parcel of an order already shipped
    if action == "refund":
        return status in (S.PAID, S.PROCESSING, S.SHIPPED, S.DELIVERED, S.PARTIALLY_REFUNDED)
    return (status, target) in LEGAL


def snapshot(app, order_id):
    order = load(app, order_id)
    with app.app_context():
        payment = db.session.get(Payment, order.payment_id)
        return (
            order.status,
            len(order.events),
            len(order.shipments),
            payment.status,
            len(payment.transactions),
        )


@pytest.mark.parametrize(("status", "action"), list(itertools.product(S, ACTIONS)))
def test_every_action_from_every_status(app, vendor, bank, bike, status, action):
    order_id = reach(app, vendor, bike, status)
    before = snapshot(app, order_id)
    run, target = ACTIONS[action]
    if expected(status, action):
        run(app, vendor.id, order_id)
        after = load(app, order_id)
        assert after.status == target
        if status != target:
            moved = [e for e in after.events if e.kind == "status"][-1]
            assert (moved.from_status, moved.to_status) == (status.value, target.value)
    else:
        with pytest.raises(IllegalTransition) as raised:
            run(app, vendor.id, order_id)
        assert raised.value.status_code == 409
        assert raised.value.from_status == status.value
        assert snapshot(app, order_id) == before, "a refused action changes nothing"


def test_paid_only_through_the_payment(app, vendor, bank, bike, events):
    """confirm_payment asks payments; the order follows payments' event — and a payment confirmed
    directly in payments (its own page) pays the order the same way."""
    first = place(app, vendor, [line_for(app, vendor, bike)]).id
    call(app, "confirm_payment", vendor.id, first, None)
    assert load(app, first).status == "paid"
    assert (first, "pending", "paid") in events.changed

    second = place(app, vendor, [line_for(app, vendor, bike)]).id
    with app.app_context():
        payment_service.confirm_bank_transfer(vendor.id, load(app, second).payment_id, None)
    order = load(app, second)
    assert order.status == "paid"
    assert [(e.kind, e.from_status, e.to_status) for e in order.events][-2:] == [
        ("payment", "pending", "paid"),
        ("status", "pending", "paid"),
    ]


def test_a_partial_transfer_leaves_the_order_pending(app, vendor, bank, bike):
    order_id = place(app, vendor, [line_for(app, vendor, bike)]).id
    with app.app_context():
        payment_service.confirm_bank_transfer(vendor.id, load(app, order_id).payment_id, None, 5_000)
    assert load(app, order_id).status == "pending"


def test_refunds_move_the_order_with_the_payment(app, vendor, bank, bike, events):
    order_id = reach(app, vendor, bike, S.SHIPPED)
    total = load(app, order_id).total_gross_cents
    call(app, "refund", vendor.id, order_id, 2_000, None, "scratched frame")
    assert load(app, order_id).status == "partially_refunded"
    call(app, "refund", vendor.id, order_id, 1_000, None)
    assert load(app, order_id).status == "partially_refunded"
    assert call(app, "refundable_cents", load(app, order_id)) == total - 3_000
    call(app, "refund", vendor.id, order_id, total - 3_000, None)
    assert load(app, order_id).status == "refunded"
    assert [c[1:] for c in events.changed if c[0] == order_id][-2:] == [
        ("shipped", "partially_refunded"),
        ("partially_refunded", "refunded"),
    ]


def test_a_refund_above_what_was_paid_names_the_amount(app, vendor, bank, bike):
    from modules.orders.exceptions import RefundTooLarge

    order_id = reach(app, vendor, bike, S.PAID)
    total = load(app, order_id).total_gross_cents
    with pytest.raises(RefundTooLarge) as raised:
        call(app, "refund", vendor.id, order_id, total + 1, None)
    assert "amount_cents" in raised.value.details["fields"]
    assert load(app, order_id).status == "paid"


def test_cancelling_a_pending_order_cancels_its_payment(app, vendor, bank, bike):
    order_id = reach(app, vendor, bike, S.CANCELLED)
    with app.app_context():
        assert db.session.get(Payment, load(app, order_id).payment_id).status == "cancelled"


def test_cancelling_a_paid_order_refunds_it_and_stays_cancelled(app, vendor, bank, bike, events):
    order_id = reach(app, vendor, bike, S.PAID)
    call(app, "cancel", vendor.id, order_id, None, "out of stock at the supplier")
    order = load(app, order_id)
    assert order.status == "cancelled"
    with app.app_context():
        payment = db.session.get(Payment, order.payment_id)
        assert payment.status == "refunded"
        assert payment_service.totals(payment).refundable == 0
    assert ("payment", "paid", "refunded") in [(e.kind, e.from_status, e.to_status) for e in order.events]
    assert [c for c in events.changed if c[0] == order_id][-1] == (order_id, "paid", "cancelled")


def test_a_card_payment_is_not_confirmed_by_hand_but_by_its_provider(app, vendor, card, bike):
    placed = place(app, vendor, [line_for(app, vendor, bike)], provider="testcard")
    assert placed.next_url.startswith("https://pay.example/")
    with pytest.raises(NotBankTransfer):
        call(app, "confirm_payment", vendor.id, placed.id, None)
    assert load(app, placed.id).status == "pending"
    capture(app, placed.id)
    assert load(app, placed.id).status == "paid"
    capture(app, placed.id)  # the webhook again: nothing changes
    assert [e.to_status for e in load(app, placed.id).events if e.kind == "status"] == ["pending", "paid"]


def test_a_double_submit_sends_the_customer_to_the_same_payment_page(app, vendor, card, bike):
    lines = [line_for(app, vendor, bike)]
    first = place(app, vendor, lines, provider="testcard", idempotency_key="k1")
    again = place(app, vendor, lines, provider="testcard", idempotency_key="k1")
    assert (again.id, again.next_url, again.created) == (first.id, first.next_url, False)


def test_a_card_order_cancelled_before_payment_cancels_at_the_provider(app, vendor, card, bike):
    order_id = place(app, vendor, [line_for(app, vendor, bike)], provider="testcard").id
    call(app, "cancel", vendor.id, order_id, None)
    with app.app_context():
        payment = db.session.get(Payment, load(app, order_id).payment_id)
        assert payment.status == "cancelled"
        assert [row.provider_event_id for row in payment.transactions] == [f"card:cancel:{payment.id}"]
    capture(app, order_id)  # a late capture for a cancelled order: recorded, the order stays cancelled
    order = load(app, order_id)
    assert order.status == "cancelled"


def test_the_history_records_who_did_what(app, vendor, vendor_owner, bank, bike):
    order_id = reach(app, vendor, bike, S.DELIVERED, user_id=vendor_owner.id)
    call(app, "add_note", vendor.id, order_id, "Left with the neighbour", vendor_owner.id)
    with app.app_context():
        rows = [
            (e.kind, e.from_status, e.to_status, e.user_id)
            for e in db.session.query(OrderEvent).filter_by(order_id=order_id).order_by(OrderEvent.id)
        ]
    assert rows == [
        ("status", None, "pending", None),
        ("payment", "pending", "paid", None),
        ("status", "pending", "paid", None),
        ("shipment", None, None, vendor_owner.id),
        ("status", "paid", "shipped", vendor_owner.id),
        ("status", "shipped", "delivered", vendor_owner.id),
        ("note", None, None, vendor_owner.id),
    ]


def test_a_deadlock_broken_by_the_database_asks_to_try_again(app, vendor, bank, bike, monkeypatch):
    """PostgreSQL aborts one side of a rare deadlock (a webhook paying the order while the shop
    cancels it): that side gets a 409 to try again, and its change is rolled back."""
    from sqlalchemy.exc import OperationalError

    from modules.orders.exceptions import OrderBusy

    order_id = reach(app, vendor, bike, S.PAID)
    real_commit = db.session.commit

    def deadlocked():
        raise OperationalError("COMMIT", {}, Exception("deadlock detected"))

    with app.app_context():
        monkeypatch.setattr(db.session, "commit", deadlocked)
        with pytest.raises(OrderBusy) as raised:
            order_service.mark_processing(vendor.id, order_id, None)
        monkeypatch.setattr(db.session, "commit", real_commit)
    assert raised.value.status_code == 409
    assert load(app, order_id).status == "paid"
