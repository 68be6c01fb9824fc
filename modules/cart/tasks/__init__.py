"""Background tasks of the cart module."""

from .expiry import expire_carts

__all__ = ["expire_carts"]
