"""Framework settings, read from the environment (and ``.env``) by pydantic-settings."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent
INSTANCE_PATH = PROJECT_ROOT / "instance"


class Settings(BaseSettings):
    """Every framework setting, with the embedded default that needs nothing installed.

    Each field is read from the environment variable of the same name; the app
    factory's ``config_override`` wins over the environment.
    """

    model_config = SettingsConfigDict(env_file=".env", extra="ignore")

    SECRET_KEY: str = Field(default="dev-insecure-change-me", description="Signs sessions and tokens")
    DATABASE_URL: str = Field(default=f"sqlite:///{INSTANCE_PATH / 'wizamart.db'}")
    DATABASE_PARALLEL_QUERY: bool = Field(
        default=False,
        description="PostgreSQL: let one query use parallel workers (off: each request uses one core)",
    )
    CELERY_BROKER_URL: str | None = Field(default=None, description="None: tasks run eagerly")
    CELERY_RESULT_BACKEND: str | None = None
    WIZAMART_STRICT_MODULES: bool = Field(
        default=True, description="A broken module stops startup (set 0 in production)"
    )
    WIZAMART_MODULES: Annotated[list[str] | None, NoDecode] = Field(
        default=None, description="Load only these module codes (and the core modules, always)"
    )
    WIZAMART_MODULE_PATHS: Annotated[list[str], NoDecode] = Field(
        default_factory=list, description="Extra folders holding modules, besides modules/"
    )
    WIZAMART_ENTRY_POINTS: bool = Field(default=True, description="Load modules from pip distributions")
    DEFAULT_PLATFORM_ID: int = 1
    MODULE_ENABLEMENT_CHECK: bool = Field(
        default=True, description="Gate routes by per-platform enablement (off only to benchmark)"
    )
    MODULE_STATE_REFRESH_SECONDS: float = Field(
        default=0.5, description="How often a worker re-reads the shared enablement version"
    )
    MAX_CONTENT_LENGTH: int = Field(
        default=32 * 1024 * 1024,
        description="Largest request body (uploads, CSV); modules check their own smaller limits",
    )
    BABEL_DEFAULT_LOCALE: str = "en"
    LANGUAGES: Annotated[list[str], NoDecode] = Field(default_factory=lambda: ["en", "de", "fr", "lb"])
    DEFAULT_CURRENCY: str = "EUR"
    BABEL_DEFAULT_TIMEZONE: str = "UTC"

    @field_validator("DATABASE_URL")
    @classmethod
    def _psycopg3(cls, value: str) -> str:
        """PostgreSQL URLs use psycopg 3, whatever scheme the operator wrote."""
        for scheme in ("postgresql://", "postgres://"):
            if value.startswith(scheme):
                return "postgresql+psycopg://" + value[len(scheme) :]
        return value

    @field_validator("WIZAMART_MODULES", "WIZAMART_MODULE_PATHS", "LANGUAGES", mode="before")
    @classmethod
    def _comma_list(cls, value: Any) -> Any:
        if isinstance(value, str) and not value.strip().startswith("["):
            return [part.strip() for part in value.split(",") if part.strip()]
        return value


def flask_config(override: dict[str, Any] | None) -> dict[str, Any]:
    """Settings from the environment, the override on top, as a Flask config mapping."""
    override = dict(override or {})
    known = {k: override.pop(k) for k in list(override) if k in Settings.model_fields}
    settings = Settings(**known)
    config = settings.model_dump()
    config["SQLALCHEMY_DATABASE_URI"] = config["DATABASE_URL"]
    config.update(override)  # unknown keys (module settings, Flask's own) pass through
    return config
