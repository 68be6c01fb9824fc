"""The checkout's storefront API: a shop app without cookies fills a cart (its X-Cart-Token),
starts a checkout with every step in one request, and places it with an idempotency key —
once, however often it asks; out of stock is a 409 naming the SKU; bad input names the field."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient

from modules.checkout.models import CheckoutSession
from modules.orders.models import Order
from tests.tenancy.helpers import api_error, error_fields

from .conftest import ADDRESS, IBAN, available, count, orders_of

API = "/api/v1/storefront/checkout"


@pytest.fixture
def app_client(app):
    """A shop app keeping no cookies: only its X-Cart-Token says whose cart."""
    return FlaskClient(app, use_cookies=False)


def cart_of(client, vendor, *lines: tuple[int, int]) -> dict:
    """A guest cart with ``(variant_id, quantity)`` lines; the headers that name it."""
    headers = {"X-Vendor": vendor.code}
    for variant_id, quantity in lines:
        response = client.post(
            "/api/v1/storefront/cart/lines",
            json={"variant_id": variant_id, "quantity": quantity},
            headers=headers,
        )
        assert response.status_code == 201, response.get_json()
        headers["X-Cart-Token"] = response.get_json()["token"]
    return headers


def everything(ready, **changes) -> dict:
    return {
        "email": "app@example.lu",
        "shipping_address": dict(ADDRESS),
        "shipping_method_id": ready["standard"],
        "provider": "bank_transfer",
        **changes,
    }


def test_an_app_checks_out_in_two_requests(app, app_client, vendor, ready):
    headers = cart_of(app_client, vendor, (ready["bike"], 2), (ready["book"], 1))
    started = app_client.post(f"{API}/sessions", json=everything(ready), headers=headers)
    assert started.status_code == 201, started.get_json()
    body = started.get_json()
    assert body["next_step"] == "review" and body["reviewed"] is True
    assert [(line["sku"], line["quantity"]) for line in body["lines"]] == [("BIKE", 2), ("BOOK", 1)]
    totals = body["totals"]
    assert totals["subtotal_gross_cents"] == 2 * 1999 + 455
    assert totals["shipping_cents"] == 490
    assert totals["total_gross_cents"] == 2 * 1999 + 455 + 490
    assert totals["total_net_cents"] + totals["total_vat_cents"] == totals["total_gross_cents"]
    assert set(totals["vat_breakdown"]) == {"17", "3"}
    assert [o["id"] for o in body["shipping_options"]] == [ready["standard"]]
    assert body["payment_options"][0]["code"] == "bank_transfer"

    placed = app_client.post(
        f"{API}/sessions/{body['token']}/place",
        json={},
        headers={**headers, "Idempotency-Key": "app-order-1"},
    )
    assert placed.status_code == 201, placed.get_json()
    order = placed.get_json()
    assert order["created"] is True and order["next_url"] is None
    assert order["instructions"]["iban"] == IBAN
    assert order["order"]["total_gross_cents"] == totals["total_gross_cents"]
    assert order["order_url"] and "/orders/view/" in order["order_url"]

    again = app_client.post(
        f"{API}/sessions/{body['token']}/place",
        json={},
        headers={**headers, "Idempotency-Key": "app-order-1"},
    )
    assert again.status_code == 200
    assert again.get_json()["order"]["id"] == order["order"]["id"] and again.get_json()["created"] is False
    assert len(orders_of(app, vendor)) == 1
    assert available(app, vendor, ready["bike"]) == 18
    state = app_client.get(f"{API}/sessions/{body['token']}", headers=headers).get_json()
    assert state["status"] == "placed" and state["order"]["id"] == order["order"]["id"]


def test_steps_can_come_one_by_one(app, app_client, vendor, ready):
    headers = cart_of(app_client, vendor, (ready["bike"], 1))
    body = app_client.post(f"{API}/sessions", json={}, headers=headers).get_json()
    token = body["token"]
    assert body["next_step"] == "address" and body["totals"] is None
    step = app_client.patch(
        f"{API}/sessions/{token}",
        json={"email": "x@example.lu", "shipping_address": ADDRESS},
        headers=headers,
    ).get_json()
    assert step["next_step"] == "shipping"
    assert [o["name"] for o in step["shipping_options"]] == ["Standard"]
    step = app_client.patch(
        f"{API}/sessions/{token}", json={"shipping_method_id": ready["standard"]}, headers=headers
    )
    assert step.get_json()["next_step"] == "payment"
    early = app_client.get(f"{API}/sessions/{token}/review", headers=headers)
    assert early.status_code == 422
    assert error_fields(early) == {"provider": "Choose a payment method first."}
    early_place = app_client.post(f"{API}/sessions/{token}/place", json={}, headers=headers)
    assert early_place.status_code == 422 and api_error(early_place)["code"] == "checkout_step_missing"
    app_client.patch(f"{API}/sessions/{token}", json={"provider": "bank_transfer"}, headers=headers)
    review = app_client.get(f"{API}/sessions/{token}/review", headers=headers)
    assert review.status_code == 200 and review.get_json()["totals"]["total_gross_cents"] == 1999 + 490
    assert app_client.post(f"{API}/sessions/{token}/place", json={}, headers=headers).status_code == 201


def test_out_of_stock_is_a_409_naming_the_sku(app, app_client, vendor, shop, ready):
    headers = cart_of(app_client, vendor, (ready["bike"], 3))
    token = app_client.post(f"{API}/sessions", json=everything(ready), headers=headers).get_json()["token"]
    shop.take(vendor, ready["bike"], 18)
    response = app_client.post(f"{API}/sessions/{token}/place", json={}, headers=headers)
    assert response.status_code == 409
    error = api_error(response)
    assert error["code"] == "out_of_stock"
    assert error["details"]["sku"] == "BIKE"
    assert error["details"]["problems"] == [
        {
            "code": "out_of_stock",
            "sku": "BIKE",
            "variant_id": ready["bike"],
            "message": "Gravel bike (SKU BIKE): only 2 left, you asked for 3.",
            "available": 2,
            "requested": 3,
        }
    ]
    assert "BIKE" in error["message"]
    assert count(app, Order) == 0


def test_a_price_change_and_an_unexpected_total_are_409s(app, app_client, vendor, shop, ready):
    headers = cart_of(app_client, vendor, (ready["bike"], 1))
    token = app_client.post(f"{API}/sessions", json=everything(ready), headers=headers).get_json()["token"]
    shop.set_price(vendor, ready["bike"], 2199)
    changed = app_client.post(f"{API}/sessions/{token}/place", json={}, headers=headers)
    assert changed.status_code == 409
    assert api_error(changed)["code"] == "checkout_problems"
    assert [p["code"] for p in api_error(changed)["details"]["problems"]] == ["price_changed"]
    seen = app_client.get(f"{API}/sessions/{token}", headers=headers).get_json()  # the new review
    assert seen["totals"]["total_gross_cents"] == 2199 + 490
    wrong = app_client.post(
        f"{API}/sessions/{token}/place", json={"expected_total_cents": 2489}, headers=headers
    )
    assert wrong.status_code == 409
    assert [p["code"] for p in api_error(wrong)["details"]["problems"]] == ["total_changed"]
    right = app_client.post(
        f"{API}/sessions/{token}/place", json={"expected_total_cents": 2689}, headers=headers
    )
    assert right.status_code == 201


def test_bad_input_names_the_field(app, app_client, vendor, ready):
    headers = cart_of(app_client, vendor, (ready["bike"], 1))
    token = app_client.post(
        f"{API}/sessions", json={"email": "a@example.lu", "shipping_address": ADDRESS}, headers=headers
    ).get_json()["token"]
    cases = [
        ({"email": "nope", "shipping_address": ADDRESS}, "email"),
        (
            {"email": "a@example.lu", "shipping_address": {**ADDRESS, "postal_code": "12"}},
            "shipping_address.postal_code",
        ),
        (
            {
                "email": "a@example.lu",
                "shipping_address": {**ADDRESS, "country": "NL", "postal_code": "1012"},
            },
            "shipping_address.country",
        ),
        (
            {"email": "a@example.lu", "shipping_address": {k: v for k, v in ADDRESS.items() if k != "city"}},
            "shipping_address.city",
        ),
        ({"email": "a@example.lu", "shipping_address": ADDRESS, "billing_same": False}, "billing_address"),
        ({"shipping_method_id": "x"}, "shipping_method_id"),
        ({"shipping_method_id": ready["region"]}, "shipping_method_id"),
        ({"provider": "cheques"}, "provider"),
    ]
    for body, field in cases:
        response = app_client.patch(f"{API}/sessions/{token}", json=body, headers=headers)
        assert 400 <= response.status_code < 500, (body, response.status_code)
        assert field in error_fields(response), (body, error_fields(response))
    assert (
        app_client.patch(
            f"{API}/sessions/{token}", data="[", headers={**headers, "Content-Type": "application/json"}
        ).status_code
        == 422
    )
    assert app_client.get(f"{API}/sessions/not-a-token", headers=headers).status_code == 404
    assert app_client.post(f"{API}/sessions", json={}, headers={"X-Vendor": vendor.code}).status_code == 409


def test_an_idempotency_key_places_one_checkout_only(app, app_client, vendor, ready):
    first = cart_of(app_client, vendor, (ready["bike"], 1))
    second = cart_of(app_client, vendor, (ready["book"], 1))
    one = app_client.post(f"{API}/sessions", json=everything(ready), headers=first).get_json()["token"]
    two = app_client.post(f"{API}/sessions", json=everything(ready), headers=second).get_json()["token"]
    key = {"Idempotency-Key": "same-key"}
    assert (
        app_client.post(f"{API}/sessions/{one}/place", json={}, headers={**first, **key}).status_code == 201
    )
    reused = app_client.post(f"{API}/sessions/{two}/place", json={}, headers={**second, **key})
    assert reused.status_code == 409
    assert api_error(reused)["code"] == "checkout_idempotency_key_reused"
    assert error_fields(reused) == {
        "idempotency_key": "This key was used for another checkout: send a new one."
    }
    assert len(orders_of(app, vendor)) == 1


def test_a_checkout_opens_only_with_its_cart(app, app_client, vendor, other_vendor, ready):
    headers = cart_of(app_client, vendor, (ready["bike"], 1))
    token = app_client.post(f"{API}/sessions", json=everything(ready), headers=headers).get_json()["token"]
    other_cart = cart_of(app_client, vendor, (ready["book"], 1))
    for who in ({"X-Vendor": vendor.code}, other_cart, {**headers, "X-Vendor": other_vendor.code}):
        assert app_client.get(f"{API}/sessions/{token}", headers=who).status_code == 404, who
        assert app_client.post(f"{API}/sessions/{token}/place", json={}, headers=who).status_code == 404, who
    assert count(app, Order) == 0
    assert count(app, CheckoutSession) == 1


def test_a_browser_with_a_session_cookie_needs_the_csrf_token(app, vendor, ready):
    client = app.test_client()
    client.post(f"/storefront/{vendor.code}/cart/add", data={"variant_id": ready["bike"], "quantity": 1})
    refused = client.post(
        f"{API}/sessions", json=everything(ready), headers={"X-Vendor": vendor.code}, csrf=False
    )
    assert refused.status_code == 400
    allowed = client.post(f"{API}/sessions", json=everything(ready), headers={"X-Vendor": vendor.code})
    assert allowed.status_code == 201


def test_a_refused_step_at_the_start_still_names_the_checkout(app, app_client, vendor, ready):
    headers = cart_of(app_client, vendor, (ready["bike"], 1))
    refused = app_client.post(f"{API}/sessions", json=everything(ready, provider="cheques"), headers=headers)
    assert refused.status_code == 422
    assert error_fields(refused) == {"provider": "Choose one of the payment methods offered."}
    token = api_error(refused)["details"]["token"]
    kept = app_client.get(f"{API}/sessions/{token}", headers=headers).get_json()
    assert kept["shipping_method_id"] == ready["standard"] and kept["next_step"] == "payment"
