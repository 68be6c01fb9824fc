"""What the storefront shell needs from the catalog: the search box's URL and the top-level
categories for the shop's menu (``shell_search_url``, ``shell_categories``).

``install(app)`` registers the context processor; catalog's ``init_app`` hook calls it. It
runs on storefront pages only, for an open shop whose platform has the catalog enabled, and
costs one query per request (the shop's categories, remembered in ``g`` and shared with the
catalog's own pages).
"""

from __future__ import annotations

from flask import Flask, g, url_for

from wizamart import storefront_shop
from wizamart.i18n import current_locale

from .services import storefront_service

_INSTALLED = "catalog_storefront_context"


def install(app: Flask) -> None:
    """Register the shell's catalog variables on ``app`` (once, however often it is called)."""
    if app.extensions.get(_INSTALLED):
        return
    app.extensions[_INSTALLED] = True
    app.context_processor(shell_context)


def shell_context() -> dict:
    vendor = storefront_shop("catalog")
    if vendor is None:
        return {}
    if "catalog_shell" not in g:
        lang = current_locale()
        g.catalog_shell = {
            "shell_search_url": url_for("catalog.storefront_pages.search", vendor_code=vendor.code),
            "shell_categories": [
                {
                    "name": c.name(lang),
                    "slug": c.slug,
                    "url": url_for("catalog.storefront_pages.category", vendor_code=vendor.code, slug=c.slug),
                }
                for c in storefront_service.top_categories(vendor)
            ],
        }
    return g.catalog_shell
