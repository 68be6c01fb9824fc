"""Hooks checkout implements beyond the file conventions: deleting stale checkouts on Celery
beat, and its demo shipping methods."""

from __future__ import annotations

from wizamart import hookimpl


@hookimpl
def load_demo_data(demo):
    from .demo import load

    load(demo)


@hookimpl
def register_tasks(celery, definition):
    """Delete stale checkouts on Celery beat (``celery -A wsgi.celery beat``); the task module
    itself is found by the ``tasks/`` convention."""
    from .config import CheckoutConfig
    from .tasks.expiry import EXPIRE_TASK

    # Asked while the app is assembled, before module configs are in place: read the setting
    # the way the config does (a Flask config key wins over the environment).
    interval = celery.flask_app.config.get("CHECKOUT_EXPIRY_INTERVAL_SECONDS") or (
        CheckoutConfig().expiry_interval_seconds
    )
    schedule = dict(celery.conf.beat_schedule or {})
    schedule["checkout.expire_sessions"] = {"task": EXPIRE_TASK, "schedule": float(interval)}
    celery.conf.beat_schedule = schedule
    return []
