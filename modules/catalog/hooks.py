"""Hooks the catalog implements beyond the file conventions: the storefront shell's context,
the dashboard's product count, where media files are used, and demo data."""

from __future__ import annotations

from flask import Flask

from wizamart import hookimpl


@hookimpl
def init_app(app: Flask):
    """The storefront shell's catalog variables (search URL, top-level categories), and the
    listings' count cache, which forgets a shop's counts when its products change."""
    from .services import facet_cache
    from .storefront_context import install

    install(app)
    facet_cache.listen()


@hookimpl
def media_in_use(vendor_id, media_id):
    """Products of the shop showing this media file, so the library refuses to delete it."""
    from sqlalchemy import select

    from wizamart import t
    from wizamart.database import db

    from .models import Product, ProductImage
    from .services import product_service

    product = db.session.scalar(
        select(Product)
        .join(ProductImage, ProductImage.product_id == Product.id)
        .where(Product.vendor_id == vendor_id, ProductImage.media_id == media_id)
        .limit(1)
    )
    if product is None:
        return None
    return t("catalog.media.used_by_product", title=product_service.title_of(product))


@hookimpl
def dashboard_widgets(frontend):
    from wizamart import DashboardWidget, current_vendor
    from wizamart.modules.definition import FrontendType

    from .services import product_service

    if frontend is not FrontendType.VENDOR:
        return None
    vendor = current_vendor()
    counts = product_service.count(vendor.id)
    return [
        DashboardWidget(
            id="products",
            label="catalog.widget.products",
            value=counts.get("active", 0),
            detail="catalog.widget.drafts",
            detail_value=counts.get("draft", 0),
            endpoint="catalog.vendor_pages.products",
            order=30,
        )
    ]


@hookimpl
def load_demo_data(demo):
    from .demo import load

    load(demo)
