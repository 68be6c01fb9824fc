"""Stripe through its HTTP API, against the fake Stripe server: the real client code creates,
retrieves and cancels PaymentIntents and refunds, with idempotency keys; declines, outages and
refunds above what was captured are handled."""

from __future__ import annotations

import pytest

from modules.payments.exceptions import NotCancellable, ProviderRefused, ProviderUnavailable, RefundTooLarge
from modules.payments.models import Payment
from modules.payments.services import payment_service
from modules.payments.testing.fake_stripe import CARD_DECLINED, CARD_OK
from wizamart.database import db

from .conftest import enable_stripe, start


@pytest.fixture
def stripe(app, vendor, fake_stripe):
    enable_stripe(app, vendor.id, fake_stripe)
    return fake_stripe


def pay(app, vendor, amount=2500, reference="order:1"):
    payment_id = start(app, vendor.id, amount=amount, reference=reference, provider="stripe")
    with app.app_context():
        payment = db.session.get(Payment, payment_id)
        return payment_id, payment.provider_ref, payment.token


def test_starting_creates_a_payment_intent(app, vendor, stripe, call):
    payment_id, intent_id, token = pay(app, vendor)
    intent = stripe.payment_intents[intent_id]
    assert (
        intent["amount"] == 2500
        and intent["currency"] == "eur"
        and intent["status"] == "requires_payment_method"
    )
    assert intent["metadata"] == {
        "wizamart_payment_id": str(payment_id),
        "vendor_id": str(vendor.id),
        "vendor_code": vendor.code,
        "reference": "order:1",
    }
    create = next(r for r in stripe.requests if r["path"] == "/v1/payment_intents")
    assert create["headers"]["idempotency-key"] == f"wizamart-payment-{token}"
    assert create["headers"]["authorization"] == f"Bearer {stripe.secret_key}"
    assert create["params"]["payment_method_types"] == ["card"]
    assert call("get", vendor.id, payment_id).status == "pending"


def test_the_next_url_is_the_shops_payment_page(app, vendor, stripe):
    with app.test_request_context():
        started = payment_service.start_payment(vendor.id, "stripe", 1000, "order:5", return_url="/back")
        assert started.next_url == f"/storefront/{vendor.code}/pay/{started.payment.token}"
        db.session.rollback()


def test_a_successful_card_is_recorded_on_return(app, vendor, stripe, call, events):
    payment_id, intent_id, token = pay(app, vendor)
    stripe.confirm(intent_id, CARD_OK)
    payment = call("sync_on_return", vendor.id, token)
    assert payment.status == "paid"
    ledger = call("transactions", payment)
    assert [(r.kind, r.amount_cents, r.provider_event_id) for r in ledger] == [
        ("captured", 2500, f"stripe:{intent_id}:captured")
    ]
    assert call("sync_on_return", vendor.id, token).status == "paid"  # again: nothing new
    assert len(call("transactions", payment)) == 1
    assert events.changes == [(payment_id, "pending", "paid")]


def test_a_declined_card_is_a_failed_attempt_and_another_card_pays(app, vendor, stripe, call, events):
    payment_id, intent_id, token = pay(app, vendor)
    declined = stripe.confirm(intent_id, CARD_DECLINED)
    assert declined["last_payment_error"]["code"] == "card_declined"
    assert call("sync_on_return", vendor.id, token).status == "failed"
    stripe.confirm(intent_id, CARD_OK)
    payment = call("sync_on_return", vendor.id, token)
    assert payment.status == "paid"
    assert [r.kind for r in call("transactions", payment)] == ["failed", "captured"]
    assert events.changes == [(payment_id, "pending", "failed"), (payment_id, "failed", "paid")]


