"""The database extension every module's models use: ``from wizamart import db``."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime

from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import MetaData

# Stable constraint names, so migrations autogenerate the same on SQLite and PostgreSQL.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

db = SQLAlchemy(metadata=MetaData(naming_convention=NAMING_CONVENTION))
migrate = Migrate()


def utcnow() -> datetime:
    """The current time in UTC, timezone-aware (timestamps are always UTC)."""
    return datetime.now(UTC)


@contextmanager
def unit_of_work(commit: bool = True) -> Iterator[None]:
    """A service's writes as one unit. ``commit=True``: committed at the end, rolled back on
    any error. ``commit=False``: part of the caller's unit of work, only flushed (the caller
    commits or rolls back)."""
    if not commit:
        yield
        db.session.flush()
        return
    try:
        yield
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
