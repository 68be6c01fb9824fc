"""Background tasks of the core module."""

from .maintenance import count_enabled_modules

__all__ = ["count_enabled_modules"]
