"""What the inventory's forms and API accept; errors name the field (locale keys)."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator

from .models import AdjustmentReason

MAX_QUANTITY = 1_000_000


class _In(BaseModel):
    model_config = ConfigDict(extra="ignore")


class LocationIn(_In):
    name: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=120)]
    street: Annotated[str, StringConstraints(strip_whitespace=True, max_length=200)] = ""
    postal_code: Annotated[str, StringConstraints(strip_whitespace=True, max_length=16)] = ""
    city: Annotated[str, StringConstraints(strip_whitespace=True, max_length=120)] = ""
    country: Annotated[str, StringConstraints(strip_whitespace=True, to_upper=True)] = "LU"
    is_default: bool = False
    active: bool = True

    @field_validator("country")
    @classmethod
    def _country_code(cls, value: str) -> str:
        if len(value) != 2 or not value.isalpha():
            raise ValueError("inventory.validation.country")
        return value

    @field_validator("postal_code")
    @classmethod
    def _postal_code(cls, value: str) -> str:
        if value and not all(c.isalnum() or c in " -" for c in value):
            raise ValueError("inventory.validation.postal_code")
        return value


class _VariantRef(_In):
    """A variant by id (API) or by SKU (forms and API)."""

    variant_id: int | None = Field(default=None, ge=1)
    sku: Annotated[str, StringConstraints(strip_whitespace=True, max_length=64)] = Field(
        default="", validate_default=True
    )

    @field_validator("sku")
    @classmethod
    def _sku_or_id(cls, value: str, info) -> str:
        if not value and info.data.get("variant_id") is None:
            raise ValueError("inventory.validation.variant_required")
        return value


class ReceiptIn(_VariantRef):
    location_id: int = Field(ge=1)
    quantity: int = Field(ge=1, le=MAX_QUANTITY)
    note: Annotated[str, StringConstraints(strip_whitespace=True, max_length=500)] = ""


class AdjustmentIn(_VariantRef):
    location_id: int = Field(ge=1)
    delta: int = Field(ge=-MAX_QUANTITY, le=MAX_QUANTITY)
    reason: AdjustmentReason = AdjustmentReason.CORRECTION
    note: Annotated[str, StringConstraints(strip_whitespace=True, max_length=500)] = ""

    @field_validator("delta")
    @classmethod
    def _not_zero(cls, value: int) -> int:
        if value == 0:
            raise ValueError("inventory.validation.not_zero")
        return value

    @field_validator("reason")
    @classmethod
    def _manual_reason(cls, value: AdjustmentReason) -> AdjustmentReason:
        if value is AdjustmentReason.TRANSFER:
            raise ValueError("inventory.validation.reason")
        return value


class CountIn(_In):
    location_id: int = Field(ge=1)
    on_hand: int = Field(ge=0, le=MAX_QUANTITY)
    note: Annotated[str, StringConstraints(strip_whitespace=True, max_length=500)] = ""


class TransferIn(_In):
    from_location_id: int = Field(ge=1)
    to_location_id: int = Field(ge=1)
    quantity: int = Field(ge=1, le=MAX_QUANTITY)
    note: Annotated[str, StringConstraints(strip_whitespace=True, max_length=500)] = ""


class SettingsIn(_In):
    track_inventory: bool = True
    low_stock_threshold: int = Field(default=3, ge=0, le=MAX_QUANTITY)


class ReservationQuery(_In):
    status: Literal["active", "consumed", "released", "expired", "all"] = "active"
    variant_id: int | None = Field(default=None, ge=1)
