"""Background tasks of the checkout module."""

from .expiry import expire_sessions

__all__ = ["expire_sessions"]
