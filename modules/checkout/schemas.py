"""What checkout's forms and API accept; errors name the field (locale keys).

Money comes in two spellings: euros as people type them (``rate="4,90"``, forms) or integer
cents (``rate_cents=490``, API); either fills ``rate_cents``.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any, ClassVar

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator, model_validator

from .models import LANGUAGES

MAX_CENTS = 10_000_000  # 100,000 euros: more than any delivery or threshold
COUNTRY_RE = re.compile(r"^[A-Z]{2}$")
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")

Name = Annotated[str, StringConstraints(strip_whitespace=True, max_length=120)]


def euros_to_cents(value: Any) -> int | None:
    """``"4,90"``, ``"4.90"``, ``4.9`` -> 490; empty -> None. At most two decimals, not negative."""
    if value is None or isinstance(value, bool):
        if isinstance(value, bool):
            raise ValueError("checkout.validation.amount")
        return None
    text = str(value).strip().replace("\u00a0", "").replace(" ", "").replace("€", "")
    if text == "":
        return None
    if "," in text and "." not in text:
        text = text.replace(",", ".")
    try:
        amount = Decimal(text)
    except InvalidOperation:
        raise ValueError("checkout.validation.amount") from None
    if not amount.is_finite() or amount < 0:
        raise ValueError("checkout.validation.amount")
    if amount != amount.quantize(Decimal("0.01")):
        raise ValueError("checkout.validation.amount_decimals")
    cents = int(amount * 100)
    if cents > MAX_CENTS:
        raise ValueError("checkout.validation.amount_too_high")
    return cents


def cents_to_euros(cents: int | None) -> str:
    """490 -> ``"4.90"`` (the forms' notation); None -> ``""``."""
    return "" if cents is None else f"{cents // 100}.{cents % 100:02d}"


def check_countries(value: Any) -> list[str]:
    """``"lu, BE fr"`` or ``["LU", "BE"]`` -> ``["LU", "BE", "FR"]`` (upper case, once each)."""
    if isinstance(value, str):
        value = [value]
    if isinstance(value, list | tuple):
        parts = [code for part in value for code in re.split(r"[\s,;]+", str(part))]
    else:
        raise ValueError("checkout.validation.countries")
    countries: list[str] = []
    for part in parts:
        code = part.strip().upper()
        if not code:
            continue
        if not COUNTRY_RE.match(code):
            raise ValueError("checkout.validation.country_code")
        if code not in countries:
            countries.append(code)
    if not countries:
        raise ValueError("checkout.validation.countries")
    return countries


class _In(BaseModel):
    model_config = ConfigDict(extra="ignore", str_strip_whitespace=True)


class ShippingMethodIn(_In):
    """A shipping method (API): its name in each language (English required; ``names`` as an
    object or ``name_<lang>`` fields), the countries it delivers to, its gross rate in cents,
    the amount above which it is free (null: never free), whether it is offered, and its place
    in the list."""

    name_en: Name = Field(min_length=1)
    name_de: Name = ""
    name_fr: Name = ""
    name_lb: Name = ""
    countries: list[str]
    rate_cents: int = Field(ge=0, le=MAX_CENTS)
    free_above_cents: int | None = Field(default=None, ge=0, le=MAX_CENTS)
    active: bool = True
    position: int = Field(default=0, ge=0, le=10_000)

    @model_validator(mode="before")
    @classmethod
    def _names_object(cls, data: Any) -> Any:
        if isinstance(data, dict) and isinstance(data.get("names"), dict):
            data = dict(data)
            names = data.pop("names")
            for lang in LANGUAGES:
                data.setdefault(f"name_{lang}", names.get(lang) or "")
        return data

    @field_validator("countries", mode="before")
    @classmethod
    def _countries(cls, value: Any) -> list[str]:
        return check_countries(value)

    @property
    def names(self) -> dict[str, str]:
        return {lang: getattr(self, f"name_{lang}") for lang in LANGUAGES if getattr(self, f"name_{lang}")}


class ShippingMethodForm(ShippingMethodIn):
    """The vendor page's form: the same, with the amounts typed in euros (``rate``,
    ``free_above``; empty: never free)."""

    rate: int = 0
    rate_cents: int | None = None
    free_above: int | None = None

    @model_validator(mode="before")
    @classmethod
    def _rate_required(cls, data: Any) -> Any:
        if isinstance(data, dict) and "rate" not in data:
            data = {**data, "rate": ""}  # an empty field is left out of the form's data
        return data

    @field_validator("rate", mode="before")
    @classmethod
    def _rate(cls, value: Any) -> int:
        cents = euros_to_cents(value)
        if cents is None:
            raise ValueError("checkout.validation.rate_required")
        return cents

    @field_validator("free_above", mode="before")
    @classmethod
    def _free_above(cls, value: Any) -> int | None:
        return euros_to_cents(value)

    @model_validator(mode="after")
    def _in_cents(self) -> ShippingMethodForm:
        self.rate_cents = self.rate
        self.free_above_cents = self.free_above
        return self


# ------------------------------------------------------------------ the steps


def check_email(value: str) -> str:
    value = (value or "").strip().lower()
    if len(value) > 255 or not EMAIL_RE.match(value):
        raise ValueError("checkout.validation.email")
    return value


class ShippingIn(_In):
    shipping_method_id: int = Field(ge=1)

    @model_validator(mode="before")
    @classmethod
    def _chosen(cls, data: Any) -> Any:
        if isinstance(data, dict) and data.get("shipping_method_id") in (None, ""):
            data = {**data, "shipping_method_id": _Missing("checkout.validation.choose_shipping")}
        return data

    @field_validator("shipping_method_id", mode="before")
    @classmethod
    def _missing(cls, value: Any) -> Any:
        if isinstance(value, _Missing):
            raise ValueError(value.key)
        return value


class PaymentIn(_In):
    provider: Annotated[str, StringConstraints(strip_whitespace=True, max_length=40)] = ""

    @field_validator("provider")
    @classmethod
    def _chosen(cls, value: str) -> str:
        if not value:
            raise ValueError("checkout.validation.choose_payment")
        return value


class _Missing:
    """A field left out, on its way to its own validator (which names it)."""

    def __init__(self, key: str):
        self.key = key


class PlaceIn(_In):
    """Placing: the idempotency key (also taken from the ``Idempotency-Key`` header) and, when the
    client wants to be sure, the total it expects (a different one is a price change)."""

    idempotency_key: Annotated[str, StringConstraints(strip_whitespace=True, max_length=100)] = ""
    expected_total_cents: int | None = Field(default=None, ge=0)


# ------------------------------------------------------------------ the address step

PHONE_RE = re.compile(r"^\+?[0-9 ()/.-]{4,30}$")


class AddressFields(_In):
    """A postal address as the order keeps it. Luxembourg postal codes are four digits (an
    ``L-`` in front is dropped); others 2 to 10 letters, digits, spaces or dashes."""

    name: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=120)]
    company: Annotated[str, StringConstraints(strip_whitespace=True, max_length=120)] = ""
    street: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
    country: Annotated[str, StringConstraints(strip_whitespace=True, to_upper=True)] = "LU"
    postal_code: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=20)]
    city: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]
    phone: Annotated[str, StringConstraints(strip_whitespace=True, max_length=40)] = ""

    @field_validator("country")
    @classmethod
    def _country(cls, value: str) -> str:
        if not COUNTRY_RE.match(value):
            raise ValueError("checkout.validation.country_code")
        return value

    @field_validator("postal_code")
    @classmethod
    def _postal_code(cls, value: str, info) -> str:
        value = value.upper()
        if info.data.get("country", "LU") == "LU" or value.startswith("L-"):
            value = value.removeprefix("L-").strip()
            if not re.fullmatch(r"\d{4}", value):
                raise ValueError("checkout.validation.postal_code_lu")
        elif not re.fullmatch(r"[A-Z0-9 -]{2,10}", value):
            raise ValueError("checkout.validation.postal_code")
        return value

    @field_validator("phone")
    @classmethod
    def _phone(cls, value: str) -> str:
        if value and not PHONE_RE.match(value):
            raise ValueError("checkout.validation.phone")
        return value


