"""Settings of the catalog module (environment variables prefixed ``CATALOG_``)."""

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class CatalogConfig(BaseSettings):
    """Limits of the CSV import; how long listings' counts are kept."""

    model_config = SettingsConfigDict(env_prefix="CATALOG_")

    import_max_bytes: int = Field(default=20 * 1024 * 1024, ge=1024, description="Largest CSV accepted")
    import_batch_size: int = Field(default=1000, ge=10, le=20_000, description="Rows written per batch")
    import_max_errors: int = Field(default=1000, ge=10, description="Row errors kept per import")
    import_inline_rows: int = Field(
        default=2000, ge=0, description="Imports up to this many rows run at once; larger ones as a task"
    )
    facet_cache_seconds: float = Field(
        default=30.0, ge=0, description="How long a worker keeps a listing's counts and brands (0: never)"
    )


config_class = CatalogConfig
