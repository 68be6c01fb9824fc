"""Settings of the customers module (environment variables prefixed ``CUSTOMERS_``)."""

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class CustomersConfig(BaseSettings):
    """Sign-in limits and link lifetimes of the storefront realm."""

    model_config = SettingsConfigDict(env_prefix="CUSTOMERS_")

    login_max_failures_per_account: int = Field(default=5, ge=1)
    login_max_failures_per_address: int = Field(default=20, ge=1)
    login_window_minutes: int = Field(default=15, ge=1)
    verify_link_days: int = Field(default=7, ge=1, le=60)
    reset_link_minutes: int = Field(default=60, ge=5, le=1440)


config_class = CustomersConfig
