"""Shipping methods: the rules (which countries, free from the threshold, names per language),
the vendor's pages and API to manage them, validation naming each field, and who may do what."""

from __future__ import annotations

from modules.checkout.models import ShippingMethod
from modules.checkout.services import shipping_service
from modules.tenancy.models import VendorRole
from modules.tenancy.testing import sign_in
from tests.tenancy.helpers import api_error, error_fields, field_errors, flashes, page_text
from wizamart.database import db

API = "/api/v1/vendor/checkout/shipping-methods"


def pages(vendor, path: str = "") -> str:
    return f"/vendor/{vendor.code}/checkout/shipping{path}"


def methods(app, vendor) -> list[tuple]:
    with app.app_context():
        return [
            (m.names.get("en"), m.countries, m.rate_cents, m.free_above_cents, m.active)
            for m in shipping_service.list_methods(vendor.id)
        ]


# ------------------------------------------------------------------ the rules


def test_options_are_the_active_methods_for_the_country_priced_for_the_goods(app, vendor, shop):
    shop.shipping(vendor, "Standard", ["LU"], 490, 5000)
    shop.shipping(vendor, "Express", ["LU"], 1290, None, position=1)
    shop.shipping(vendor, "Region", ["BE", "FR", "DE"], 990, 15000, position=2)
    shop.shipping(vendor, "Old courier", ["LU"], 390, None, active=False)
    with app.app_context():
        lu = shipping_service.options_for(vendor.id, "LU", 4999, "en")
        assert [(o.name, o.price_cents, o.missing_for_free_cents) for o in lu] == [
            ("Standard", 490, 1),
            ("Express", 1290, None),
        ]
        free = shipping_service.options_for(vendor.id, "lu", 5000, "en")
        assert [(o.name, o.price_cents, o.free) for o in free] == [
            ("Standard", 0, True),
            ("Express", 1290, False),
        ]
        assert [o.name for o in shipping_service.options_for(vendor.id, "DE", 100, "en")] == ["Region"]
        assert shipping_service.options_for(vendor.id, "NL", 100, "en") == []
        assert shipping_service.countries(vendor.id) == ["BE", "DE", "FR", "LU"]
        assert shipping_service.serves_country(vendor.id, "FR") and not shipping_service.serves_country(
            vendor.id, "NL"
        )


def test_a_method_is_named_in_the_readers_language_else_in_english(app, vendor, shop):
    method_id = shop.shipping(vendor, "Standard", name_fr="Livraison standard")
    with app.app_context():
        method = db.session.get(ShippingMethod, method_id)
        assert method.name("fr") == "Livraison standard"
        assert method.name("lb") == "Standard"
        assert [o.name for o in shipping_service.options_for(vendor.id, "LU", 0, "fr")] == [
            "Livraison standard"
        ]


def test_another_shops_methods_are_never_offered(app, vendor, other_vendor, shop):
    shop.shipping(other_vendor, "Theirs", ["LU"])
    with app.app_context():
        assert shipping_service.options_for(vendor.id, "LU", 0, "en") == []
        assert shipping_service.usable(vendor.id, 1, "LU") is None


# ------------------------------------------------------------------ the vendor's pages


def test_the_owner_adds_edits_and_deletes_a_method_on_the_pages(app, vendor, vendor_client):
    assert vendor_client.get(pages(vendor)).status_code == 200
    assert vendor_client.get(pages(vendor, "/new")).status_code == 200
    created = vendor_client.post(
        pages(vendor),
        data={
            "name_en": "Standard",
            "name_de": "Standardversand",
            "countries": "lu, be",
            "rate": "4,90",
            "free_above": "50",
            "position": "0",
            "active": ["false", "true"],
        },
    )
    assert created.status_code == 302
    assert flashes(vendor_client.get(created.headers["Location"])) == ["Shipping method “Standard” added."]
    assert methods(app, vendor) == [("Standard", ["LU", "BE"], 490, 5000, True)]
    with app.app_context():
        method_id = shipping_service.list_methods(vendor.id)[0].id
    form = page_text(vendor_client.get(pages(vendor, f"/{method_id}")))
    assert 'value="4.90"' in form and 'value="LU, BE"' in form and 'value="Standardversand"' in form
    saved = vendor_client.post(
        pages(vendor, f"/{method_id}"),
        data={"name_en": "Standard", "countries": "LU", "rate": "5.90", "free_above": "", "active": "false"},
    )
    assert saved.status_code == 302
    assert methods(app, vendor) == [("Standard", ["LU"], 590, None, False)]
    listing = page_text(vendor_client.get(pages(vendor)))
    assert "never free" in listing and "not offered" in listing
    deleted = vendor_client.post(pages(vendor, f"/{method_id}/delete"))
    assert deleted.status_code == 302
    assert methods(app, vendor) == []


