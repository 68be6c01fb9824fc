"""Input schemas of the customers module, shared by its pages (forms) and its API (JSON).

Validators raise locale keys (``customers.validation.<name>``), shown in the reader's language.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationInfo, field_validator

from wizamart.modules.definition import invalid

EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
LANGUAGES = ("en", "de", "fr", "lb")


def check_email(value: str) -> str:
    value = value.strip().lower()
    if len(value) > 255 or not EMAIL_RE.match(value):
        raise ValueError("customers.validation.email")
    return value


def check_password(value: str) -> str:
    if len(value) < 10:
        raise ValueError("customers.validation.password_length")
    if value.isdigit() or value.isalpha():
        raise ValueError("customers.validation.password_mix")
    return value


def check_language(value: str | None) -> str | None:
    if value in (None, ""):
        return None
    if value not in LANGUAGES:
        raise invalid("customers.validation.language", choices=", ".join(LANGUAGES))
    return value


def check_phone(value: str) -> str:
    if value and not re.fullmatch(r"\+?[0-9 ()/.-]{4,30}", value):
        raise ValueError("customers.validation.phone")
    return value


Email = Annotated[str, AfterValidator(check_email)]
Password = Annotated[str, AfterValidator(check_password)]
Language = Annotated[str | None, AfterValidator(check_language)]
Phone = Annotated[str, Field(default="", max_length=40), AfterValidator(check_phone)]


class Schema(BaseModel):
    model_config = ConfigDict(str_strip_whitespace=True, extra="forbid")


class FormSchema(Schema):
    """Page forms carry a CSRF token the schema does not care about."""

    model_config = ConfigDict(str_strip_whitespace=True, extra="ignore")


# ------------------------------------------------------------------ the storefront realm


class PasswordPair(FormSchema):
    password: Password
    password_confirm: str

    @field_validator("password_confirm")
    @classmethod
    def _same(cls, value: str, info: ValidationInfo) -> str:
        if value != info.data.get("password"):
            raise ValueError("customers.validation.password_mismatch")
        return value


class RegisterIn(PasswordPair):
    email: Email
    name: str = Field(min_length=1, max_length=120)
    language: Language = None


class LoginIn(FormSchema):
    email: Email
    password: str = Field(min_length=1)


class ForgotIn(FormSchema):
    email: Email


class ProfileIn(FormSchema):
    name: str = Field(min_length=1, max_length=120)
    phone: Phone = ""
    language: Language = None


class PasswordChange(PasswordPair):
    current_password: str = Field(min_length=1)


class DeleteAccountIn(FormSchema):
    password: str = Field(min_length=1)


class AddressIn(FormSchema):
    label: str = Field(default="", max_length=60)
    name: str = Field(min_length=1, max_length=120)
    street: str = Field(min_length=1, max_length=200)
    country: str = "LU"  # before the postal code, whose format depends on it
    postal_code: str = Field(min_length=1, max_length=20)
    city: str = Field(min_length=1, max_length=100)
    phone: Phone = ""
    is_default: bool = False

    @field_validator("country")
    @classmethod
    def _country(cls, value: str) -> str:
        value = value.upper()
        if not re.fullmatch(r"[A-Z]{2}", value):
            raise ValueError("customers.validation.country")
        return value

    @field_validator("postal_code")
    @classmethod
    def _postal(cls, value: str, info: ValidationInfo) -> str:
        value = value.upper()
        if info.data.get("country", "LU") == "LU" or value.startswith("L-"):
            value = value.removeprefix("L-").strip()
            if not re.fullmatch(r"\d{4}", value):
                raise ValueError("customers.validation.postal_code_lu")
        elif not re.fullmatch(r"[A-Z0-9 -]{2,10}", value):
            raise ValueError("customers.validation.postal_code")
        return value


# ------------------------------------------------------------------ segments

NUMBER_OPS = ("gte", "gt", "lte", "lt", "eq")
# Every rule field, the comparisons it allows and the kind of value it takes.
RULE_FIELDS: dict[str, tuple[tuple[str, ...], str]] = {
    "total_spent": (NUMBER_OPS, "cents"),  # total spent, in cents
    "order_count": (NUMBER_OPS, "count"),
    "ordered_within": (("within", "not_within"), "days"),  # last order in the past N days (or not)
    "registered": (("before", "after"), "date"),  # registered before/after a day (guests never)
    "city": (("eq", "ne"), "text"),  # one of the customer's addresses is (not) in that city
    "language": (("eq", "ne"), "language"),
}
RuleField = Literal["total_spent", "order_count", "ordered_within", "registered", "city", "language"]


class Rule(Schema):
    """One condition of a segment: ``{"field": "total_spent", "op": "gte", "value": 10000}``."""

    field: RuleField
    op: str
    value: Any

    @field_validator("op")
    @classmethod
    def _op(cls, value: str, info: ValidationInfo) -> str:
        field = info.data.get("field")
        if field is None:
            return value
        ops = RULE_FIELDS[field][0]
        if value not in ops:
            raise invalid("customers.validation.rule_op", choices=", ".join(ops))
        return value

    @field_validator("value")
    @classmethod
    def _value(cls, value: Any, info: ValidationInfo) -> Any:
        field = info.data.get("field")
        if field is None:
            return value
        kind = RULE_FIELDS[field][1]
        if kind in ("cents", "count", "days"):
            number = value if isinstance(value, int) and not isinstance(value, bool) else None
            if isinstance(value, str) and re.fullmatch(r"\d{1,12}", value.strip()):
                number = int(value)
            if kind == "days" and (number is None or not 1 <= number <= 3650):
                raise ValueError("customers.validation.rule_days")
            if number is None and kind == "cents":
                raise ValueError("customers.validation.rule_cents")
            if number is None:
                raise ValueError("customers.validation.rule_count")
            return number
        if kind == "date":
            try:
                return date.fromisoformat(str(value).strip()).isoformat()
            except ValueError:
                raise ValueError("customers.validation.rule_date") from None
        text = str(value).strip() if isinstance(value, str | int) else ""
        if kind == "language":
            if text not in LANGUAGES:
                raise invalid("customers.validation.language", choices=", ".join(LANGUAGES))
            return text
        if not 1 <= len(text) <= 100:
            raise ValueError("customers.validation.rule_text")
        return text


class SegmentIn(Schema):
    name: str = Field(min_length=1, max_length=120)
    rules: list[Rule] = Field(min_length=1, max_length=10)


def euros_to_cents(text: str) -> int | str:
    """A form's amount in euros ("150", "150,50") as cents; what is not an amount stays as typed,
    for the rule's validator to refuse."""
    cleaned = text.strip().replace(" ", "").replace(",", ".")
    if re.fullmatch(r"\d{1,10}(\.\d{1,2})?", cleaned):
        euros, _, cents = cleaned.partition(".")
        return int(euros) * 100 + int((cents + "00")[:2])
    return text
