"""CSV import and export: every row checked first, errors by line and column, nothing imported on
error unless skip_invalid, upserts by SKU, batches with one event each, and export -> import
round trips."""

from __future__ import annotations

import io

from modules.catalog.services import import_service
from wizamart.database import db

HEADER = (
    "handle,sku,title_en,title_de,title_fr,title_lb,description_en,brand,price,vat_rate,gtin,"
    "category_slugs,status,featured,option_size,option_colour"
)
GOOD = [
    "city-bike,CB-S-RED,City bike,Stadtrad,Vélo de ville,Stadvëlo,Comfortable,Gazelle,749.00,17,"
    "4006381333931,bikes,active,1,S,red",
    "city-bike,CB-M-RED,,,,,,,769.00,,,,,,M,red",
    'bell,BELL-1,Bell,Klingel,Sonnette,Klack,"Loud, clear",Crane,"15,00",17,,,draft,0,,',
]


def csv_file(*lines: str, header: str = HEADER) -> tuple[io.BytesIO, str]:
    return io.BytesIO(("\n".join([header, *lines]) + "\n").encode()), "products.csv"


def upload(api, *lines, skip_invalid=False, header=HEADER):
    return api.client.post(
        api.url("/import"),
        data={"file": csv_file(*lines, header=header), "skip_invalid": "1" if skip_invalid else "0"},
        headers=api.headers,
        content_type="multipart/form-data",
    )


def test_a_good_file_imports_products_variants_and_categories(api, bikes, events):
    response = upload(api, *GOOD)
    assert response.status_code == 202, response.get_json()
    job = response.get_json()
    assert (job["status"], job["total_rows"], job["processed_rows"], job["created"], job["error_count"]) == (
        "done",
        3,
        3,
        2,
        0,
    )
    items = {p["slug"]: p for p in api.get("/products?per_page=50&status=").get_json()["items"]}
    bike = items["city-bike"]
    assert bike["translations"]["lb"]["title"] == "Stadvëlo"
    assert bike["category_ids"] == [bikes["id"]] and bike["featured"] is True
    assert [(v["sku"], v["price_cents"], v["options"]) for v in bike["variants"]] == [
        ("CB-S-RED", 74900, {"size": "S", "colour": "red"}),
        ("CB-M-RED", 76900, {"size": "M", "colour": "red"}),
    ]
    assert bike["min_price_cents"] == 74900
    assert items["bell"]["status"] == "draft" and items["bell"]["variants"][0]["price_cents"] == 1500
    assert items["bell"]["translations"]["en"]["description"] == "Loud, clear"
    ((_, _, created, updated, variant_ids),) = events.named("imported")
    assert sorted(created) == sorted(p["id"] for p in items.values()) and updated == []
    assert len(variant_ids) == 3
    # searchable right away
    assert api.client.get(f"/storefront/{api.headers['X-Vendor']}/search?q=stadvelo").status_code == 200


def test_bad_rows_are_reported_by_line_and_column_and_nothing_is_imported(api, bikes):
    lines = [
        GOOD[0],
        "city-bike,CB-M-RED,,,,,,,7x9,,,,,,M,red",  # line 3: price
        "helmet,HLM-1,Helmet,,,,,,59,17,4006381333932,,,,,",  # line 4: gtin check digit
        # line 5: sku twice, vat, category, status, featured
        "lamp,CB-S-RED,Lamp,,,,,,10,12,,nope,weird,maybe,,",
        ",,,,,,,,,,,,,,,",  # blank: ignored
        "Bad Handle,X-1,,,,,,,1,,,,,,,",  # line 7: handle
    ]
    response = upload(api, *lines)
    assert response.status_code == 422
    body = response.get_json()
    assert body["job"]["status"] == "failed"
    messages = [row["message"] for row in body["error"]["details"]["rows"]]
    assert "line 3: price: Enter a price in euros, e.g. 12.50." in messages
    assert "line 4: gtin: invalid check digit." in messages
    assert "line 5: sku: already used on line 2." in messages
    assert "line 5: vat_rate: The VAT rate is 17, 14, 8 or 3 %." in messages
    assert "line 5: category_slugs: no category “nope” in this shop." in messages
    assert "line 5: status: status is draft, active or archived." in messages
    assert "line 5: featured: use 1 or 0." in messages
    assert "line 7: handle: Lower-case letters, digits and hyphens only." in messages
    assert api.get("/products").get_json()["meta"]["total"] == 0


