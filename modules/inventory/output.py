"""How the inventory's records look in the API."""

from __future__ import annotations

from .models import StockAdjustment, StockLocation, StockReservation
from .services.stock_service import StockRow


def _time(value) -> str | None:
    return value.isoformat() if value else None


def location_out(location: StockLocation) -> dict:
    return {
        "id": location.id,
        "name": location.name,
        "street": location.street,
        "postal_code": location.postal_code,
        "city": location.city,
        "country": location.country,
        "is_default": location.is_default,
        "active": location.active,
    }


def stock_out(row: StockRow) -> dict:
    variant = row.variant
    return {
        "variant_id": row.variant_id,
        "sku": variant.sku if variant else None,
        "title": variant.title() if variant else None,
        "options": variant.options_label if variant else "",
        "product_id": variant.product_id if variant else None,
        "track_inventory": row.tracked if row.item else False,
        "on_hand": row.on_hand,
        "reserved": row.reserved,
        "available": row.available,
        "low_stock_threshold": row.threshold,
        "low": row.is_low,
        "locations": [{"location_id": k, "on_hand": v} for k, v in sorted(row.levels.items())],
    }


def adjustment_out(adjustment: StockAdjustment, names: dict[int, str] | None = None) -> dict:
    return {
        "id": adjustment.id,
        "variant_id": adjustment.variant_id,
        "location_id": adjustment.location_id,
        "delta": adjustment.delta,
        "reason": adjustment.reason.value,
        "note": adjustment.note,
        "user_id": adjustment.user_id,
        "user": (names or {}).get(adjustment.user_id) if adjustment.user_id else None,
        "on_hand_after": adjustment.on_hand_after,
        "reference": adjustment.reference,
        "created_at": _time(adjustment.created_at),
    }


def reservation_out(reservation: StockReservation) -> dict:
    return {
        "id": reservation.id,
        "variant_id": reservation.variant_id,
        "quantity": reservation.quantity,
        "reference": reservation.reference,
        "status": reservation.status.value,
        "expires_at": _time(reservation.expires_at),
        "created_at": _time(reservation.created_at),
        "closed_at": _time(reservation.closed_at),
    }
