"""The vendor pages: the product form (languages, variants, prices with VAT, images), the list
with bulk edit, archive and restore; staff may look but not change."""

from __future__ import annotations

import io

from PIL import Image

from modules.catalog.models import ProductStatus
from tests.tenancy.helpers import field_errors, flashes

from .conftest import Api, product_body


def form(**overrides) -> dict:
    data = {
        "title_en": "City bike Alzette",
        "description_en": "Comfortable.",
        "title_fr": "Vélo de ville Alzette",
        "brand": "Gazelle",
        "vat_rate": "17",
        "status": "active",
        "featured": "true",
        "option_name_1": "Size",
        "option_name_2": "colour",
        "variants-0-sku": "CB-S-BLUE",
        "variants-0-price": "749,00",
        "variants-0-option_1": "S",
        "variants-0-option_2": "blue",
        "variants-1-sku": "CB-M-BLUE",
        "variants-1-price": "769.00",
        "variants-1-gtin": "4006381333931",
        "variants-1-option_1": "M",
        "variants-1-option_2": "blue",
        "variants-2-sku": "",  # the blank row the page always offers
        "variants-2-price": "",
    }
    data.update(overrides)
    return data


def test_create_a_product_with_variants_through_the_form(vendor_client, vendor, api):
    base = f"/vendor/{vendor.code}/catalog/products"
    assert vendor_client.get(f"{base}/new").status_code == 200
    response = vendor_client.post(f"{base}/new", data=form())
    assert response.status_code == 302, field_errors(response)
    product = api.get("/products").get_json()["items"][0]
    assert product["translations"]["fr"]["title"] == "Vélo de ville Alzette"
    assert product["featured"] is True
    assert [(v["sku"], v["price_cents"], v["options"]) for v in product["variants"]] == [
        ("CB-S-BLUE", 74900, {"size": "S", "colour": "blue"}),
        ("CB-M-BLUE", 76900, {"size": "M", "colour": "blue"}),
    ]
    page = vendor_client.get(response.headers["Location"]).get_data(as_text=True)
    assert "CB-M-BLUE" in page and "769.00" in page
    assert "640,17" in page or "640.17" in page  # net price shown: 749 / 1.17
    listing = vendor_client.get(f"{base}?q=Alzette").get_data(as_text=True)
    assert "City bike Alzette" in listing


def test_form_errors_stand_beside_their_inputs_and_nothing_is_saved(vendor_client, vendor, api):
    base = f"/vendor/{vendor.code}/catalog/products"
    response = vendor_client.post(
        f"{base}/new",
        data=form(title_en="", **{"variants-1-gtin": "4006381333932", "variants-0-price": "abc"}),
    )
    assert response.status_code == 422
    assert set(field_errors(response)) >= {"variants-0-price", "variants-1-gtin"}
    response = vendor_client.post(f"{base}/new", data=form(title_en=""))
    assert "title_en" in field_errors(response)
    api.create(sku="CB-S-BLUE", title="Taken")
    response = vendor_client.post(f"{base}/new", data=form())
    assert field_errors(response) == {"variants-0-sku": "This SKU is already used in this shop."}
    assert api.get("/products").get_json()["meta"]["total"] == 1


def test_edit_remove_a_row_archive_and_restore(vendor_client, vendor, api):
    product = api.post(
        "/products",
        json=product_body(
            variants=[
                {"sku": "E-S", "price": "10", "options": {"size": "S"}},
                {"sku": "E-M", "price": "12", "options": {"size": "M"}},
            ]
        ),
    ).get_json()
    url = f"/vendor/{vendor.code}/catalog/products/{product['id']}"
    small, medium = product["variants"]
    data = form(
        **{
            "option_name_1": "size",
            "option_name_2": "",
            "variants-0-id": str(small["id"]),
            "variants-0-sku": "E-S",
            "variants-0-price": "10",
            "variants-0-option_1": "S",
            "variants-0-option_2": "",
            "variants-1-id": str(medium["id"]),
            "variants-1-sku": "E-M",
            "variants-1-price": "12",
            "variants-1-option_1": "M",
            "variants-1-option_2": "",
            "variants-1-gtin": "",
            "variants-1-remove": "1",
        }
    )
    assert vendor_client.post(url, data=data).status_code == 302
    assert [v["sku"] for v in api.get(f"/products/{product['id']}").get_json()["variants"]] == ["E-S"]
    assert vendor_client.post(f"{url}/archive").status_code == 302
    assert api.get(f"/products/{product['id']}").get_json()["status"] == ProductStatus.ARCHIVED.value
    assert vendor_client.post(f"{url}/restore").status_code == 302
    assert api.get(f"/products/{product['id']}").get_json()["status"] == "draft"


