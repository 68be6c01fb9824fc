"""The cart's storefront API: an app without cookies keeps its cart by token, a browser by its
session (with the CSRF token); every refusal is a 4xx naming the field."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient

from tests.tenancy.helpers import api_error

from .conftest import api_url, cart_rows, lines


@pytest.fixture
def app_client(app):
    """An API client that keeps no cookies (a shop app): only its X-Cart-Token says whose cart."""
    return FlaskClient(app, use_cookies=False)


def test_an_app_keeps_its_cart_by_token(app, app_client, vendor, shop):
    lamp = shop.product(vendor, "Lamp", price=2500, stock=5)
    bell = shop.product(vendor, "Bell", price=900)
    shop_header = {"X-Vendor": vendor.code}

    empty = app_client.get(api_url("/"), headers=shop_header)
    assert empty.status_code == 200
    assert empty.get_json() == {
        "token": None,
        "currency": "EUR",
        "lines": [],
        "removed": [],
        "notes": [],
        "count": 0,
        "subtotal_cents": 0,
    }

    created = app_client.post(
        api_url("/lines"), json={"variant_id": lamp["variant"], "quantity": 2}, headers=shop_header
    )
    assert created.status_code == 201
    body = created.get_json()
    token = body["token"]
    assert token and created.headers["X-Cart-Token"] == token
    line = body["lines"][0]
    assert line["variant_id"] == lamp["variant"] and line["quantity"] == 2
    assert line["title"] == "Lamp" and line["unit_price_cents"] == 2500 and line["vat_rate"] == 17
    assert line["line_total_cents"] == 5000 and line["stock_available"] == 5 and line["max_quantity"] == 5
    assert body["subtotal_cents"] == 5000 and body["count"] == 2

    headers = {**shop_header, "X-Cart-Token": token}
    assert (
        app_client.post(api_url("/lines"), json={"variant_id": bell["variant"]}, headers=headers).status_code
        == 201
    )
    assert len(cart_rows(app)) == 1  # the same cart, found by its token
    changed = app_client.patch(api_url(f"/lines/{lamp['variant']}"), json={"quantity": 5}, headers=headers)
    assert changed.status_code == 200 and changed.get_json()["subtotal_cents"] == 5 * 2500 + 900
    removed = app_client.delete(api_url(f"/lines/{bell['variant']}"), headers=headers)
    assert removed.status_code == 200 and [x["variant_id"] for x in removed.get_json()["lines"]] == [
        lamp["variant"]
    ]
    assert (
        app_client.patch(
            api_url(f"/lines/{lamp['variant']}"), json={"quantity": 0}, headers=headers
        ).status_code
        == 200
    )
    assert lines(app) == {}

    app_client.post(api_url("/lines"), json={"variant_id": bell["variant"], "quantity": 3}, headers=headers)
    cleared = app_client.delete(api_url("/"), headers=headers)
    assert cleared.status_code == 200 and cleared.get_json()["lines"] == [] and lines(app) == {}
    assert len(cart_rows(app)) == 1


def test_notes_come_once_through_the_api_too(app, app_client, vendor, shop):
    lamp = shop.product(vendor, "Lamp", price=2500, stock=5)
    headers = {"X-Vendor": vendor.code}
    token = app_client.post(
        api_url("/lines"), json={"variant_id": lamp["variant"], "quantity": 4}, headers=headers
    )
    headers["X-Cart-Token"] = token.get_json()["token"]
    shop.set_price(lamp["variant"], 2000)
    shop.set_stock(vendor, lamp["variant"], 3)
    body = app_client.get(api_url("/"), headers=headers).get_json()
    codes = {note["code"]: note for note in body["lines"][0]["notes"]}
    assert codes["price_changed"]["params"] == {
        "label": "Lamp",
        "old_price_cents": 2500,
        "new_price_cents": 2000,
    }
    assert codes["quantity_lowered"]["params"]["new_quantity"] == 3
    assert [note["code"] for note in body["notes"]] == ["quantity_lowered", "price_changed"]
    assert app_client.get(api_url("/"), headers=headers).get_json()["notes"] == []

    shop.set_stock(vendor, lamp["variant"], 0)
    body = app_client.get(api_url("/"), headers=headers).get_json()
    assert body["lines"] == [] and body["removed"][0]["note"]["code"] == "sold_out"
    assert body["removed"][0]["variant_id"] == lamp["variant"]


@pytest.mark.parametrize(
    ("method", "path", "body", "status", "field"),
    [
        ("post", "/lines", None, 422, "__root__"),
        ("post", "/lines", {}, 422, "variant_id"),
        ("post", "/lines", {"variant_id": "abc"}, 422, "variant_id"),
        ("post", "/lines", {"variant_id": True}, 422, "variant_id"),
        ("post", "/lines", {"variant_id": 0}, 422, "variant_id"),
        ("post", "/lines", {"variant_id": "LAMP", "quantity": 1.5}, 422, "quantity"),
        ("post", "/lines", {"variant_id": "LAMP", "quantity": True}, 422, "quantity"),
        ("post", "/lines", {"variant_id": "LAMP", "quantity": 0}, 422, "quantity"),
        ("post", "/lines", {"variant_id": "LAMP", "quantity": 100}, 422, "quantity"),
        ("post", "/lines", {"variant_id": "LAMP", "quantity": 6}, 409, "quantity"),
        ("post", "/lines", {"variant_id": "SOLD", "quantity": 1}, 409, "quantity"),
        ("post", "/lines", {"variant_id": "DRAFT", "quantity": 1}, 409, "variant_id"),
        ("post", "/lines", {"variant_id": 999999}, 404, "variant_id"),
        ("post", "/lines", {"variant_id": "THEIRS"}, 404, "variant_id"),
        ("patch", "/lines/LAMP", {"quantity": -1}, 422, "quantity"),
        ("patch", "/lines/LAMP", {"quantity": "x"}, 422, "quantity"),
        ("patch", "/lines/LAMP", {}, 422, "quantity"),
        ("patch", "/lines/LAMP", {"quantity": 9}, 409, "quantity"),
        ("patch", "/lines/BELL", {"quantity": 1}, 404, "variant_id"),
        ("delete", "/lines/BELL", None, 404, "variant_id"),
    ],
)
def test_bad_input_is_a_4xx_naming_the_field(
    app, app_client, vendor, other_vendor, shop, method, path, body, status, field
):
    from modules.catalog.models import ProductStatus

    ids = {
        "LAMP": shop.product(vendor, "Lamp", stock=5)["variant"],
        "BELL": shop.product(vendor, "Bell")["variant"],
        "SOLD": shop.product(vendor, "Sold", stock=0)["variant"],
        "DRAFT": shop.product(vendor, "Draft", stock=5, status=ProductStatus.DRAFT)["variant"],
        "THEIRS": shop.product(other_vendor, "Theirs", stock=5)["variant"],
    }
    headers = {"X-Vendor": vendor.code}
    started = app_client.post(api_url("/lines"), json={"variant_id": ids["LAMP"]}, headers=headers)
    headers["X-Cart-Token"] = started.get_json()["token"]
    before = cart_rows(app)
    for name, value in ids.items():
        path = path.replace(name, str(value))
    if isinstance(body, dict):
        body = {k: ids.get(v, v) if isinstance(v, str) else v for k, v in body.items()}
    response = app_client.open(api_url(path), method=method.upper(), json=body, headers=headers)
    assert response.status_code == status, response.get_data(as_text=True)
    error = api_error(response)
    assert field in error["details"]["fields"], error
    assert error["message"]
    assert cart_rows(app) == before


def test_unknown_shops_and_tokens_are_404(app, app_client, vendor, shop):
    lamp = shop.product(vendor, "Lamp", stock=5)
    for headers in ({}, {"X-Vendor": "no-such-shop"}):
        response = app_client.post(api_url("/lines"), json={"variant_id": lamp["variant"]}, headers=headers)
        assert response.status_code == 404
    response = app_client.get(api_url("/"), headers={"X-Vendor": vendor.code, "X-Cart-Token": "made-up"})
    assert response.status_code == 404 and api_error(response)["code"] == "cart_not_found"
    assert "X-Cart-Token" in api_error(response)["details"]["fields"]
    response = app_client.post(
        api_url("/lines"),
        json={"variant_id": lamp["variant"]},
        headers={"X-Vendor": vendor.code, "X-Cart-Token": "made-up"},
    )
    assert response.status_code == 404 and cart_rows(app) == []


def test_a_browser_session_needs_the_csrf_token(app, vendor, shop):
    lamp = shop.product(vendor, "Lamp", stock=5)
    browser = app.test_client()
    browser.get(f"/storefront/{vendor.code}/cart")  # the session cookie exists from here on
    headers = {"X-Vendor": vendor.code}
    refused = browser.post(
        api_url("/lines"), json={"variant_id": lamp["variant"]}, headers=headers, csrf=False
    )
    assert refused.status_code == 400 and lines(app) == {}
    accepted = browser.post(api_url("/lines"), json={"variant_id": lamp["variant"]}, headers=headers)
    assert accepted.status_code == 201 and lines(app) == {lamp["variant"]: 1}
    # The browser's page and its scripts see the same cart (the session's).
    assert 'data-testid="shop-cart-count">1<' in browser.get(f"/storefront/{vendor.code}/cart").get_data(
        as_text=True
    )
