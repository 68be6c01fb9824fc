"""A listing's count and brands are kept for a while per worker (they cost more than the page)
and forgotten as soon as the shop's products change."""

from __future__ import annotations

from sqlalchemy import update

from modules.catalog.models import Product, ProductStatus
from modules.catalog.services import product_service
from wizamart.database import db

from .test_query_counts import counting


def test_counts_are_reused_across_pages_and_forgotten_when_a_product_changes(
    app, client, vendor, catalog, shop
):
    bikes = catalog.category(vendor, "bikes")
    first = catalog.product(vendor, brand="Gazelle", categories=(bikes,))
    catalog.product(vendor, brand="Cube", categories=(bikes,))

    with counting(app) as cold:
        assert "Cube" in client.get(f"{shop}/c/bikes").get_data(as_text=True)
    with counting(app) as warm:  # another order of the same products: same count, same brands
        page = client.get(f"{shop}/c/bikes?sort=price_asc").get_data(as_text=True)
    assert len(warm) <= len(cold) - 3, "count and brands come from the cache"  # count, brands, every brand
    assert "Gazelle" in page

    with app.app_context():  # an ORM write: the product leaves the listing
        db.session.get(Product, first).status = ProductStatus.ARCHIVED
        db.session.commit()
    page = client.get(f"{shop}/c/bikes").get_data(as_text=True)
    assert "Gazelle" not in page, "the brand facet was recomputed"

    with app.app_context():  # a bulk statement the catalog announces itself
        db.session.execute(update(Product).where(Product.id == first).values(status=ProductStatus.ACTIVE))
        product_service.record_availability(vendor.id, {})
        from modules.catalog.services import facet_cache

        facet_cache.changed(db.session, vendor.id)
        db.session.commit()
    assert "Gazelle" in client.get(f"{shop}/c/bikes").get_data(as_text=True)


def test_a_rolled_back_change_forgets_nothing(app, client, vendor, catalog, shop):
    bikes = catalog.category(vendor, "bikes")
    catalog.product(vendor, brand="Cube", categories=(bikes,))
    client.get(f"{shop}/c/bikes")
    with app.app_context():
        db.session.get(Product, db.session.query(Product.id).scalar()).brand = "Riese"
        db.session.flush()
        db.session.rollback()
        from modules.catalog.services.facet_cache import _cache

        assert _cache().entries, "the cached facets survive a rollback"
