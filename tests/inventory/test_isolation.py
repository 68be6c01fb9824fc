"""THE ISOLATION WALK: every inventory vendor route, taken from ``app.url_map``, is asked by
shop A's owner, in shop A, about shop B's variant, location and reservation. Routes naming
B's record in the URL answer 404; routes taking it in the body refuse it (4xx); nothing of
either shop changes, and A's lists never show B's stock."""

from __future__ import annotations

import pytest

from modules.catalog.models import ProductVariant
from modules.inventory.models import (
    InventoryItem,
    StockAdjustment,
    StockLevel,
    StockLocation,
    StockReservation,
)
from modules.tenancy.testing import sign_in
from tests.tenancy.helpers import bearer, get_token, page_text
from tests.tenancy.test_access import routes
from wizamart.database import db
from wizamart.modules.definition import FrontendType

from .conftest import make_location

# Creating a location names no record at all: it would rightly create one in shop A.
CREATES = {
    ("POST", "/api/v1/vendor/inventory/locations"),
    ("POST", "/vendor/<vendor_code>/inventory/locations"),
}


def inventory_routes(app) -> list[tuple[str, str, set[str]]]:
    found = []
    for route in routes(app, {FrontendType.VENDOR}):
        if "/inventory" in route.path:
            found.append((route.method, route.path, set(route.rule.arguments)))
    return found


def snapshot(app) -> dict:
    with app.app_context():
        return {
            "items": sorted(
                (i.vendor_id, i.variant_id, i.on_hand, i.reserved, i.track_inventory, i.low_stock_threshold)
                for i in db.session.query(InventoryItem)
            ),
            "levels": sorted((lv.item_id, lv.location_id, lv.on_hand) for lv in db.session.query(StockLevel)),
            "adjustments": db.session.query(StockAdjustment).count(),
            "reservations": sorted(
                (r.vendor_id, r.reference, r.status.value, r.quantity)
                for r in db.session.query(StockReservation)
            ),
            "locations": sorted(
                (loc.id, loc.vendor_id, loc.name, loc.street, loc.is_default, loc.active)
                for loc in db.session.query(StockLocation)
            ),
            "catalog": sorted((v.id, v.stock_available) for v in db.session.query(ProductVariant)),
        }


@pytest.fixture
def scene(app, vendor, other_vendor, catalog, stock):
    """Both shops with a product, a location, stock and a reservation."""
    ours = catalog.product(vendor, "OURS-1")["OURS-1"]
    theirs = catalog.product(other_vendor, "THEIRS-1", title="Their secret bike")["THEIRS-1"]
    our_location = make_location(app, vendor, "Our floor")
    their_location = make_location(app, other_vendor, "Their floor")
    their_spare = make_location(app, other_vendor, "Their spare room")
    stock("receive", vendor.id, ours, our_location, 5)
    stock("receive", other_vendor.id, theirs, their_location, 5)
    stock("reserve", other_vendor.id, theirs, 1, "their-cart")
    return {
        "ours": ours,
        "theirs": theirs,
        "our_location": our_location,
        "their_location": their_location,
        "their_spare": their_spare,
    }


def body_with_their_ids(scene) -> dict:
    return {
        "sku": "THEIRS-1",
        "variant_id": scene["theirs"],
        "location_id": scene["their_location"],
        "from_location_id": scene["their_location"],
        "to_location_id": scene["their_spare"],
        "quantity": 1,
        "delta": -1,
        "on_hand": 0,
        "reason": "correction",
        "note": "walking by",
        "name": "Taken over",
        "track_inventory": False,
        "low_stock_threshold": 99,
        "is_default": True,
        "active": False,
    }


def test_the_walk_covers_every_inventory_route(app):
    paths = {path for _, path, _ in inventory_routes(app)}
    assert "/vendor/<vendor_code>/inventory/items/<int:variant_id>/settings" in paths
    assert "/api/v1/vendor/inventory/locations/<int:location_id>" in paths
    assert len(inventory_routes(app)) >= 30


def test_shop_a_gets_nothing_of_shop_b(app, vendor_client, vendor, other_vendor, scene):
    ids = {"variant_id": scene["theirs"], "location_id": scene["their_location"]}
    body = body_with_their_ids(scene)
    before = snapshot(app)
    wrong = {}
    for method, path, arguments in inventory_routes(app):
        if (method, path) in CREATES:
            continue
        url = path.replace("<vendor_code>", vendor.code)
        for name, value in ids.items():
            url = url.replace(f"<int:{name}>", str(value))
        headers = {"X-Vendor": vendor.code}
        if method in ("GET", "DELETE"):
            response = vendor_client.open(url, method=method, headers=headers)
        elif path.startswith("/api/"):
            response = vendor_client.open(url, method=method, json=body, headers=headers)
        else:
            form = {k: str(v).lower() if isinstance(v, bool) else str(v) for k, v in body.items()}
            response = vendor_client.open(url, method=method, data=form, headers=headers)
        names_their_record = bool(arguments & set(ids))
        text = page_text(response)
        if (
            names_their_record
            and response.status_code != 404
            or not names_their_record
            and method != "GET"
            and not 400 <= response.status_code < 500
        ):
            wrong[f"{method} {url}"] = response.status_code
        elif "THEIRS-1" in text.replace('value="THEIRS-1"', "") or "Their secret bike" in text:
            wrong[f"{method} {url}"] = "shows their stock"
    assert not wrong, f"routes that let shop A reach shop B: {wrong}"
    assert snapshot(app) == before


def test_a_token_in_another_shop_gets_nothing(app, vendor_owner, other_vendor, scene):
    """Shop A's owner, with a bearer token, naming shop B in X-Vendor: refused everywhere."""
    client = app.test_client()
    headers = {**bearer(get_token(app, vendor_owner.email)), "X-Vendor": other_vendor.code}
    before = snapshot(app)
    for method, path, _ in inventory_routes(app):
        if not path.startswith("/api/"):
            continue
        url = path.replace("<int:variant_id>", str(scene["theirs"])).replace(
            "<int:location_id>", str(scene["their_location"])
        )
        response = client.open(url, method=method, json=body_with_their_ids(scene), headers=headers)
        assert response.status_code in (403, 404), f"{method} {url}: {response.status_code}"
    assert snapshot(app) == before


def test_the_owner_of_shop_b_still_sees_their_stock(app, other_vendor, factory, scene):
    owner = factory.member(other_vendor, email="b-owner@example.lu")
    client = app.test_client()
    assert sign_in(client, "vendor", owner.email).status_code == 302
    assert "THEIRS-1" in page_text(client.get(f"/vendor/{other_vendor.code}/inventory/"))
    assert "OURS-1" not in page_text(client.get(f"/vendor/{other_vendor.code}/inventory/"))
