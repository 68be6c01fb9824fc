"""THE ISOLATION WALKS.

Vendors: every orders vendor route, taken from ``app.url_map``, is asked by shop A's owner, in
shop A, about shop B's order — 404 everywhere, nothing of either shop changes, no e-mail goes out;
and with a bearer token naming shop B in ``X-Vendor``: 403/404 everywhere.

Customers: one customer never sees another's orders (pages and API answer 404, as for an order
that does not exist); a guest's signed link opens its own order only — another shop's, a forged
or altered link answers 404."""

from __future__ import annotations

import pytest

from modules.customers.models import Customer
from modules.orders.models import Order, OrderEvent, Shipment
from modules.orders.services import order_service
from modules.payments.models import Payment, PaymentTransaction
from modules.tenancy.testing import fast_hash
from tests.tenancy.helpers import bearer, get_token, page_text
from tests.tenancy.test_access import routes
from wizamart.database import db, utcnow
from wizamart.modules.definition import FrontendType

from .conftest import enable_bank_transfer, line_for, outbox, place

PASSWORD = "shop-secret-2026"


def orders_routes(app, frontends) -> list:
    return [r for r in routes(app, frontends, public=None) if "/orders" in r.path]


def snapshot(app) -> dict:
    with app.app_context():
        return {
            "orders": sorted((o.id, o.vendor_id, o.status, o.number) for o in db.session.query(Order)),
            "events": db.session.query(OrderEvent).count(),
            "shipments": db.session.query(Shipment).count(),
            "payments": sorted((p.id, p.status) for p in db.session.query(Payment)),
            "ledger": db.session.query(PaymentTransaction).count(),
        }


@pytest.fixture
def scene(app, vendor, other_vendor, catalog, stock):
    """An order in each shop: ours (#1 of A) and theirs (#1 of B, paid, with secrets on it)."""
    enable_bank_transfer(app, vendor)
    enable_bank_transfer(app, other_vendor)
    ours = catalog.product(vendor, "OURS-1")["OURS-1"]
    theirs = catalog.product(other_vendor, "THEIRS-1", title="Their secret bike")["THEIRS-1"]
    stock(ours, 10)
    stock(theirs, 10, shop=other_vendor)
    our_order = place(app, vendor, [line_for(app, vendor, ours)], email="ours@example.lu")
    their_order = place(
        app, other_vendor, [line_for(app, other_vendor, theirs)], email="their-customer@example.lu"
    )
    with app.app_context():
        order_service.confirm_payment(other_vendor.id, their_order.id, None)
    outbox(app).clear()
    return {"ours": our_order, "theirs": their_order}


def test_the_walk_covers_every_orders_route(app):
    vendor_paths = {r.path for r in orders_routes(app, {FrontendType.VENDOR})}
    assert {
        "/vendor/<vendor_code>/orders/<int:order_id>/refund",
        "/api/v1/vendor/orders/<int:order_id>/ship",
        "/vendor/<vendor_code>/orders/",
    } <= vendor_paths
    assert len(orders_routes(app, {FrontendType.VENDOR})) >= 18
    storefront_paths = {r.path for r in orders_routes(app, {FrontendType.STOREFRONT})}
    assert "/storefront/<vendor_code>/orders/view/<token>" in storefront_paths
    assert "/api/v1/storefront/orders/<int:order_id>" in storefront_paths


BODY = {
    "carrier": "DHL",
    "tracking_number": "STOLEN1",
    "reason": "walking by",
    "amount": "1.00",
    "amount_cents": 100,
    "note": "was here",
}


