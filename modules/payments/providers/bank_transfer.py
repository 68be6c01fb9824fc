"""Bank transfer: the customer transfers the money to the shop's account with the payment's
reference; the order waits until the shop confirms that it arrived
(``payment_service.confirm_bank_transfer``). Refunds are transfers the shop makes by hand and
records here."""

from __future__ import annotations

import re
from typing import Any

from wizamart.errors import ValidationError

from . import PaymentProvider, ProviderField, RefundDone

# Length of an IBAN per country (ISO 13616), for the countries a Luxembourg shop banks in;
# others are checked by their checksum only.
IBAN_LENGTHS = {
    "LU": 20,
    "BE": 16,
    "DE": 22,
    "FR": 27,
    "NL": 18,
    "AT": 20,
    "CH": 21,
    "IT": 27,
    "ES": 24,
    "PT": 25,
    "IE": 22,
    "GB": 22,
}
BIC_PATTERN = re.compile(r"^[A-Z]{4}[A-Z]{2}[A-Z0-9]{2}([A-Z0-9]{3})?$")


def normalise_iban(value: str) -> str:
    """``lu28 0019-4006…`` -> ``LU280019400644750000``."""
    return re.sub(r"[\s-]", "", value or "").upper()


def iban_is_valid(value: str) -> bool:
    """Structure, country length and the mod-97 checksum of ISO 13616."""
    iban = normalise_iban(value)
    if not re.fullmatch(r"[A-Z]{2}[0-9]{2}[A-Z0-9]{10,30}", iban):
        return False
    if IBAN_LENGTHS.get(iban[:2], len(iban)) != len(iban):
        return False
    digits = "".join(str(int(ch, 36)) for ch in iban[4:] + iban[:4])
    return int(digits) % 97 == 1


def format_iban(value: str) -> str:
    """Groups of four, as people read and type it: ``LU28 0019 4006 4475 0000``."""
    iban = normalise_iban(value)
    return " ".join(iban[i : i + 4] for i in range(0, len(iban), 4))


class BankTransfer(PaymentProvider):
    """Payment by bank transfer to the shop's account."""

    code = "bank_transfer"
    name_key = "payments.provider.bank_transfer.name"
    description_key = "payments.provider.bank_transfer.description"
    manual_capture = True
    fields = (
        ProviderField("account_holder", "payments.field.account_holder", max_length=120),
        ProviderField("iban", "payments.field.iban", help_key="payments.field.iban_help", max_length=42),
        ProviderField("bic", "payments.field.bic", required=False, max_length=11),
        ProviderField("bank_name", "payments.field.bank_name", required=False, max_length=120),
    )

    def clean_settings(self, values: dict[str, Any]) -> dict[str, Any]:
        cleaned = super().clean_settings(values)
        errors = {}
        if cleaned.get("iban"):
            if iban_is_valid(cleaned["iban"]):
                cleaned["iban"] = normalise_iban(cleaned["iban"])
            else:
                errors["iban"] = "payments.validation.iban"
        if cleaned.get("bic"):
            bic = re.sub(r"\s", "", cleaned["bic"]).upper()
            if BIC_PATTERN.match(bic):
                cleaned["bic"] = bic
            else:
                errors["bic"] = "payments.validation.bic"
        if errors:
            raise ValidationError("payments.errors.invalid_settings", details={"fields": errors})
        return cleaned

    def display(self, name, value):
        return format_iban(value) if name == "iban" and value else value

    def start(self, payment, settings, *, return_url, language):
        # Nothing to contact: the order page shows the transfer instructions.
        return None

    def refund(self, payment, settings, amount_cents, *, reason, idempotency_key):
        # The shop transferred the money back itself; the ledger records that it did.
        return RefundDone(
            provider_event_id=f"bank:refund:{idempotency_key}", amount_cents=amount_cents, note=reason
        )

    def instructions(self, payment, settings, language):
        return {
            "account_holder": settings.get("account_holder", ""),
            "iban": format_iban(settings.get("iban", "")),
            "bic": settings.get("bic", ""),
            "bank_name": settings.get("bank_name", ""),
            "amount_cents": payment.amount_cents,
            "currency": payment.currency,
            "reference_text": transfer_reference(payment),
        }


def transfer_reference(payment) -> str:
    """What the customer writes in the transfer's reference so the shop recognises it: the
    payment's description (``Order VL-000123``) or else its reference, and its number."""
    label = payment.description or payment.reference
    return f"{label} / P{payment.id}"
