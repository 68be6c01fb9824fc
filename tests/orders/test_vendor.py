"""The vendor's order pages and API: the list with its filters and pagination, one order with
its actions and payment ledger, errors next to the form that caused them, and permissions."""

from __future__ import annotations

from datetime import timedelta

import pytest

from modules.customers.models import Customer
from modules.orders.models import Order
from modules.tenancy.models import VendorRole
from modules.tenancy.testing import sign_in
from tests.tenancy.helpers import api_error, error_fields, field_errors, flashes, page_text, table
from wizamart.database import db, utcnow

from .conftest import ADDRESS, line_for, load, outbox, place


@pytest.fixture
def bike(catalog, vendor, stock):
    variant = catalog.product(vendor, "BIKE-1", price_cents=10_000)["BIKE-1"]
    stock(variant, 100)
    return variant


@pytest.fixture
def orders(app, vendor, bank, bike):
    """Three orders: Lena (a customer, placed 10 days ago), Marc and Sophie (guests)."""
    with app.app_context():
        customer = Customer(vendor_id=vendor.id, email="lena@example.lu", name="Lena Schroeder")
        db.session.add(customer)
        db.session.commit()
        customer_id = customer.id
    lena = place(app, vendor, [line_for(app, vendor, bike)], customer_id=customer_id)
    marc = place(
        app,
        vendor,
        [line_for(app, vendor, bike, 2)],
        email="marc@example.lu",
        shipping_address={**ADDRESS, "name": "Marc Weber"},
    )
    sophie = place(
        app,
        vendor,
        [line_for(app, vendor, bike, 3)],
        email="sophie@example.lu",
        shipping_address={**ADDRESS, "name": "Sophie Muller"},
    )
    with app.app_context():
        db.session.get(Order, lena.id).placed_at = utcnow() - timedelta(days=10)
        db.session.commit()
    return {"lena": lena, "marc": marc, "sophie": sophie, "customer_id": customer_id}


def listed(response) -> list[int]:
    import re

    return [int(n) for n in re.findall(r'data-order-number="(\d+)"', table(response, "orders-table"))]


def url(vendor, path: str = "") -> str:
    return f"/vendor/{vendor.code}/orders/{path}"


def test_the_list_and_its_filters(vendor_client, vendor, orders):
    assert listed(vendor_client.get(url(vendor))) == [3, 2, 1], "newest first"
    assert listed(vendor_client.get(url(vendor), query_string={"q": "marc@"})) == [2]
    assert listed(vendor_client.get(url(vendor), query_string={"q": "muller"})) == [3]
    assert listed(vendor_client.get(url(vendor), query_string={"q": "#1"})) == [1]
    assert listed(vendor_client.get(url(vendor), query_string={"q": "2"})) == [2]
    assert listed(vendor_client.get(url(vendor), query_string={"customer_id": orders["customer_id"]})) == [1]
    today = utcnow().date()
    recent = {"date_from": (today - timedelta(days=1)).isoformat(), "date_to": today.isoformat()}
    assert listed(vendor_client.get(url(vendor), query_string=recent)) == [3, 2]
    old = {"date_to": (today - timedelta(days=5)).isoformat()}
    assert listed(vendor_client.get(url(vendor), query_string=old)) == [1]
    assert listed(vendor_client.get(url(vendor), query_string={"status": "paid"})) == []


def test_pagination(app, vendor_client, vendor, orders):
    with app.app_context():
        from modules.orders.services import order_service

        page = order_service.search(vendor.id, {"per_page": 2})
        assert (page.total, [o.number for o in page.items]) == (3, [3, 2])
        second = order_service.search(vendor.id, {"per_page": 2, "page": 2})
        assert [o.number for o in second.items] == [1]
    body = vendor_client.get("/api/v1/vendor/orders/", query_string={"per_page": 2, "page": 2}).get_json()
    assert [o["number"] for o in body["items"]] == [1]
    assert body["meta"]["total"] == 3


def test_bad_filters_name_the_field(vendor_client, vendor, orders):
    response = vendor_client.get(url(vendor), query_string={"status": "lost", "date_from": "2026-02-30"})
    assert response.status_code == 422
    api = vendor_client.get(
        "/api/v1/vendor/orders/", query_string={"date_from": "2026-03-02", "date_to": "2026-03-01"}
    )
    assert api.status_code == 422
    assert "date_to" in error_fields(api)


