"""Public services of the core module."""

from .dashboard_service import DashboardService, dashboard_service
from .overview_service import OverviewService, overview_service
from .profile_service import ProfileService, profile_service
from .settings_service import SettingsService, settings_service

__all__ = [
    "DashboardService",
    "OverviewService",
    "ProfileService",
    "SettingsService",
    "dashboard_service",
    "overview_service",
    "profile_service",
    "settings_service",
]
