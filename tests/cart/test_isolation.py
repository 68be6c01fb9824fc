"""THE ISOLATION WALK: every cart route, taken from ``app.url_map``, is asked about another shop's
variant, with another shop's cart token, and with another customer's cart token. Nothing of
anyone else's cart changes or shows; tokens open only guest carts of their own shop."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient

from tests.tenancy.helpers import page_text
from tests.tenancy.test_access import routes
from wizamart.modules.definition import FrontendType

from .conftest import add, api_url, cart_rows, cart_url, sign_in


def cart_routes(app) -> list[tuple[str, str]]:
    found = [
        (route.method, route.path)
        for route in routes(app, {FrontendType.STOREFRONT}, public=None)
        if route.path.startswith("/api/v1/storefront/cart")
        or "/cart" in route.path.split("<vendor_code>")[-1]
    ]
    return sorted(set(found))


def test_the_walk_covers_every_cart_route(app):
    found = cart_routes(app)
    assert ("POST", "/storefront/<vendor_code>/cart/add") in found
    assert ("PATCH", "/api/v1/storefront/cart/lines/<int:variant_id>") in found
    assert len(found) == 9, found


@pytest.fixture
def scene(app, vendor, other_vendor, shop, customers):
    """Shop A: our lamp, in our guest cart. Shop B: their lamp, in a guest's cart and in their
    customer's cart."""
    ours = shop.product(vendor, "Our lamp", stock=5)["variant"]
    theirs = shop.product(other_vendor, "Their secret lamp", stock=5)["variant"]
    ours_browser = app.test_client()
    add(ours_browser, vendor, ours, 1)
    guest = app.test_client()
    add(guest, other_vendor, theirs, 2)
    hers = app.test_client()
    mia = customers.customer(other_vendor, "mia@example.lu")
    sign_in(hers, other_vendor, mia.email)
    add(hers, other_vendor, theirs, 3)
    with guest.session_transaction() as session:
        guest_token = session["cart_tokens"][str(other_vendor.id)]
    from modules.cart.models import Cart
    from wizamart.database import db

    with app.app_context():
        customer_token = db.session.query(Cart).filter_by(customer_id=mia.id).one().token
    return {
        "ours": ours,
        "theirs": theirs,
        "browser": ours_browser,
        "guest_token": guest_token,
        "customer_token": customer_token,
    }


# Emptying one's own cart names no record at all: it rightly empties the caller's cart.
CLEARS = {("DELETE", "/api/v1/storefront/cart/")}


def walk(app, client, vendor_code: str, variant_id: int, headers: dict, body_variant: int, skip=()):
    answers = {}
    for method, path in cart_routes(app):
        if (method, path) in skip:
            continue
        url = path.replace("<vendor_code>", vendor_code).replace("<int:variant_id>", str(variant_id))
        if path.startswith("/api/"):
            response = client.open(
                url, method=method, json={"variant_id": body_variant, "quantity": 1}, headers=headers
            )
        elif method == "GET":
            response = client.get(url)
        else:
            response = client.open(
                url,
                method=method,
                data={"variant_id": body_variant, "quantity": 1, f"quantity-{variant_id}": 1},
            )
        answers[f"{method} {url}"] = response
    return answers


def test_shop_a_cannot_reach_shop_b_variants(app, vendor, scene):
    before = cart_rows(app)
    client = scene["browser"]
    wrong = {}
    for name, response in walk(
        app, client, vendor.code, scene["theirs"], {"X-Vendor": vendor.code}, scene["theirs"], skip=CLEARS
    ).items():
        text = page_text(response)
        if "Their secret lamp" in text:
            wrong[name] = "shows their product"
        elif name.startswith("GET"):
            continue
        elif "/update" in name:
            # The cart form names their variant as a line: not in this cart, refused beside it.
            if response.status_code != 422:
                wrong[name] = response.status_code
        elif response.status_code != 404:
            wrong[name] = response.status_code
    assert not wrong, f"routes that let shop A reach shop B: {wrong}"
    assert cart_rows(app) == before


@pytest.mark.parametrize("whose", ["guest_token", "customer_token"])
def test_another_cart_token_opens_nothing(app, vendor, other_vendor, scene, whose):
    """Shop B's guest token used in shop A, and shop B's customer cart token used in shop B by
    someone else: every API route answers 404 and no cart changes."""
    before = cart_rows(app)
    stranger = FlaskClient(app, use_cookies=False)
    shop_code = vendor.code if whose == "guest_token" else other_vendor.code
    headers = {"X-Vendor": shop_code, "X-Cart-Token": scene[whose]}
    for name, response in walk(app, stranger, shop_code, scene["theirs"], headers, scene["theirs"]).items():
        if name.split(" ", 1)[1].startswith("/api/"):
            assert response.status_code == 404, f"{name}: {response.status_code}"
            assert "Their secret lamp" not in page_text(response)
    assert cart_rows(app) == before


def test_a_guest_token_opens_its_own_cart_only(app, other_vendor, scene):
    """The control: the same token in its own shop does open it."""
    stranger = FlaskClient(app, use_cookies=False)
    headers = {"X-Vendor": other_vendor.code, "X-Cart-Token": scene["guest_token"]}
    body = stranger.get(api_url("/"), headers=headers).get_json()
    assert [(line["variant_id"], line["quantity"]) for line in body["lines"]] == [(scene["theirs"], 2)]


def test_carts_and_customers_stay_in_their_shop(app, vendor, other_vendor, scene):
    """A browser with a cart in shop B sees an empty cart in shop A, and a customer signed in to
    shop B is a guest in shop A."""
    browser = scene["browser"]  # a cart in shop A
    assert "Your cart is empty" in page_text(browser.get(cart_url(other_vendor)))
    assert "Our lamp" in page_text(browser.get(cart_url(vendor)))
    hers = app.test_client()
    sign_in(hers, other_vendor, "mia@example.lu")
    text = page_text(hers.get(cart_url(vendor)))
    assert "Your cart is empty" in text and "Their secret lamp" not in text
    add(hers, vendor, scene["ours"], 1)
    rows = cart_rows(app)
    assert rows[-1] == (vendor.id, None, {scene["ours"]: 1})  # a guest cart of shop A