def test_the_order_page_shows_everything_and_ships(app, vendor_client, vendor, orders):
    marc = orders["marc"]
    page = vendor_client.get(url(vendor, str(marc.id)))
    assert page.status_code == 200
    text = page_text(page)
    assert "Order #2" in text and "marc@example.lu" in text and "Marc Weber" in text
    assert 'data-testid="confirm-payment"' in text
    assert "LU28 0019 4006 4475 0000" in text, "the transfer details the customer got"

    assert vendor_client.post(url(vendor, f"{marc.id}/confirm-payment")).status_code == 302
    paid = vendor_client.get(url(vendor, str(marc.id)))
    assert 'data-status="paid"' in page_text(paid)
    assert 'data-kind="captured"' in table(paid, "ledger")

    response = vendor_client.post(
        url(vendor, f"{marc.id}/ship"), data={"carrier": "POST", "tracking_number": "CC1LU"}
    )
    assert response.status_code == 302
    shipped = vendor_client.get(response.headers["Location"])
    assert flashes(shipped) == ["The parcel is shipped; the customer has been told."]
    assert "CC1LU" in page_text(shipped)
    assert load(app, marc.id).status == "shipped"
    assert outbox(app)[-1].subject.startswith("Your order #2")

    assert vendor_client.post(url(vendor, f"{marc.id}/delivered")).status_code == 302
    assert load(app, marc.id).status == "delivered"
    assert (
        vendor_client.post(
            url(vendor, f"{marc.id}/refund"), data={"amount": "10,00", "reason": "late"}
        ).status_code
        == 302
    )
    order = load(app, marc.id)
    assert order.status == "partially_refunded"


def test_form_errors_show_next_to_the_form(app, vendor_client, vendor, orders):
    sophie = orders["sophie"]
    ship = url(vendor, f"{sophie.id}/ship")
    response = vendor_client.post(ship, data={"carrier": "DHL", "tracking_number": "1"})
    assert response.status_code == 422, "a pending order cannot ship"
    assert "An order that is “Awaiting payment” cannot become “Shipped”." in page_text(response)
    assert load(app, sophie.id).shipments == []
    vendor_client.post(url(vendor, f"{sophie.id}/confirm-payment"))
    response = vendor_client.post(ship, data={"carrier": "", "tracking_number": "x<y"})
    assert response.status_code == 422
    assert set(field_errors(response)) == {"carrier", "tracking_number"}
    response = vendor_client.post(url(vendor, f"{sophie.id}/refund"), data={"amount": "99999"})
    assert response.status_code == 422
    assert "amount_cents" in field_errors(response)
    response = vendor_client.post(url(vendor, f"{sophie.id}/refund"), data={"amount": "abc"})
    assert field_errors(response)["amount"] == "Enter an amount in euros, such as 12.50."


def test_a_refund_form_sent_twice_refunds_once(app, vendor_client, vendor, orders):
    lena = orders["lena"]
    vendor_client.post(url(vendor, f"{lena.id}/confirm-payment"))
    form = {"amount": "5.00", "refund_key": "form-token-1"}
    assert vendor_client.post(url(vendor, f"{lena.id}/refund"), data=form).status_code == 302
    assert vendor_client.post(url(vendor, f"{lena.id}/refund"), data=form).status_code == 302
    with app.app_context():
        from modules.orders.services import order_service

        order = order_service.get(vendor.id, lena.id)
        assert order_service.refundable_cents(order) == order.total_gross_cents - 500


def test_cancel_and_notes(app, vendor_client, vendor, orders):
    lena = orders["lena"]
    assert vendor_client.post(url(vendor, f"{lena.id}/notes"), data={"note": ""}).status_code == 422
    assert vendor_client.post(url(vendor, f"{lena.id}/notes"), data={"note": "Gift wrap"}).status_code == 302
    assert (
        vendor_client.post(url(vendor, f"{lena.id}/cancel"), data={"reason": "asked by phone"}).status_code
        == 302
    )
    text = page_text(vendor_client.get(url(vendor, str(lena.id))))
    assert 'data-status="cancelled"' in text
    assert "Gift wrap" in text and "asked by phone" in text
    assert "Nothing more can be done with this order." in text


