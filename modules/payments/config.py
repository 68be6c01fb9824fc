"""Settings of the payments module.

Stripe's addresses are read from ``STRIPE_API_BASE`` and ``STRIPE_JS_URL`` (the names the
operators know; ``PAYMENTS_STRIPE_API_BASE`` works too), so the tests, the browser test and the
benchmarks point the real client code at the fake Stripe server
(``modules/payments/testing/fake_stripe.py``). A Flask config key of the same name wins over
the environment. Platform-wide Stripe keys (``STRIPE_SECRET_KEY``, ``STRIPE_PUBLISHABLE_KEY``,
``STRIPE_WEBHOOK_SECRET``) serve every shop that saved none of its own.
"""

from pydantic import AliasChoices, Field
from pydantic_settings import BaseSettings, SettingsConfigDict


def _names(name: str) -> AliasChoices:
    return AliasChoices(name, name.upper(), f"PAYMENTS_{name.upper()}")


class PaymentsConfig(BaseSettings):
    """Where Stripe is, the platform's own Stripe keys, and how patient its client is."""

    model_config = SettingsConfigDict(env_prefix="PAYMENTS_", populate_by_name=True, extra="ignore")

    stripe_api_base: str = Field(
        default="https://api.stripe.com",
        validation_alias=_names("stripe_api_base"),
        description="Stripe's API",
    )
    stripe_js_url: str = Field(
        default="https://js.stripe.com/v3/", validation_alias=_names("stripe_js_url"), description="Stripe.js"
    )
    stripe_secret_key: str = Field(default="", validation_alias=_names("stripe_secret_key"))
    stripe_publishable_key: str = Field(default="", validation_alias=_names("stripe_publishable_key"))
    stripe_webhook_secret: str = Field(default="", validation_alias=_names("stripe_webhook_secret"))
    stripe_timeout_seconds: float = Field(
        default=20.0,
        gt=0,
        le=120,
        validation_alias=_names("stripe_timeout_seconds"),
        description="Per request",
    )
    stripe_webhook_tolerance_seconds: int = Field(
        default=300,
        ge=1,
        validation_alias=_names("stripe_webhook_tolerance_seconds"),
        description="Age limit of a signed webhook",
    )


config_class = PaymentsConfig
