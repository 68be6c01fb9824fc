"""Stripe's webhooks through HTTP: signatures checked (400 naming the problem), unknown shops
and payments refused (404), and events delivered twice or out of order change nothing."""

from __future__ import annotations

import json
import random
import time

import pytest

from modules.payments.models import Payment, PaymentTransaction, PaymentWebhookEvent
from modules.payments.testing.fake_stripe import CARD_DECLINED, CARD_OK
from wizamart.database import db

from .conftest import enable_stripe, start


@pytest.fixture
def stripe(app, vendor, fake_stripe):
    enable_stripe(app, vendor.id, fake_stripe)
    return fake_stripe


def url(vendor) -> str:
    return f"/api/v1/webhooks/payments/stripe/{vendor.code}"


def post(client, vendor, fake, event, **sign):
    payload, headers = fake.signed(event, **sign)
    return client.post(url(vendor), data=payload, headers=headers, csrf=False)


def paid_by_card(app, vendor, fake, amount=2500, reference="order:1", card=CARD_OK):
    payment_id = start(app, vendor.id, amount=amount, reference=reference, provider="stripe")
    with app.app_context():
        intent_id = db.session.get(Payment, payment_id).provider_ref
    fake.confirm(intent_id, card)
    return payment_id, intent_id


def ledger(app, payment_id):
    with app.app_context():
        return [
            (r.kind, r.amount_cents, r.provider_event_id)
            for r in db.session.query(PaymentTransaction)
            .filter_by(payment_id=payment_id)
            .order_by(PaymentTransaction.id)
        ]


def status(app, payment_id):
    with app.app_context():
        return db.session.get(Payment, payment_id).status


def test_a_succeeded_event_marks_the_payment_paid(app, client, vendor, stripe, events):
    payment_id, intent_id = paid_by_card(app, vendor, stripe)
    (event,) = stripe.events_of("payment_intent.succeeded")
    response = post(client, vendor, stripe, event)
    assert response.status_code == 200, response.json
    assert response.json["outcome"] == "recorded" and response.json["payment_id"] == payment_id
    assert status(app, payment_id) == "paid"
    assert ledger(app, payment_id) == [("captured", 2500, f"stripe:{intent_id}:captured")]
    assert events.changes == [(payment_id, "pending", "paid")]


def test_a_replayed_event_changes_nothing(app, client, vendor, stripe, events):
    payment_id, _ = paid_by_card(app, vendor, stripe)
    (event,) = stripe.events_of("payment_intent.succeeded")
    assert post(client, vendor, stripe, event).json["outcome"] == "recorded"
    before = ledger(app, payment_id)
    for _ in range(3):
        again = post(client, vendor, stripe, event)
        assert again.status_code == 200 and again.json["outcome"] == "duplicate"
    assert ledger(app, payment_id) == before
    assert events.changes == [(payment_id, "pending", "paid")]
    with app.app_context():
        assert db.session.query(PaymentWebhookEvent).count() == 1


def test_the_return_and_the_webhook_record_the_capture_once(app, client, vendor, stripe, call, events):
    payment_id, _ = paid_by_card(app, vendor, stripe)
    with app.app_context():
        token = db.session.get(Payment, payment_id).token
    call("sync_on_return", vendor.id, token)
    (event,) = stripe.events_of("payment_intent.succeeded")
    assert post(client, vendor, stripe, event).json["outcome"] == "nothing_new"
    assert len(ledger(app, payment_id)) == 1
    assert events.changes == [(payment_id, "pending", "paid")]


def test_a_late_failure_never_downgrades_a_capture(app, client, vendor, stripe, events):
    payment_id, intent_id = paid_by_card(app, vendor, stripe, card=CARD_DECLINED)
    stripe.confirm(intent_id, CARD_OK)  # the customer tried another card
    failed = stripe.events_of("payment_intent.payment_failed")[0]
    succeeded = stripe.events_of("payment_intent.succeeded")[0]
    assert post(client, vendor, stripe, succeeded).status_code == 200
    assert status(app, payment_id) == "paid"
    assert post(client, vendor, stripe, failed).json["outcome"] == "recorded"  # the attempt is history
    assert status(app, payment_id) == "paid"
    assert [kind for kind, _, _ in ledger(app, payment_id)] == ["captured", "failed"]
    assert events.changes == [(payment_id, "pending", "paid")]


