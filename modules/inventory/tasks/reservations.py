"""Expiring reservations that nobody consumed or released (abandoned carts)."""

from wizamart import task

EXPIRE_TASK = "modules.inventory.tasks.reservations.expire_reservations"


@task(name=EXPIRE_TASK)
def expire_reservations() -> int:
    """Give back the stock of reservations past their expiry, in every shop; how many expired.

    Scheduled every ``INVENTORY_EXPIRY_INTERVAL_SECONDS`` on Celery beat (see hooks.py)."""
    from ..services import stock_service

    return stock_service.expire_reservations()
