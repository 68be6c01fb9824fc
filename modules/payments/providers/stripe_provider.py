"""Stripe: card payments through PaymentIntents.

Placing an order creates a PaymentIntent (amount, currency, our ids in its metadata, an
``Idempotency-Key`` made of the payment's token so a retry never creates a second one). The
customer is sent to the shop's payment page (``/storefront/<shop>/pay/<token>``), which loads
Stripe.js and confirms the PaymentIntent with its client secret, then comes back through
``…/pay/<token>/return``: the server retrieves the PaymentIntent and records what it says, so
the order is right before the webhook arrives. Stripe's webhooks record the same facts under
the same ledger keys, whichever comes first:

- ``stripe:<pi>:captured`` — the PaymentIntent succeeded (``amount_received``);
- ``stripe:<pi>:authorised`` — money held (``requires_capture``);
- ``stripe:<charge or event>:failed`` — an attempt failed (the customer may try another card);
- ``stripe:<pi>:cancelled`` — the PaymentIntent was cancelled;
- ``stripe:<re_…>`` — one refund (pending or succeeded);
- ``stripe:<re_…>:failed`` — a refund recorded before failed after all (``refund_failed``).

Keys come from the shop's settings, or else from the platform's (``STRIPE_SECRET_KEY``,
``STRIPE_PUBLISHABLE_KEY``, ``STRIPE_WEBHOOK_SECRET``).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from flask import current_app, url_for
from werkzeug.routing import BuildError

from wizamart import get_module_config
from wizamart.errors import ValidationError

from ..exceptions import NotCancellable, ProviderRefused, ProviderUnavailable
from ..models import TransactionKind
from . import PaymentProvider, ProviderField, RefundDone
from .stripe_client import StripeClient, StripeError, StripeUnavailable

CODE = "stripe"
KEY_PREFIXES = {
    "secret_key": (("sk_", "rk_"), "payments.validation.secret_key"),
    "publishable_key": (("pk_",), "payments.validation.publishable_key"),
    "webhook_secret": (("whsec_",), "payments.validation.webhook_secret"),
}


def setting(name: str) -> Any:
    """A Stripe setting of the installation: the Flask config key (``STRIPE_API_BASE``) wins
    over the module's config (environment ``STRIPE_API_BASE`` or ``PAYMENTS_STRIPE_API_BASE``)."""
    value = current_app.config.get(name.upper())
    if value not in (None, ""):
        return value
    return getattr(get_module_config("payments"), name)


def keys(settings: dict[str, Any]) -> dict[str, str]:
    """The shop's keys, each falling back to the platform's."""
    return {
        name: str(settings.get(name) or setting(f"stripe_{name}") or "")
        for name in ("secret_key", "publishable_key", "webhook_secret")
    }


def client(settings: dict[str, Any]) -> StripeClient:
    return StripeClient(
        keys(settings)["secret_key"], setting("stripe_api_base"), float(setting("stripe_timeout_seconds"))
    )


def _unavailable(exc: StripeUnavailable | StripeError) -> ProviderUnavailable:
    if isinstance(exc, StripeUnavailable):
        return ProviderUnavailable(CODE, exc.problem, 503 if exc.status == 503 else 502)
    # Stripe refused our own request (a wrong key, a bad parameter): not the customer's fault,
    # and nothing was charged.
    return ProviderUnavailable(CODE, f"{exc.type}: {exc.message}", 502)


def _service():
    from ..services import payment_service

    return payment_service


def _time(epoch: Any) -> datetime | None:
    return datetime.fromtimestamp(int(epoch), UTC) if isinstance(epoch, int | float) and epoch else None


