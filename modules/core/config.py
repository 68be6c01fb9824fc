"""Settings of the core module (environment variables prefixed ``CORE_``)."""

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class CoreConfig(BaseSettings):
    """Configuration of the core module."""

    model_config = SettingsConfigDict(env_prefix="CORE_")

    site_name: str = Field(default="Wizamart", description="Shown in page titles and the header")
    support_email: str = Field(default="support@wizamart.lu", description="Shown on error pages")


config_class = CoreConfig