def test_refunds_go_through_stripe_and_never_exceed_the_capture(app, vendor, vendor_owner, stripe, call):
    payment_id, intent_id, token = pay(app, vendor, amount=3000)
    stripe.confirm(intent_id, CARD_OK)
    call("sync_on_return", vendor.id, token)
    row = call("refund", vendor.id, payment_id, 1000, vendor_owner.id, "one wheel missing")
    refund = next(iter(stripe.refunds.values()))
    assert (refund["amount"], refund["payment_intent"]) == (1000, intent_id)
    assert refund["metadata"]["reason"] == "one wheel missing"
    assert row.provider_event_id == f"stripe:{refund['id']}" and row.recorded_by == vendor_owner.id
    request = next(r for r in stripe.requests if r["path"] == "/v1/refunds" and r["method"] == "POST")
    assert request["headers"]["idempotency-key"].startswith("wizamart-refund-")
    assert call("get", vendor.id, payment_id).status == "partially_refunded"
    with pytest.raises(RefundTooLarge):
        call("refund", vendor.id, payment_id, 2001, vendor_owner.id)
    assert len(stripe.refunds) == 1  # refused before asking Stripe
    call("refund", vendor.id, payment_id, 2000, vendor_owner.id)
    assert call("get", vendor.id, payment_id).status == "refunded"


def test_a_refund_stripe_refuses_names_the_amount(app, vendor, stripe, call):
    payment_id, intent_id, token = pay(app, vendor, amount=3000)
    stripe.confirm(intent_id, CARD_OK)
    call("sync_on_return", vendor.id, token)
    # Stripe refunded more than we know of (someone used Stripe's dashboard): Stripe refuses.
    stripe.handle(
        "POST",
        "/v1/refunds",
        {},
        {"payment_intent": intent_id, "amount": "2500"},
        {"authorization": f"Bearer {stripe.secret_key}"},
    )
    with pytest.raises(ProviderRefused) as refused:
        call("refund", vendor.id, payment_id, 1000, None)
    assert "amount_cents" in refused.value.details["fields"]


def test_cancelling_cancels_the_payment_intent(app, vendor, stripe, call, events):
    payment_id, intent_id, _ = pay(app, vendor)
    assert call("cancel_payment", vendor.id, payment_id).status == "cancelled"
    assert stripe.payment_intents[intent_id]["status"] == "canceled"
    assert call("cancel_payment", vendor.id, payment_id).status == "cancelled"
    assert events.changes == [(payment_id, "pending", "cancelled")]


def test_a_payment_paid_meanwhile_is_not_cancelled(app, vendor, stripe, call):
    payment_id, intent_id, _ = pay(app, vendor)
    stripe.confirm(intent_id, CARD_OK)
    with pytest.raises(NotCancellable):
        call("cancel_payment", vendor.id, payment_id)
    assert stripe.payment_intents[intent_id]["status"] == "succeeded"


def test_an_outage_is_retried_with_the_same_idempotency_key(app, vendor, stripe):
    stripe.outage(503, times=1)
    _, intent_id, token = pay(app, vendor)
    creates = [r for r in stripe.requests if r["path"] == "/v1/payment_intents"]
    assert len(creates) == 2 and len(stripe.payment_intents) == 1
    assert {r["headers"]["idempotency-key"] for r in creates} == {f"wizamart-payment-{token}"}


def test_stripe_down_means_nothing_started_and_nothing_charged(app, vendor, stripe):
    stripe.outage(500, times=5)
    with pytest.raises(ProviderUnavailable) as failed, app.app_context():
        payment_service.start_payment(vendor.id, "stripe", 1000, "order:1")
    assert failed.value.status_code in (502, 503)
    with app.app_context():
        db.session.rollback()
        assert db.session.query(Payment).count() == 0
    assert stripe.payment_intents == {}


def test_a_wrong_secret_key_is_an_unavailable_provider(app, vendor, stripe):
    with app.app_context():
        payment_service.set_provider(
            vendor.id, "stripe", enabled=True, values={"secret_key": "sk_test_wrong"}
        )
    with pytest.raises(ProviderUnavailable) as failed:
        start(app, vendor.id, provider="stripe")
    assert "Invalid API Key" in failed.value.details["problem"]
