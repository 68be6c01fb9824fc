"""Payment providers: what one is (``PaymentProvider``, the contract of the ``payment_providers``
hook) and how payments finds the installed ones (``installed()``, asked through that hook).

A provider is stateless: everything about a shop (its bank details, its API keys) comes in as
``settings``, a dict of the provider's ``fields`` as the shop saved them (secrets included).
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from flask import current_app

from ..exceptions import RefundNotSupported, UnknownProvider


@dataclass(frozen=True)
class ProviderField:
    """One setting a shop fills in for a provider on its payment settings page.

    ``secret`` values are stored apart and never shown back in full (only their last four
    characters); leaving a secret empty on the form keeps the saved one.
    """

    name: str
    label_key: str
    type: Literal["text", "textarea", "secret"] = "text"
    required: bool = True
    help_key: str = ""
    max_length: int = 200

    @property
    def secret(self) -> bool:
        return self.type == "secret"


@dataclass(frozen=True)
class RefundDone:
    """A refund the provider made (or the shop made by hand): what the ledger records."""

    provider_event_id: str  # the dedupe key: a webhook about the same refund finds it recorded
    amount_cents: int
    occurred_at: datetime | None = None
    note: str = ""


@dataclass(frozen=True)
class ProviderView:
    """A provider as a shop's customers and staff see it, in one language."""

    code: str
    name: str
    description: str
    manual_capture: bool


class PaymentProvider(ABC):
    """Base of payment providers, with the defaults of the ``payment_providers`` contract.

    Subclass it, set ``code``, ``name_key``, ``description_key`` and ``fields``, implement
    ``start`` (required: a provider without it cannot be made) and ``refund``/``cancel`` where
    the provider can, and return an instance from a ``payment_providers`` hook implementation.
    """

    code: str = ""
    name_key: str = ""
    description_key: str = ""
    fields: tuple[ProviderField, ...] = ()
    # True when money arrives outside the provider and the shop confirms it by hand.
    manual_capture: bool = False

    def missing_settings(self, settings: dict[str, Any]) -> list[str]:
        """Names of the required fields still empty: the provider cannot be switched on before."""
        return [f.name for f in self.fields if f.required and not str(settings.get(f.name) or "").strip()]

    def clean_settings(self, values: dict[str, Any]) -> dict[str, Any]:
        """The submitted values, checked and normalised; raise a ``ValidationError`` naming the
        field (``details["fields"]``) for a bad one. Only the provider's own fields pass."""
        cleaned = {}
        for f in self.fields:
            if f.name in values:
                value = str(values[f.name] or "").strip()
                if len(value) > f.max_length:
                    from wizamart.errors import ValidationError

                    raise ValidationError(
                        "payments.errors.invalid_settings",
                        details={"fields": {f.name: "payments.validation.too_long"}},
                    )
                cleaned[f.name] = value
        return cleaned

    def display(self, name: str, value: str) -> str:
        """A saved (non-secret) setting as the settings page shows it (default: as saved)."""
        return value

    @abstractmethod
    def start(self, payment, settings: dict[str, Any], *, return_url: str, language: str) -> str | None:
        """Begin collecting ``payment``; return the URL to send the customer to, or None."""

    def refund(
        self, payment, settings: dict[str, Any], amount_cents: int, *, reason: str, idempotency_key: str
    ) -> RefundDone:
        """Give ``amount_cents`` of ``payment`` back (the caller checked it was captured).
        Default: the provider cannot, ``RefundNotSupported`` (409) — the shop refunds outside."""
        raise RefundNotSupported(self.code)

    def cancel(self, payment, settings: dict[str, Any]) -> str | None:
        """Call the payment off at the provider before anything was captured; return the
        provider's id of that fact (the ledger's dedupe key), or None (default: nothing to tell
        anyone)."""
        return None

    def instructions(self, payment, settings: dict[str, Any], language: str) -> dict | None:
        """What the customer has to do to pay, or None when the provider needs nothing."""
        return None

    def sync(self, payment, settings: dict[str, Any]) -> None:
        """Ask the provider how ``payment`` stands and record what it says (the customer's return
        from the provider's page). Default: nothing to ask."""
        return None


def installed() -> dict[str, PaymentProvider]:
    """Every provider the modules contribute, by code (the ``payment_providers`` hook)."""
    found: dict[str, PaymentProvider] = {}
    for answer in current_app.extensions["wizamart"].pm.hook.payment_providers():
        for provider in answer or ():
            found.setdefault(provider.code, provider)
    return found


def provider(code: str, field_name: str = "provider") -> PaymentProvider:
    """The installed provider ``code``; ``UnknownProvider`` (422) otherwise."""
    found = installed().get(code)
    if found is None:
        raise UnknownProvider(code, field_name)
    return found


__all__ = [
    "PaymentProvider",
    "ProviderField",
    "ProviderView",
    "RefundDone",
    "installed",
    "provider",
]
