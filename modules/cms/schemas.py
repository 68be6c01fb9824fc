"""Input schemas of the cms module, shared by its pages (forms) and its API (JSON).

Per-language texts are flat fields (``title_fr``, ``body_fr``, ``alt_fr``) so that a form
field and its error line up; the API also accepts them nested (``{"title": {"fr": …}}``).
"""

from __future__ import annotations

import re
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator, model_validator

from wizamart.modules.definition import invalid

from .models import PageKind

LANGUAGES = ("en", "de", "fr", "lb")
SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
HEX_RE = re.compile(r"^#(?:[0-9a-fA-F]{3}){1,2}$")
TITLE_MAX = 200
BODY_MAX = 50_000
ALT_MAX = 300


def check_slug(value: str) -> str:
    value = value.strip().lower()
    if not SLUG_RE.match(value) or len(value) > 80:
        raise ValueError("cms.validation.slug")
    return value


def check_colour(value: str) -> str:
    """``#abc`` or ``#aabbcc``, stored as ``#aabbcc``; empty keeps the theme's colour."""
    value = value.strip()
    if not value:
        return ""
    if not HEX_RE.match(value):
        raise ValueError("cms.validation.colour")
    if len(value) == 4:
        value = "#" + "".join(ch * 2 for ch in value[1:])
    return value.lower()


def check_title(value: str) -> str:
    value = " ".join(value.split())
    if len(value) > TITLE_MAX:
        raise invalid("cms.validation.too_long", max_length=TITLE_MAX)
    return value


def check_body(value: str) -> str:
    value = value.replace("\r\n", "\n").strip()
    if len(value) > BODY_MAX:
        raise invalid("cms.validation.too_long", max_length=BODY_MAX)
    return value


def check_alt(value: str) -> str:
    value = " ".join(value.split())
    if len(value) > ALT_MAX:
        raise invalid("cms.validation.too_long", max_length=ALT_MAX)
    return value


Slug = Annotated[str, AfterValidator(check_slug)]
Colour = Annotated[str, AfterValidator(check_colour)]
Title = Annotated[str, AfterValidator(check_title)]
Body = Annotated[str, AfterValidator(check_body)]
Alt = Annotated[str, AfterValidator(check_alt)]


def flatten(data: Any, *names: str) -> Any:
    """``{"title": {"fr": "x"}}`` -> ``{"title_fr": "x"}`` (the API's nested form)."""
    if not isinstance(data, dict):
        return data
    data = dict(data)
    for name in names:
        nested = data.pop(name, None)
        if isinstance(nested, dict):
            for lang, text in nested.items():
                if lang in LANGUAGES:
                    data.setdefault(f"{name}_{lang}", text)
    return data


class PageIn(BaseModel):
    """A content page as a vendor or an admin writes it."""

    model_config = ConfigDict(extra="ignore")

    slug: Slug
    kind: PageKind = PageKind.PAGE
    published: bool = False
    show_in_footer: bool = False
    position: int = Field(default=0, ge=0, le=9999)
    title_en: Title = ""
    title_de: Title = ""
    title_fr: Title = ""
    title_lb: Title = ""
    body_en: Body = ""
    body_de: Body = ""
    body_fr: Body = ""
    body_lb: Body = ""

    @model_validator(mode="before")
    @classmethod
    def _nested(cls, data: Any) -> Any:
        return flatten(data, "title", "body")

    @property
    def titles(self) -> dict[str, str]:
        return {lang: getattr(self, f"title_{lang}") for lang in LANGUAGES if getattr(self, f"title_{lang}")}

    @property
    def bodies(self) -> dict[str, str]:
        return {lang: getattr(self, f"body_{lang}") for lang in LANGUAGES if getattr(self, f"body_{lang}")}


class AltTextIn(BaseModel):
    """A media file's alt text per language."""

    model_config = ConfigDict(extra="ignore")

    alt_en: Alt = ""
    alt_de: Alt = ""
    alt_fr: Alt = ""
    alt_lb: Alt = ""

    @model_validator(mode="before")
    @classmethod
    def _nested(cls, data: Any) -> Any:
        return flatten(data, "alt")

    @property
    def texts(self) -> dict[str, str]:
        return {lang: getattr(self, f"alt_{lang}") for lang in LANGUAGES if getattr(self, f"alt_{lang}")}


class ThemeIn(BaseModel):
    """A shop's theme choice, colours, logo and banner (media ids of the shop's library)."""

    model_config = ConfigDict(extra="ignore")

    theme: str = "classic"
    primary_color: Colour = ""
    accent_color: Colour = ""
    logo_media_id: int | None = Field(default=None, ge=1)
    banner_media_id: int | None = Field(default=None, ge=1)

    @field_validator("theme")
    @classmethod
    def _known_theme(cls, value: str) -> str:
        from .themes import THEMES

        if value not in THEMES:
            raise invalid("cms.validation.theme", choices=", ".join(THEMES))
        return value
