"""Deleting checkouts nobody finished."""

from wizamart import task

EXPIRE_TASK = "modules.checkout.tasks.expiry.expire_sessions"


@task(name=EXPIRE_TASK)
def expire_sessions() -> int:
    """Delete unplaced checkouts untouched for ``CHECKOUT_SESSION_HOURS``, in every shop; how
    many. Scheduled every ``CHECKOUT_EXPIRY_INTERVAL_SECONDS`` on Celery beat (see hooks.py)."""
    from ..services import checkout_service

    return checkout_service.expire_stale()