class Stripe(PaymentProvider):
    """Card payments through Stripe's PaymentIntents."""

    code = CODE
    name_key = "payments.provider.stripe.name"
    description_key = "payments.provider.stripe.description"
    manual_capture = False
    fields = (
        ProviderField(
            "publishable_key",
            "payments.field.publishable_key",
            help_key="payments.field.publishable_key_help",
            max_length=200,
        ),
        ProviderField(
            "secret_key",
            "payments.field.secret_key",
            type="secret",
            help_key="payments.field.secret_key_help",
            max_length=200,
        ),
        ProviderField(
            "webhook_secret",
            "payments.field.webhook_secret",
            type="secret",
            help_key="payments.field.webhook_secret_help",
            max_length=200,
        ),
    )

    def missing_settings(self, settings):
        found = keys(settings)
        return [f.name for f in self.fields if f.required and not found.get(f.name)]

    def clean_settings(self, values):
        cleaned = super().clean_settings(values)
        errors = {
            name: message
            for name, (prefixes, message) in KEY_PREFIXES.items()
            if cleaned.get(name) and not cleaned[name].startswith(prefixes)
        }
        if errors:
            raise ValidationError("payments.errors.invalid_settings", details={"fields": errors})
        return cleaned

    # ------------------------------------------------------------ paying

    def start(self, payment, settings, *, return_url, language):
        try:
            intent = client(settings).create_payment_intent(
                amount=payment.amount_cents,
                currency=payment.currency,
                idempotency_key=f"wizamart-payment-{payment.token}",
                metadata={
                    "wizamart_payment_id": payment.id,
                    "vendor_id": payment.vendor_id,
                    "vendor_code": _vendor_code(payment.vendor_id),
                    "reference": payment.reference,
                },
                description=payment.description or payment.reference,
                receipt_email=payment.customer_email,
            )
        except (StripeError, StripeUnavailable) as exc:
            raise _unavailable(exc) from exc
        payment.provider_ref = intent["id"]
        return payment_page_url(payment)

    def sync(self, payment, settings):
        if not payment.provider_ref:
            return
        try:
            intent = client(settings).retrieve_payment_intent(payment.provider_ref)
        except (StripeError, StripeUnavailable) as exc:
            raise _unavailable(exc) from exc
        record_intent(payment, intent)
        if intent.get("status") == "succeeded":
            # Refunds made elsewhere (Stripe's dashboard) or whose webhook never came.
            record_refunds(payment, refunds_of(payment, settings))

    def refund(self, payment, settings, amount_cents, *, reason, idempotency_key):
        try:
            refund = client(settings).create_refund(
                payment_intent=payment.provider_ref,
                amount=amount_cents,
                idempotency_key=f"wizamart-refund-{idempotency_key}",
                metadata={
                    "wizamart_payment_id": payment.id,
                    "vendor_code": _vendor_code(payment.vendor_id),
                    "reason": (reason or "")[:450],
                },
            )
        except StripeError as exc:
            if exc.status in (400, 402):
                raise ProviderRefused(CODE, exc.message, "amount_cents") from exc
            raise _unavailable(exc) from exc
        except StripeUnavailable as exc:
            raise _unavailable(exc) from exc
        if refund.get("status") not in ("succeeded", "pending", "requires_action"):
            raise ProviderRefused(
                CODE, str(refund.get("failure_reason") or refund.get("status")), "amount_cents"
            )
        return RefundDone(
            provider_event_id=f"stripe:{refund['id']}",
            amount_cents=int(refund.get("amount") or amount_cents),
            occurred_at=_time(refund.get("created")),
            note=reason,
        )

    def cancel(self, payment, settings):
        if not payment.provider_ref:
            return None
        stripe = client(settings)
        try:
            intent = stripe.cancel_payment_intent(
                payment.provider_ref, idempotency_key=f"wizamart-cancel-{payment.token}"
            )
        except StripeError as exc:
            if exc.code != "payment_intent_unexpected_state":
                raise _unavailable(exc) from exc
            intent = stripe.retrieve_payment_intent(payment.provider_ref)  # cancelled or paid meanwhile
        except StripeUnavailable as exc:
            raise _unavailable(exc) from exc
        if intent.get("status") != "canceled":
            record_intent(payment, intent)
            raise NotCancellable(payment.status)
        return f"stripe:{intent['id']}:cancelled"