class AddressStepIn(_In):
    """The address step: who orders (``email``, a guest's; a signed-in customer's is known),
    where it goes (a saved ``address_id`` of the customer, or ``shipping_address``), where the
    invoice goes (the same unless ``billing_same`` is off), and, for a guest, a ``password`` to
    open an account on the way (with ``password_confirm``). ``save_address`` keeps a new address
    in a signed-in customer's address book."""

    email: Annotated[str, StringConstraints(strip_whitespace=True, to_lower=True, max_length=255)] = ""
    address_id: int | None = Field(default=None, ge=1)
    shipping_address: AddressFields | None = None
    billing_same: bool = True
    billing_address: AddressFields | None = None
    password: str = Field(default="", max_length=200)
    password_confirm: str = Field(default="", max_length=200)
    save_address: bool = False

    @field_validator("email")
    @classmethod
    def _email(cls, value: str) -> str:
        return check_email(value) if value else value


class AdvanceIn(AddressStepIn):
    """The API's way through the steps: any of them in one request, in their order — the
    address fields of ``AddressStepIn`` (when any is sent), ``shipping_method_id``, ``provider``."""

    shipping_method_id: int | None = Field(default=None, ge=1)
    provider: Annotated[str, StringConstraints(strip_whitespace=True, max_length=40)] | None = None

    ADDRESS_FIELDS: ClassVar[frozenset[str]] = frozenset(
        {"email", "address_id", "shipping_address", "billing_same", "billing_address", "password"}
    )

    @property
    def has_address(self) -> bool:
        return bool(self.model_fields_set & self.ADDRESS_FIELDS)
