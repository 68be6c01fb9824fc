"""Public services of the payments module: ``payment_service`` (other modules call it)."""

from . import payment_service

__all__ = ["payment_service"]
