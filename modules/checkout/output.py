"""How checkout's records look in the API."""

from __future__ import annotations

from .models import LANGUAGES, ShippingMethod
from .services.checkout_service import CheckoutState


def _time(value) -> str | None:
    return value.isoformat() if value else None


def shipping_method_out(method: ShippingMethod, lang: str | None = None) -> dict:
    return {
        "id": method.id,
        "name": method.name(lang),
        "names": {lang_: (method.names or {}).get(lang_, "") for lang_ in LANGUAGES},
        "countries": list(method.countries or []),
        "rate_cents": method.rate_cents,
        "free_above_cents": method.free_above_cents,
        "active": method.active,
        "position": method.position,
        "created_at": _time(method.created_at),
        "updated_at": _time(method.updated_at),
    }


def _line_out(line) -> dict:
    return {
        "variant_id": line.variant_id,
        "product_id": line.product_id,
        "sku": line.sku,
        "title": line.title,
        "options_label": line.options_label,
        "quantity": line.quantity,
        "unit_price_cents": line.unit_price_cents,
        "vat_rate": line.vat_rate,
        "line_total_cents": line.unit_price_cents * line.quantity,
        "available": line.available,
        "stock_available": line.stock_available,
    }


def _order_out(order) -> dict | None:
    if order is None:
        return None
    return {
        "id": order.id,
        "number": getattr(order, "number", None),
        "status": getattr(getattr(order, "status", None), "value", getattr(order, "status", None)),
        "total_gross_cents": getattr(order, "total_gross_cents", None),
        "currency": getattr(order, "currency", "EUR"),
    }


def checkout_out(current: CheckoutState, order=None) -> dict:
    """A checkout as the storefront API shows it: what each step chose, what is on offer, the
    lines and totals as they are now, the problems placing would meet, and the order once placed."""
    checkout = current.session
    return {
        "token": checkout.token,
        "status": "placed" if checkout.is_placed else "open",
        "next_step": current.next_step,
        "email": checkout.email,
        "customer_id": checkout.customer_id,
        "shipping_address": checkout.shipping_address,
        "billing_address": checkout.billing_address,
        "shipping_method_id": checkout.shipping_method_id,
        "provider": checkout.provider,
        "shipping_options": [option.to_dict() for option in current.shipping_options],
        "payment_options": [
            {"code": p.code, "name": p.name, "description": p.description} for p in current.providers
        ],
        "lines": [_line_out(line) for line in current.lines],
        "totals": current.totals.to_dict() if current.totals is not None else None,
        "reviewed": checkout.reviewed is not None,
        "problems": [problem.to_dict() for problem in current.problems],
        "order": _order_out(order),
        "next_url": checkout.next_url,
        "placed_at": _time(checkout.placed_at),
    }
