"""Inventory's vendor pages and API: the overview with search, pagination and the low-stock
filter; receiving and adjusting through forms with errors beside their fields; a variant's
page with its count, transfer, settings and history; locations; and the API's 4xx naming
fields. Plus staff permissions, the dashboard widget and the menu."""

from __future__ import annotations

import re

from modules.inventory.models import StockAdjustment, StockLocation
from modules.tenancy.models import VendorRole
from modules.tenancy.testing import sign_in
from tests.tenancy.helpers import count, error_fields, field_errors, flashes, page_text, table

from .conftest import make_location


def base(vendor) -> str:
    return f"/vendor/{vendor.code}/inventory"


def api(vendor) -> dict:
    return {"X-Vendor": vendor.code}


# ------------------------------------------------------------------ overview


def test_the_overview_lists_each_variant_with_its_figures(app, vendor_client, vendor, bike, location, stock):
    stock("receive", vendor.id, bike["BIKE-M"], location, 7)
    stock("reserve", vendor.id, bike["BIKE-M"], 2, "cart")
    response = vendor_client.get(f"{base(vendor)}/")
    assert response.status_code == 200
    rows = table(response, "stock-table")
    assert "BIKE-M" in rows and "BIKE-L" in rows and "Gravel bike" in rows and "Shop floor" in rows
    m_row = re.search(rf'<tr data-variant-id="{bike["BIKE-M"]}">(.*?)</tr>', rows, re.S).group(1)
    assert re.findall(r'<td class="num"[^>]*>(.*?)</td>', m_row) == ["7", "2", "5", "3"]
    assert 'data-stock="out"' in rows, "BIKE-L has nothing"


def test_search_pagination_and_the_low_stock_filter(app, vendor_client, vendor, catalog, location, stock):
    ids = {}
    for n in range(25):
        ids.update(catalog.product(vendor, f"TUBE-{n:02d}", title=f"Inner tube {n:02d}"))
    ids.update(catalog.product(vendor, "LAMP-1", title="Front lamp"))
    for sku, variant_id in ids.items():
        stock("receive", vendor.id, variant_id, location, 1 if sku in ("TUBE-03", "LAMP-1") else 20)
    first = vendor_client.get(f"{base(vendor)}/")
    assert first.status_code == 200 and 'rel="next"' in page_text(first)
    second = vendor_client.get(f"{base(vendor)}/?page=2")
    assert "TUBE-00" not in table(second, "stock-table") and "LAMP-1" in table(second, "stock-table")
    found = table(vendor_client.get(f"{base(vendor)}/?q=lamp"), "stock-table")
    assert "LAMP-1" in found and "TUBE-" not in found
    assert "TUBE-07" in table(vendor_client.get(f"{base(vendor)}/?q=TUBE-07"), "stock-table")
    low = table(vendor_client.get(f"{base(vendor)}/?low=1"), "stock-table")
    assert "TUBE-03" in low and "LAMP-1" in low and "TUBE-04" not in low
    low_page = vendor_client.get(f"{base(vendor)}/low-stock")
    assert low_page.status_code == 200 and "TUBE-03" in table(low_page, "stock-table")
    assert vendor_client.get(f"{base(vendor)}/?page=99999999999999999999").status_code == 200


def test_an_empty_shop_is_told_to_add_a_location(vendor_client, vendor):
    response = vendor_client.get(f"{base(vendor)}/")
    assert response.status_code == 200
    assert 'data-testid="empty-state"' in page_text(response)
    assert f"{base(vendor)}/locations" in page_text(response)


# ------------------------------------------------------------------ receiving and adjusting


def test_receiving_stock_through_the_form(app, vendor_client, vendor, vendor_owner, bike, location, stock):
    form = vendor_client.get(f"{base(vendor)}/receive?q=gravel")
    assert form.status_code == 200 and "BIKE-M" in page_text(form)
    response = vendor_client.post(
        f"{base(vendor)}/receive",
        data={"sku": "BIKE-M", "location_id": location, "quantity": "6", "note": "DN-42"},
    )
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/inventory/items/{bike['BIKE-M']}")
    page = vendor_client.get(response.headers["Location"])
    assert "DN-42" in table(page, "history-table") and "Olga Owner" in table(page, "history-table")
    assert stock("available", vendor.id, [bike["BIKE-M"]]) == {bike["BIKE-M"]: 6}


