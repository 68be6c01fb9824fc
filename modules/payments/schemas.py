"""What the payments' forms and API accept; errors name the field (locale keys).

Amounts: the API takes integer cents (``amount_cents``); the pages take what people type, euros
with a comma or a point (``amount``: ``12,50``), turned into cents here.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator

from wizamart.errors import ValidationError

from .models import PaymentStatus
from .services.payment_service import MAX_AMOUNT_CENTS

Text = Annotated[str, StringConstraints(strip_whitespace=True, max_length=300)]
Key = Annotated[str, StringConstraints(strip_whitespace=True, max_length=100, pattern=r"^[A-Za-z0-9_.:-]*$")]


SettingValue = Annotated[str, StringConstraints(max_length=500)] | None


class _In(BaseModel):
    model_config = ConfigDict(extra="ignore")


def cents_from_text(value: Any) -> int | None:
    """``"12,50"``, ``"12.5"``, ``"€ 1 234,00"`` -> cents; ``""`` -> None; anything else raises."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    text = re.sub(r"[\s€]", "", str(value))
    if text.count(",") == 1 and "." not in text:
        text = text.replace(",", ".")
    try:
        amount = Decimal(text)
    except InvalidOperation:
        raise ValueError("payments.validation.money") from None
    if amount != amount.quantize(Decimal("0.01")) or not amount.is_finite():
        raise ValueError("payments.validation.money")
    return int(amount * 100)


class _Amount(_In):
    """``amount_cents`` (API) or ``amount`` in euros (forms)."""

    amount_cents: int | None = Field(default=None, ge=1, le=MAX_AMOUNT_CENTS)
    amount: str | None = Field(default=None, max_length=20)

    @field_validator("amount")
    @classmethod
    def _euros(cls, value: str | None) -> str | None:
        cents = cents_from_text(value)
        if cents is not None and not 0 < cents <= MAX_AMOUNT_CENTS:
            raise ValueError("payments.validation.amount")
        return value

    @property
    def cents(self) -> int | None:
        return self.amount_cents if self.amount_cents is not None else cents_from_text(self.amount)


class RefundIn(_Amount):
    reason: Text = ""
    # A one-time token of the form (or the API client's key): the same request twice refunds once.
    idempotency_key: Key = ""

    def required_cents(self, field: str) -> int:
        """The amount, or a 422 naming ``field`` (``amount_cents`` in the API, ``amount`` on a form)."""
        if self.cents is None:
            raise ValidationError(
                "payments.errors.amount_required",
                details={"fields": {field: "payments.validation.amount_required"}},
            )
        return self.cents


class ConfirmIn(_Amount):
    note: Text = ""


class ProviderIn(_In):
    """A provider's switch and settings: ``{"enabled": true, "settings": {"iban": …}}``."""

    enabled: bool = False
    position: int | None = Field(default=None, ge=0, le=1000)
    settings: dict[str, SettingValue] = Field(default_factory=dict)


class PaymentQuery(_In):
    status: Literal["", *[s.value for s in PaymentStatus]] = ""  # type: ignore[valid-type]
    q: Annotated[str, StringConstraints(strip_whitespace=True, max_length=120)] = ""
    page: int = Field(default=1, ge=1, le=100_000)
    per_page: int = Field(default=20, ge=1, le=100)
