"""Settings of the checkout module (environment variables prefixed ``CHECKOUT_``)."""

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class CheckoutConfig(BaseSettings):
    """How long an unplaced checkout is kept, and the country a new address starts with."""

    model_config = SettingsConfigDict(env_prefix="CHECKOUT_")

    session_hours: int = Field(
        default=72, ge=1, le=24 * 60, description="An unplaced checkout untouched this long is deleted"
    )
    expiry_interval_seconds: int = Field(
        default=3600, ge=10, description="How often the beat schedule deletes stale checkouts"
    )
    default_country: str = Field(
        default="LU", min_length=2, max_length=2, description="Country of a new address"
    )


config_class = CheckoutConfig