def test_skip_invalid_imports_the_good_rows_and_reports_the_bad(api, bikes):
    response = upload(
        api, GOOD[0], "helmet,HLM-1,Helmet,,,,,,59,17,4006381333932,,,,,", GOOD[2], skip_invalid=True
    )
    assert response.status_code == 202
    job = response.get_json()
    assert (job["status"], job["created"], job["error_count"]) == ("done", 2, 1)
    assert job["errors"][0]["message"] == "line 3: gtin: invalid check digit."
    assert sorted(p["slug"] for p in api.get("/products?per_page=50").get_json()["items"]) == [
        "bell",
        "city-bike",
    ]


def test_a_new_product_needs_the_shop_language_title_and_consistent_options(api):
    response = upload(
        api,
        "no-title,NT-1,,Nur Deutsch,,,,,5,17,,,,,,",
        "mixed,MX-1,Mixed,,,,,,5,17,,,,,S,",
        "mixed,MX-2,,,,,,,5,,,,,,,red",
        "same,SM-1,Same,,,,,,5,17,,,,,S,red",
        "same,SM-2,,,,,,,5,,,,,,S,red",
    )
    messages = [row["message"] for row in response.get_json()["error"]["details"]["rows"]]
    assert "line 2: title_en: Enter a title." in messages
    assert "line 4: options: Every variant needs the same options." in messages
    assert "line 6: options: Two variants have the same options." in messages


def test_rows_are_upserted_by_sku(api, bikes, events):
    upload(api, *GOOD)
    response = upload(
        api,
        "city-bike,CB-S-RED,City bike XL,,,,,Gazelle,700.00,14,,bikes,active,0,S,red",
        "city-bike,CB-L-RED,,,,,,,800.00,,,,,,L,red",
    )
    job = response.get_json()
    assert (job["created"], job["updated"]) == (0, 1)
    bike = next(p for p in api.get("/products?q=City").get_json()["items"])
    assert bike["translations"] == {"en": {"title": "City bike XL", "description": ""}}
    assert bike["vat_rate"] == 14 and bike["featured"] is False
    assert [(v["sku"], v["price_cents"]) for v in bike["variants"]] == [
        ("CB-S-RED", 70000),
        ("CB-M-RED", 76900),
        ("CB-L-RED", 80000),
    ]
    assert bike["min_price_cents"] == 70000
    assert events.named("imported")[-1][3] == [bike["id"]]
    # a SKU of another product cannot move by import
    moved = upload(api, "bell,CB-M-RED,Bell,,,,,,1,17,,,,,,")
    assert moved.status_code == 422
    assert moved.get_json()["error"]["details"]["rows"][0]["message"] == (
        "line 2: sku: this SKU belongs to another product."
    )


def test_export_then_import_changes_nothing(app, api, bikes, vendor):
    api.post(
        "/products",
        json={
            "translations": {
                "en": {"title": "Jersey", "description": 'Red, "lion"\nTwo lines'},
                "lb": {"title": "Trikot", "description": ""},
            },
            "brand": "Vëlo Lux",
            "vat_rate": 17,
            "status": "active",
            "featured": True,
            "category_ids": [bikes["id"]],
            "variants": [
                {"sku": "J-S", "price": "59", "options": {"size": "S"}},
                {"sku": "J-M", "price": "59.50", "gtin": "96385074", "options": {"size": "M"}},
            ],
        },
    )
    upload(api, *GOOD)
    api.post("/products/{}/archive".format(api.get("/products?q=Bell").get_json()["items"][0]["id"]))
    first = api.get("/export")
    assert first.status_code == 200 and first.mimetype == "text/csv"
    exported = first.get_data(as_text=True)
    assert exported.splitlines()[0].startswith("handle,sku,title_en")
    before = {p["id"]: p for p in api.get("/products?per_page=100&status=").get_json()["items"]}
    response = api.client.post(
        api.url("/import"),
        data={"file": (io.BytesIO(exported.encode()), "x.csv")},
        headers=api.headers,
        content_type="multipart/form-data",
    )
    assert response.status_code == 202, response.get_json()
    assert response.get_json()["created"] == 0
    assert api.get("/export").get_data(as_text=True) == exported
    after = {p["id"]: p for p in api.get("/products?per_page=100&status=").get_json()["items"]}
    strip = lambda p: {k: v for k, v in p.items() if k != "updated_at"}  # noqa: E731
    assert {i: strip(p) for i, p in after.items()} == {i: strip(p) for i, p in before.items()}