def page_context(payment, settings: dict[str, Any]) -> dict[str, str]:
    """What the payment page needs to confirm the PaymentIntent in the browser: the publishable
    key and the PaymentIntent's client secret (asked of Stripe, never stored). Records what the
    PaymentIntent says on the way (paid in another tab a moment ago?)."""
    try:
        intent = client(settings).retrieve_payment_intent(payment.provider_ref)
    except (StripeError, StripeUnavailable) as exc:
        raise _unavailable(exc) from exc
    record_intent(payment, intent)
    return {"publishable_key": keys(settings)["publishable_key"], "client_secret": intent["client_secret"]}


def _vendor_code(vendor_id: int) -> str:
    from modules.tenancy.services import vendor_service

    return vendor_service.get(vendor_id).code


def payment_page_url(payment) -> str:
    """The shop's payment page of ``payment`` (a path on this site)."""
    code = _vendor_code(payment.vendor_id)
    try:
        return url_for("payments.storefront_pages.pay", vendor_code=code, token=payment.token)
    except (BuildError, RuntimeError):  # outside a request (a task, the CLI)
        return f"/storefront/{code}/pay/{payment.token}"


# ------------------------------------------------------------------ what Stripe says


def record_intent(payment, intent: dict[str, Any], event_id: str | None = None) -> list:
    """Record what a PaymentIntent says about ``payment`` (from a retrieve or a webhook); the
    ledger keys make it idempotent. Returns the rows written (empty when nothing was new)."""
    service = _service()
    pi = str(intent.get("id") or payment.provider_ref)
    status = intent.get("status")
    when = _time(intent.get("created"))
    written = []
    if status == "succeeded":
        amount = int(intent.get("amount_received") or intent.get("amount") or payment.amount_cents)
        written.append(service.record(payment, TransactionKind.CAPTURED, amount, f"stripe:{pi}:captured"))
    elif status == "requires_capture":
        amount = int(intent.get("amount_capturable") or intent.get("amount") or payment.amount_cents)
        written.append(service.record(payment, TransactionKind.AUTHORISED, amount, f"stripe:{pi}:authorised"))
    elif status == "canceled":
        written.append(service.record(payment, TransactionKind.CANCELLED, 0, f"stripe:{pi}:cancelled"))
    if intent.get("last_payment_error") and status != "succeeded":
        error = intent["last_payment_error"] or {}
        charge = error.get("charge") or intent.get("latest_charge")
        source = charge or event_id
        if source:
            note = str(error.get("decline_code") or error.get("code") or error.get("message") or "")
            written.append(
                service.record(
                    payment, TransactionKind.FAILED, 0, f"stripe:{source}:failed", occurred_at=when, note=note
                )
            )
    return [row for row in written if row is not None]


def record_refunds(payment, refunds: list[dict[str, Any]]) -> list:
    """Record each refund Stripe lists for the payment, once: pending or succeeded ones as
    refunded; one that failed or was cancelled after it was recorded as ``refund_failed``."""
    service = _service()
    written = []
    for refund in refunds:
        key, amount = f"stripe:{refund['id']}", int(refund.get("amount") or 0)
        status = refund.get("status")
        if status in ("succeeded", "pending", "requires_action"):
            note = str((refund.get("metadata") or {}).get("reason") or "")
            when = _time(refund.get("created"))
            row = service.record(payment, TransactionKind.REFUNDED, amount, key, occurred_at=when, note=note)
        elif status in ("failed", "canceled") and service.is_recorded(payment, key):
            note = str(refund.get("failure_reason") or status)
            row = service.record(payment, TransactionKind.REFUND_FAILED, amount, f"{key}:failed", note=note)
        else:
            row = None
        if row is not None:
            written.append(row)
    return written


def refunds_of(payment, settings: dict[str, Any]) -> list[dict[str, Any]]:
    try:
        return client(settings).list_refunds(payment.provider_ref)
    except (StripeError, StripeUnavailable) as exc:
        raise _unavailable(exc) from exc
