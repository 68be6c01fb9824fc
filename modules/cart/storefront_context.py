"""What the storefront shell needs from the cart: ``shell_cart`` — ``count`` (units in this
browser's cart), ``url`` (the cart page) and ``add_url`` (where a product page's "Add to cart"
form posts).

``install(app)`` registers the context processor; cart's ``init_app`` hook calls it. It runs on
storefront pages only, for an open shop whose platform has the cart enabled, and costs at most
one query (none for a browser that has no cart yet).
"""

from __future__ import annotations

from flask import Flask, url_for

from wizamart import storefront_shop

from .services import cart_service

_INSTALLED = "cart_storefront_context"


def install(app: Flask) -> None:
    """Register the shell's cart variable on ``app`` (once, however often it is called)."""
    if app.extensions.get(_INSTALLED):
        return
    app.extensions[_INSTALLED] = True
    app.context_processor(shell_context)


def shell_context() -> dict:
    vendor = storefront_shop("cart")
    if vendor is None:
        return {}
    return {
        "shell_cart": {
            "count": cart_service.count(vendor),
            "url": url_for("cart.storefront_pages.show", vendor_code=vendor.code),
            "add_url": url_for("cart.storefront_pages.add", vendor_code=vendor.code),
        }
    }
