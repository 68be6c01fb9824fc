"""Settings of the checkout module (environment variables prefixed ``CHECKOUT_``)."""

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class CheckoutConfig(BaseSettings):
    """How long an unplaced checkout stays open, and the country a new address starts with."""

    model_config = SettingsConfigDict(env_prefix="CHECKOUT_")

    session_hours: int = Field(
        default=72, ge=1, le=24 * 60, description="An unplaced checkout older than this is closed"
    )
    default_country: str = Field(
        default="LU", min_length=2, max_length=2, description="Country of a new address"
    )


config_class = CheckoutConfig