def test_bulk_edit_from_the_list(vendor_client, vendor, api):
    a = api.create(sku="P-1", title="One", status="draft")
    b = api.create(sku="P-2", title="Two", status="draft")
    base = f"/vendor/{vendor.code}/catalog/products"
    response = vendor_client.post(
        f"{base}/bulk", data={"product_ids": [a["id"], b["id"]], "action": "set_status", "status": "active"}
    )
    assert response.status_code == 302
    assert {p["status"] for p in api.get("/products").get_json()["items"]} == {"active"}
    response = vendor_client.post(
        f"{base}/bulk", data={"product_ids": [a["id"]], "action": "set_vat"}, follow_redirects=True
    )
    assert any("VAT" in text for text in flashes(response))


def test_images_from_the_library_and_uploaded_directly(app, vendor_client, vendor, other_vendor, api):
    from modules.cms.services import media_service

    with app.app_context():
        mine = media_service.store_generated_image(vendor.id, vendor.platform_id, "bike", "#2563eb", "Bike")
        theirs = media_service.store_generated_image(
            other_vendor.id, other_vendor.platform_id, "x", "#dc2626", "X"
        )
    product = api.post("/products", json=product_body(media_ids=[mine.id])).get_json()
    assert product["media_ids"] == [mine.id] and product["images"][0]["url"] == mine.url
    refused = api.post("/products", json=product_body(sku="IMG-2", media_ids=[theirs.id]))
    assert refused.status_code == 404 and "media_ids" in refused.get_json()["error"]["details"]["fields"]
    png = io.BytesIO()
    Image.new("RGB", (40, 30), "#16a34a").save(png, "PNG")
    png.seek(0)
    data = form(**{"variants-0-sku": "UP-1", "variants-1-sku": "UP-2", "media_ids": str(mine.id)})
    data["images"] = (png, "photo.png")
    response = vendor_client.post(
        f"/vendor/{vendor.code}/catalog/products/new", data=data, content_type="multipart/form-data"
    )
    assert response.status_code == 302, field_errors(response)
    created = api.get(f"/products/{response.headers['Location'].rsplit('/', 1)[1]}").get_json()
    assert len(created["media_ids"]) == 2 and created["media_ids"][0] == mine.id
    bad = form(**{"variants-0-sku": "UP-3", "variants-1-sku": "UP-4"})
    bad["images"] = (io.BytesIO(b"not an image at all"), "photo.png")
    response = vendor_client.post(
        f"/vendor/{vendor.code}/catalog/products/new", data=bad, content_type="multipart/form-data"
    )
    assert response.status_code == 422 and "image" in field_errors(response)
    assert api.get("/products?q=UP-3").get_json()["meta"]["total"] == 0


def test_staff_see_products_but_cannot_change_them(app, staff_client, manager_client, vendor, api):
    product = api.create(sku="ST-1")
    base = f"/vendor/{vendor.code}/catalog"
    assert staff_client.get(f"{base}/products").status_code == 200
    page = staff_client.get(f"{base}/products/{product['id']}")
    assert page.status_code == 200 and "<fieldset disabled>" in page.get_data(as_text=True)
    assert staff_client.get(f"{base}/categories").status_code == 200
    staff_api = Api(staff_client, vendor.code)
    assert staff_api.get("/products").status_code == 200
    assert staff_api.post("/products", json=product_body(sku="ST-2")).status_code == 403
    assert (
        staff_api.put(f"/products/{product['id']}", json=product_body(sku="ST-1", brand="X")).status_code
        == 403
    )
    assert staff_api.post(f"/products/{product['id']}/archive").status_code == 403
    assert staff_client.post(f"{base}/products/{product['id']}", data=form()).status_code == 403
    assert (
        staff_client.post(
            f"{base}/products/bulk", data={"product_ids": product["id"], "action": "archive"}
        ).status_code
        == 403
    )
    assert staff_client.get(f"{base}/import").status_code == 403
    assert staff_api.get("/export").status_code == 403
    assert api.get(f"/products/{product['id']}").get_json()["status"] == "active"
    manager_api = Api(manager_client, vendor.code)
    assert manager_api.post("/products", json=product_body(sku="MG-1")).status_code == 201
    assert manager_client.get(f"{base}/import").status_code == 200


def test_admin_sees_products_of_all_shops_read_only(admin_client, api, other_api, vendor, other_vendor):
    api.create(sku="AD-1", title="Shop A bike")
    other_api.create(sku="AD-2", title="Shop B bike")
    assert admin_client.get("/api/v1/admin/catalog/products").get_json()["meta"]["total"] == 2
    only_b = admin_client.get(f"/api/v1/admin/catalog/products?vendor_id={other_vendor.id}").get_json()
    assert [p["slug"] for p in only_b["items"]] == ["shop-b-bike"]
    page = admin_client.get(f"/admin/catalog/products?vendor_id={vendor.id}").get_data(as_text=True)
    assert "Shop A bike" in page and "Shop B bike" not in page
