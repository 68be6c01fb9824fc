"""THE ISOLATION WALKS. Every checkout vendor route, taken from ``app.url_map``, is asked by shop
A's owner, in shop A, about shop B's shipping method: routes naming it answer 404, nothing of
either shop changes, and A's lists never show B's methods. Every storefront checkout route,
likewise, is asked by another visitor about someone's checkout: 404, nothing changes."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from modules.checkout.models import CheckoutSession, ShippingMethod
from modules.orders.models import Order
from modules.tenancy.testing import sign_in
from tests.tenancy.helpers import bearer, get_token, page_text
from tests.tenancy.test_access import routes
from wizamart.database import db
from wizamart.modules.definition import FrontendType

from .conftest import ADDRESS, Shopper

# Creating a method names no record at all: it would rightly create one in shop A.
CREATES = {
    ("POST", "/api/v1/vendor/checkout/shipping-methods"),
    ("POST", "/vendor/<vendor_code>/checkout/shipping"),
}


def checkout_routes(app, frontend: FrontendType) -> list[tuple[str, str, set[str]]]:
    return [
        (route.method, route.path, set(route.rule.arguments))
        for route in routes(app, {frontend}, public=None)
        if "/checkout" in route.path
    ]


def snapshot(app) -> dict:
    with app.app_context():
        return {
            "methods": sorted(
                (
                    m.id,
                    m.vendor_id,
                    str(m.names),
                    str(m.countries),
                    m.rate_cents,
                    m.free_above_cents,
                    m.active,
                )
                for m in db.session.scalars(select(ShippingMethod))
            ),
            "sessions": sorted(
                (
                    s.id,
                    s.vendor_id,
                    s.customer_id,
                    s.email,
                    str(s.shipping_address),
                    s.shipping_method_id,
                    s.provider,
                    s.order_id,
                )
                for s in db.session.scalars(select(CheckoutSession))
            ),
            "orders": db.session.query(Order).count(),
        }


BODY = {
    "names": {"en": "Taken over"},
    "name_en": "Taken over",
    "countries": ["LU"],
    "rate_cents": 1,
    "rate": "0.01",
    "active": False,
}


@pytest.fixture
def scene(shop, vendor, other_vendor):
    return {
        "ours": shop.shipping(vendor, "Our standard"),
        "theirs": shop.shipping(other_vendor, "Their secret courier", ["LU", "BE"]),
    }


def test_the_walk_covers_every_checkout_vendor_route(app):
    paths = {(method, path) for method, path, _ in checkout_routes(app, FrontendType.VENDOR)}
    assert ("DELETE", "/api/v1/vendor/checkout/shipping-methods/<int:method_id>") in paths
    assert ("POST", "/vendor/<vendor_code>/checkout/shipping/<int:method_id>/delete") in paths
    assert len(paths) == 11


def test_shop_a_gets_nothing_of_shop_b(app, vendor_client, vendor, scene):
    before = snapshot(app)
    wrong = {}
    for method, path, arguments in checkout_routes(app, FrontendType.VENDOR):
        if (method, path) in CREATES:
            continue
        url = path.replace("<vendor_code>", vendor.code).replace("<int:method_id>", str(scene["theirs"]))
        headers = {"X-Vendor": vendor.code}
        if method in ("GET", "DELETE"):
            response = vendor_client.open(url, method=method, headers=headers)
        elif path.startswith("/api/"):
            response = vendor_client.open(url, method=method, json=BODY, headers=headers)
        else:
            form = {k: str(v).lower() if isinstance(v, bool) else v for k, v in BODY.items() if k != "names"}
            response = vendor_client.open(url, method=method, data=form, headers=headers)
        names_theirs = "method_id" in arguments
        if names_theirs and response.status_code != 404:
            wrong[f"{method} {url}"] = response.status_code
        elif "Their secret courier" in page_text(response):
            wrong[f"{method} {url}"] = "shows their method"
    assert not wrong, f"routes that let shop A reach shop B: {wrong}"
    assert snapshot(app) == before


def test_a_token_in_another_shop_gets_nothing(app, vendor_owner, other_vendor, scene):
    """Shop A's owner, with a bearer token, naming shop B in X-Vendor: refused everywhere."""
    client = app.test_client()
    headers = {**bearer(get_token(app, vendor_owner.email)), "X-Vendor": other_vendor.code}
    before = snapshot(app)
    for method, path, _ in checkout_routes(app, FrontendType.VENDOR):
        if not path.startswith("/api/"):
            continue
        url = path.replace("<int:method_id>", str(scene["theirs"]))
        response = client.open(url, method=method, json=BODY, headers=headers)
        assert response.status_code in (403, 404), f"{method} {url}: {response.status_code}"
    assert snapshot(app) == before


def test_the_owner_of_shop_b_still_sees_their_methods(app, other_vendor, factory, scene):
    owner = factory.member(other_vendor, email="b-owner@example.lu")
    client = app.test_client()
    assert sign_in(client, "vendor", owner.email).status_code == 302
    text = page_text(client.get(f"/vendor/{other_vendor.code}/checkout/shipping"))
    assert "Their secret courier" in text and "Our standard" not in text


def test_nobody_else_reaches_a_checkout_on_any_storefront_route(app, vendor, ready, shopper):
    """Every storefront route with a ``<token>`` (pages and API), taken from the url_map, asked
    by another browser with a cart of its own: 404 each, nothing changes."""
    shopper.add(ready["bike"])
    shopper.to_review(ready["standard"])
    stranger = Shopper(app.test_client(), vendor)
    stranger.add(ready["book"])
    before = snapshot(app)
    found = [(m, p) for m, p, args in checkout_routes(app, FrontendType.STOREFRONT) if "token" in args]
    found += [(m, p) for m, p, args in checkout_routes(app, FrontendType.PUBLIC) if "token" in args]
    assert len(found) >= 10, found
    for method, path in found:
        url = path.replace("<vendor_code>", vendor.code).replace("<token>", shopper.token)
        body = {"email": "thief@example.lu", **ADDRESS}
        if path.startswith("/api/"):
            response = stranger.client.open(url, method=method, json=body, headers={"X-Vendor": vendor.code})
        else:
            response = stranger.client.open(url, method=method, data=body)
        assert response.status_code == 404, f"{method} {url}: {response.status_code}"
    assert snapshot(app) == before