def test_not_a_csv_or_no_file_is_refused(api):
    for data, expected in (
        ({}, "Choose a CSV file."),
        (
            {"file": (io.BytesIO(b"\x89PNG\r\n\x1a\n\x00\x00binary"), "p.csv")},
            "This is not a CSV text file (UTF-8).",
        ),
        (
            {"file": (io.BytesIO(b"name,price\nx,1\n"), "p.csv")},
            "The header needs the columns handle, sku and price.",
        ),
        (
            {"file": (io.BytesIO("handle,sku,price\n".encode("utf-16")), "p.csv")},
            "This is not a CSV text file (UTF-8).",
        ),
    ):
        response = api.client.post(
            api.url("/import"), data=data, headers=api.headers, content_type="multipart/form-data"
        )
        assert response.status_code == 422, data
        assert response.get_json()["error"]["details"]["fields"]["file"] == expected


def test_import_page_shows_the_bad_row_and_the_job(vendor_client, vendor, bikes):
    base = f"/vendor/{vendor.code}/catalog/import"
    assert vendor_client.get(base).status_code == 200
    file, name = csv_file(GOOD[0], "helmet,HLM-1,Helmet,,,,,,59,17,4006381333932,,,,,")
    response = vendor_client.post(base, data={"file": (file, name)}, content_type="multipart/form-data")
    assert response.status_code == 302
    page = vendor_client.get(response.headers["Location"]).get_data(as_text=True)
    assert 'data-status="failed"' in page and "line 3: gtin: invalid check digit." in page
    response = vendor_client.post(
        base, data={"file": (io.BytesIO(b""), "empty.csv")}, content_type="multipart/form-data"
    )
    assert response.status_code == 422 and "The file is empty." in response.get_data(as_text=True)
    export = vendor_client.get(f"/vendor/{vendor.code}/catalog/export")
    assert export.status_code == 200 and export.mimetype == "text/csv"


def test_batches_fire_one_event_each(app, vendor, events):
    lines = [HEADER] + [f"p-{i},SKU-{i},Product {i},,,,,,{i}.00,17,,,active,0,," for i in range(1, 26)]
    with app.app_context():
        app.extensions["wizamart"].module_configs["catalog"].import_batch_size = 10
        try:
            result = import_service.import_csv(vendor.id, "en", "\n".join(lines))
        finally:
            app.extensions["wizamart"].module_configs["catalog"].import_batch_size = 1000
        assert (result.total, result.created) == (25, 25)
        db.session.remove()
    assert [len(e[2]) for e in events.named("imported")] == [10, 10, 5]


def test_the_search_indexs_fast_folding_matches_fold():
    import re

    from modules.catalog.services import search_service

    def reference_words(text):  # fold(), then split: what the regex in words_of must give
        return [w[:64] for w in re.split(r"[^0-9a-z]+", search_service.fold(text)) if len(w) >= 2]

    texts = (
        "Vëlo Éclair Größe Straße Œuvre Ærø Łódź — 12,50 € café-crème",
        "Quetschentaart mat Quetsche vum Spéitsummer; naïve façade, São Paulo, ﬁne ½",
        "",
        "a b cd EF 123 x" * 3,
        "Vëlo" + "ë" * 70 + " " + "z" * 80,
    )
    for text in texts:
        assert search_service.words_of(text) == reference_words(text), text


def test_reimport_rewrites_search_columns_only_when_texts_change(app, api, bikes):
    from sqlalchemy import select

    from modules.catalog.models import Product

    def search_columns():
        with app.app_context():
            row = db.session.execute(
                select(Product.search_title, Product.search_body, Product.updated_at).where(
                    Product.slug == "city-bike"
                )
            ).one()
            db.session.remove()
            return row

    upload(api, *GOOD)
    before = search_columns()
    assert "city" in before.search_title.split()
    upload(api, *GOOD)  # unchanged: nothing written
    assert search_columns() == before
    upload(api, "city-bike,CB-S-RED,Tandem Vëlo,,,,,Gazelle,700.00,14,,bikes,active,0,S,red")
    after = search_columns()
    assert after.search_title.split() == ["tandem", "velo"]
    assert after.updated_at != before.updated_at
