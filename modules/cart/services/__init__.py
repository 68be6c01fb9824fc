"""Public services of the cart module.

``cart_service`` is the module's public surface (see the issue 5 contract): other modules call
``current_cart``, ``view``, ``lines_for_checkout``, ``clear`` and ``count``; never the models.
"""

from . import cart_service
from .cart_service import CartLineView, CartView, CheckoutLine, Note, RemovedLine

__all__ = ["CartLineView", "CartView", "CheckoutLine", "Note", "RemovedLine", "cart_service"]
