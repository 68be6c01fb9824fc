"""Hooks orders implements: it follows payments (an order becomes paid or refunded only when its
payment does), shows the orders to handle on the vendor dashboard, and places the demo orders."""

from __future__ import annotations

from wizamart import hookimpl, module_service


def _enabled_for(vendor_id: int) -> bool:
    from modules.tenancy.services import vendor_service

    return module_service.is_module_enabled(vendor_service.get(vendor_id).platform_id, "orders")


@hookimpl
def on_payment_status_changed(payment, old_status, new_status):
    """The order of a payment (reference ``order:<id>``) follows it: ``paid`` → the pending order
    is paid; ``refunded``/``partially_refunded`` → so is the order. Inside payments' transaction,
    no commit; other references (not an order's) are left alone."""
    from .services import order_service

    if str(getattr(payment, "reference", "")).startswith("order:") and _enabled_for(payment.vendor_id):
        order_service.payment_status_changed(payment, old_status, new_status)


@hookimpl
def dashboard_widgets(frontend, definition):
    from flask import g

    from wizamart import DashboardWidget, FrontendType, current_vendor

    if frontend is not FrontendType.VENDOR or "orders.view" not in (g.get("permissions") or ()):
        return None
    from .services import order_service

    counts = order_service.counts(current_vendor().id)
    return [
        DashboardWidget(
            id="orders_to_ship",
            label="orders.widget.to_ship",
            value=counts.get("paid", 0) + counts.get("processing", 0),
            detail="orders.widget.awaiting_payment",
            detail_value=counts.get("pending", 0),
            endpoint="orders.vendor_pages.orders",
            order=20,
        )
    ]


@hookimpl
def load_demo_data(demo):
    from .demo import load

    load(demo)
