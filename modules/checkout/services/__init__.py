"""Public services of the checkout module: ``shipping_service`` (the shop's shipping methods,
and what they cost for a cart) and ``checkout_service`` (the steps from a cart to an order)."""

from . import checkout_service, shipping_service

__all__ = ["checkout_service", "shipping_service"]
