"""Products through the vendor API: create, read, edit, archive, restore; SKUs, GTINs, prices,
VAT, variants, translations and the events fired inside the unit of work."""

from __future__ import annotations

from sqlalchemy import func, select

from hookspecs.markers import hookimpl
from modules.catalog.models import Product, ProductVariant
from wizamart.database import db

from .conftest import product_body


def count(app, model) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


def test_create_product_stores_cents_vat_and_translations(api):
    body = product_body(
        translations={
            "en": {"title": "Gravel bike", "description": "Fast."},
            "de": {"title": "Gravelbike", "description": "Schnell."},
            "fr": {"title": "Vélo gravel", "description": "Rapide."},
            "lb": {"title": "Gravelvëlo", "description": "Séier."},
        }
    )
    response = api.post("/products", json=body)
    assert response.status_code == 201, response.get_json()
    product = response.get_json()
    assert product["slug"] == "gravel-bike"
    assert product["vat_rate"] == 17
    assert product["min_price_cents"] == 129900
    variant = product["variants"][0]
    # in stock unless stock is tracked (inventory, when enabled, starts new variants at 0)
    assert product["in_stock"] is (variant["stock_available"] is None or variant["stock_available"] > 0)
    assert variant["price_cents"] == 129900
    assert variant["net_cents"] == 111026  # 1299 / 1.17 = 1110.256…
    assert variant["vat_cents"] == 129900 - 111026
    assert variant["options"] == {}
    assert set(product["translations"]) == {"en", "de", "fr", "lb"}
    assert product["translations"]["lb"]["title"] == "Gravelvëlo"
    assert api.get(f"/products/{product['id']}").get_json()["translations"]["fr"]["title"] == "Vélo gravel"


def test_the_shop_language_title_is_required_and_errors_name_fields(api):
    body = product_body(translations={"de": {"title": "Nur Deutsch"}})
    response = api.post("/products", json=body)
    assert response.status_code == 422
    assert "translations.en.title" in response.get_json()["error"]["details"]["fields"]


def test_gtin_checksum_length_and_price_are_checked(api):
    bad_digit = api.post(
        "/products", json=product_body(variants=[{"sku": "X1", "price": "10", "gtin": "4006381333932"}])
    )
    assert bad_digit.status_code == 422
    assert bad_digit.get_json()["error"]["details"]["fields"] == {"variants.0.gtin": "invalid check digit."}
    short = api.post("/products", json=product_body(variants=[{"sku": "X1", "price": "10", "gtin": "12345"}]))
    assert "variants.0.gtin" in short.get_json()["error"]["details"]["fields"]
    for gtin in ("96385074", "036000291452", "4006381333931", "10012345678902"):  # GTIN-8/12/13/14
        assert (
            api.post(
                "/products",
                json=product_body(
                    sku=f"G{len(gtin)}", variants=[{"sku": f"G{len(gtin)}", "price": "1", "gtin": gtin}]
                ),
            ).status_code
            == 201
        ), gtin
    decimals = api.post("/products", json=product_body(variants=[{"sku": "X2", "price": "1.999"}]))
    assert "variants.0.price" in decimals.get_json()["error"]["details"]["fields"]
    missing = api.post("/products", json=product_body(variants=[{"sku": "X3"}]))
    assert missing.status_code == 422
    assert "variants.0.price" in missing.get_json()["error"]["details"]["fields"]
    vat = api.post("/products", json=product_body(sku="X4", vat_rate=10))
    assert "vat_rate" in vat.get_json()["error"]["details"]["fields"]


def test_prices_in_euros_with_comma_become_cents_and_each_vat_class_works(api):
    for percent, sku in ((17, "V17"), (14, "V14"), (8, "V8"), (3, "V3")):
        product = api.post(
            "/products",
            json=product_body(
                sku=sku, title=f"VAT {percent}", vat_rate=percent, variants=[{"sku": sku, "price": "12,50"}]
            ),
        ).get_json()
        variant = product["variants"][0]
        assert product["vat_rate"] == percent
        assert variant["price_cents"] == 1250
        assert variant["net_cents"] == round(1250 * 100 / (100 + percent))
        assert variant["net_cents"] + variant["vat_cents"] == 1250


