"""Errors of the cart module; each names the field it is about.

Messages are locale keys (``cart.errors.<name>``) with ``params`` for their placeholders; field
errors in ``details["fields"]`` are keys too (``cart.validation.<name>``), shown next to the input
on pages and named in the API's 4xx answers.
"""

from wizamart.errors import ConflictError, NotFoundError, ValidationError


class CartNotFound(NotFoundError):
    """The cart token names no cart of this shop (expired, of another shop or a customer's)."""

    error_code = "cart_not_found"

    def __init__(self):
        super().__init__(
            "cart.errors.cart_not_found",
            details={"fields": {"X-Cart-Token": "cart.validation.unknown_cart"}},
        )


class VariantNotFound(NotFoundError):
    """No variant with that id in this shop."""

    error_code = "cart_variant_not_found"

    def __init__(self, variant_id):
        super().__init__(
            "cart.errors.variant_not_found",
            details={"variant_id": variant_id, "fields": {"variant_id": "cart.validation.unknown_variant"}},
            params={"ref": variant_id},
        )


class LineNotFound(NotFoundError):
    """The variant is not in the cart."""

    error_code = "cart_line_not_found"

    def __init__(self, variant_id):
        super().__init__(
            "cart.errors.line_not_found",
            details={"variant_id": variant_id, "fields": {"variant_id": "cart.validation.not_in_cart"}},
            params={"ref": variant_id},
        )


class ProductUnavailable(ConflictError):
    """The product is not on sale (a draft, archived)."""

    error_code = "cart_product_unavailable"

    def __init__(self, title: str, variant_id: int):
        super().__init__(
            "cart.errors.unavailable",
            details={"variant_id": variant_id, "fields": {"variant_id": "cart.validation.unavailable"}},
            params={"title": title},
        )


class OutOfStock(ConflictError):
    """Nothing of the variant is available."""

    error_code = "cart_out_of_stock"

    def __init__(self, title: str, variant_id: int):
        super().__init__(
            "cart.errors.out_of_stock",
            details={
                "variant_id": variant_id,
                "available": 0,
                "fields": {"quantity": "cart.validation.out_of_stock"},
            },
            params={"title": title},
        )


class NotEnoughStock(ConflictError):
    """Fewer units are available than asked for."""

    error_code = "cart_not_enough_stock"

    def __init__(self, title: str, variant_id: int, available: int, in_cart: int = 0):
        key = "cart.errors.not_enough_stock_in_cart" if in_cart else "cart.errors.not_enough_stock"
        super().__init__(
            key,
            details={
                "variant_id": variant_id,
                "available": available,
                "in_cart": in_cart,
                "fields": {"quantity": "cart.validation.above_available"},
            },
            params={"title": title, "available": available, "in_cart": in_cart},
        )


class InvalidQuantity(ValidationError):
    """A quantity below 1 or above the most one line may hold."""

    error_code = "cart_invalid_quantity"

    def __init__(self, maximum: int, minimum: int = 1):
        super().__init__(
            "cart.errors.invalid_quantity",
            details={
                "minimum": minimum,
                "maximum": maximum,
                "fields": {"quantity": "cart.validation.quantity"},
            },
            params={"minimum": minimum, "maximum": maximum},
        )
