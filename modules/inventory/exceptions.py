"""Errors of the inventory module; each names the field it is about where there is one.

Messages are locale keys (``inventory.errors.<name>``) with ``params`` for their placeholders;
field errors in ``details["fields"]`` are keys too (``inventory.validation.<name>``).
"""

from wizamart.errors import ConflictError, NotFoundError, ValidationError


class VariantNotFound(NotFoundError):
    """No variant with that id or SKU in this shop."""

    error_code = "variant_not_found"

    def __init__(self, ref, field: str = "variant_id"):
        super().__init__(
            "inventory.errors.variant_not_found",
            details={"ref": ref, "fields": {field: "inventory.validation.unknown_variant"}},
            params={"ref": ref},
        )


class LocationNotFound(NotFoundError):
    """No stock location with that id in this shop."""

    error_code = "location_not_found"

    def __init__(self, location_id):
        super().__init__(
            "inventory.errors.location_not_found",
            details={"ref": location_id, "fields": {"location_id": "inventory.validation.unknown_location"}},
            params={"ref": location_id},
        )


class ReservationNotFound(NotFoundError):
    """No reservation with that reference in this shop."""

    error_code = "reservation_not_found"

    def __init__(self, reference):
        super().__init__(
            "inventory.errors.reservation_not_found",
            details={"reference": reference},
            params={"reference": reference},
        )


class NegativeStock(ValidationError):
    """The change would leave less than nothing on hand."""

    error_code = "negative_stock"

    def __init__(self, field: str, sku: str, on_hand: int, location: str):
        super().__init__(
            "inventory.errors.negative_stock",
            details={
                "fields": {field: "inventory.validation.below_zero"},
                "sku": sku,
                "on_hand": on_hand,
            },
            params={"sku": sku, "on_hand": on_hand, "location": location},
        )


class OutOfStock(ConflictError):
    """Not enough stock available for the reservation (409)."""

    error_code = "out_of_stock"

    def __init__(self, sku: str, available: int, requested: int):
        super().__init__(
            "inventory.errors.out_of_stock",
            details={
                "sku": sku,
                "available": available,
                "requested": requested,
                "fields": {"quantity": "inventory.validation.not_enough_stock"},
            },
            params={"sku": sku, "available": available, "requested": requested},
        )
        self.sku = sku
        self.available = available
        self.requested = requested
        self.args = (sku, available, requested)  # survives pickling (Celery results)


class ReservationClosed(ConflictError):
    """The reservation was already consumed, released or expired."""

    error_code = "reservation_closed"

    def __init__(self, reference: str, status: str):
        super().__init__(
            "inventory.errors.reservation_closed",
            details={"reference": reference, "status": status},
            params={"reference": reference},
        )


class LocationInactive(ValidationError):
    """Stock cannot be received at a location that is switched off."""

    error_code = "location_inactive"

    def __init__(self, name: str):
        super().__init__(
            "inventory.errors.location_inactive",
            details={"fields": {"location_id": "inventory.validation.location_inactive"}},
            params={"name": name},
        )


class DefaultLocationRequired(ConflictError):
    """The default location stays active until another one is the default."""

    error_code = "default_location"

    def __init__(self, field: str = "is_default"):
        super().__init__(
            "inventory.errors.default_location",
            details={"fields": {field: "inventory.validation.default_location"}},
        )


class LocationInUse(ConflictError):
    """A location with stock or history is switched off, not deleted."""

    error_code = "location_in_use"

    def __init__(self, name: str):
        super().__init__("inventory.errors.location_in_use", params={"name": name})


class LocationNameTaken(ConflictError):
    """Each location of a shop has its own name."""

    error_code = "already_used"

    def __init__(self, name: str):
        super().__init__(
            "inventory.errors.location_name_taken",
            details={"fields": {"name": "inventory.validation.name_taken"}},
            params={"name": name},
        )
