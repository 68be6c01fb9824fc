"""What orders accept: the lines and shipping of an order being placed (checkout builds them),
addresses, the vendor's actions (ship, refund, cancel) and the list filters. Validation errors
are locale keys (``orders.validation.<name>``) and name the field."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator, model_validator

# Luxembourg's VAT rates in percent: standard, intermediate, reduced, super-reduced.
VAT_RATES = (17, 14, 8, 3)
SHIPPING_VAT_RATE = 17  # shipping is a service at the standard rate
MAX_QUANTITY = 10_000  # more than anyone orders of one thing in one go; keeps sums far from overflow
MAX_CENTS = 100_000_000  # one million euros per unit or per shipping rate

Text = Annotated[str, StringConstraints(strip_whitespace=True)]


class _In(BaseModel):
    model_config = ConfigDict(extra="ignore")


def _vat_rate(value: int) -> int:
    if value not in VAT_RATES:
        raise ValueError("orders.validation.vat_rate")
    return value


class OrderLineIn(_In):
    """One line of an order as it is placed: a snapshot of what the customer saw and buys.

    ``unit_price_cents`` is gross (VAT included), ``vat_rate`` a percent (17, 14, 8 or 3).
    ``variant_id``/``product_id`` point back at the catalog while it still has them; the
    titles, options, SKU and prices are copied and never change with later catalog edits.
    """

    variant_id: int | None = Field(default=None, ge=1, le=2**31 - 1)
    product_id: int | None = Field(default=None, ge=1, le=2**31 - 1)
    sku: Annotated[str, StringConstraints(strip_whitespace=True, max_length=64)] = ""
    product_title: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=250)]
    variant_label: Annotated[str, StringConstraints(strip_whitespace=True, max_length=250)] = ""
    options: dict[str, str] = Field(default_factory=dict)
    unit_price_cents: int = Field(ge=0, le=MAX_CENTS)
    quantity: int = Field(ge=1, le=MAX_QUANTITY)
    vat_rate: int

    @field_validator("vat_rate")
    @classmethod
    def _rate(cls, value: int) -> int:
        return _vat_rate(value)

    @classmethod
    def from_variant(cls, variant: Any, quantity: int, language: str | None = None) -> OrderLineIn:
        """A line for a catalog ``VariantView`` (``product_service.variants_for``) in ``language``.

        The catalog keeps VAT in basis points (1700); orders keep percent (17).
        """
        rate = variant.vat_rate // 100 if variant.vat_rate > 100 else variant.vat_rate
        return cls(
            variant_id=variant.id,
            product_id=variant.product_id,
            sku=variant.sku,
            product_title=variant.title(language),
            variant_label=variant.options_label,
            options=dict(variant.options),
            unit_price_cents=variant.price_cents,
            quantity=quantity,
            vat_rate=rate,
        )


class ShippingIn(_In):
    """The shipping method chosen, as a snapshot: its name in the order's language, its gross
    rate (0 when free) and the VAT rate included in it."""

    method_id: int | None = None
    name: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=120)]
    rate_cents: int = Field(ge=0, le=MAX_CENTS)
    vat_rate: int = SHIPPING_VAT_RATE

    @field_validator("vat_rate")
    @classmethod
    def _rate(cls, value: int) -> int:
        return _vat_rate(value)


class AddressIn(_In):
    """A postal address as the order keeps it (a copy: editing the saved address later changes
    nothing on the order)."""

    name: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=120)]
    company: Annotated[str, StringConstraints(strip_whitespace=True, max_length=120)] = ""
    street: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
    postal_code: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=20)]
    city: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]
    country: Annotated[str, StringConstraints(strip_whitespace=True, to_upper=True)] = "LU"
    phone: Annotated[str, StringConstraints(strip_whitespace=True, max_length=40)] = ""

    @field_validator("country")
    @classmethod
    def _country(cls, value: str) -> str:
        if len(value) != 2 or not value.isalpha():
            raise ValueError("orders.validation.country")
        return value


class ShipIn(_In):
    """One parcel handed to a carrier."""

    carrier: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=60)]
    tracking_number: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]

    @field_validator("tracking_number")
    @classmethod
    def _tracking(cls, value: str) -> str:
        if not all(c.isalnum() or c in " -_./" for c in value):
            raise ValueError("orders.validation.tracking_number")
        return value


class RefundIn(_In):
    """A refund: ``amount_cents`` (API) or ``amount`` in euros (the vendor's form, "12.50")."""

    amount_cents: int | None = Field(default=None, ge=1, le=MAX_CENTS)
    amount: str | None = Field(default=None, validate_default=True)
    reason: Annotated[str, StringConstraints(strip_whitespace=True, max_length=500)] = ""

    @field_validator("amount")
    @classmethod
    def _euros(cls, value: str | None, info) -> str | None:
        if value is None or not str(value).strip():
            # amount_cents missing from info.data failed its own check: that error is enough.
            if "amount_cents" in info.data and info.data["amount_cents"] is None:
                raise ValueError("orders.validation.amount_required")
            return None
        text = str(value).strip().replace(",", ".").replace("€", "").strip()
        whole, _, cents = text.partition(".")
        if not whole.isdigit() or len(cents) > 2 or (cents and not cents.isdigit()):
            raise ValueError("orders.validation.amount")
        total = int(whole) * 100 + int((cents + "00")[:2])
        if not 1 <= total <= MAX_CENTS:
            raise ValueError("orders.validation.amount")
        return str(total)

    @model_validator(mode="after")
    def _one_amount(self):
        if self.amount is not None:
            self.amount_cents = int(self.amount)
        return self


class CancelIn(_In):
    reason: Annotated[str, StringConstraints(strip_whitespace=True, max_length=500)] = ""


class NoteIn(_In):
    note: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=500)]


STATUS_FILTERS = (
    "pending",
    "paid",
    "processing",
    "shipped",
    "delivered",
    "cancelled",
    "refunded",
    "partially_refunded",
)


class OrderFilters(_In):
    """The vendor's order list: ``status``, placed ``date_from``/``date_to`` (inclusive days),
    ``customer_id``, ``q`` (order number, e-mail or name) and the page."""

    status: Annotated[str, StringConstraints(strip_whitespace=True)] = ""
    date_from: date | None = None
    date_to: date | None = None
    customer_id: int | None = Field(default=None, ge=1, le=2**31 - 1)
    q: Annotated[str, StringConstraints(strip_whitespace=True, max_length=120)] = ""
    page: int = Field(default=1, ge=1, le=1_000_000)
    per_page: int = Field(default=20, ge=1, le=100)

    @field_validator("status")
    @classmethod
    def _status(cls, value: str) -> str:
        if value and value not in STATUS_FILTERS:
            raise ValueError("orders.validation.status")
        return value

    @field_validator("date_from", "date_to", mode="before")
    @classmethod
    def _empty_date(cls, value):
        return None if value in ("", None) else value

    @field_validator("customer_id", mode="before")
    @classmethod
    def _empty_customer(cls, value):
        return None if value in ("", None) else value

    @field_validator("date_to")
    @classmethod
    def _range(cls, value: date | None, info) -> date | None:
        start = info.data.get("date_from")
        if value and start and start > value:
            raise ValueError("orders.validation.date_range")
        return value
