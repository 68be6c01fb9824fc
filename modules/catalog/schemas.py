"""Input schemas of the catalog, shared by its pages (forms turned into the same shape) and its
API (JSON), and the checks the CSV import reuses row by row (plain functions, no pydantic per
row: the import must stay fast)."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator, model_validator

from .models import LANGUAGES, VatClass

SKU_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._/-]{0,63}$")
SLUG_RE = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,118}[a-z0-9])?$")
OPTION_NAME_RE = re.compile(r"^[a-z][a-z0-9_]{0,29}$")
MAX_PRICE_CENTS = 100_000_000  # one million euros
VAT_PERCENTS = {1700: 17, 1400: 14, 800: 8, 300: 3}
PERCENT_TO_VAT = {percent: bp for bp, percent in VAT_PERCENTS.items()}

# Each check raises a locale key (``catalog.validation.<name>``), shown in the request's language.


def check_sku(value: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ValueError("catalog.validation.sku_required")
    if not SKU_RE.match(value):
        raise ValueError("catalog.validation.sku_format")
    return value


def check_gtin(value: str | None) -> str | None:
    """A GTIN-8, -12 (UPC), -13 (EAN) or -14 with a valid GS1 check digit; empty is none."""
    value = (value or "").strip().replace(" ", "")
    if not value:
        return None
    if not value.isdigit() or len(value) not in (8, 12, 13, 14):
        raise ValueError("catalog.validation.gtin_length")
    if gs1_check_digit(value[:-1]) != int(value[-1]):
        raise ValueError("catalog.validation.gtin_checksum")
    return value


def gs1_check_digit(digits: str) -> int:
    """The GS1 check digit of ``digits``: weights 3, 1, 3… from the right."""
    total = sum(int(d) * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(digits)))
    return (10 - total % 10) % 10


def euros_to_cents(value) -> int:
    """A gross price in euros ("12.50", "12,50", 12.5) as integer cents; at most two decimals."""
    if isinstance(value, bool):
        raise ValueError("catalog.validation.price")
    text = str(value).strip().replace("\u00a0", "").replace(" ", "").replace("€", "")
    if "," in text and "." not in text:
        text = text.replace(",", ".")
    try:
        amount = Decimal(text)
    except InvalidOperation:
        raise ValueError("catalog.validation.price") from None
    if not amount.is_finite() or amount < 0:
        raise ValueError("catalog.validation.price")
    if amount != amount.quantize(Decimal("0.01")):
        raise ValueError("catalog.validation.price_decimals")
    cents = int(amount * 100)
    if cents > MAX_PRICE_CENTS:
        raise ValueError("catalog.validation.price_too_high")
    return cents


def cents_to_euros(cents: int) -> str:
    """``1250`` -> ``"12.50"`` (the form's and the CSV's notation)."""
    return f"{cents // 100}.{cents % 100:02d}"


def check_vat_rate(value) -> int:
    """17, 14, 8 or 3 (percent), or the same in basis points; stored as basis points."""
    try:
        number = int(str(value).strip().rstrip("%").strip())
    except (TypeError, ValueError):
        raise ValueError("catalog.validation.vat_rate") from None
    if number in PERCENT_TO_VAT:
        return PERCENT_TO_VAT[number]
    if number in VAT_PERCENTS:
        return number
    raise ValueError("catalog.validation.vat_rate")


def check_slug(value: str | None) -> str | None:
    value = (value or "").strip().lower()
    if not value:
        return None
    if not SLUG_RE.match(value):
        raise ValueError("catalog.validation.slug")
    return value


def check_options(value: dict[str, str]) -> dict[str, str]:
    options = {}
    for name, option in (value or {}).items():
        name, option = str(name).strip().lower(), str(option).strip()
        if not OPTION_NAME_RE.match(name):
            raise ValueError("catalog.validation.option_name")
        if not option or len(option) > 60:
            raise ValueError("catalog.validation.option_value")
        options[name] = option
    return options


def net_cents(gross_cents: int, vat_rate: int) -> int:
    """The price without VAT, rounded to the cent (``vat_rate`` in basis points)."""
    return (gross_cents * 10_000 + (10_000 + vat_rate) // 2) // (10_000 + vat_rate)


Sku = Annotated[str, AfterValidator(check_sku)]
Gtin = Annotated[str | None, AfterValidator(check_gtin)]
Slug = Annotated[str | None, AfterValidator(check_slug)]


class TranslationIn(BaseModel):
    model_config = ConfigDict(str_strip_whitespace=True)

    title: str = Field(default="", max_length=200)
    description: str = Field(default="", max_length=20_000)


class VariantIn(BaseModel):
    """One variant: ``price`` in euros with VAT (or ``price_cents``); ``id`` to keep an existing one."""

    id: int | None = None
    sku: Sku
    gtin: Gtin = None
    price: str | float | int | None = None
    price_cents: int | None = Field(default=None, ge=0, le=MAX_PRICE_CENTS)
    options: dict[str, str] = Field(default_factory=dict)

    @field_validator("price")
    @classmethod
    def _price(cls, value):
        return None if value is None or str(value).strip() == "" else euros_to_cents(value)

    @field_validator("options")
    @classmethod
    def _options(cls, value):
        return check_options(value)

    @model_validator(mode="after")
    def _one_price(self):
        # A missing price is reported by the service, naming ``variants.N.price``.
        if self.price is not None:
            self.price_cents = int(self.price)
        return self


class ProductIn(BaseModel):
    """A product with its translations and variants, as the form and the API send it."""

    model_config = ConfigDict(str_strip_whitespace=True)

    translations: dict[str, TranslationIn] = Field(default_factory=dict)
    slug: Slug = None
    brand: str = Field(default="", max_length=120)
    vat_rate: int = VatClass.STANDARD
    status: Literal["draft", "active"] = "draft"
    featured: bool = False
    category_ids: list[int] = Field(default_factory=list, max_length=50)
    media_ids: list[int] = Field(default_factory=list, max_length=30)
    variants: list[VariantIn] = Field(min_length=1, max_length=250)

    @field_validator("translations")
    @classmethod
    def _languages(cls, value):
        unknown = [lang for lang in value if lang not in LANGUAGES]
        if unknown:
            raise ValueError("catalog.validation.language")
        return value

    @field_validator("vat_rate", mode="before")
    @classmethod
    def _vat(cls, value):
        return check_vat_rate(value)


class CategoryIn(BaseModel):
    model_config = ConfigDict(str_strip_whitespace=True)

    names: dict[str, str] = Field(default_factory=dict)
    slug: Slug = None
    parent_id: int | None = None
    position: int = Field(default=0, ge=0, le=10_000)

    @field_validator("names")
    @classmethod
    def _names(cls, value):
        if any(lang not in LANGUAGES for lang in value):
            raise ValueError("catalog.validation.language")
        cleaned = {lang: text.strip() for lang, text in value.items() if text and text.strip()}
        if any(len(text) > 120 for text in cleaned.values()):
            raise ValueError("catalog.validation.name_too_long")
        return cleaned


BULK_ACTIONS = ("set_status", "set_category", "change_price", "set_vat", "archive", "restore")


class BulkEditIn(BaseModel):
    """One action on many products: ``set_status`` (``status``), ``set_category`` (adds
    ``category_id``), ``change_price`` (``percent``, e.g. -10 or 5.5), ``set_vat`` (``vat_rate``),
    ``archive`` or ``restore``."""

    product_ids: list[int] = Field(min_length=1, max_length=1000)
    action: Literal["set_status", "set_category", "change_price", "set_vat", "archive", "restore"]
    status: Literal["draft", "active"] | None = None
    category_id: int | None = None
    percent: Decimal | None = Field(default=None, ge=-90, le=1000)
    vat_rate: int | None = None

    @field_validator("vat_rate", mode="before")
    @classmethod
    def _vat(cls, value):
        return None if value in (None, "") else check_vat_rate(value)


# ------------------------------------------------------------------ output (API)


def variant_out(variant, vat_rate: int) -> dict:
    return {
        "id": variant.id,
        "sku": variant.sku,
        "gtin": variant.gtin,
        "price_cents": variant.price_cents,
        "price": cents_to_euros(variant.price_cents),
        "net_cents": net_cents(variant.price_cents, vat_rate),
        "vat_cents": variant.price_cents - net_cents(variant.price_cents, vat_rate),
        "options": dict(variant.options or {}),
        "position": variant.position,
        "stock_available": variant.stock_available,
    }


def product_out(product, media: dict | None = None) -> dict:
    """A product as the vendor and admin APIs answer it (``media``: cms views by id)."""
    media = media or {}
    return {
        "id": product.id,
        "vendor_id": product.vendor_id,
        "slug": product.slug,
        "status": product.status.value,
        "brand": product.brand,
        "vat_rate": VAT_PERCENTS.get(product.vat_rate, product.vat_rate / 100),
        "featured": product.featured,
        "in_stock": product.in_stock,
        "min_price_cents": product.min_price_cents,
        "translations": {
            tr.language: {"title": tr.title, "description": tr.description} for tr in product.translations
        },
        "category_ids": [c.id for c in product.categories],
        "media_ids": [image.media_id for image in product.images],
        "images": [
            {"id": m.id, "url": m.url, "thumbnail_url": m.thumbnail_url}
            for m in (media.get(image.media_id) for image in product.images)
            if m is not None
        ],
        "variants": [variant_out(v, product.vat_rate) for v in product.variants],
        "created_at": product.created_at.isoformat() if product.created_at else None,
        "updated_at": product.updated_at.isoformat() if product.updated_at else None,
        "archived_at": product.archived_at.isoformat() if product.archived_at else None,
    }


def category_out(category) -> dict:
    return {
        "id": category.id,
        "slug": category.slug,
        "names": dict(category.names or {}),
        "parent_id": category.parent_id,
        "position": category.position,
    }