def test_events_in_any_order_give_the_same_ledger(app, client, vendor, stripe, call):
    """Every order of one payment's events (a decline, a success, two refunds), each delivered
    twice, ends in the same ledger and status."""
    payment_id, intent_id = paid_by_card(app, vendor, stripe, amount=3000, card=CARD_DECLINED)
    stripe.confirm(intent_id, CARD_OK)
    stripe.handle(
        "POST",
        "/v1/refunds",
        {},
        {"payment_intent": intent_id, "amount": "1000"},
        {"authorization": f"Bearer {stripe.secret_key}"},
    )
    stripe.handle(
        "POST",
        "/v1/refunds",
        {},
        {"payment_intent": intent_id, "amount": "500"},
        {"authorization": f"Bearer {stripe.secret_key}"},
    )
    all_events = stripe.events_of()
    shuffled = all_events * 2
    random.Random(5).shuffle(shuffled)
    for event in shuffled:
        assert post(client, vendor, stripe, event).status_code == 200
    assert status(app, payment_id) == "partially_refunded"
    facts = sorted((kind, amount) for kind, amount, _ in ledger(app, payment_id))
    assert facts == [("captured", 3000), ("failed", 0), ("refunded", 500), ("refunded", 1000)]
    with app.app_context():
        assert db.session.query(PaymentWebhookEvent).count() == len(all_events)


def test_a_bad_signature_is_refused_with_a_400_naming_it(app, client, vendor, stripe):
    payment_id, _ = paid_by_card(app, vendor, stripe)
    (event,) = stripe.events_of("payment_intent.succeeded")
    payload, headers = stripe.signed(event)
    cases = {
        "missing_signature": {},
        "malformed_signature": {"Stripe-Signature": "v1=abc"},
        "signature_mismatch": {"Stripe-Signature": stripe.sign(payload, secret="whsec_someone_else")},
        "timestamp_outside_tolerance": {
            "Stripe-Signature": stripe.sign(payload, timestamp=int(time.time()) - 3600)
        },
    }
    for problem, header in cases.items():
        response = client.post(
            url(vendor), data=payload, headers={"Content-Type": "application/json", **header}, csrf=False
        )
        assert response.status_code == 400, problem
        assert response.json["error"]["code"] == "webhook_rejected"
        assert response.json["error"]["details"]["problem"] == problem
        assert "Stripe-Signature" in response.json["error"]["message"]
    tampered = payload.replace(b'"amount": 2500', b'"amount": 1')
    response = client.post(url(vendor), data=tampered, headers=headers, csrf=False)
    assert response.json["error"]["details"]["problem"] == "signature_mismatch"
    assert status(app, payment_id) == "pending" and ledger(app, payment_id) == []


def test_a_body_that_is_no_event_is_refused(client, vendor, stripe):
    for body in (b"not json", b"[]", json.dumps({"id": "evt_1"}).encode()):
        response = client.post(
            url(vendor), data=body, headers={"Stripe-Signature": stripe.sign(body)}, csrf=False
        )
        assert response.status_code == 400
        assert response.json["error"]["details"]["problem"] == "malformed_event"


def test_unknown_shops_and_payments_answer_404(app, client, vendor, other_vendor, stripe):
    paid_by_card(app, vendor, stripe)
    (event,) = stripe.events_of("payment_intent.succeeded")
    payload, headers = stripe.signed(event)
    response = client.post(
        "/api/v1/webhooks/payments/stripe/no-such-shop", data=payload, headers=headers, csrf=False
    )
    assert response.status_code == 404 and response.json["error"]["code"] == "shop_not_found"
    # The other shop uses the same Stripe account here, but the payment is not one of its own.
    enable_stripe(app, other_vendor.id, stripe)
    response = client.post(
        f"/api/v1/webhooks/payments/stripe/{other_vendor.code}", data=payload, headers=headers, csrf=False
    )
    assert response.status_code == 404 and response.json["error"]["code"] == "webhook_unknown_payment"
    assert event["data"]["object"]["id"] in response.json["error"]["message"]
    forged = dict(event, id="evt_forged", data={"object": dict(event["data"]["object"], id="pi_unknown")})
    assert post(client, vendor, stripe, forged).status_code == 404
    with app.app_context():
        assert db.session.query(PaymentWebhookEvent).count() == 0


def test_a_shop_without_a_webhook_secret_refuses_deliveries(app, client, vendor, stripe):
    with app.app_context():
        from modules.payments.services import payment_service

        payment_service.clear_secret(vendor.id, "stripe", "webhook_secret")
    event = {"id": "evt_1", "type": "payment_intent.succeeded", "data": {"object": {"id": "pi_1"}}}
    response = post(client, vendor, stripe, event)
    assert response.status_code == 400 and response.json["error"]["details"]["problem"] == "not_configured"


def test_event_types_payments_does_not_use_are_acknowledged(client, vendor, stripe):
    event = {"id": "evt_other", "type": "customer.created", "data": {"object": {"id": "cus_1"}}}
    response = post(client, vendor, stripe, event)
    assert response.status_code == 200 and response.json["outcome"] == "ignored"


