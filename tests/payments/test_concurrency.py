"""The ledger under concurrent callers, each thread with its own app context, session and
connection: the same webhook delivered by many at once is recorded once, a bank transfer
confirmed by many at once is captured once, and parallel refunds never exceed the capture."""

from __future__ import annotations

import threading

import pytest

from modules.payments.exceptions import RefundTooLarge
from modules.payments.models import Payment, PaymentTransaction, PaymentWebhookEvent
from modules.payments.services import payment_service
from wizamart.database import db

from .conftest import Recorder, enable_bank_transfer, enable_stripe, start

CALLERS = 12


@pytest.fixture
def app(make_app, postgres_server_url, fake_stripe):
    """A connection for every caller, so they really run at once (PostgreSQL only: SQLite has
    a single writer, and the ledger's lock there is that writer's lock)."""
    if postgres_server_url is None:
        pytest.skip("needs DATABASE_URL on PostgreSQL")
    return make_app(
        WIZAMART_MODULES=["payments"],
        STRIPE_API_BASE=fake_stripe.base_url,
        SQLALCHEMY_ENGINE_OPTIONS={"pool_pre_ping": True, "pool_size": CALLERS + 2, "max_overflow": 0},
    )


def all_at_once(app, work) -> list:
    barrier = threading.Barrier(CALLERS)
    results, lock = [], threading.Lock()

    def caller(number: int) -> None:
        with app.app_context():
            barrier.wait()
            try:
                outcome = work(number)
            except Exception as exc:  # noqa: BLE001 - the test sorts the outcomes
                db.session.rollback()
                outcome = exc
            finally:
                db.session.remove()
            with lock:
                results.append(outcome)

    threads = [threading.Thread(target=caller, args=(n,)) for n in range(CALLERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


@pytest.fixture
def recorder(app):
    found = Recorder()
    app.extensions["wizamart"].pm.register(found, name="test:payments-concurrency")
    yield found
    app.extensions["wizamart"].pm.unregister(name="test:payments-concurrency")


@pytest.mark.postgres
def test_one_webhook_delivered_by_many_at_once_is_recorded_once(app, vendor, fake_stripe, recorder):
    enable_stripe(app, vendor.id, fake_stripe)
    payment_id = start(app, vendor.id, provider="stripe")
    with app.app_context():
        fake_stripe.confirm(db.session.get(Payment, payment_id).provider_ref)
    (event,) = fake_stripe.events_of("payment_intent.succeeded")
    payload, headers = fake_stripe.signed(event)
    url = f"/api/v1/webhooks/payments/stripe/{vendor.code}"

    def deliver(_):
        response = app.test_client().post(url, data=payload, headers=headers)
        return response.status_code, response.get_json()["outcome"]

    results = all_at_once(app, deliver)
    assert sorted(status for status, _ in results) == [200] * CALLERS
    assert [outcome for _, outcome in results].count("recorded") == 1
    with app.app_context():
        assert db.session.query(PaymentTransaction).count() == 1
        assert db.session.query(PaymentWebhookEvent).count() == 1
        assert db.session.get(Payment, payment_id).status == "paid"
    assert recorder.changes == [(payment_id, "pending", "paid")]


@pytest.mark.postgres
def test_a_transfer_confirmed_by_many_at_once_is_captured_once(app, vendor, recorder):
    enable_bank_transfer(app, vendor.id)
    payment_id = start(app, vendor.id, amount=5000)
    results = all_at_once(
        app, lambda n: payment_service.confirm_bank_transfer(vendor.id, payment_id, None).status
    )
    assert results == ["paid"] * CALLERS
    with app.app_context():
        rows = db.session.query(PaymentTransaction).filter_by(payment_id=payment_id).all()
        assert [(r.kind, r.amount_cents) for r in rows] == [("captured", 5000)]
    assert recorder.changes == [(payment_id, "pending", "paid")]


@pytest.mark.postgres
def test_parallel_refunds_never_exceed_the_capture(app, vendor):
    enable_bank_transfer(app, vendor.id)
    payment_id = start(app, vendor.id, amount=1000)
    with app.app_context():
        payment_service.confirm_bank_transfer(vendor.id, payment_id, None)
    results = all_at_once(
        app,
        lambda n: (
            payment_service.refund(vendor.id, payment_id, 300, None, idempotency_key=f"r{n}").amount_cents
        ),
    )
    assert results.count(300) == 3
    assert all(isinstance(r, RefundTooLarge) for r in results if r != 300)
    with app.app_context():
        payment = db.session.get(Payment, payment_id)
        assert payment_service.totals(payment).refunded == 900 and payment.status == "partially_refunded"
