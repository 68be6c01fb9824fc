"""Public services of the core module."""

from .overview_service import OverviewService, overview_service

__all__ = ["OverviewService", "overview_service"]
