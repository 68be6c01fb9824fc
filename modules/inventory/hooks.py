"""Hooks inventory implements beyond the file conventions: it listens to the catalog's product
events, schedules the expiry of reservations, shows low stock on the vendor dashboard and
loads demo stock."""

from __future__ import annotations

from datetime import timedelta

from wizamart import hookimpl, module_service
from wizamart.database import utcnow

# ------------------------------------------------------------------ catalog's events


def _platform_of(vendor_id: int) -> int | None:
    from modules.tenancy.services import vendor_service

    return vendor_service.get(vendor_id).platform_id


def _enabled_for(vendor_id: int) -> bool:
    return module_service.is_module_enabled(_platform_of(vendor_id), "inventory")


@hookimpl
def on_product_created(product):
    """A new product: its variants get inventory items with nothing on hand, so it is out of
    stock until stock is received. Only where inventory is enabled on the shop's platform;
    elsewhere ``stock_available`` stays NULL (always available). Runs in the catalog's unit of
    work and does not commit."""
    from .services import stock_service

    if _enabled_for(product.vendor_id):
        stock_service.track_variants(product.vendor_id, [variant.id for variant in product.variants])


@hookimpl
def on_product_updated(product, changes):
    """Variants added to a product later get their items too; removed ones take theirs along."""
    from .services import stock_service

    variants = changes.get("variants") or {}
    if not (variants.get("added") or variants.get("removed")) or not _enabled_for(product.vendor_id):
        return
    stock_service.forget_variants(product.vendor_id, variants.get("removed") or [])
    stock_service.track_variants(product.vendor_id, variants.get("added") or [])


@hookimpl
def initial_stock_available(vendor_id):
    """A CSV import's new variants start with nothing available where inventory is enabled (the
    items ``on_products_imported`` creates have nothing on hand); elsewhere no answer."""
    return 0 if _enabled_for(vendor_id) else None


@hookimpl
def on_products_imported(vendor_id, created_product_ids, updated_product_ids, created_variant_ids):
    """A CSV import batch: items for the variants it created, in bulk (the import already wrote
    them as out of stock, the answer of ``initial_stock_available``)."""
    from .services import stock_service

    if created_variant_ids and _enabled_for(vendor_id):
        stock_service.track_imported_variants(vendor_id, created_variant_ids)


# ------------------------------------------------------------------ orders' events
# Orders announces its orders through hooks (``order_placed``, ``order_status_changed``); the
# stock of an order is held, taken and given back here, under the reference ``order:<id>``,
# without importing orders. Only where inventory is enabled on the shop's platform.
# ``optionalhook``: an app without the orders module has no such hookspecs, and that is fine.

# An order's reservation holds until the order ships or is cancelled, not for a cart's minutes:
# a bank transfer may take days. (The expiry sweep never reaches it.)
ORDER_HOLD = timedelta(days=3650)


def _order_reference(order) -> str:
    return f"order:{order.id}"


@hookimpl(optionalhook=True)
def order_placed(order):
    """Reserve every tracked line of a new order, in variant order (so two orders never wait on
    each other's items in a circle), one reservation per variant. ``OutOfStock`` (409) refuses
    the order: the caller rolls back. Runs in the order's unit of work; does not commit."""
    from .services import stock_service

    if not _enabled_for(order.vendor_id):
        return
    wanted: dict[int, int] = {}
    for line in order.lines:
        if line.variant_id is not None:
            wanted[line.variant_id] = wanted.get(line.variant_id, 0) + line.quantity
    if not wanted:
        return
    tracked = stock_service.available(order.vendor_id, wanted)
    until = utcnow() + ORDER_HOLD
    for variant_id in sorted(wanted):
        if tracked.get(variant_id) is None:
            continue  # untracked stock is always available: nothing to hold
        stock_service.reserve(
            order.vendor_id,
            variant_id,
            wanted[variant_id],
            _order_reference(order),
            expires_at=until,
            commit=False,
        )


@hookimpl(optionalhook=True)
def order_status_changed(order, old_status, new_status):
    """Shipped: the order's reservations become sales (stock leaves the shelf). Cancelled or
    refunded in full: what is still held goes back (a sale already made stays made). An order
    placed before inventory was switched on has nothing held, and nothing happens."""
    from .exceptions import ReservationNotFound
    from .services import stock_service

    if new_status not in ("shipped", "cancelled", "refunded") or not _enabled_for(order.vendor_id):
        return
    try:
        if new_status == "shipped":
            stock_service.consume(order.vendor_id, _order_reference(order), commit=False)
        else:
            stock_service.release(order.vendor_id, _order_reference(order), commit=False)
    except ReservationNotFound:
        return


# ------------------------------------------------------------------ tasks


@hookimpl
def register_tasks(celery, definition):
    """Expire abandoned reservations on Celery beat (``celery -A wsgi.celery beat``); the task
    module itself is found by the ``tasks/`` convention."""
    from .config import InventoryConfig
    from .tasks.reservations import EXPIRE_TASK

    # Asked while the app is assembled, before module configs are in place: read the setting
    # the way the config does (a Flask config key wins over the environment).
    interval = celery.flask_app.config.get("INVENTORY_EXPIRY_INTERVAL_SECONDS") or (
        InventoryConfig().expiry_interval_seconds
    )
    schedule = dict(celery.conf.beat_schedule or {})
    schedule["inventory.expire_reservations"] = {"task": EXPIRE_TASK, "schedule": float(interval)}
    celery.conf.beat_schedule = schedule
    return []


# ------------------------------------------------------------------ dashboard


@hookimpl
def dashboard_widgets(frontend, definition):
    from flask import g

    from wizamart import DashboardWidget, FrontendType, current_vendor

    if frontend is not FrontendType.VENDOR or "inventory.view_stock" not in (g.get("permissions") or ()):
        return None
    from .services import stock_service

    return [
        DashboardWidget(
            id="low_stock",
            label="inventory.widget.low_stock",
            value=stock_service.count_low(current_vendor().id),
            endpoint="inventory.vendor_pages.low_stock",
            order=35,
        )
    ]


# ------------------------------------------------------------------ demo


@hookimpl
def load_demo_data(demo):
    from .demo import load

    load(demo)
