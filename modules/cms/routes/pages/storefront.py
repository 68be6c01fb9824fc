"""Storefront pages of the cms, under /storefront/<vendor_code>: the shop's content pages."""

from __future__ import annotations

from flask import Blueprint, render_template

from wizamart import current_vendor
from wizamart.i18n import current_locale

from ...services import page_service

blueprint = Blueprint("cms_storefront_pages", __name__)


@blueprint.get("/pages/<slug>")
def page(vendor_code: str, slug: str):
    """A published page in the visitor's language, else the shop's, else any it is written in."""
    vendor = current_vendor()
    view = page_service.published(page_service.shop(vendor), slug, current_locale(), vendor.default_language)
    return render_template("cms/storefront/page.html", content_page=view)
