"""Public services of the dev-tools module."""

from .icon_service import IconService, icon_service

__all__ = ["IconService", "icon_service"]
