"""Hooks cart implements beyond the file conventions: the storefront shell's cart link, the
merge of a guest's cart on sign-in, and the beat schedule of the expiry task."""

from __future__ import annotations

from flask import Flask

from wizamart import hookimpl, module_service


def _enabled_for(vendor) -> bool:
    return module_service.is_module_enabled(vendor.platform_id, "cart")


@hookimpl
def init_app(app: Flask):
    """``shell_cart`` for the storefront shell (the cart link in the top bar)."""
    from .storefront_context import install

    install(app)


@hookimpl
def on_customer_logged_in(customer):
    """A guest who signs in keeps what they put in the cart: it joins the customer's cart.
    Runs in the sign-in's unit of work (customers commits)."""
    from wizamart import current_vendor

    from .services import cart_service

    vendor = current_vendor()
    if vendor is None or vendor.id != customer.vendor_id:
        from modules.tenancy.services import vendor_service

        vendor = vendor_service.get(customer.vendor_id)
    if _enabled_for(vendor):
        cart_service.merge_guest_cart(vendor, customer, commit=False)


@hookimpl
def register_tasks(celery, definition):
    """Expire abandoned carts on Celery beat (``celery -A wsgi.celery beat``); the task module
    itself is found by the ``tasks/`` convention."""
    from .config import CartConfig
    from .tasks.expiry import EXPIRE_TASK

    # Asked while the app is assembled, before module configs are in place: read the setting
    # the way the config does (a Flask config key wins over the environment).
    interval = celery.flask_app.config.get("CART_EXPIRY_INTERVAL_SECONDS") or (
        CartConfig().expiry_interval_seconds
    )
    schedule = dict(celery.conf.beat_schedule or {})
    schedule["cart.expire_abandoned"] = {"task": EXPIRE_TASK, "schedule": float(interval)}
    celery.conf.beat_schedule = schedule
    return []
