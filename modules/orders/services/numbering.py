"""Order numbers: 1, 2, 3… per shop, without gaps or duplicates, whatever the concurrency.

Each shop has one counter row (``orders_counters``). Taking a number locks that row until the
transaction ends — ``SELECT … FOR UPDATE`` on PostgreSQL; on SQLite, which has no row locks but a
single writer, a no-op write first takes the database's write lock (pysqlite begins a transaction
only at the first write; reading first would let two callers read the same number). The
increment is part of the order's own transaction: when placing the order fails and rolls back,
the number goes back too, so no gap is left; two orders never read the same value.

Placing orders of one shop is therefore serialised at the counter. The lock is taken first in
``place_order`` and nothing else locks the counter, so it can never be part of a deadlock.
"""

from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.dialects import postgresql, sqlite

from wizamart.database import db

from ..models import OrderCounter


def _ensure_counter(vendor_id: int) -> None:
    dialect = db.session.get_bind().dialect.name
    module = postgresql if dialect == "postgresql" else sqlite
    # Two first orders at once: the second INSERT waits for the first and then does nothing.
    statement = (
        module.insert(OrderCounter)
        .values(vendor_id=vendor_id, last_number=0)
        .on_conflict_do_nothing(index_elements=["vendor_id"])
    )
    db.session.execute(statement)


def lock_counter(vendor_id: int) -> OrderCounter:
    """The shop's counter row, locked until the current transaction ends."""
    _ensure_counter(vendor_id)
    if db.session.get_bind().dialect.name == "sqlite":
        db.session.execute(
            update(OrderCounter)
            .where(OrderCounter.vendor_id == vendor_id)
            .values(last_number=OrderCounter.last_number),
            execution_options={"synchronize_session": False},
        )
    return db.session.scalars(
        select(OrderCounter)
        .where(OrderCounter.vendor_id == vendor_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).one()


def take_number(counter: OrderCounter) -> int:
    """The next number of a counter locked with :func:`lock_counter`."""
    counter.last_number += 1
    return counter.last_number
