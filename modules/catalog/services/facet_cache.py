"""A short-lived cache of what listings count: how many products match and by which brands.

Both are the same on every page of a listing and cost more SQL than the page itself on a big
shop, so each worker keeps them for ``CATALOG_FACET_CACHE_SECONDS``. A change to a shop's
products (ORM writes, and the catalog's own bulk statements, which call ``changed``) clears
that shop's entries in this worker when it commits; other workers see it within the TTL.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Hashable
from typing import Any

from flask import current_app
from sqlalchemy import event
from sqlalchemy.orm import Session

from wizamart import get_module_config

_SESSION_KEY = "catalog.changed_vendors"
_listening = False


class FacetCache:
    def __init__(self):
        self.entries: dict[tuple, tuple[float, Any]] = {}
        self.lock = threading.Lock()

    def get_or_compute(self, key: tuple, compute: Callable[[], Any], ttl: float) -> Any:
        now = time.monotonic()
        found = self.entries.get(key)
        if found and found[0] > now:
            return found[1]
        value = compute()
        if ttl > 0:
            with self.lock:
                if len(self.entries) > 10_000:  # a crawler's every filter: start again
                    self.entries.clear()
                self.entries[key] = (now + ttl, value)
        return value

    def forget(self, vendor_ids: set[int]) -> None:
        with self.lock:
            for key in [k for k in self.entries if k[0] in vendor_ids]:
                del self.entries[key]


def _cache() -> FacetCache:
    return current_app.extensions.setdefault("catalog.facets", FacetCache())


def cached(vendor_id: int, key: Hashable, compute: Callable[[], Any]) -> Any:
    """``compute()``, or what it returned for ``(vendor_id, key)`` less than the TTL ago."""
    ttl = get_module_config("catalog").facet_cache_seconds
    return _cache().get_or_compute((vendor_id, key), compute, ttl)


def changed(session: Session, vendor_id: int) -> None:
    """Say that a bulk statement changed the shop's products (ORM writes are seen by themselves)."""
    session.info.setdefault(_SESSION_KEY, set()).add(vendor_id)


def _note_orm_writes(session, flush_context, instances) -> None:
    from ..models import Category, Product, ProductVariant

    for obj in (*session.new, *session.dirty, *session.deleted):
        if isinstance(obj, Product | ProductVariant | Category) and obj.vendor_id is not None:
            changed(session, obj.vendor_id)


def _forget_committed(session) -> None:
    vendors = session.info.pop(_SESSION_KEY, None)
    if vendors and current_app:
        _cache().forget(vendors)


def _drop_marks(session) -> None:
    session.info.pop(_SESSION_KEY, None)


def listen() -> None:
    """Watch every session's commits (once per process)."""
    global _listening
    if _listening:
        return
    event.listen(Session, "before_flush", _note_orm_writes)
    event.listen(Session, "after_commit", _forget_committed)
    event.listen(Session, "after_rollback", _drop_marks)
    _listening = True
