"""Errors of the checkout module; each names the field it is about where there is one.

Messages are locale keys (``checkout.errors.<name>``) with ``params`` for their placeholders;
field errors in ``details["fields"]`` are keys too (``checkout.validation.<name>``).
"""

from __future__ import annotations

from wizamart.errors import ConflictError, NotFoundError, ValidationError, WizamartException


class CheckoutException(WizamartException):
    """Base error of the checkout module."""

    error_code = "checkout_error"


class ShippingMethodNotFound(NotFoundError):
    """No shipping method with that id in this shop."""

    error_code = "checkout_shipping_method_not_found"

    def __init__(self, ref, field: str = "shipping_method_id"):
        super().__init__(
            "checkout.errors.shipping_method_not_found",
            details={"ref": ref, "fields": {field: "checkout.validation.unknown_shipping_method"}},
            params={"ref": ref},
        )


class CheckoutNotFound(NotFoundError):
    """No checkout with that token that this visitor may see (another's is not found either)."""

    error_code = "checkout_not_found"

    def __init__(self):
        super().__init__("checkout.errors.checkout_not_found")


class CheckoutPlaced(ConflictError):
    """The checkout became an order already: its steps cannot change any more."""

    error_code = "checkout_placed"

    def __init__(self, order_id: int | None):
        super().__init__("checkout.errors.placed", details={"order_id": order_id})
        self.order_id = order_id


class CartEmpty(ConflictError):
    """There is nothing in the cart to check out."""

    error_code = "checkout_cart_empty"

    def __init__(self):
        super().__init__("checkout.errors.cart_empty", details={"problems": [{"code": "cart_empty"}]})


class InvalidStep(ValidationError):
    """A step's input refers to something that is not (or no longer) possible; names the field."""

    error_code = "checkout_invalid"

    def __init__(self, field: str, key: str, **params):
        super().__init__(
            "checkout.errors.invalid_input",
            details={"fields": {field: key}},
            params={"field": field, **params},
        )


class StepMissing(ValidationError):
    """Placing (or reviewing) needs a step that was not done yet; names its field and step."""

    error_code = "checkout_step_missing"

    def __init__(self, step: str, field: str, key: str):
        super().__init__(
            "checkout.errors.step_missing",
            details={"step": step, "fields": {field: key}},
            params={"step": step},
        )
        self.step = step


class CheckoutProblems(ConflictError):
    """Something in the cart changed so that the order cannot be placed as reviewed: one problem
    per line (out of stock, price changed, product gone) or about the checkout (shipping no
    longer valid, cart empty). Nothing was written.

    ``details["problems"]``: ``[{"code", "sku", "message", ...}]``, each message in the reader's
    language; ``details["sku"]`` the first line named. The error code is ``out_of_stock`` when
    every problem is one of stock, so clients can tell that case apart without reading the list.
    """

    error_code = "checkout_problems"

    def __init__(self, problems: list[dict]):
        codes = {p["code"] for p in problems}
        first_sku = next((p["sku"] for p in problems if p.get("sku")), None)
        message = "checkout.errors.problems"
        if codes == {"out_of_stock"}:
            message = "checkout.errors.out_of_stock"
        super().__init__(
            message,
            details={"problems": problems, "sku": first_sku},
            params={"sku": first_sku or "", "count": len(problems)},
        )
        if codes == {"out_of_stock"}:
            self.error_code = "out_of_stock"
        self.problems = problems


class IdempotencyKeyReused(ConflictError):
    """The idempotency key was already used to place another checkout of this shop."""

    error_code = "checkout_idempotency_key_reused"

    def __init__(self):
        super().__init__(
            "checkout.errors.idempotency_key_reused",
            details={"fields": {"idempotency_key": "checkout.validation.idempotency_key_reused"}},
        )
