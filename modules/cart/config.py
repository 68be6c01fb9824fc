"""Settings of the cart module (environment variables prefixed ``CART_``)."""

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class CartConfig(BaseSettings):
    """How long carts live when nobody touches them, how often they are swept, and the largest
    quantity of one line."""

    model_config = SettingsConfigDict(env_prefix="CART_")

    guest_days: int = Field(default=30, ge=1, le=3650, description="Days a guest cart lives untouched")
    customer_days: int = Field(
        default=90, ge=1, le=3650, description="Days a signed-in customer's cart lives untouched"
    )
    expiry_interval_seconds: int = Field(
        default=3600, ge=10, description="How often the beat schedule expires abandoned carts"
    )
    max_line_quantity: int = Field(default=99, ge=1, le=100_000, description="Most units of one line")


config_class = CartConfig