def test_sku_is_unique_per_shop_but_another_shop_may_use_it(api, other_api):
    api.create(sku="SAME-1")
    again = api.post("/products", json=product_body(sku="SAME-1", title="Other"))
    assert again.status_code == 409
    assert again.get_json()["error"]["details"]["fields"] == {
        "variants.0.sku": "This SKU is already used in this shop."
    }
    twice = api.post(
        "/products",
        json=product_body(
            title="Twice",
            variants=[
                {"sku": "T-1", "price": "1", "options": {"size": "S"}},
                {"sku": "T-1", "price": "1", "options": {"size": "M"}},
            ],
        ),
    )
    assert "variants.1.sku" in twice.get_json()["error"]["details"]["fields"]
    assert other_api.post("/products", json=product_body(sku="SAME-1")).status_code == 201


def test_variants_with_options_keep_min_price_and_slugs_stay_unique(api):
    body = product_body(
        variants=[
            {"sku": "B-S-RED", "price": "999", "options": {"size": "S", "colour": "red"}},
            {"sku": "B-M-RED", "price": "1049", "options": {"size": "M", "colour": "red"}},
            {"sku": "B-L-RED", "price": "1099", "options": {"size": "L", "colour": "red"}},
        ]
    )
    product = api.post("/products", json=body).get_json()
    assert [v["options"]["size"] for v in product["variants"]] == ["S", "M", "L"]
    assert product["min_price_cents"] == 99900
    second = api.create(sku="OTHER-1")  # same title
    assert second["slug"] == "gravel-bike-2"
    for variants, field in (
        ([{"sku": "N1", "price": "1"}, {"sku": "N2", "price": "1"}], "variants.0.options"),
        (
            [
                {"sku": "N1", "price": "1", "options": {"size": "S"}},
                {"sku": "N2", "price": "1", "options": {"size": "S"}},
            ],
            "variants.1.options",
        ),
        (
            [
                {"sku": "N1", "price": "1", "options": {"size": "S"}},
                {"sku": "N2", "price": "1", "options": {"colour": "red"}},
            ],
            "variants.1.options",
        ),
    ):
        response = api.post("/products", json=product_body(title="Options", variants=variants))
        assert response.status_code == 422 and field in response.get_json()["error"]["details"]["fields"], (
            variants
        )


def test_update_adds_changes_and_removes_variants_and_fires_events(app, api, events):
    product = api.post(
        "/products",
        json=product_body(
            variants=[
                {"sku": "U-S", "price": "100", "options": {"size": "S"}},
                {"sku": "U-M", "price": "110", "options": {"size": "M"}},
            ]
        ),
    ).get_json()
    created = events.named("created")
    assert created == [("created", product["id"], "active", ["U-S", "U-M"])]
    small, medium = product["variants"]
    body = product_body(
        translations={
            "en": {"title": "Gravel bike", "description": "New text"},
            "fr": {"title": "Vélo gravel"},
        },
        brand="Cube",
        variants=[
            {"id": small["id"], "sku": "U-S", "price": "90", "options": {"size": "S"}},
            {"sku": "U-L", "price": "120", "options": {"size": "L"}},
        ],
    )
    response = api.put(f"/products/{product['id']}", json=body)
    assert response.status_code == 200, response.get_json()
    updated = response.get_json()
    assert [v["sku"] for v in updated["variants"]] == ["U-S", "U-L"]
    assert updated["min_price_cents"] == 9000
    assert updated["brand"] == "Cube" and updated["translations"]["fr"]["title"] == "Vélo gravel"
    ((_, product_id, changes),) = events.named("updated")
    assert product_id == product["id"]
    assert changes["brand"] == ("Trek", "Cube")
    assert changes["translations"] is True
    new_id = updated["variants"][1]["id"]
    assert changes["variants"] == {"added": [new_id], "removed": [medium["id"]], "changed": [small["id"]]}
    # nothing changed: no event
    api.put(
        f"/products/{product['id']}",
        json={
            **body,
            "variants": [
                {"id": small["id"], "sku": "U-S", "price": "90", "options": {"size": "S"}},
                {"id": new_id, "sku": "U-L", "price": "120", "options": {"size": "L"}},
            ],
        },
    )
    assert len(events.named("updated")) == 1


def test_a_variant_id_of_another_product_is_refused(api):
    first = api.create(sku="F-1")
    second = api.create(sku="S-1", title="Second")
    body = product_body(variants=[{"id": first["variants"][0]["id"], "sku": "F-1", "price": "1"}])
    response = api.put(f"/products/{second['id']}", json=body)
    assert response.status_code == 404
    assert api.get(f"/products/{first['id']}").get_json()["variants"][0]["price_cents"] == 129900


