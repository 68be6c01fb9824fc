"""Storefront API of the cms: a shop's published pages, /api/v1/storefront/cms/… (the shop from
the ``X-Vendor`` header)."""

from __future__ import annotations

from flask import Blueprint, jsonify, request, url_for

from wizamart import current_vendor
from wizamart.i18n import current_locale

from ...exceptions import PageNotFound
from ...services import page_service

blueprint = Blueprint("cms_storefront_api", __name__)


def _shop():
    vendor = current_vendor()
    if vendor is None or getattr(getattr(vendor, "status", None), "value", "active") != "active":
        raise PageNotFound(request.headers.get("X-Vendor", ""))
    return vendor


@blueprint.get("/pages/<slug>")
def page(slug: str):
    """The published page in the visitor's language (``?lang=`` or the request's)."""
    vendor = _shop()
    lang = request.args.get("lang") or current_locale()
    view = page_service.published(page_service.shop(vendor), slug, lang, vendor.default_language)
    return jsonify(
        slug=view.slug,
        kind=view.kind,
        title=view.title,
        body_html=str(view.body_html),
        language=view.language,
        url=url_for("cms.storefront_pages.page", vendor_code=vendor.code, slug=view.slug),
    )


@blueprint.get("/footer")
def footer():
    vendor = _shop()
    links = page_service.footer_links(page_service.shop(vendor), current_locale(), vendor.default_language)
    return jsonify(
        items=[
            {"title": title, "url": url_for("cms.storefront_pages.page", vendor_code=vendor.code, slug=slug)}
            for slug, title in links
        ]
    )
