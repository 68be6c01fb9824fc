"""Errors of the orders module; each names the field it is about where there is one.

Messages are locale keys (``orders.errors.<name>``) with ``params`` for their placeholders;
field errors in ``details["fields"]`` are keys too (``orders.validation.<name>``).
"""

from wizamart.errors import ConflictError, NotFoundError, ValidationError


class OrderNotFound(NotFoundError):
    """No order with that id (or link) in this shop — also for another shop's or customer's."""

    error_code = "order_not_found"

    def __init__(self, ref):
        super().__init__("orders.errors.order_not_found", details={"ref": ref}, params={"ref": ref})
        self.args = (ref,)


class _Status(str):
    """A status code that reads as its label in the language of whoever sees the message."""

    def __format__(self, spec: str) -> str:
        from wizamart.i18n import t_or

        code = str.__str__(self)  # not an f-string: that would call this very method again
        return format(t_or("orders.status." + code, code), spec)


class IllegalTransition(ConflictError):
    """The order cannot go from its status to the one asked for (409)."""

    error_code = "illegal_transition"

    def __init__(self, from_status: str, to_status: str, number: int | None = None):
        super().__init__(
            "orders.errors.illegal_transition",
            details={"from": str(from_status), "to": str(to_status), "number": number},
            params={"from": _Status(from_status), "to": _Status(to_status)},
        )
        self.from_status = str(from_status)
        self.to_status = str(to_status)
        self.args = (str(from_status), str(to_status), number)

    def __str__(self) -> str:
        return f"An order cannot go from {self.from_status} to {self.to_status}"


class InvalidOrder(ValidationError):
    """The order being placed is not valid; ``field`` names what."""

    error_code = "invalid_order"

    def __init__(self, field: str, key: str, **params):
        super().__init__(key, details={"fields": {field: key}}, params=params)
        self.args = (field, key)


class NoPayment(ConflictError):
    """The order has no payment to confirm, refund or cancel."""

    error_code = "no_payment"

    def __init__(self, number: int):
        super().__init__("orders.errors.no_payment", params={"number": number})
        self.args = (number,)


class NotBankTransfer(ConflictError):
    """Only a bank transfer is confirmed by hand; card payments confirm themselves."""

    error_code = "not_bank_transfer"

    def __init__(self, provider: str):
        super().__init__(
            "orders.errors.not_bank_transfer", details={"provider": provider}, params={"provider": provider}
        )
        self.args = (provider,)


class RefundTooLarge(ValidationError):
    """More than what was paid and not yet refunded."""

    error_code = "refund_too_large"

    def __init__(self, refundable_cents: int, field: str = "amount_cents"):
        super().__init__(
            "orders.errors.refund_too_large",
            details={
                "refundable_cents": refundable_cents,
                "fields": {field: "orders.validation.refund_too_large"},
            },
            params={"refundable": f"{refundable_cents / 100:.2f}"},
        )
        self.args = (refundable_cents, field)


class OrderBusy(ConflictError):
    """Someone else changed this order at the same moment (a deadlock broken by the database);
    trying again works."""

    error_code = "order_busy"

    def __init__(self):
        super().__init__("orders.errors.busy")
