"""Stripe's webhooks: verified, recorded once, safe in any order.

A delivery is checked first — the shop exists, it has a webhook secret, the ``Stripe-Signature``
matches the body and is recent (``STRIPE_WEBHOOK_TOLERANCE_SECONDS``, 300 s) — and refused with a
400 naming the problem otherwise. An event id seen before is acknowledged and changes nothing
(``PaymentWebhookEvent``). Every fact an event reports goes to the payment's ledger under the same
key the return from the payment page uses, so whichever arrives first records it and the other
finds it there; and since a payment's status is derived from the set of its ledger rows, events
arriving out of order cannot downgrade it (a late ``payment_failed`` after a capture changes
nothing). An event about a PaymentIntent this shop does not have answers 404 and is not
remembered (Stripe retries it; it may belong to a payment still being committed).
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from wizamart.database import db

from ..exceptions import ShopNotFound, WebhookRejected, WebhookUnknownPayment
from ..models import PaymentWebhookEvent
from ..providers import stripe_provider
from ..providers.stripe_client import verify
from . import payment_service

log = logging.getLogger("wizamart.modules.payments.webhooks")

PROVIDER = "stripe"
INTENT_EVENTS = {
    "payment_intent.succeeded",
    "payment_intent.amount_capturable_updated",
    "payment_intent.payment_failed",
    "payment_intent.canceled",
}
REFUND_EVENTS = {
    "charge.refunded",
    "charge.refund.updated",
    "refund.created",
    "refund.updated",
    "refund.failed",
}


@dataclass(frozen=True)
class WebhookOutcome:
    """What handling a delivery did: ``recorded`` (new ledger rows), ``nothing_new`` (the facts
    were known), ``duplicate`` (the event id was handled before) or ``ignored`` (an event type
    payments does not use)."""

    event_id: str
    event_type: str
    outcome: str
    payment_id: int | None = None
    recorded: int = 0
    vendor_id: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "received": True,
            "event": self.event_id,
            "type": self.event_type,
            "outcome": self.outcome,
            "payment_id": self.payment_id,
            "recorded": self.recorded,
        }


def handle_stripe(vendor_code: str, payload: bytes, signature: str | None) -> WebhookOutcome:
    """Verify and apply one Stripe webhook delivery for the shop ``vendor_code`` (signed with the
    shop's webhook secret, or the platform's when the shop uses the platform's keys); commits.

    Raises ``ShopNotFound`` (404), ``WebhookRejected`` (400: signature, timestamp, body) and
    ``WebhookUnknownPayment`` (404)."""
    vendor = _vendor(vendor_code)
    secret = stripe_provider.keys(payment_service.settings_of(vendor.id, PROVIDER))["webhook_secret"]
    return _handle(vendor.id, secret, payload, signature)


def handle_stripe_platform(payload: bytes, signature: str | None) -> WebhookOutcome:
    """One delivery to the platform's endpoint: the platform's Stripe account serves every shop
    that saved no keys of its own, and Stripe sends all of its events to one URL. Signed with
    ``STRIPE_WEBHOOK_SECRET``; the payment is found by its PaymentIntent, whichever shop it is of.
    Same answers as ``handle_stripe``."""
    return _handle(None, str(stripe_provider.setting("stripe_webhook_secret") or ""), payload, signature)


def _handle(vendor_id: int | None, secret: str, payload: bytes, signature: str | None) -> WebhookOutcome:
    if not secret:
        raise WebhookRejected("not_configured")
    try:
        verify(payload, signature, secret, int(stripe_provider.setting("stripe_webhook_tolerance_seconds")))
    except ValueError as exc:
        raise WebhookRejected(str(exc)) from None
    event = _event(payload)
    event_id, event_type = event["id"], event["type"]
    if _seen(event_id):
        return WebhookOutcome(event_id, event_type, "duplicate")
    try:
        outcome = _apply(vendor_id, event)
        owner = vendor_id if vendor_id is not None else outcome.vendor_id
        if owner is not None:  # an event of no shop (the platform's, of a type we ignore): not kept
            db.session.add(
                PaymentWebhookEvent(
                    vendor_id=owner,
                    provider=PROVIDER,
                    event_id=event_id[:120],
                    event_type=event_type[:80],
                    payment_id=outcome.payment_id,
                    outcome=outcome.outcome,
                )
            )
        db.session.commit()
    except IntegrityError:
        # The same event delivered twice at once: the other delivery recorded it.
        db.session.rollback()
        return WebhookOutcome(event_id, event_type, "duplicate")
    except BaseException:
        db.session.rollback()
        raise
    log.info("stripe event %s (%s) for shop %s: %s", event_id, event_type, owner, outcome.outcome)
    return outcome


def _vendor(code: str):
    from modules.tenancy.services import vendor_service

    vendor = vendor_service.by_code(code) if code else None
    if vendor is None:
        raise ShopNotFound(code)
    return vendor


def _event(payload: bytes) -> dict[str, Any]:
    try:
        event = json.loads(payload.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise WebhookRejected("malformed_event") from None
    if (
        not isinstance(event, dict)
        or not isinstance(event.get("id"), str)
        or not isinstance(event.get("type"), str)
        or not isinstance((event.get("data") or {}).get("object"), dict)
    ):
        raise WebhookRejected("malformed_event")
    return event


def _seen(event_id: str) -> bool:
    return (
        db.session.scalar(
            select(PaymentWebhookEvent.id).where(
                PaymentWebhookEvent.provider == PROVIDER, PaymentWebhookEvent.event_id == event_id[:120]
            )
        )
        is not None
    )


def _apply(vendor_id: int | None, event: dict[str, Any]) -> WebhookOutcome:
    event_id, event_type = event["id"], event["type"]
    obj = event["data"]["object"]
    if event_type in INTENT_EVENTS:
        payment = _payment(vendor_id, obj.get("id"))
        rows = stripe_provider.record_intent(payment, obj, event_id=event_id)
    elif event_type in REFUND_EVENTS:
        payment = _payment(vendor_id, obj.get("payment_intent"))
        if obj.get("object") == "refund":
            rows = stripe_provider.record_refunds(payment, [obj])
        else:
            # A charge's refunds are not part of the event on current API versions: ask for them.
            settings = payment_service.settings_of(payment.vendor_id, PROVIDER)
            rows = stripe_provider.record_refunds(payment, stripe_provider.refunds_of(payment, settings))
    else:
        return WebhookOutcome(event_id, event_type, "ignored")
    outcome = "recorded" if rows else "nothing_new"
    return WebhookOutcome(event_id, event_type, outcome, payment.id, len(rows), payment.vendor_id)


def _payment(vendor_id: int | None, intent_id: Any):
    if not isinstance(intent_id, str) or not intent_id:
        raise WebhookRejected("malformed_event")
    if vendor_id is None:
        payment = payment_service.by_provider_ref_anywhere(PROVIDER, intent_id)
    else:
        payment = payment_service.by_provider_ref(vendor_id, PROVIDER, intent_id)
    if payment is None:
        raise WebhookUnknownPayment(intent_id)
    return payment
