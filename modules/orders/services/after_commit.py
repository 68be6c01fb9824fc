"""Work that must happen only once the caller's transaction is committed: e-mails.

``place_order`` runs in its caller's unit of work (checkout commits), so it cannot send the
confirmation itself: a rollback after it — out of stock on a later line, the payment provider
down — would leave the customer with a confirmation of an order that does not exist. Instead the
mail is prepared (rendered, while the order's data is at hand) and queued on the session; it is
sent right after the outermost commit, and dropped when that transaction ends any other way.

The queue lives in ``session.info``, so each request or task (each session) has its own.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from sqlalchemy import event
from sqlalchemy.orm import Session, SessionTransaction

from wizamart.database import db

log = logging.getLogger("wizamart.modules.orders")

_KEY = "orders.after_commit"


def after_commit(action: Callable[[], object]) -> None:
    """Run ``action`` (no database access: the session is between transactions then) once the
    current transaction is committed; forget it if the transaction is rolled back."""
    session = db.session()
    session.info.setdefault(_KEY, []).append(action)


def discard() -> None:
    """Forget what waits for the commit (demo data: nobody is to be e-mailed)."""
    db.session().info.pop(_KEY, None)


def pending(session: Session | None = None) -> int:
    """How many actions wait for the commit (tests)."""
    return len((session or db.session()).info.get(_KEY, ()))


def _run(session: Session) -> None:
    # SQLAlchemy reports a savepoint released (``begin_nested``) as a commit too; only the
    # outermost commit counts.
    if session.in_nested_transaction():
        return
    actions = session.info.pop(_KEY, [])
    for action in actions:
        try:
            action()
        except Exception:  # noqa: BLE001 - the order is committed; a failed e-mail must not undo the answer
            log.exception("orders: an action after commit failed")


def _forget(session: Session, transaction: SessionTransaction) -> None:
    # Only the outermost transaction decides; a savepoint ending (``begin_nested``) does not.
    if transaction.parent is None and transaction.nested is False:
        session.info.pop(_KEY, None)


def install() -> None:
    """Listen to every session's commits (once per process)."""
    if not event.contains(Session, "after_commit", _run):
        event.listen(Session, "after_commit", _run)
        event.listen(Session, "after_transaction_end", _forget)


install()
