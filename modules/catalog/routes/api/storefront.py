"""Storefront API of the catalog: /api/v1/storefront/catalog/… for shop apps and widgets.

The shop comes from the ``X-Vendor`` header (tenancy's ``vendor_from_request``); a shop that
is not found or not open answers 404. Read-only and open to everyone; the same filters as the
pages, with bad values answered 422 naming the field.
"""

from __future__ import annotations

from flask import Blueprint, jsonify, request

from wizamart import current_vendor
from wizamart.errors import NotFoundError
from wizamart.forms import parse_form
from wizamart.i18n import current_locale

from ...services import storefront_service
from ...services.storefront_service import ListingQuery, SearchQuery

blueprint = Blueprint("catalog_storefront_api", __name__)


def _shop():
    vendor = current_vendor()
    if vendor is None or getattr(vendor.status, "value", vendor.status) != "active":
        raise NotFoundError("catalog.storefront.errors.no_shop")
    return vendor


def _listing_out(listing, lang: str) -> dict:
    return {
        "items": [card.to_dict(lang) for card in listing.items],
        "meta": listing.meta(),
    }


@blueprint.get("/products")
def products():
    """Active products, optionally of ``?category=<slug>``, filtered and sorted like the pages."""
    vendor = _shop()
    lang = current_locale()
    query = parse_form(ListingQuery, request.args)
    category = request.args.get("category") or None
    listing = storefront_service.listing(vendor, query, lang, category_slug=category)
    body = _listing_out(listing, lang)
    body["brands"] = [{"name": b.name, "count": b.count} for b in listing.brands]
    return jsonify(body)


@blueprint.get("/products/<slug>")
def product(slug: str):
    vendor = _shop()
    lang = current_locale()
    page = storefront_service.product_page(
        vendor, slug, lang, variant_id=request.args.get("variant", type=int)
    )
    return jsonify(page.to_dict(lang))


@blueprint.get("/search")
def search():
    vendor = _shop()
    lang = current_locale()
    result = storefront_service.search(vendor, parse_form(SearchQuery, request.args), lang)
    body = _listing_out(result.listing, lang)
    body.update(query=result.query, words=result.words, too_short=result.too_short)
    return jsonify(body)


@blueprint.get("/categories")
def categories():
    vendor = _shop()
    lang = current_locale()
    return jsonify(items=[c.to_dict(lang) for c in storefront_service.shop_categories(vendor)])
