"""The shop's catalog pages, under /storefront/<vendor_code>: home, category listings, search
and product pages. Open to everyone; tenancy answers 404 for a shop that is not open."""

from __future__ import annotations

from flask import Blueprint, render_template, request

from wizamart import current_vendor, format_money, t
from wizamart.forms import parse_form, run_form_action
from wizamart.i18n import current_locale

from ...services import storefront_service
from ...services.storefront_service import ListingQuery, SearchQuery

blueprint = Blueprint("catalog_storefront_pages", __name__)

OPTION_PREFIX = "opt."
# Option names shops commonly use, shown in the customer's language; others as the shop wrote them.
OPTION_LABELS = {
    "size": "catalog.storefront.option.size",
    "colour": "catalog.storefront.option.colour",
    "color": "catalog.storefront.option.colour",
    "material": "catalog.storefront.option.material",
    "weight": "catalog.storefront.option.weight",
    "flavour": "catalog.storefront.option.flavour",
    "flavor": "catalog.storefront.option.flavour",
    "frame": "catalog.storefront.option.frame",
}


def option_label(name: str) -> str:
    key = OPTION_LABELS.get(name.strip().casefold())
    return t(key) if key else name[:1].upper() + name[1:]


def _listing_query() -> tuple[ListingQuery, dict[str, str]]:
    """The filters of the query string; invalid ones are shown as errors and ignored."""
    query, errors = run_form_action(lambda: parse_form(ListingQuery, request.args))
    if query is None:
        sort = request.args.get("sort")
        query = ListingQuery(sort=sort if sort in storefront_service.SORTS else "newest")
    return query, errors


@blueprint.get("/")
def home(vendor_code: str):
    vendor = current_vendor()
    view = storefront_service.home(vendor, current_locale())
    return render_template("catalog/storefront/home.html", view=view, lang=current_locale())


@blueprint.get("/c/<slug>")
def category(vendor_code: str, slug: str):
    vendor = current_vendor()
    lang = current_locale()
    shelf = storefront_service.category(vendor, slug)
    query, errors = _listing_query()
    return render_template(
        "catalog/storefront/category.html",
        category=shelf,
        trail=storefront_service.category_trail(vendor, shelf),
        children=storefront_service.subcategories(vendor, shelf.id),
        listing=storefront_service.listing(vendor, query, lang, category_slug=slug),
        query=query,
        errors=errors,
        lang=lang,
    )


@blueprint.get("/search")
def search(vendor_code: str):
    vendor = current_vendor()
    lang = current_locale()
    query, errors = run_form_action(lambda: parse_form(SearchQuery, request.args))
    if query is None:
        query = SearchQuery()
    result = storefront_service.search(vendor, query, lang)
    return render_template(
        "catalog/storefront/search.html", result=result, query=query, errors=errors, lang=lang
    )


@blueprint.get("/p/<slug>")
def product(vendor_code: str, slug: str):
    vendor = current_vendor()
    lang = current_locale()
    variant_id = request.args.get("variant", type=int)
    options = {
        key[len(OPTION_PREFIX) :]: value
        for key, value in request.args.items()
        if key.startswith(OPTION_PREFIX) and value
    }
    page = storefront_service.product_page(vendor, slug, lang, variant_id=variant_id, options=options)
    return render_template(
        "catalog/storefront/product.html",
        product=page,
        variants_data=[_variant_data(variant) for variant in page.variants],
        option_labels={axis.name: option_label(axis.name) for axis in page.axes},
        option_prefix=OPTION_PREFIX,
        trail=storefront_service.category_trail(vendor, page.categories[0]) if page.categories else [],
        lang=lang,
    )


def _variant_data(variant: storefront_service.VariantChoice) -> dict:
    """A variant as the product page's script shows it when the customer picks options."""
    availability = variant.availability
    labels = {
        "in_stock": t("catalog.storefront.availability.in_stock"),
        "low": t("catalog.storefront.availability.low", count=availability.count),
        "out": t("catalog.storefront.availability.out"),
    }
    return {
        "id": variant.id,
        "options": variant.options,
        "sku": variant.sku,
        "gtin": variant.gtin or "",
        "price": format_money(variant.price_cents),
        "availability": availability.state,
        "availability_label": labels[availability.state],
    }
