"""THE ISOLATION WALK: every catalog vendor route (pages and API, from ``app.url_map``) called by
shop A's owner, in shop A, with shop B's product, category, variant and import ids answers 404,
and shop B's catalog is unchanged afterwards."""

from __future__ import annotations

import io

from sqlalchemy import select

from modules.catalog.models import Category, ImportJob, Product, ProductTranslation, ProductVariant
from wizamart.database import db

from .conftest import product_body

IGNORED = {"HEAD", "OPTIONS"}


def catalog_vendor_routes(app):
    for rule in app.url_map.iter_rules():
        if not (
            rule.rule.startswith("/vendor/<vendor_code>/catalog")
            or rule.rule.startswith("/api/v1/vendor/catalog")
        ):
            continue
        for method in sorted(rule.methods - IGNORED):
            yield rule, method


def snapshot(app, vendor_id: int) -> dict:
    with app.app_context():
        return {
            "products": sorted(
                (p.id, p.slug, p.status.value, p.brand, p.vat_rate, p.featured, p.min_price_cents)
                for p in db.session.scalars(select(Product).where(Product.vendor_id == vendor_id))
            ),
            "titles": sorted(
                (t.product_id, t.language, t.title)
                for t in db.session.scalars(
                    select(ProductTranslation).join(Product).where(Product.vendor_id == vendor_id)
                )
            ),
            "variants": sorted(
                (v.id, v.sku, v.price_cents, v.gtin, str(v.options))
                for v in db.session.scalars(
                    select(ProductVariant).where(ProductVariant.vendor_id == vendor_id)
                )
            ),
            "categories": sorted(
                (c.id, c.slug, str(c.names), c.parent_id)
                for c in db.session.scalars(select(Category).where(Category.vendor_id == vendor_id))
            ),
            "jobs": sorted(
                (j.id, j.status)
                for j in db.session.scalars(select(ImportJob).where(ImportJob.vendor_id == vendor_id))
            ),
        }


def test_another_shops_ids_answer_404_on_every_catalog_vendor_route(
    app, api, other_api, vendor, other_vendor
):
    category = other_api.post("/categories", json={"names": {"en": "B shelf"}}).get_json()
    theirs = other_api.create(sku="B-1", category_ids=[category["id"]])
    job = other_api.client.post(
        other_api.url("/import"),
        data={"file": (io.BytesIO(b"handle,sku,title_en,price\nb-two,B-2,Two,5\n"), "b.csv")},
        headers=other_api.headers,
        content_type="multipart/form-data",
    ).get_json()
    mine = api.create(sku="A-1")
    before = snapshot(app, other_vendor.id)
    ids = {"product_id": theirs["id"], "category_id": category["id"], "job_id": job["id"]}
    variant_id = theirs["variants"][0]["id"]
    json_body = product_body(
        sku="A-1",
        variants=[{"id": variant_id, "sku": "B-1", "price": "1"}],
        category_ids=[category["id"]],
        names={"en": "Walked"},
        product_ids=[theirs["id"]],
        action="archive",
    )
    form_body = {
        "title_en": "Walked",
        "name_en": "Walked",
        "vat_rate": "17",
        "status": "active",
        "action": "archive",
        "product_ids": str(theirs["id"]),
        "category_ids": str(category["id"]),
        "variants-0-id": str(variant_id),
        "variants-0-sku": "B-1",
        "variants-0-price": "1",
    }
    walked, wrong = 0, {}
    for rule, method in catalog_vendor_routes(app):
        if not set(rule.arguments) & set(ids):
            continue
        args = {name: ids.get(name, vendor.code) for name in rule.arguments}
        url = rule.build(args, append_unknown=False)[1]
        client = api.client
        if rule.rule.startswith("/api/"):
            response = client.open(
                url, method=method, json=json_body if method in ("POST", "PUT") else None, headers=api.headers
            )
        else:
            response = client.open(url, method=method, data=form_body if method == "POST" else None)
        walked += 1
        if response.status_code != 404:
            wrong[f"{method} {rule.rule}"] = response.status_code
    assert walked >= 15, walked
    assert not wrong, wrong
    # ids in bodies of id-less routes: bulk edit and a product naming B's category or variant
    assert (
        api.post("/products/bulk", json={"product_ids": [theirs["id"]], "action": "archive"}).status_code
        == 404
    )
    assert (
        api.post("/products", json=product_body(sku="A-2", category_ids=[category["id"]])).status_code == 404
    )
    assert (
        api.put(
            f"/products/{mine['id']}",
            json=product_body(sku="A-1", variants=[{"id": variant_id, "sku": "A-1", "price": "1"}]),
        ).status_code
        == 404
    )
    assert (
        api.post("/categories", json={"names": {"en": "X"}, "parent_id": category["id"]}).status_code == 404
    )
    assert snapshot(app, other_vendor.id) == before


def test_the_other_shops_code_is_refused(api, other_vendor, other_api):
    theirs = other_api.create(sku="B-9")
    assert api.client.get(f"/vendor/{other_vendor.code}/catalog/products").status_code in (403, 404)
    response = api.client.get(api.url(f"/products/{theirs['id']}"), headers={"X-Vendor": other_vendor.code})
    assert response.status_code in (403, 404)