def test_shop_a_gets_nothing_of_shop_b(app, vendor_client, vendor, scene):
    theirs = scene["theirs"].id
    before = snapshot(app)
    wrong = {}
    for route in orders_routes(app, {FrontendType.VENDOR}):
        url = route.url({"vendor_code": vendor.code, "order_id": theirs})
        headers = {"X-Vendor": vendor.code}
        if route.method == "GET":
            response = vendor_client.get(url, headers=headers)
        elif route.is_api:
            response = vendor_client.open(url, method=route.method, json=BODY, headers=headers)
        else:
            response = vendor_client.open(url, method=route.method, data=BODY, headers=headers)
        names_their_order = "order_id" in route.rule.arguments
        text = page_text(response)
        if names_their_order and response.status_code != 404:
            wrong[f"{route.method} {url}"] = response.status_code
        elif "their-customer@example.lu" in text or "Their secret bike" in text:
            wrong[f"{route.method} {url}"] = "shows their order"
    assert not wrong, f"routes that let shop A reach shop B: {wrong}"
    assert snapshot(app) == before
    assert outbox(app) == []


def test_a_token_in_another_shop_gets_nothing(app, vendor_owner, other_vendor, scene):
    client = app.test_client()
    headers = {**bearer(get_token(app, vendor_owner.email)), "X-Vendor": other_vendor.code}
    before = snapshot(app)
    for route in orders_routes(app, {FrontendType.VENDOR}):
        if not route.is_api:
            continue
        url = route.url({"order_id": scene["theirs"].id})
        response = client.open(url, method=route.method, json=BODY, headers=headers)
        assert response.status_code in (403, 404), f"{route}: {response.status_code}"
    assert snapshot(app) == before


def test_the_owner_of_shop_b_sees_their_order(app, factory, other_vendor, scene):
    from modules.tenancy.testing import sign_in

    owner = factory.member(other_vendor, email="b-owner@example.lu")
    client = app.test_client()
    assert sign_in(client, "vendor", owner.email).status_code == 302
    text = page_text(client.get(f"/vendor/{other_vendor.code}/orders/"))
    assert "their-customer@example.lu" in text and "ours@example.lu" not in text


# ------------------------------------------------------------------ customers


def customer(app, vendor, email: str) -> int:
    with app.app_context():
        row = Customer(
            vendor_id=vendor.id,
            email=email,
            name=email.split("@")[0].title(),
            password_hash=fast_hash(PASSWORD),
            email_verified_at=utcnow(),
            registered_at=utcnow(),
        )
        db.session.add(row)
        db.session.commit()
        return row.id


def signed_in(app, vendor, email: str):
    client = app.test_client()
    response = client.post(
        f"/storefront/{vendor.code}/account/login", data={"email": email, "password": PASSWORD}
    )
    assert response.status_code == 302
    return client


@pytest.fixture
def shoppers(app, vendor, bank, catalog, stock):
    variant = catalog.product(vendor, "BIKE-1", title="Lena's bike")["BIKE-1"]
    stock(variant, 20)
    lena_id = customer(app, vendor, "lena@example.lu")
    marc_id = customer(app, vendor, "marc@example.lu")
    lena_order = place(
        app, vendor, [line_for(app, vendor, variant)], customer_id=lena_id, email="lena@example.lu"
    )
    marc_order = place(
        app, vendor, [line_for(app, vendor, variant, 2)], customer_id=marc_id, email="marc@example.lu"
    )
    guest_order = place(app, vendor, [line_for(app, vendor, variant, 3)], email="guest@example.lu")
    return {
        "lena": signed_in(app, vendor, "lena@example.lu"),
        "marc": signed_in(app, vendor, "marc@example.lu"),
        "lena_order": lena_order,
        "marc_order": marc_order,
        "guest_order": guest_order,
    }


