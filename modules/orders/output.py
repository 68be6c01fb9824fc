"""Orders as the APIs answer them (JSON-ready dicts; money in integer cents)."""

from __future__ import annotations

from datetime import UTC, datetime

from .models import Order, OrderEvent, OrderLine, Shipment


def _time(value: datetime | None) -> str | None:
    if value is None:
        return None
    return (value if value.tzinfo else value.replace(tzinfo=UTC)).isoformat()


def line_out(line: OrderLine) -> dict:
    return {
        "id": line.id,
        "variant_id": line.variant_id,
        "product_id": line.product_id,
        "sku": line.sku,
        "product_title": line.product_title,
        "variant_label": line.variant_label,
        "options": dict(line.options or {}),
        "unit_price_cents": line.unit_price_cents,
        "quantity": line.quantity,
        "vat_rate": line.vat_rate,
        "line_gross_cents": line.line_gross_cents,
        "line_net_cents": line.line_net_cents,
        "line_vat_cents": line.line_vat_cents,
    }


def shipment_out(shipment: Shipment) -> dict:
    return {
        "id": shipment.id,
        "carrier": shipment.carrier,
        "tracking_number": shipment.tracking_number,
        "shipped_at": _time(shipment.shipped_at),
    }


def event_out(event: OrderEvent, names: dict[int, str] | None = None) -> dict:
    return {
        "id": event.id,
        "kind": event.kind,
        "from_status": event.from_status,
        "to_status": event.to_status,
        "note": event.note,
        "user_id": event.user_id,
        "user": (names or {}).get(event.user_id) if event.user_id else None,
        "at": _time(event.created_at),
    }


def transaction_out(row) -> dict:
    return {
        "id": row.id,
        "kind": str(row.kind),
        "amount_cents": row.amount_cents,
        "provider_event_id": row.provider_event_id,
        "occurred_at": _time(row.occurred_at),
        "recorded_at": _time(row.recorded_at),
        "recorded_by": row.recorded_by,
        "note": row.note,
    }


def order_summary(order: Order) -> dict:
    """An order in a list."""
    return {
        "id": order.id,
        "number": order.number,
        "display_number": order.display_number,
        "status": order.status,
        "email": order.email,
        "customer_id": order.customer_id,
        "customer_name": order.customer_name,
        "item_count": order.item_count,
        "total_gross_cents": order.total_gross_cents,
        "currency": order.currency,
        "payment_provider": order.payment_provider,
        "placed_at": _time(order.placed_at),
    }


def order_out(order: Order, *, payment=None, ledger=None, names=None, staff: bool = True) -> dict:
    """One order in full. ``staff`` adds what only the shop sees (the history's staff members,
    the idempotency key, the payment's ledger)."""
    data = {
        **order_summary(order),
        "language": order.language,
        "billing_address": dict(order.billing_address or {}),
        "shipping_address": dict(order.shipping_address or {}),
        "shipping_method": {
            "id": order.shipping_method_id,
            "name": order.shipping_method_name,
            "rate_cents": order.shipping_cents,
            "vat_rate": order.shipping_vat_rate,
        },
        "lines": [line_out(line) for line in order.lines],
        "totals": {
            "subtotal_gross_cents": order.subtotal_gross_cents,
            "shipping_cents": order.shipping_cents,
            "vat_breakdown": dict(order.vat_breakdown or {}),
            "total_net_cents": order.total_net_cents,
            "total_vat_cents": order.total_vat_cents,
            "total_gross_cents": order.total_gross_cents,
        },
        "shipments": [shipment_out(s) for s in order.shipments],
        "payment": None,
        "updated_at": _time(order.updated_at),
    }
    if payment is not None:
        data["payment"] = {
            "id": payment.id,
            "provider": payment.provider,
            "status": str(payment.status),
            "amount_cents": payment.amount_cents,
        }
    if staff:
        data["history"] = [event_out(e, names) for e in order.events]
        if data["payment"] is not None:
            data["payment"]["ledger"] = [transaction_out(row) for row in ledger or []]
    else:
        data["history"] = [
            {"status": e.to_status, "at": _time(e.created_at)} for e in order.events if e.kind == "status"
        ]
    return data
