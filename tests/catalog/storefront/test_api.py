"""The storefront API: /api/v1/storefront/catalog/… with the shop in the X-Vendor header."""

from __future__ import annotations

import pytest

from modules.catalog.models import ProductStatus

API = "/api/v1/storefront/catalog"


@pytest.fixture
def shop_data(catalog, vendor, other_vendor):
    bikes = catalog.category(vendor, "bikes", {"en": "Bikes", "fr": "Vélos"})
    picture = catalog.media(vendor, {"en": "A cargo bike", "fr": "Un vélo cargo"})
    catalog.product(
        vendor,
        "cargo",
        {"en": "Cargo bike", "fr": "Vélo cargo"},
        {"en": "Carries children."},
        brand="Babboe",
        categories=(bikes,),
        images=(picture,),
        variants=[
            {"sku": "CARGO-2", "price_cents": 250000, "options": {"seats": "2"}, "stock_available": 2},
            {"sku": "CARGO-4", "price_cents": 290000, "options": {"seats": "4"}, "stock_available": 0},
        ],
    )
    catalog.product(vendor, "kids", {"en": "Kids bike"}, price=19900, brand="Woom", categories=(bikes,))
    catalog.product(vendor, "draft", {"en": "Draft bike"}, status=ProductStatus.DRAFT, categories=(bikes,))
    catalog.product(other_vendor, "theirs", {"en": "Their bike"})
    return {"bikes": bikes}


def get(client, vendor, path, **kwargs):
    headers = {"X-Vendor": vendor.code, **kwargs.pop("headers", {})}
    return client.get(f"{API}{path}", headers=headers, **kwargs)


def test_products_list_filters_and_meta(client, vendor, shop_data):
    body = get(client, vendor, "/products", query_string={"sort": "price_asc"}).get_json()
    assert [p["slug"] for p in body["items"]] == ["kids", "cargo"]
    assert body["meta"] == {"total": 2, "total_is_lower_bound": False, "page": 1, "per_page": 24, "pages": 1}
    assert {b["name"] for b in body["brands"]} == {"Babboe", "Woom"}
    cargo = body["items"][1]
    assert cargo["price_cents"] == 250000 and cargo["image"]["alt"] == "A cargo bike"

    filtered = get(client, vendor, "/products?category=bikes&brand=Babboe&min=100").get_json()
    assert [p["slug"] for p in filtered["items"]] == ["cargo"]
    assert get(client, vendor, "/products?max=10").get_json()["items"] == []
    paged = get(client, vendor, "/products?per_page=1&page=2&sort=price_desc").get_json()
    assert [p["slug"] for p in paged["items"]] == ["kids"] and paged["meta"]["pages"] == 2


def test_products_in_french(client, vendor, shop_data):
    body = get(client, vendor, "/products?sort=title", headers={"Accept-Language": "fr"}).get_json()
    assert [p["title"] for p in body["items"]] == ["Kids bike", "Vélo cargo"]


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("min=cheap", "min"),
        ("min=5&max=1", "max"),
        ("sort=random", "sort"),
        ("page=0", "page"),
        ("per_page=500", "per_page"),
    ],
)
def test_bad_filters_are_422_naming_the_field(client, vendor, shop_data, query, field):
    answer = get(client, vendor, f"/products?{query}")
    assert answer.status_code == 422
    assert field in answer.get_json()["error"]["details"]["fields"]


def test_unknown_category_is_404(client, vendor, shop_data):
    assert get(client, vendor, "/products?category=nope").status_code == 404


def test_product_detail(client, vendor, shop_data):
    body = get(client, vendor, "/products/cargo").get_json()
    assert body["title"] == "Cargo bike" and body["description"] == "Carries children."
    assert body["options"] == [{"name": "seats", "values": ["2", "4"]}]
    assert [(v["sku"], v["availability"], v["available_count"]) for v in body["variants"]] == [
        ("CARGO-2", "low", 2),
        ("CARGO-4", "out", None),
    ]
    assert body["categories"][0]["slug"] == "bikes" and len(body["images"]) == 1
    chosen = get(client, vendor, f"/products/cargo?variant={body['variants'][1]['id']}").get_json()
    assert chosen["selected_variant_id"] == body["variants"][1]["id"]


def test_product_detail_hides_drafts_and_other_shops(client, vendor, other_vendor, shop_data):
    assert get(client, vendor, "/products/draft").status_code == 404
    assert get(client, vendor, "/products/theirs").status_code == 404
    assert get(client, other_vendor, "/products/theirs").status_code == 200
    assert get(client, other_vendor, "/products/cargo").status_code == 404


def test_search(client, vendor, other_vendor, shop_data):
    body = get(client, vendor, "/search?q=VELO").get_json()
    assert [p["slug"] for p in body["items"]] == ["cargo"] and body["words"] == ["velo"]
    assert get(client, vendor, "/search?q=x").get_json()["too_short"] is True
    assert get(client, vendor, "/search?q=their").get_json()["items"] == []
    assert get(client, other_vendor, "/search?q=their").get_json()["meta"]["total"] == 1


def test_categories(client, vendor, shop_data):
    body = get(client, vendor, "/categories", headers={"Accept-Language": "fr"}).get_json()
    assert body["items"] == [{"id": shop_data["bikes"], "slug": "bikes", "parent_id": None, "name": "Vélos"}]


def test_no_or_unknown_shop_is_404(client, shop_data):
    assert client.get(f"{API}/products").status_code == 404
    assert client.get(f"{API}/products", headers={"X-Vendor": "nope"}).status_code == 404
