"""How payments look in the API (secrets never leave: settings come masked)."""

from __future__ import annotations

from .models import Payment, PaymentTransaction
from .services.payment_service import PaymentSummary, ProviderSettingsView


def _time(value) -> str | None:
    return value.isoformat() if value else None


def payment_out(payment: Payment) -> dict:
    return {
        "id": payment.id,
        "reference": payment.reference,
        "provider": payment.provider,
        "provider_ref": payment.provider_ref,
        "amount_cents": payment.amount_cents,
        "currency": payment.currency,
        "status": payment.status,
        "customer_email": payment.customer_email,
        "description": payment.description,
        "created_at": _time(payment.created_at),
        "updated_at": _time(payment.updated_at),
    }


def transaction_out(row: PaymentTransaction, names: dict[int, str] | None = None) -> dict:
    return {
        "id": row.id,
        "kind": row.kind,
        "amount_cents": row.amount_cents,
        "provider_event_id": row.provider_event_id,
        "occurred_at": _time(row.occurred_at),
        "recorded_at": _time(row.recorded_at),
        "recorded_by": row.recorded_by,
        "recorded_by_name": (names or {}).get(row.recorded_by) if row.recorded_by else None,
        "note": row.note,
    }


def summary_out(summary: PaymentSummary, names: dict[int, str] | None = None) -> dict:
    totals = summary.totals
    return {
        **payment_out(summary.payment),
        "provider_name": summary.provider_name,
        "captured_cents": totals.captured,
        "refunded_cents": totals.refunded,
        "refundable_cents": totals.refundable,
        "outstanding_cents": summary.outstanding,
        "can_confirm": summary.can_confirm,
        "can_refund": summary.can_refund,
        "can_cancel": summary.can_cancel,
        "instructions": summary.instructions,
        "transactions": [transaction_out(row, names) for row in summary.transactions],
    }


def provider_settings_out(view: ProviderSettingsView) -> dict:
    return {
        "code": view.code,
        "name": view.name,
        "description": view.description,
        "enabled": view.enabled,
        "position": view.position,
        "manual_capture": view.provider.manual_capture,
        "settings": view.values,
        "secrets_set": sorted(view.secrets_set),
        "missing": view.missing,
        "fields": [
            {"name": f.name, "type": f.type, "required": f.required, "secret": f.secret}
            for f in view.provider.fields
        ],
    }
