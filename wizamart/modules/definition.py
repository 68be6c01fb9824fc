"""What a module declares about itself: ``ModuleDefinition`` and the small types it uses."""

from __future__ import annotations

import enum
import re
from collections.abc import Callable
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator
from pydantic_core import PydanticCustomError

CODE_PATTERN = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")
SEMVER_PATTERN = re.compile(r"^\d+\.\d+\.\d+(?:[-+][0-9A-Za-z.-]+)?$")


class FrontendType(enum.StrEnum):
    """The four faces of the platform; each has its own URL space and base template."""

    ADMIN = "admin"
    VENDOR = "vendor"
    STOREFRONT = "storefront"
    PUBLIC = "public"


class ModuleTier(enum.StrEnum):
    CORE = "core"
    OPTIONAL = "optional"
    INTERNAL = "internal"


class MenuItem(BaseModel):
    """One entry of a frontend's navigation."""

    model_config = ConfigDict(frozen=True)

    id: str
    label: str = Field(description="A locale key (or literal text) shown as the entry's label")
    endpoint: str = Field(description="Flask endpoint the entry links to")
    icon: str = ""
    group: str = ""
    order: int = 100
    permission: str | None = None
    module: str = ""


class Permission(BaseModel):
    """A permission a module's routes check; ``code`` reads ``<module>.<action>``.

    Platform admins hold every permission on the platforms they manage. In a vendor's
    team the owner holds every permission and the other roles those naming them in ``roles``.
    """

    model_config = ConfigDict(frozen=True)

    code: str
    description: str = ""
    roles: tuple[str, ...] = ()


class DashboardWidget(BaseModel):
    """A figure on a dashboard, contributed by a module through ``dashboard_widgets``."""

    model_config = ConfigDict(frozen=True)

    id: str
    label: str = Field(description="Locale key of the caption")
    value: int | str
    detail: str = Field(default="", description="Locale key of a line under the value; gets {count}")
    detail_value: int | str | None = None
    endpoint: str | None = None
    order: int = 100
    module: str = ""


class SettingField(BaseModel):
    """A platform or vendor setting a module declares through ``settings_fields``."""

    model_config = ConfigDict(frozen=True)

    key: str = Field(description="``<module>.<name>``")
    label: str = Field(description="Locale key of the label")
    type: Literal["text", "email", "number", "bool", "choice", "textarea", "url"] = "text"
    default: Any = None
    choices: tuple[tuple[str, str], ...] = Field(default=(), description="(value, locale key) pairs")
    help: str = ""
    required: bool = False
    max_length: int = 500
    module: str = ""

    def clean(self, raw: Any) -> Any:
        """The stored value for a submitted one.

        A ValueError names what is wrong: its message is a locale key (``core.validation.<name>``)
        and, where the text has placeholders, ``context`` holds their values.
        """
        text = "" if raw is None else str(raw).strip()
        if self.type == "bool":
            return text.lower() in ("1", "true", "on", "yes")
        if not text:
            if self.required:
                raise invalid("core.validation.missing")
            return None
        if len(text) > self.max_length:
            raise invalid("core.validation.string_too_long", max_length=self.max_length)
        if self.type == "number":
            try:
                return int(text)
            except ValueError:
                raise invalid("core.validation.int_parsing") from None
        if self.type == "email" and not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", text):
            raise invalid("core.validation.email")
        if self.type == "url" and not re.match(r"^https?://[^\s]+$", text):
            raise invalid("core.validation.url")
        if self.type == "choice" and text not in {value for value, _ in self.choices}:
            raise invalid("core.validation.one_of", choices=", ".join(v for v, _ in self.choices))
        return text

    def choices_for_display(self, translate: Callable[[str], str]) -> list[tuple[str, str]]:
        return [(value, translate(label)) for value, label in self.choices]


def invalid(key: str, **params) -> ValueError:
    """A ValueError whose message is the locale key ``key``, with ``params`` for its placeholders
    (pydantic's own kind, so validators and ``SettingField.clean`` speak alike)."""
    return PydanticCustomError("value_error", key, params)


class HealthResult(BaseModel):
    """A module's answer to ``health_check``."""

    ok: bool
    detail: str = ""
    critical: bool = False


def package_of(code: str) -> str:
    """The Python package name of a module code (``dev-tools`` lives in ``dev_tools``)."""
    return code.replace("-", "_")


class ModuleDefinition(BaseModel):
    """Everything the framework needs to know about a module, declared in ``definition.py``.

    The spec's fields, validated at startup: a bad value stops the app with the module,
    the field and the problem named.
    """

    model_config = ConfigDict(extra="forbid", use_enum_values=False)

    # Identity
    code: str
    name: str = Field(min_length=1)
    description: str = ""
    version: str = "1.0.0"

    # Classification (determines the tier)
    is_core: bool = False
    is_internal: bool = False

    # Dependencies and features
    requires: list[str] = Field(default_factory=list)
    features: list[str] = Field(default_factory=list)

    # Navigation per frontend: item ids or full MenuItem entries
    menu_items: dict[FrontendType, list[str | MenuItem]] = Field(default_factory=dict)
    permissions: list[Permission] = Field(default_factory=list)

    # Self-contained layout
    is_self_contained: bool = True
    services_path: str | None = None
    models_path: str | None = None
    schemas_path: str | None = None
    exceptions_path: str | None = None
    templates_path: str = "templates"
    locales_path: str = "locales"

    @field_validator("code")
    @classmethod
    def _code_is_slug(cls, value: str) -> str:
        if not CODE_PATTERN.match(value):
            raise ValueError("must be lower-case letters and digits, words joined by '-' (e.g. 'dev-tools')")
        return value

    @field_validator("version")
    @classmethod
    def _version_is_semver(cls, value: str) -> str:
        if not SEMVER_PATTERN.match(value):
            raise ValueError("must be a semantic version such as '1.0.0'")
        return value

    @field_validator("requires")
    @classmethod
    def _requires_are_codes(cls, value: list[str]) -> list[str]:
        bad = [code for code in value if not CODE_PATTERN.match(code)]
        if bad:
            raise ValueError(f"not module codes: {', '.join(map(repr, bad))}")
        if len(set(value)) != len(value):
            raise ValueError("lists a module twice")
        return value

    @model_validator(mode="after")
    def _consistent(self) -> ModuleDefinition:
        if self.is_core and self.is_internal:
            raise ValueError("is_core and is_internal: a module is core or internal, not both")
        if self.code in self.requires:
            raise ValueError(f"requires: the module requires itself ({self.code!r})")
        return self

    @property
    def tier(self) -> ModuleTier:
        if self.is_core:
            return ModuleTier.CORE
        if self.is_internal:
            return ModuleTier.INTERNAL
        return ModuleTier.OPTIONAL

    @property
    def package(self) -> str:
        """The folder / Python package name of the module."""
        return package_of(self.code)

    @property
    def settings_prefix(self) -> str:
        """Prefix of the module's environment variables and Flask config keys."""
        return self.package.upper() + "_"
