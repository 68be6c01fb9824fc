"""The catalog's public functions other modules call: variants_for, find_variant_by_sku,
search_variants and record_availability (no commit; products' in_stock follows)."""

from __future__ import annotations

from modules.catalog.models import Product
from modules.catalog.services import product_service
from wizamart.database import db

from .conftest import product_body


def test_variant_views_by_id_sku_and_search_are_scoped_to_the_shop(app, api, other_api, vendor, other_vendor):
    product = api.post(
        "/products",
        json=product_body(
            translations={"en": {"title": "Trail helmet"}, "fr": {"title": "Casque de VTT"}},
            vat_rate=17,
            variants=[
                {"sku": "H-S", "price": "50", "options": {"size": "S"}},
                {"sku": "H-M", "price": "55", "options": {"size": "M"}},
            ],
        ),
    ).get_json()
    theirs = other_api.create(sku="H-S")
    ids = [v["id"] for v in product["variants"]] + [theirs["variants"][0]["id"]]
    with app.test_request_context(headers={"Accept-Language": "fr"}):
        views = product_service.variants_for(vendor.id, ids)
        assert set(views) == set(ids[:2])  # the other shop's variant is left out
        small = views[ids[0]]
        assert (small.sku, small.price_cents, small.vat_rate, small.status) == ("H-S", 5000, 1700, "active")
        assert small.title("fr") == "Casque de VTT" and small.title("de") == "Trail helmet"
        assert small.options_label == "S"
        assert small.available is (small.stock_available is None or small.stock_available > 0)
        assert product_service.find_variant_by_sku(vendor.id, "H-M").id == ids[1]
        assert product_service.find_variant_by_sku(vendor.id, "NOPE") is None
        assert product_service.find_variant_by_sku(other_vendor.id, "H-S").product_id == theirs["id"]
        assert [v.sku for v in product_service.search_variants(vendor.id, "casque")] == ["H-M", "H-S"]
        assert [v.sku for v in product_service.search_variants(vendor.id, "H-M")] == ["H-M"]
        assert product_service.search_variants(other_vendor.id, "casque") == []


def test_record_availability_updates_in_stock_without_committing(app, api, vendor, other_vendor):
    product = api.post(
        "/products",
        json=product_body(
            variants=[
                {"sku": "R-S", "price": "10", "options": {"size": "S"}},
                {"sku": "R-M", "price": "10", "options": {"size": "M"}},
            ]
        ),
    ).get_json()
    small, medium = (v["id"] for v in product["variants"])
    with app.app_context():
        product_service.record_availability(vendor.id, {small: None, medium: None})
        db.session.commit()
    with app.app_context():
        product_service.record_availability(vendor.id, {small: 0, medium: 0})
        assert db.session.get(Product, product["id"]).in_stock is False
        db.session.rollback()  # the caller's transaction decides
        assert db.session.get(Product, product["id"]).in_stock is True
        product_service.record_availability(vendor.id, {small: 0, medium: 3})
        db.session.commit()
    assert api.get(f"/products/{product['id']}").get_json()["in_stock"] is True
    with app.app_context():
        product_service.record_availability(vendor.id, {small: 0, medium: 0})
        product_service.record_availability(other_vendor.id, {small: None})  # not theirs: ignored
        db.session.commit()
    after = api.get(f"/products/{product['id']}").get_json()
    assert after["in_stock"] is False
    assert [v["stock_available"] for v in after["variants"]] == [0, 0]
    with app.app_context():
        product_service.record_availability(vendor.id, {small: None})  # not tracked: available
        db.session.commit()
    assert api.get(f"/products/{product['id']}").get_json()["in_stock"] is True