def test_receive_form_errors_name_their_fields(app, vendor_client, vendor, bike, location):
    response = vendor_client.post(
        f"{base(vendor)}/receive", data={"sku": "NOPE", "location_id": location, "quantity": "3"}
    )
    assert response.status_code == 422
    assert "sku" in field_errors(response)
    response = vendor_client.post(f"{base(vendor)}/receive", data={"sku": "BIKE-M", "quantity": "-3"})
    assert response.status_code == 422
    assert {"location_id", "quantity"} <= set(field_errors(response))
    response = vendor_client.post(
        f"{base(vendor)}/receive", data={"sku": "BIKE-M", "location_id": location, "quantity": "lots"}
    )
    assert response.status_code == 422 and "quantity" in field_errors(response)
    assert count(app, StockAdjustment) == 0


def test_adjusting_stock_with_a_reason_and_refusing_negative_stock(
    app, vendor_client, vendor, bike, location, stock
):
    stock("receive", vendor.id, bike["BIKE-M"], location, 3)
    assert vendor_client.get(f"{base(vendor)}/adjust?sku=BIKE-M").status_code == 200
    response = vendor_client.post(
        f"{base(vendor)}/adjust",
        data={"sku": "BIKE-M", "location_id": location, "reason": "correction", "delta": "-5"},
    )
    assert response.status_code == 422
    assert field_errors(response) == {"delta": "Stock cannot go below zero."}
    response = vendor_client.post(
        f"{base(vendor)}/adjust",
        data={"sku": "BIKE-M", "location_id": location, "reason": "return", "delta": "1", "note": "order 5"},
    )
    assert response.status_code == 302
    history = table(vendor_client.get(response.headers["Location"]), "history-table")
    assert 'data-reason="return"' in history and "order 5" in history and "+1" in history
    response = vendor_client.post(
        f"{base(vendor)}/adjust",
        data={"sku": "BIKE-M", "location_id": location, "reason": "transfer", "delta": "1"},
    )
    assert response.status_code == 422 and "reason" in field_errors(response)


def test_negative_stock_is_refused_in_french_naming_the_field(
    app, vendor_client, vendor, bike, location, stock
):
    stock("receive", vendor.id, bike["BIKE-M"], location, 1)
    response = vendor_client.post(
        f"{base(vendor)}/adjust",
        data={"sku": "BIKE-M", "location_id": location, "reason": "correction", "delta": "-2"},
        headers={"Accept-Language": "fr"},
    )
    assert field_errors(response) == {"delta": "Le stock ne peut pas devenir négatif."}


# ------------------------------------------------------------------ one variant


def test_the_variant_page_counts_moves_and_sets_tracking(app, vendor_client, vendor, bike, location, stock):
    m = bike["BIKE-M"]
    back = make_location(app, vendor, "Back room")
    stock("receive", vendor.id, m, location, 4)
    page = vendor_client.get(f"{base(vendor)}/items/{m}")
    assert page.status_code == 200 and 'data-testid="transfer-form"' in page_text(page)
    assert (
        vendor_client.post(
            f"{base(vendor)}/items/{m}/count", data={"location_id": location, "on_hand": "3", "note": "count"}
        ).status_code
        == 302
    )
    assert (
        vendor_client.post(
            f"{base(vendor)}/items/{m}/transfer",
            data={"from_location_id": location, "to_location_id": back, "quantity": "2"},
        ).status_code
        == 302
    )
    response = vendor_client.post(
        f"{base(vendor)}/items/{m}/transfer",
        data={"from_location_id": location, "to_location_id": back, "quantity": "9"},
    )
    assert response.status_code == 422 and "quantity" in field_errors(response)
    row = stock("stock_of", vendor.id, m)
    assert row.levels == {location: 1, back: 2}
    response = vendor_client.post(
        f"{base(vendor)}/items/{m}/settings",
        data={"track_inventory": ["false", "true"], "low_stock_threshold": "-1"},
    )
    assert response.status_code == 422 and "low_stock_threshold" in field_errors(response)
    response = vendor_client.post(
        f"{base(vendor)}/items/{m}/settings", data={"track_inventory": "false", "low_stock_threshold": "5"}
    )
    assert response.status_code == 302
    assert stock("available", vendor.id, [m]) == {m: None}
    assert "Not tracked" in page_text(vendor_client.get(f"{base(vendor)}/items/{m}"))


