"""Public services of the orders module: ``order_service`` (placing orders, reading them, their
status changes — other modules call it) and ``totals`` (``compute_totals``, shared with checkout)."""

from . import order_service, totals
from .totals import compute_totals

__all__ = ["compute_totals", "order_service", "totals"]