def test_the_api(app, vendor_client, vendor, orders):
    marc = orders["marc"]
    body = vendor_client.get(f"/api/v1/vendor/orders/{marc.id}").get_json()
    assert body["number"] == 2 and body["status"] == "pending"
    assert body["totals"]["total_gross_cents"] == 20_590
    assert body["totals"]["vat_breakdown"]["17"]["gross"] == 20_590
    assert body["payment"]["status"] == "pending" and body["payment"]["ledger"] == []
    assert [line["sku"] for line in body["lines"]] == ["BIKE-1"]

    assert (
        vendor_client.post(f"/api/v1/vendor/orders/{marc.id}/confirm-payment").get_json()["status"] == "paid"
    )
    assert (
        vendor_client.post(f"/api/v1/vendor/orders/{marc.id}/processing").get_json()["status"] == "processing"
    )
    shipped = vendor_client.post(
        f"/api/v1/vendor/orders/{marc.id}/ship", json={"carrier": "DPD", "tracking_number": "0987"}
    )
    assert shipped.status_code == 201 and shipped.get_json()["tracking_number"] == "0987"
    illegal = vendor_client.post(f"/api/v1/vendor/orders/{marc.id}/cancel", json={})
    assert illegal.status_code == 409
    error = api_error(illegal)
    assert error["code"] == "illegal_transition"
    assert error["details"]["from"] == "shipped" and error["details"]["to"] == "cancelled"
    assert "Shipped" in error["message"] and "Cancelled" in error["message"]
    bad = vendor_client.post(f"/api/v1/vendor/orders/{marc.id}/refund", json={"amount_cents": 0})
    assert bad.status_code == 422 and "amount_cents" in error_fields(bad)
    refund = vendor_client.post(
        f"/api/v1/vendor/orders/{marc.id}/refund", json={"amount_cents": 590, "reason": "shipping"}
    )
    assert refund.get_json()["status"] == "partially_refunded"
    assert [row["kind"] for row in refund.get_json()["payment"]["ledger"]] == ["captured", "refunded"]
    missing = vendor_client.get("/api/v1/vendor/orders/999999")
    assert missing.status_code == 404 and api_error(missing)["code"] == "order_not_found"
    assert vendor_client.post(f"/api/v1/vendor/orders/{marc.id}/ship", json=[1]).status_code == 422


def test_staff_see_and_ship_but_do_not_refund(app, factory, vendor, orders):
    staff = factory.member(vendor, VendorRole.STAFF, email="staff@example.lu")
    client = app.test_client()
    assert sign_in(client, "vendor", staff.email).status_code == 302
    lena = orders["lena"]
    assert client.get(url(vendor)).status_code == 200
    assert client.post(url(vendor, f"{lena.id}/confirm-payment")).status_code == 302
    page = page_text(client.get(url(vendor, str(lena.id))))
    assert 'data-testid="ship-form"' in page and 'data-testid="refund-form"' not in page
    assert client.post(url(vendor, f"{lena.id}/refund"), data={"amount": "1"}).status_code == 403
    assert (
        client.post(f"/api/v1/vendor/orders/{lena.id}/refund", json={"amount_cents": 100}).status_code == 403
    )
    assert load(app, lena.id).status == "paid"


def test_the_dashboard_counts_orders_to_ship(app, vendor_client, vendor, orders):
    vendor_client.post(url(vendor, f"{orders['lena'].id}/confirm-payment"))
    text = page_text(vendor_client.get(f"/vendor/{vendor.code}/"))
    assert "Orders to ship" in text and "2 awaiting payment" in text


def test_the_menu_leads_to_the_orders(vendor_client, vendor):
    text = page_text(vendor_client.get(url(vendor)))
    assert f'href="/vendor/{vendor.code}/orders/"' in text
    assert "No orders yet" in text


def test_nonsense_ids_and_filters_are_4xx_never_500(vendor_client, vendor, orders):
    huge = 10**20
    assert vendor_client.get(url(vendor, str(huge))).status_code == 404
    assert vendor_client.get(f"/api/v1/vendor/orders/{huge}").status_code == 404
    assert vendor_client.post(f"/api/v1/vendor/orders/{huge}/ship", json={}).status_code == 404
    assert vendor_client.get(url(vendor), query_string={"customer_id": huge}).status_code == 422
    assert vendor_client.get(url(vendor), query_string={"page": huge}).status_code == 422
    assert vendor_client.get(url(vendor), query_string={"q": "9" * 30}).status_code == 200
    assert vendor_client.get("/api/v1/vendor/orders/", query_string={"page": "x"}).status_code == 422
