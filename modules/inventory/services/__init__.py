"""Public services of the inventory module: ``stock_service`` (stock, adjustments,
reservations — other modules call it) and ``location_service``."""

from . import location_service, stock_service

__all__ = ["location_service", "stock_service"]