def test_the_fake_delivers_signed_webhooks_to_a_live_app(app, vendor, stripe, live_server_url):
    stripe.webhook_url = live_server_url + "/api/v1/webhooks/payments/stripe/{vendor_code}"
    payment_id, _ = paid_by_card(app, vendor, stripe)
    stripe.wait_for_deliveries()
    assert {d["type"]: d["status"] for d in stripe.deliveries}["payment_intent.succeeded"] == 200
    assert status(app, payment_id) == "paid"


def test_a_refund_that_fails_later_gives_the_money_back_to_the_ledger(
    app, client, vendor, stripe, call, events
):
    payment_id, intent_id = paid_by_card(app, vendor, stripe, amount=2000)
    for event in stripe.events_of("payment_intent.succeeded"):
        post(client, vendor, stripe, event)
    row = call("refund", vendor.id, payment_id, 500, None, "scratched frame")
    assert status(app, payment_id) == "partially_refunded"
    stripe.fail_refund(row.provider_event_id.removeprefix("stripe:"))
    for event in stripe.events_of("refund.failed", "charge.refund.updated") * 2:
        assert post(client, vendor, stripe, event).status_code == 200
    assert status(app, payment_id) == "paid"
    assert [kind for kind, _, _ in ledger(app, payment_id)] == ["captured", "refunded", "refund_failed"]
    assert call("totals", call("get", vendor.id, payment_id)).refundable == 2000
    assert [change[2] for change in events.changes] == ["paid", "partially_refunded", "paid"]


def test_asking_stripe_finds_refunds_made_in_its_dashboard(app, vendor, stripe, call):
    payment_id, intent_id = paid_by_card(app, vendor, stripe, amount=2000)
    stripe.handle(
        "POST",
        "/v1/refunds",
        {},
        {"payment_intent": intent_id, "amount": "700"},
        {"authorization": f"Bearer {stripe.secret_key}"},
    )
    with app.app_context():
        token = db.session.get(Payment, payment_id).token
    assert call("sync_on_return", vendor.id, token).status == "partially_refunded"
    assert sorted(kind for kind, _, _ in ledger(app, payment_id)) == ["captured", "refunded"]


@pytest.fixture
def platform_app(make_app, fake_stripe):
    """Shops using the platform's Stripe account (keys in the config, none saved by the shop)."""
    return make_app(
        WIZAMART_MODULES=["payments"],
        STRIPE_API_BASE=fake_stripe.base_url,
        STRIPE_SECRET_KEY=fake_stripe.secret_key,
        STRIPE_PUBLISHABLE_KEY=fake_stripe.publishable_key,
        STRIPE_WEBHOOK_SECRET=fake_stripe.webhook_secret,
    )


def test_the_platform_endpoint_serves_every_shop_on_the_platform_keys(platform_app, factory, fake_stripe):
    from modules.payments.services import payment_service

    app = platform_app
    company = factory.company(factory.platform("lux", domains=("localhost",)))
    shops = [factory.vendor(company, code) for code in ("bakery", "bikes")]
    with app.app_context():
        for shop in shops:
            payment_service.set_provider(shop.id, "stripe", enabled=True)  # the platform's keys serve
    ids = [paid_by_card(app, shop, fake_stripe, reference=f"order:{shop.code}")[0] for shop in shops]
    client = app.test_client()
    for event in fake_stripe.events_of("payment_intent.succeeded") + fake_stripe.events_of(
        "customer.created"
    ):
        payload, headers = fake_stripe.signed(event)
        response = client.post("/api/v1/webhooks/payments/stripe", data=payload, headers=headers, csrf=False)
        assert response.status_code == 200 and response.json["outcome"] == "recorded"
    assert [status(app, payment_id) for payment_id in ids] == ["paid", "paid"]
    ignored = {"id": "evt_x", "type": "customer.created", "data": {"object": {"id": "cus_1"}}}
    payload, headers = fake_stripe.signed(ignored)
    response = client.post("/api/v1/webhooks/payments/stripe", data=payload, headers=headers, csrf=False)
    assert response.json["outcome"] == "ignored"
    with app.app_context():
        assert db.session.query(PaymentWebhookEvent).count() == 2  # ignored platform events are not kept


def test_the_platform_endpoint_needs_the_platform_secret(client, stripe):
    event = {"id": "evt_1", "type": "payment_intent.succeeded", "data": {"object": {"id": "pi_1"}}}
    payload, headers = stripe.signed(event)
    response = client.post("/api/v1/webhooks/payments/stripe", data=payload, headers=headers, csrf=False)
    assert response.status_code == 400 and response.json["error"]["details"]["problem"] == "not_configured"
