"""The order's life: which status may follow which.

::

    pending ──► paid ──► processing ──► shipped ──► delivered
       │          │  └──────────────────►┘   (paid orders may ship without "processing")
       ▼          ▼          ▼
    cancelled (from pending, paid, processing)

    paid, processing, shipped, delivered ──► refunded | partially_refunded   (driven by payments)
    partially_refunded ──► refunded, or on with the fulfilment (processing, shipped, delivered)

``paid``, ``refunded`` and ``partially_refunded`` are never set by hand: they follow the payment's
status (``on_payment_status_changed``). ``cancelled`` and ``refunded`` are final.
"""

from __future__ import annotations

from ..exceptions import IllegalTransition
from ..models import OrderStatus as S

TRANSITIONS: dict[S, frozenset[S]] = {
    S.PENDING: frozenset({S.PAID, S.CANCELLED}),
    S.PAID: frozenset({S.PROCESSING, S.SHIPPED, S.CANCELLED, S.REFUNDED, S.PARTIALLY_REFUNDED}),
    S.PROCESSING: frozenset({S.SHIPPED, S.CANCELLED, S.REFUNDED, S.PARTIALLY_REFUNDED}),
    S.SHIPPED: frozenset({S.DELIVERED, S.REFUNDED, S.PARTIALLY_REFUNDED}),
    S.DELIVERED: frozenset({S.REFUNDED, S.PARTIALLY_REFUNDED}),
    S.PARTIALLY_REFUNDED: frozenset({S.REFUNDED, S.PROCESSING, S.SHIPPED, S.DELIVERED}),
    S.CANCELLED: frozenset(),
    S.REFUNDED: frozenset(),
}

# Statuses only the payment decides (a vendor's button never sets them directly).
PAYMENT_DRIVEN = frozenset({S.PAID, S.REFUNDED, S.PARTIALLY_REFUNDED})
FINAL = frozenset(status for status, following in TRANSITIONS.items() if not following)


def can_go(from_status: str, to_status: str) -> bool:
    """Whether an order in ``from_status`` may move to ``to_status``."""
    try:
        return S(to_status) in TRANSITIONS[S(from_status)]
    except ValueError:
        return False


def check(from_status: str, to_status: str, number: int | None = None) -> None:
    """Raise ``IllegalTransition`` (409, naming both statuses) unless the move is legal."""
    if not can_go(from_status, to_status):
        raise IllegalTransition(from_status, to_status, number)


def can_refund(status: str) -> bool:
    """Whether money may go back now: a paid order at any stage of its fulfilment, or one
    refunded in part already (a second partial refund keeps it ``partially_refunded``)."""
    return status == S.PARTIALLY_REFUNDED or can_go(status, S.PARTIALLY_REFUNDED)


def next_statuses(status: str) -> list[S]:
    """The statuses an order may move to next, in the order of its life."""
    order = list(S)
    return sorted(TRANSITIONS.get(S(status), ()), key=order.index)
