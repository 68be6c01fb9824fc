"""Settings of the tenancy module (environment variables prefixed ``TENANCY_``)."""

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class TenancyConfig(BaseSettings):
    """Sign-in limits, link lifetimes and the platform served on unknown hosts."""

    model_config = SettingsConfigDict(env_prefix="TENANCY_")

    default_platform: str = Field(default="wizamart", description="Platform code served on localhost")
    login_max_failures_per_account: int = Field(default=5, ge=1)
    login_max_failures_per_address: int = Field(default=20, ge=1)
    login_window_minutes: int = Field(default=15, ge=1)
    invitation_days: int = Field(default=7, ge=1, le=60)
    api_token_days: int = Field(default=90, ge=1, le=365)


config_class = TenancyConfig
