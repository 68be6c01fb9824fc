"""What the cart's forms and API accept. The allowed range of a quantity depends on the
settings and the stock, so the service checks it (naming the field ``quantity``)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, field_validator


class _In(BaseModel):
    model_config = ConfigDict(extra="ignore")

    @field_validator("*", mode="before")
    @classmethod
    def _no_booleans(cls, value):
        # JSON ``true`` would pass as 1: a quantity or an id is never a yes/no.
        if isinstance(value, bool):
            raise ValueError("cart.validation.number")
        return value


class AddIn(_In):
    """Put a variant in the cart: ``{"variant_id": 12, "quantity": 2}``."""

    variant_id: int = Field(ge=1)
    quantity: int = 1


class QuantityIn(_In):
    """A line's new quantity (0 removes the line)."""

    quantity: int = Field(ge=0)
