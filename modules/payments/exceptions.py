"""Errors of the payments module; each names the field it is about where there is one.

Messages are locale keys (``payments.errors.<name>``) with ``params`` for their placeholders;
field errors in ``details["fields"]`` are keys too (``payments.validation.<name>``).
"""

from __future__ import annotations

from wizamart.errors import ConflictError, NotFoundError, ValidationError, WizamartException


class PaymentNotFound(NotFoundError):
    """No payment with that id (or reference) in this shop."""

    error_code = "payment_not_found"

    def __init__(self, ref, field: str = "payment_id"):
        super().__init__(
            "payments.errors.payment_not_found",
            details={"ref": ref, "fields": {field: "payments.validation.unknown_payment"}},
            params={"ref": ref},
        )


class UnknownProvider(ValidationError):
    """No payment provider with that code is installed."""

    error_code = "unknown_provider"

    def __init__(self, code: str, field: str = "provider"):
        super().__init__(
            "payments.errors.unknown_provider",
            details={"provider": code, "fields": {field: "payments.validation.unknown_provider"}},
            params={"provider": code},
        )


class ProviderNotEnabled(ValidationError):
    """The shop does not offer this payment provider (422)."""

    error_code = "provider_not_enabled"

    def __init__(self, code: str, field: str = "provider"):
        super().__init__(
            "payments.errors.provider_not_enabled",
            details={"provider": code, "fields": {field: "payments.validation.provider_not_enabled"}},
            params={"provider": code},
        )


class ProviderNotConfigured(ValidationError):
    """A provider cannot be switched on (or used) before its settings are complete."""

    error_code = "provider_not_configured"

    def __init__(self, code: str, missing: list[str]):
        super().__init__(
            "payments.errors.provider_not_configured",
            details={
                "provider": code,
                "fields": {name: "payments.validation.required_to_enable" for name in missing},
            },
            params={"provider": code},
        )


class ProviderUnavailable(WizamartException):
    """The provider could not be reached or refused the request: nothing was charged (502/503)."""

    status_code = 502
    error_code = "provider_unavailable"

    def __init__(self, code: str, problem: str = "", status_code: int = 502):
        super().__init__(
            "payments.errors.provider_unavailable",
            details={"provider": code, "problem": problem},
            params={"provider": code, "problem": problem},
        )
        self.status_code = status_code
        self.args = (code, problem, status_code)  # survives pickling (Celery results)


class ProviderRefused(ValidationError):
    """The provider answered that the request is not valid (an amount above what it holds, …)."""

    error_code = "provider_refused"

    def __init__(self, code: str, problem: str, field: str = "__root__"):
        super().__init__(
            "payments.errors.provider_refused",
            details={"provider": code, "problem": problem, "fields": {field: problem}},
            params={"provider": code, "problem": problem},
        )


class ReferenceTaken(ConflictError):
    """A shop has one payment per reference (an order is paid once)."""

    error_code = "payment_reference_taken"

    def __init__(self, reference: str):
        super().__init__(
            "payments.errors.reference_taken",
            details={"reference": reference, "fields": {"reference": "payments.validation.reference_taken"}},
            params={"reference": reference},
        )


class InvalidAmount(ValidationError):
    """An amount that is not a positive number of cents (or more than allowed)."""

    error_code = "invalid_amount"

    def __init__(self, amount, field: str = "amount_cents", key: str = "payments.validation.amount"):
        super().__init__(
            "payments.errors.invalid_amount",
            details={"amount": amount, "fields": {field: key}},
            params={"amount": amount},
        )


class RefundTooLarge(ConflictError):
    """A refund above what was captured and not yet refunded (409)."""

    error_code = "refund_too_large"

    def __init__(self, requested: int, refundable: int):
        super().__init__(
            "payments.errors.refund_too_large",
            details={
                "requested": requested,
                "refundable": refundable,
                "fields": {"amount_cents": "payments.validation.refund_too_large"},
            },
            params={"requested": requested, "refundable": refundable},
        )


class NotConfirmable(ConflictError):
    """Only a shop's own providers that wait for it (bank transfer) are confirmed by hand, and
    not once cancelled or refunded."""

    error_code = "payment_not_confirmable"

    def __init__(self, provider: str, status: str):
        super().__init__(
            "payments.errors.not_confirmable",
            details={"provider": provider, "status": status},
            params={"provider": provider, "status": status},
        )


class NotCancellable(ConflictError):
    """A payment with money captured is refunded, not cancelled."""

    error_code = "payment_not_cancellable"

    def __init__(self, status: str):
        super().__init__(
            "payments.errors.not_cancellable", details={"status": status}, params={"status": status}
        )


class RefundNotSupported(ConflictError):
    """The payment's provider cannot give money back through Wizamart (a provider contributed
    without ``refund``): the shop refunds outside it."""

    error_code = "refund_not_supported"

    def __init__(self, provider: str):
        super().__init__(
            "payments.errors.refund_not_supported",
            details={"provider": provider},
            params={"provider": provider},
        )


# Literal keys, so the language check finds every one.
WEBHOOK_PROBLEMS = {
    "missing_signature": "payments.webhook.missing_signature",
    "malformed_signature": "payments.webhook.malformed_signature",
    "signature_mismatch": "payments.webhook.signature_mismatch",
    "timestamp_outside_tolerance": "payments.webhook.timestamp_outside_tolerance",
    "not_configured": "payments.webhook.not_configured",
    "malformed_event": "payments.webhook.malformed_event",
}


class WebhookRejected(ValidationError):
    """A webhook delivery that is not what it claims to be (400): no or a bad signature, a
    stale timestamp, a body that is no event. ``problem`` is one of ``missing_signature``,
    ``malformed_signature``, ``signature_mismatch``, ``timestamp_outside_tolerance``,
    ``not_configured``, ``malformed_event``; the message (``payments.webhook.<problem>``) says it."""

    status_code = 400
    error_code = "webhook_rejected"

    def __init__(self, problem: str, header: str = "Stripe-Signature"):
        key = WEBHOOK_PROBLEMS[problem]
        super().__init__(key, details={"problem": problem, "fields": {header: key}})
        self.problem = problem
        self.args = (problem, header)


class WebhookUnknownPayment(NotFoundError):
    """A webhook about a payment this shop does not have (404)."""

    error_code = "webhook_unknown_payment"

    def __init__(self, provider_ref: str):
        super().__init__(
            "payments.errors.webhook_unknown_payment",
            details={"provider_ref": provider_ref},
            params={"ref": provider_ref},
        )


class ShopNotFound(NotFoundError):
    """No shop with that code (on a webhook URL)."""

    error_code = "shop_not_found"

    def __init__(self, code: str):
        super().__init__(
            "payments.errors.shop_not_found", details={"vendor_code": code}, params={"code": code}
        )