# ------------------------------------------------------------------ locations


def test_locations_crud(app, vendor_client, vendor, bike, stock):
    response = vendor_client.post(
        f"{base(vendor)}/locations",
        data={"name": "Atelier", "street": "1, rue de la Gare", "postal_code": "1611", "city": "Luxembourg"},
    )
    assert response.status_code == 302
    atelier = count(app, StockLocation, name="Atelier")
    assert atelier == 1
    response = vendor_client.post(
        f"{base(vendor)}/locations", data={"name": "atelier", "country": "Luxembourg"}
    )
    assert response.status_code == 422 and {"country"} <= set(field_errors(response))
    response = vendor_client.post(f"{base(vendor)}/locations", data={"name": "Atelier"})
    assert response.status_code == 422 and set(field_errors(response)) == {"name"}
    second = vendor_client.post(
        f"{base(vendor)}/locations", data={"name": "Depot", "is_default": ["false", "true"]}
    )
    assert second.status_code == 302
    with app.app_context():
        from modules.inventory.services import location_service

        locations = {loc.name: loc for loc in location_service.list_locations(vendor.id)}
        assert locations["Depot"].is_default and not locations["Atelier"].is_default
        atelier_id, depot_id = locations["Atelier"].id, locations["Depot"].id
    assert vendor_client.get(f"{base(vendor)}/locations/{atelier_id}").status_code == 200
    response = vendor_client.post(
        f"{base(vendor)}/locations/{depot_id}",
        data={"name": "Depot", "is_default": "false", "active": "true"},
    )
    assert response.status_code == 422 and "is_default" in field_errors(response)
    stock("receive", vendor.id, bike["BIKE-M"], atelier_id, 2)
    response = vendor_client.post(f"{base(vendor)}/locations/{atelier_id}/delete")
    assert response.status_code == 302
    assert any(
        "has stock or history" in text for text in flashes(vendor_client.get(f"{base(vendor)}/locations"))
    )
    empty = make_location(app, vendor, "Pop-up")
    assert vendor_client.post(f"{base(vendor)}/locations/{empty}/delete").status_code == 302
    assert count(app, StockLocation, name="Pop-up") == 0


# ------------------------------------------------------------------ API


def test_the_api_receives_adjusts_and_reports(app, vendor_client, vendor, bike, location):
    m = bike["BIKE-M"]
    response = vendor_client.post(
        "/api/v1/vendor/inventory/receipts",
        json={"sku": "BIKE-M", "location_id": location, "quantity": 5, "note": "DN-1"},
        headers=api(vendor),
    )
    assert response.status_code == 201 and response.get_json()["reason"] == "receipt"
    response = vendor_client.post(
        "/api/v1/vendor/inventory/adjustments",
        json={"variant_id": m, "location_id": location, "delta": -9, "reason": "correction"},
        headers=api(vendor),
    )
    assert response.status_code == 422
    assert error_fields(response) == {"delta": "Stock cannot go below zero."}
    response = vendor_client.post(
        "/api/v1/vendor/inventory/adjustments",
        json={"location_id": location, "delta": 0, "reason": "nonsense"},
        headers=api(vendor),
    )
    assert response.status_code == 422 and {"sku", "delta", "reason"} <= set(error_fields(response))
    assert vendor_client.post(
        "/api/v1/vendor/inventory/receipts", data="not json", headers=api(vendor), content_type="text/plain"
    ).status_code in (400, 415, 422)
    got = vendor_client.get(f"/api/v1/vendor/inventory/stock/{m}", headers=api(vendor)).get_json()
    assert (got["sku"], got["on_hand"], got["available"], got["low"]) == ("BIKE-M", 5, 5, False)
    listing = vendor_client.get("/api/v1/vendor/inventory/stock?q=BIKE", headers=api(vendor)).get_json()
    assert listing["meta"]["total"] == 2
    assert vendor_client.get(
        f"/api/v1/vendor/inventory/availability?variant_id={m}", headers=api(vendor)
    ).get_json() == {str(m): 5}
    history = vendor_client.get(f"/api/v1/vendor/inventory/stock/{m}/adjustments", headers=api(vendor))
    assert [a["note"] for a in history.get_json()["items"]] == ["DN-1"]
    response = vendor_client.put(
        f"/api/v1/vendor/inventory/stock/{m}/settings",
        json={"track_inventory": True, "low_stock_threshold": 10},
        headers=api(vendor),
    )
    assert response.get_json()["low"] is True
    low = vendor_client.get("/api/v1/vendor/inventory/low-stock", headers=api(vendor)).get_json()
    assert [row["sku"] for row in low["items"]] == ["BIKE-L", "BIKE-M"]
    picker = vendor_client.get("/api/v1/vendor/inventory/variants?q=bike-", headers=api(vendor)).get_json()
    assert sorted(v["sku"] for v in picker["items"]) == ["BIKE-L", "BIKE-M"]
    assert (
        vendor_client.get(
            "/api/v1/vendor/inventory/reservations?status=bogus", headers=api(vendor)
        ).status_code
        == 422
    )


