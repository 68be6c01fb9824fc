"""Input schemas of the tenancy module, shared by its pages (forms) and its API (JSON)."""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator

from wizamart.modules.definition import invalid

from ..models import VendorRole

CODE_RE = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$")
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
DOMAIN_RE = re.compile(
    r"^(?=.{1,255}$)[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*(:\d+)?$"
)
LANGUAGES = ("en", "de", "fr", "lb")

# Validators raise locale keys (``tenancy.validation.<name>``), shown in the request's language;
# ``invalid(key, **params)`` for a text with placeholders.


def check_code(value: str) -> str:
    value = value.strip().lower()
    if not CODE_RE.match(value):
        raise ValueError("tenancy.validation.code")
    return value


def check_email(value: str) -> str:
    value = value.strip().lower()
    if not EMAIL_RE.match(value):
        raise ValueError("tenancy.validation.email")
    return value


def check_password(value: str) -> str:
    if len(value) < 10:
        raise ValueError("tenancy.validation.password_length")
    if value.isdigit() or value.isalpha():
        raise ValueError("tenancy.validation.password_mix")
    return value


def check_lu_vat(value: str) -> str:
    """Luxembourg VAT number: LU + 8 digits, the last two the first six modulo 89."""
    value = value.replace(" ", "").upper()
    if not value:
        return value
    if not re.fullmatch(r"LU\d{8}", value):
        raise ValueError("tenancy.validation.vat_format")
    digits = value[2:]
    if int(digits[:6]) % 89 != int(digits[6:]):
        raise ValueError("tenancy.validation.vat_checksum")
    return value


def check_rcs(value: str) -> str:
    value = value.replace(" ", "").upper()
    if value and not re.fullmatch(r"[A-Z]\d{1,7}", value):
        raise ValueError("tenancy.validation.rcs")
    return value


def check_language(value: str) -> str:
    if value not in LANGUAGES:
        raise invalid("tenancy.validation.language", choices=", ".join(LANGUAGES))
    return value


Code = Annotated[str, AfterValidator(check_code)]
Email = Annotated[str, AfterValidator(check_email)]
Password = Annotated[str, AfterValidator(check_password)]
Language = Annotated[str, AfterValidator(check_language)]
LuVat = Annotated[str, AfterValidator(check_lu_vat)]
Rcs = Annotated[str, AfterValidator(check_rcs)]


class Schema(BaseModel):
    model_config = ConfigDict(str_strip_whitespace=True, extra="forbid")


class PlatformIn(Schema):
    code: Code
    name: str = Field(min_length=1, max_length=120)
    domains: list[str] = Field(default_factory=list)
    default_language: Language = "en"
    currency: str = "EUR"

    @field_validator("domains")
    @classmethod
    def _domains(cls, value: list[str]) -> list[str]:
        cleaned = []
        for item in value:
            for domain in item.replace(",", " ").split():
                domain = domain.strip().lower()
                if not DOMAIN_RE.match(domain):
                    raise invalid("tenancy.validation.domain", domain=domain)
                cleaned.append(domain)
        if len(set(cleaned)) != len(cleaned):
            raise ValueError("tenancy.validation.domain_twice")
        return cleaned

    @field_validator("currency")
    @classmethod
    def _currency(cls, value: str) -> str:
        if not re.fullmatch(r"[A-Z]{3}", value.upper()):
            raise ValueError("tenancy.validation.currency")
        return value.upper()


class CompanyIn(Schema):
    legal_name: str = Field(min_length=1, max_length=200)
    vat_number: LuVat = ""
    rcs_number: Rcs = ""
    street: str = ""
    postal_code: str = ""
    city: str = ""
    country: str = "LU"
    platform_id: int | None = None

    @field_validator("postal_code")
    @classmethod
    def _postal(cls, value: str) -> str:
        value = value.upper().removeprefix("L-").strip()
        if value and not re.fullmatch(r"\d{4}", value):
            raise ValueError("tenancy.validation.postal_code")
        return value

    @field_validator("country")
    @classmethod
    def _country(cls, value: str) -> str:
        if not re.fullmatch(r"[A-Z]{2}", value.upper()):
            raise ValueError("tenancy.validation.country")
        return value.upper()


def check_domain(value: str) -> str:
    value = value.strip().lower()
    if value and not DOMAIN_RE.match(value):
        raise invalid("tenancy.validation.domain", domain=value)
    return value


ShopDomain = Annotated[str, AfterValidator(check_domain)]


class VendorIn(Schema):
    code: Code
    name: str = Field(min_length=1, max_length=120)
    company_id: int
    platform_id: int | None = None
    default_language: Language = "en"
    custom_domain: ShopDomain = ""


class VendorUpdate(Schema):
    name: str = Field(min_length=1, max_length=120)
    default_language: Language = "en"
    custom_domain: ShopDomain = ""


class StatusChange(Schema):
    reason: str = Field(default="", max_length=500)


class ReasonRequired(Schema):
    reason: str = Field(min_length=3, max_length=500)


class UserIn(Schema):
    email: Email
    name: str = Field(default="", max_length=120)
    password: Password
    is_super_admin: bool = False
    platform_ids: list[int] = Field(default_factory=list)


class UserUpdate(Schema):
    name: str = Field(default="", max_length=120)
    is_active: bool = True
    is_super_admin: bool = False
    platform_ids: list[int] = Field(default_factory=list)


class InvitationIn(Schema):
    email: Email
    role: VendorRole = VendorRole.STAFF


class RoleChange(Schema):
    role: VendorRole


class LoginIn(Schema):
    email: Email
    password: str = Field(min_length=1)


class TokenRequest(LoginIn):
    name: str = Field(default="API client", max_length=100)
    days: int = Field(default=90, ge=1, le=365)


class PasswordForgot(Schema):
    email: Email


class PasswordReset(Schema):
    password: Password
    password_confirm: str

    @field_validator("password_confirm")
    @classmethod
    def _same(cls, value: str, info) -> str:
        if value != info.data.get("password"):
            raise ValueError("tenancy.validation.password_mismatch")
        return value


class InvitationAccept(PasswordReset):
    name: str = Field(default="", max_length=120)
