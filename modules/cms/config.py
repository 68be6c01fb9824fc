"""Settings of the cms module (environment variables or Flask config keys prefixed ``CMS_``)."""

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class CmsConfig(BaseSettings):
    """Where media files live and how big an upload may be."""

    model_config = SettingsConfigDict(env_prefix="CMS_")

    media_root: str = Field(
        default="", description="Folder of uploaded media; empty: <instance folder>/media"
    )
    image_max_bytes: int = Field(default=5 * 1024 * 1024, ge=1, description="Largest image upload")
    file_max_bytes: int = Field(default=20 * 1024 * 1024, ge=1, description="Largest file (PDF) upload")
    thumbnail_px: int = Field(default=400, ge=32, le=2000, description="Longest side of a thumbnail")
    # Pillow decodes the whole image: a small file may declare billions of pixels.
    image_max_pixels: int = Field(default=40_000_000, ge=1)
    media_cache_seconds: int = Field(default=365 * 24 * 3600, ge=0, description="Cache-Control max-age")


config_class = CmsConfig
