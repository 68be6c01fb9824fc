"""Settings of the inventory module (environment variables prefixed ``INVENTORY_``)."""

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class InventoryConfig(BaseSettings):
    """How long reservations hold stock, how often they are swept, and the default threshold."""

    model_config = SettingsConfigDict(env_prefix="INVENTORY_")

    reservation_minutes: int = Field(
        default=30, ge=1, le=7 * 24 * 60, description="Lifetime of a reservation"
    )
    expiry_interval_seconds: int = Field(
        default=300, ge=10, description="How often the beat schedule expires old reservations"
    )
    low_stock_threshold: int = Field(default=3, ge=0, description="Threshold of new inventory items")


config_class = InventoryConfig