def test_a_listener_that_fails_rolls_the_product_back(app, api):
    class Failing:
        @hookimpl
        def on_product_created(self, product):
            assert product.id is not None  # flushed: listeners may point at it
            raise RuntimeError("listener refused")

    pm = app.extensions["wizamart"].pm
    pm.register(Failing(), name="failing")
    try:
        api.client.application.config["PROPAGATE_EXCEPTIONS"] = False
        response = api.post("/products", json=product_body(sku="ROLL-1"))
        assert response.status_code == 500
    finally:
        pm.unregister(name="failing")
        api.client.application.config["PROPAGATE_EXCEPTIONS"] = None
    assert count(app, Product) == 0
    assert count(app, ProductVariant) == 0


def test_archive_hides_the_product_from_the_storefront_and_restore_brings_a_draft(app, api, vendor, events):
    product = api.create(sku="ARC-1")
    storefront = app.test_client()
    assert storefront.get(f"/storefront/{vendor.code}/p/{product['slug']}").status_code == 200
    archived = api.post(f"/products/{product['id']}/archive")
    assert archived.get_json()["status"] == "archived" and archived.get_json()["archived_at"]
    assert events.named("archived") == [("archived", product["id"], "archived")]
    assert storefront.get(f"/storefront/{vendor.code}/p/{product['slug']}").status_code == 404
    assert api.get("/products").get_json()["meta"]["total"] == 0
    assert api.get("/products?status=archived").get_json()["meta"]["total"] == 1
    restored = api.post(f"/products/{product['id']}/restore").get_json()
    assert restored["status"] == "draft"
    assert events.named("updated")[-1][2] == {"status": ("archived", "draft")}


def test_list_filters_by_search_status_category_and_brand(api):
    category = api.post("/categories", json={"names": {"en": "Bikes"}}).get_json()
    api.create(sku="L-1", title="Red racer", brand="Cube", category_ids=[category["id"]])
    api.create(sku="L-2", title="Blue cruiser", brand="Trek", status="draft")
    assert api.get("/products?q=racer").get_json()["meta"]["total"] == 1
    assert api.get("/products?q=L-2").get_json()["items"][0]["slug"] == "blue-cruiser"
    assert api.get("/products?status=draft").get_json()["meta"]["total"] == 1
    assert api.get(f"/products?category_id={category['id']}").get_json()["meta"]["total"] == 1
    assert api.get("/products?brand=Trek").get_json()["items"][0]["brand"] == "Trek"
    page = api.get("/products?per_page=1&page=2").get_json()
    assert page["meta"] == {"total": 2, "page": 2, "per_page": 1, "pages": 2}


def test_bulk_edit_sets_status_category_vat_and_prices_and_archives(api, events):
    category = api.post("/categories", json={"names": {"en": "Sale"}}).get_json()
    a = api.create(sku="BA-1", title="A", status="draft")
    b = api.create(sku="BB-1", title="B", status="draft")
    ids = [a["id"], b["id"]]
    assert api.post(
        "/products/bulk", json={"product_ids": ids, "action": "set_status", "status": "active"}
    ).get_json() == {"changed": 2}
    assert (
        api.post(
            "/products/bulk",
            json={"product_ids": ids, "action": "set_category", "category_id": category["id"]},
        ).status_code
        == 200
    )
    assert (
        api.post(
            "/products/bulk", json={"product_ids": ids, "action": "change_price", "percent": -10}
        ).status_code
        == 200
    )
    assert (
        api.post("/products/bulk", json={"product_ids": ids, "action": "set_vat", "vat_rate": 3}).status_code
        == 200
    )
    product = api.get(f"/products/{a['id']}").get_json()
    assert product["status"] == "active" and product["category_ids"] == [category["id"]]
    assert product["variants"][0]["price_cents"] == 116910 and product["min_price_cents"] == 116910
    assert product["vat_rate"] == 3
    missing = api.post("/products/bulk", json={"product_ids": ids, "action": "change_price"})
    assert missing.status_code == 422 and "percent" in missing.get_json()["error"]["details"]["fields"]
    assert api.post("/products/bulk", json={"product_ids": ids, "action": "archive"}).get_json() == {
        "changed": 2
    }
    assert len(events.named("archived")) == 2


def test_bulk_edit_with_another_shops_product_changes_nothing(api, other_api):
    mine = api.create(sku="MINE-1", status="draft")
    theirs = other_api.create(sku="THEIRS-1", status="draft")
    response = api.post(
        "/products/bulk",
        json={"product_ids": [mine["id"], theirs["id"]], "action": "set_status", "status": "active"},
    )
    assert response.status_code == 404
    assert api.get(f"/products/{mine['id']}").get_json()["status"] == "draft"
    assert other_api.get(f"/products/{theirs['id']}").get_json()["status"] == "draft"
