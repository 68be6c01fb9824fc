"""Deleting carts nobody came back to."""

from wizamart import task

EXPIRE_TASK = "modules.cart.tasks.expiry.expire_carts"


@task(name=EXPIRE_TASK)
def expire_carts() -> int:
    """Delete abandoned carts in every shop (``CART_GUEST_DAYS``, ``CART_CUSTOMER_DAYS``); how
    many. Scheduled every ``CART_EXPIRY_INTERVAL_SECONDS`` on Celery beat (see hooks.py)."""
    from ..services import cart_service

    return cart_service.expire_abandoned()
