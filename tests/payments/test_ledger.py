"""The ledger decides: status derived from the set of transactions, bank transfers confirmed
once, refunds never above what was captured, events fired only on a change."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from modules.payments.exceptions import (
    InvalidAmount,
    NotCancellable,
    NotConfirmable,
    PaymentNotFound,
    ProviderNotEnabled,
    ReferenceTaken,
    RefundTooLarge,
)
from modules.payments.models import Payment, PaymentTransaction
from modules.payments.services import payment_service
from modules.payments.services.payment_service import derive_status
from wizamart.database import db

from .conftest import start


def rows(*facts):
    return [SimpleNamespace(kind=kind, amount_cents=amount) for kind, amount in facts]


@pytest.mark.parametrize(
    ("facts", "status"),
    [
        ((), "pending"),
        ((("failed", 0),), "failed"),
        ((("authorised", 1000),), "authorised"),
        ((("failed", 0), ("authorised", 1000)), "authorised"),
        ((("captured", 1000),), "paid"),
        ((("captured", 400),), "pending"),
        ((("captured", 400), ("captured", 600)), "paid"),
        ((("captured", 1000), ("failed", 0)), "paid"),  # a late failure never downgrades
        ((("failed", 0), ("captured", 1000)), "paid"),
        ((("captured", 1000), ("refunded", 300)), "partially_refunded"),
        ((("captured", 1000), ("refunded", 300), ("refunded", 700)), "refunded"),
        ((("cancelled", 0),), "cancelled"),
        ((("authorised", 1000), ("cancelled", 0)), "cancelled"),
        ((("cancelled", 0), ("captured", 1000)), "paid"),  # money taken is never hidden
    ],
)
def test_status_is_derived_from_the_ledger(facts, status):
    assert derive_status(1000, rows(*facts)) == status
    assert derive_status(1000, list(reversed(rows(*facts)))) == status  # order does not matter


def test_a_bank_transfer_waits_for_the_shop(app, bank, vendor, call, events):
    payment_id = start(app, vendor.id)
    payment = call("get", vendor.id, payment_id)
    assert payment.status == "pending" and payment.provider_ref is None
    assert events.changes == []
    with app.app_context():
        info = payment_service.instructions(payment_service.get(vendor.id, payment_id), "de")
    assert info["iban"] == "LU28 0019 4006 4475 0000"
    assert info["account_holder"] == "Boulangerie Paul SARL"
    assert info["amount_cents"] == 4990
    assert info["reference_text"] == f"Order #1 / P{payment_id}"


def test_confirming_a_bank_transfer_is_idempotent(app, bank, vendor, vendor_owner, call, events):
    payment_id = start(app, vendor.id)
    for _ in range(3):
        payment = call("confirm_bank_transfer", vendor.id, payment_id, vendor_owner.id)
        assert payment.status == "paid"
    assert events.changes == [(payment_id, "pending", "paid")]
    ledger = call("transactions", payment)
    assert [(row.kind, row.amount_cents, row.provider_event_id, row.recorded_by) for row in ledger] == [
        ("captured", 4990, f"bank:confirm:{payment_id}", vendor_owner.id)
    ]


def test_a_partial_transfer_leaves_the_rest_open(app, bank, vendor, call, events):
    payment_id = start(app, vendor.id, amount=1000)
    assert call("confirm_bank_transfer", vendor.id, payment_id, None, 400).status == "pending"
    with pytest.raises(InvalidAmount):
        call("confirm_bank_transfer", vendor.id, payment_id, None, 601)
    assert call("confirm_bank_transfer", vendor.id, payment_id, None).status == "paid"
    assert [r.amount_cents for r in call("transactions", call("get", vendor.id, payment_id))] == [400, 600]
    assert events.changes == [(payment_id, "pending", "paid")]


def test_refunds_never_exceed_what_was_captured(app, bank, vendor, vendor_owner, call, events):
    payment_id = start(app, vendor.id, amount=1000)
    with pytest.raises(RefundTooLarge):  # nothing captured yet
        call("refund", vendor.id, payment_id, 1, vendor_owner.id, "early")
    call("confirm_bank_transfer", vendor.id, payment_id, vendor_owner.id)
    with pytest.raises(InvalidAmount):
        call("refund", vendor.id, payment_id, 0, vendor_owner.id)
    first = call("refund", vendor.id, payment_id, 300, vendor_owner.id, "broken croissant")
    assert first.kind == "refunded" and first.amount_cents == 300 and first.note == "broken croissant"
    assert call("get", vendor.id, payment_id).status == "partially_refunded"
    with pytest.raises(RefundTooLarge) as refused:
        call("refund", vendor.id, payment_id, 701, vendor_owner.id)
    assert refused.value.details["refundable"] == 700
    call("refund", vendor.id, payment_id, 700, vendor_owner.id)
    assert call("get", vendor.id, payment_id).status == "refunded"
    assert events.changes == [
        (payment_id, "pending", "paid"),
        (payment_id, "paid", "partially_refunded"),
        (payment_id, "partially_refunded", "refunded"),
    ]
    with pytest.raises(NotConfirmable):  # money went back: nothing more to confirm
        call("confirm_bank_transfer", vendor.id, payment_id, vendor_owner.id)


def test_a_repeated_refund_request_refunds_once(app, bank, vendor, call):
    payment_id = start(app, vendor.id, amount=1000)
    call("confirm_bank_transfer", vendor.id, payment_id, None)
    first = call("refund", vendor.id, payment_id, 200, None, idempotency_key="form-1")
    again = call("refund", vendor.id, payment_id, 200, None, idempotency_key="form-1")
    assert again.id == first.id
    assert call("totals", call("get", vendor.id, payment_id)).refunded == 200


def test_cancelling_before_payment_and_not_after(app, bank, vendor, call, events):
    open_id = start(app, vendor.id, reference="order:1")
    assert call("cancel_payment", vendor.id, open_id).status == "cancelled"
    assert call("cancel_payment", vendor.id, open_id).status == "cancelled"  # idempotent
    with pytest.raises(NotConfirmable):
        call("confirm_bank_transfer", vendor.id, open_id, None)
    paid_id = start(app, vendor.id, reference="order:2")
    call("confirm_bank_transfer", vendor.id, paid_id, None)
    with pytest.raises(NotCancellable):
        call("cancel_payment", vendor.id, paid_id)
    assert events.changes == [(open_id, "pending", "cancelled"), (paid_id, "pending", "paid")]


def test_starting_needs_an_enabled_provider_a_fresh_reference_and_an_amount(
    app, bank, vendor, other_vendor, call
):
    with pytest.raises(ProviderNotEnabled) as refused:
        start(app, vendor.id, provider="stripe")
    assert refused.value.details["fields"] == {"provider": "payments.validation.provider_not_enabled"}
    with pytest.raises(ProviderNotEnabled):
        start(app, vendor.id, provider="cash_on_moon")
    for amount in (0, -5, 1.5, True):
        with pytest.raises(InvalidAmount):
            start(app, vendor.id, amount=amount)
    start(app, vendor.id, reference="order:7")
    with pytest.raises(ReferenceTaken):
        start(app, vendor.id, reference="order:7")
    start(app, other_vendor.id, reference="order:7")  # references are per shop


def test_nothing_is_written_when_the_caller_rolls_back(app, bank, vendor):
    with app.app_context():
        payment_service.start_payment(vendor.id, "bank_transfer", 100, "order:9")
        db.session.rollback()
        assert db.session.query(Payment).count() == 0
        assert db.session.query(PaymentTransaction).count() == 0


def test_another_shops_payment_is_not_found(app, bank, vendor, other_vendor, call):
    theirs = start(app, other_vendor.id)
    for name, args in [
        ("get", (vendor.id, theirs)),
        ("confirm_bank_transfer", (vendor.id, theirs, None)),
        ("refund", (vendor.id, theirs, 1, None)),
        ("cancel_payment", (vendor.id, theirs)),
    ]:
        with pytest.raises(PaymentNotFound):
            call(name, *args)
    assert call("get", other_vendor.id, theirs).status == "pending"
