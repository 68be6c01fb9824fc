"""Background tasks of the inventory module."""

from .reservations import expire_reservations

__all__ = ["expire_reservations"]