def test_the_api_manages_locations(app, vendor_client, vendor):
    created = vendor_client.post(
        "/api/v1/vendor/inventory/locations", json={"name": "Lager Esch", "city": "Esch"}, headers=api(vendor)
    )
    assert created.status_code == 201 and created.get_json()["is_default"] is True
    location_id = created.get_json()["id"]
    response = vendor_client.put(
        f"/api/v1/vendor/inventory/locations/{location_id}",
        json={"name": "Lager Esch", "postal_code": "40<11", "is_default": True},
        headers=api(vendor),
    )
    assert response.status_code == 422 and "postal_code" in error_fields(response)
    response = vendor_client.post(
        "/api/v1/vendor/inventory/locations", json={"name": ""}, headers=api(vendor)
    )
    assert response.status_code == 422 and "name" in error_fields(response)
    assert (
        vendor_client.delete(
            f"/api/v1/vendor/inventory/locations/{location_id}", headers=api(vendor)
        ).status_code
        == 409
    ), "the default location stays"
    listing = vendor_client.get("/api/v1/vendor/inventory/locations", headers=api(vendor)).get_json()
    assert [loc["name"] for loc in listing["items"]] == ["Lager Esch"]


# ------------------------------------------------------------------ people, menus, dashboard


def test_staff_see_and_adjust_stock_but_do_not_manage_locations(app, factory, vendor, bike, location):
    staff = factory.member(vendor, VendorRole.STAFF, email="staff@example.lu")
    client = app.test_client()
    assert sign_in(client, "vendor", staff.email).status_code == 302
    assert client.get(f"{base(vendor)}/").status_code == 200
    assert (
        client.post(
            f"{base(vendor)}/receive", data={"sku": "BIKE-M", "location_id": location, "quantity": "1"}
        ).status_code
        == 302
    )
    assert client.get(f"{base(vendor)}/locations").status_code == 403
    assert client.post(f"{base(vendor)}/locations", data={"name": "Mine"}).status_code == 403
    menu = page_text(client.get(f"{base(vendor)}/"))
    assert (
        'data-menu="stock"' in menu
        and 'data-menu="low_stock"' in menu
        and 'data-menu="locations"' not in menu
    )


def test_the_dashboard_shows_low_stock(app, vendor_client, vendor, bike, location, stock):
    stock("receive", vendor.id, bike["BIKE-M"], location, 20)
    dashboard = page_text(vendor_client.get(f"/vendor/{vendor.code}/"))
    widget = re.search(r'<a [^>]*data-widget="inventory.low_stock".*?</a>', dashboard, re.S)
    assert widget and ">1<" in widget.group(0).replace(" ", ""), "BIKE-L is low (0)"
    assert f"{base(vendor)}/low-stock" in widget.group(0)


def test_pages_speak_the_users_language(vendor_client, vendor, bike, location):
    for lang, word in (("de", "Bestand"), ("fr", "Stock bas"), ("lb", "Lagerplazen")):
        text = page_text(vendor_client.get(f"{base(vendor)}/", headers={"Accept-Language": lang}))
        assert word in text, lang


def test_a_platform_without_inventory_has_no_inventory_pages(app, vendor_client, vendor):
    with app.app_context():
        from wizamart import module_service

        module_service.disable_module(vendor.platform_id, "inventory")
    assert vendor_client.get(f"{base(vendor)}/").status_code == 404
    assert vendor_client.get("/api/v1/vendor/inventory/stock", headers=api(vendor)).status_code == 404