def test_a_customer_sees_their_own_orders_only(app, vendor, shoppers):
    lena, mine, marcs = shoppers["lena"], shoppers["lena_order"], shoppers["marc_order"]
    history = page_text(lena.get(f"/storefront/{vendor.code}/account/orders"))
    assert f'data-order-number="{mine.number}"' in history
    assert f'data-order-number="{marcs.number}"' not in history
    assert f'data-order-number="{shoppers["guest_order"].number}"' not in history
    page = lena.get(f"/storefront/{vendor.code}/account/orders/{mine.id}")
    assert page.status_code == 200 and "Lena&#39;s bike" in page_text(page)
    assert "LU28 0019 4006 4475 0000" in page_text(page), "the transfer details to pay"
    assert lena.get(f"/storefront/{vendor.code}/account/orders/{marcs.id}").status_code == 404
    assert (
        lena.get(f"/storefront/{vendor.code}/account/orders/{shoppers['guest_order'].id}").status_code == 404
    )

    api = lena.get("/api/v1/storefront/orders/", headers={"X-Vendor": vendor.code}).get_json()
    assert [o["number"] for o in api["items"]] == [mine.number]
    one = lena.get(f"/api/v1/storefront/orders/{mine.id}", headers={"X-Vendor": vendor.code}).get_json()
    assert one["status"] == "pending" and one["instructions"]["iban"] == "LU28 0019 4006 4475 0000"
    assert "ledger" not in one["payment"] and "user" not in str(one["history"])
    assert (
        lena.get(f"/api/v1/storefront/orders/{marcs.id}", headers={"X-Vendor": vendor.code}).status_code
        == 404
    )


def test_nobody_signed_in_is_sent_to_sign_in(app, vendor, shoppers):
    client = app.test_client()
    response = client.get(f"/storefront/{vendor.code}/account/orders/{shoppers['lena_order'].id}")
    assert response.status_code == 302
    assert f"/storefront/{vendor.code}/account/login?next=" in response.headers["Location"]
    assert client.get("/api/v1/storefront/orders/", headers={"X-Vendor": vendor.code}).status_code == 401


def test_a_customer_of_shop_a_is_nobody_in_shop_b(app, vendor, other_vendor, shoppers):
    lena = shoppers["lena"]
    response = lena.get(f"/storefront/{other_vendor.code}/account/orders")
    assert response.status_code == 302, "signed in to shop A only"
    assert lena.get("/api/v1/storefront/orders/", headers={"X-Vendor": other_vendor.code}).status_code == 401
    mine = shoppers["lena_order"].id
    assert lena.get(f"/storefront/{other_vendor.code}/account/orders/{mine}").status_code == 302


def test_a_guest_link_opens_its_order_only(app, vendor, other_vendor, shoppers, catalog, stock):
    guest = shoppers["guest_order"]
    client = app.test_client()
    page = client.get(f"/storefront/{vendor.code}/orders/view/{guest.token}")
    assert page.status_code == 200 and f"Order #{guest.number}" in page_text(page)
    api = client.get(f"/api/v1/storefront/orders/by-link/{guest.token}", headers={"X-Vendor": vendor.code})
    assert api.get_json()["number"] == guest.number

    assert client.get(f"/storefront/{other_vendor.code}/orders/view/{guest.token}").status_code == 404
    forged = guest.token[:-2] + ("AA" if not guest.token.endswith("AA") else "BB")
    assert client.get(f"/storefront/{vendor.code}/orders/view/{forged}").status_code == 404
    assert client.get(f"/storefront/{vendor.code}/orders/view/not-a-token").status_code == 404
    assert (
        client.get(
            "/api/v1/storefront/orders/by-link/not-a-token", headers={"X-Vendor": vendor.code}
        ).status_code
        == 404
    )
    # A link of another shop's order, opened in that other shop's URL space of ours: 404.
    enable_bank_transfer(app, other_vendor)
    theirs = catalog.product(other_vendor, "THEIRS-1")["THEIRS-1"]
    stock(theirs, 3, shop=other_vendor)
    their_order = place(app, other_vendor, [line_for(app, other_vendor, theirs)])
    assert client.get(f"/storefront/{vendor.code}/orders/view/{their_order.token}").status_code == 404
    assert client.get(f"/storefront/{other_vendor.code}/orders/view/{their_order.token}").status_code == 200


def test_the_account_pages_lead_to_the_customers_orders(app, vendor, shoppers):
    profile = page_text(shoppers["lena"].get(f"/storefront/{vendor.code}/account/"))
    assert f'href="/storefront/{vendor.code}/account/orders"' in profile
    assert 'data-testid="account-nav-my_orders"' in profile
