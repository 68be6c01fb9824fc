"""Demo payment methods: both demo shops take bank transfers to a plausible Luxembourg account.
Stripe is switched on only when the platform has Stripe keys (``STRIPE_SECRET_KEY``,
``STRIPE_PUBLISHABLE_KEY``, ``STRIPE_WEBHOOK_SECRET``, e.g. the fake Stripe's). Running it again
changes nothing, and never overwrites what a shop changed."""

from __future__ import annotations

from sqlalchemy import select

from wizamart.database import db

from .models import ProviderSetting
from .providers import stripe_provider
from .services import payment_service

BANK_DETAILS = {
    "velo-lux": {
        "account_holder": "Vëlo Lux S.à r.l.",
        "iban": "LU560019175532604000",
        "bic": "BCEELULL",
        "bank_name": "Spuerkeess (BCEE)",
    },
    "boulangerie-paul": {
        "account_holder": "Boulangerie Paul S.à r.l.",
        "iban": "LU030020156834901200",
        "bic": "BILLLULL",
        "bank_name": "Banque Internationale à Luxembourg",
    },
}


def _has_setting(vendor_id: int, provider: str) -> bool:
    return (
        db.session.scalar(
            select(ProviderSetting.id).where(
                ProviderSetting.vendor_id == vendor_id, ProviderSetting.provider == provider
            )
        )
        is not None
    )


def load(demo: dict) -> None:
    vendors = (demo.get("tenancy") or {}).get("vendors") or {}
    stripe_ready = not stripe_provider.Stripe().missing_settings({})  # the platform's keys
    enabled = {}
    for code, details in BANK_DETAILS.items():
        vendor_id = vendors.get(code)
        if vendor_id is None:
            continue
        if not _has_setting(vendor_id, "bank_transfer"):
            payment_service.set_provider(
                vendor_id, "bank_transfer", enabled=True, values=details, commit=False
            )
        if stripe_ready and not _has_setting(vendor_id, "stripe"):
            payment_service.set_provider(vendor_id, "stripe", enabled=True, values={}, commit=False)
        enabled[code] = [view.code for view in payment_service.providers_for(vendor_id)]
    db.session.commit()
    demo["payments"] = {"providers": enabled}