def test_the_form_names_each_wrong_field(app, vendor, vendor_client):
    response = vendor_client.post(
        pages(vendor),
        data={"name_en": "", "countries": "LUX", "rate": "4.999", "free_above": "-1", "position": "x"},
    )
    assert response.status_code == 422
    errors = field_errors(response)
    assert set(errors) == {"name_en", "countries", "rate", "free_above", "position"}
    assert errors["countries"] == "Use two-letter country codes, for example LU."
    assert errors["rate"] == "At most two decimals (cents)."
    assert 'value="LUX"' in page_text(response), "what was typed stays in the form"
    missing = vendor_client.post(pages(vendor), data={"name_en": "X", "countries": ""})
    assert set(field_errors(missing)) == {"countries", "rate"}
    assert methods(app, vendor) == []


def test_staff_see_the_methods_but_only_managers_change_them(app, vendor, factory, shop):
    method_id = shop.shipping(vendor, "Standard")
    staff = factory.member(vendor, role=VendorRole.STAFF, email="staff@example.lu")
    manager = factory.member(vendor, role=VendorRole.MANAGER, email="manager@example.lu")
    client = app.test_client()
    sign_in(client, "vendor", staff.email)
    listing = client.get(pages(vendor))
    assert listing.status_code == 200 and 'data-testid="new-shipping-method"' not in page_text(listing)
    assert client.get(pages(vendor, "/new")).status_code == 403
    assert client.post(pages(vendor, f"/{method_id}/delete")).status_code == 403
    assert client.delete(f"{API}/{method_id}", headers={"X-Vendor": vendor.code}).status_code == 403
    assert client.get(API, headers={"X-Vendor": vendor.code}).status_code == 200
    client = app.test_client()
    sign_in(client, "vendor", manager.email)
    assert client.delete(f"{API}/{method_id}", headers={"X-Vendor": vendor.code}).status_code == 204


def test_the_menu_has_shipping(vendor, vendor_client):
    text = page_text(vendor_client.get(f"/vendor/{vendor.code}/"))
    assert pages(vendor) in text


# ------------------------------------------------------------------ the vendor's API


def test_the_api_manages_methods(app, vendor, vendor_client):
    headers = {"X-Vendor": vendor.code}
    body = {
        "names": {"en": "Region", "fr": "Grande Région"},
        "countries": ["be", "FR", "DE"],
        "rate_cents": 990,
        "free_above_cents": 15000,
    }
    created = vendor_client.post(API, json=body, headers=headers)
    assert created.status_code == 201
    method = created.get_json()
    assert method["names"] == {"en": "Region", "de": "", "fr": "Grande Région", "lb": ""}
    assert method["countries"] == ["BE", "FR", "DE"] and method["active"] is True
    url = f"{API}/{method['id']}"
    assert vendor_client.get(url, headers=headers).get_json()["rate_cents"] == 990
    updated = vendor_client.put(url, json={**body, "rate_cents": 1090, "active": False}, headers=headers)
    assert updated.status_code == 200 and updated.get_json()["rate_cents"] == 1090
    listed = vendor_client.get(API, headers=headers).get_json()["items"]
    assert [m["id"] for m in listed] == [method["id"]]
    assert vendor_client.get(f"{API}?active=1", headers=headers).get_json()["items"] == []
    assert vendor_client.delete(url, headers=headers).status_code == 204
    assert vendor_client.get(url, headers=headers).status_code == 404


def test_the_api_names_each_wrong_field(app, vendor, vendor_client):
    headers = {"X-Vendor": vendor.code}
    response = vendor_client.post(
        API,
        json={"names": {"de": "Nur Deutsch"}, "countries": "LU1", "rate_cents": -1, "free_above_cents": "x"},
        headers=headers,
    )
    assert response.status_code == 422
    assert set(error_fields(response)) == {"name_en", "countries", "rate_cents", "free_above_cents"}
    assert vendor_client.post(API, headers=headers).status_code == 422
    assert (
        api_error(vendor_client.get(f"{API}/999", headers=headers))["code"]
        == "checkout_shipping_method_not_found"
    )
    assert methods(app, vendor) == []
