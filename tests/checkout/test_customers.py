"""Customers and guests: a signed-in customer picks a saved address and the order is theirs; a
guest opens an account on the address step and is signed in; a guest who signs in midway keeps
their checkout; and nobody opens another's checkout."""

from __future__ import annotations

from sqlalchemy import select

from modules.customers.models import Customer
from tests.tenancy.helpers import field_errors, outbox, page_text
from wizamart.database import db

from .conftest import PASSWORD, Shopper, checkout_row, orders_of, sign_in, url


def customer_row(app, email: str) -> Customer:
    with app.app_context():
        customer = db.session.scalar(select(Customer).where(Customer.email == email))
        customer.addresses  # noqa: B018 - loaded before detaching
        db.session.expunge_all()
        return customer


def test_a_customer_checks_out_with_a_saved_address(app, vendor, ready, customers, shopper):
    lena = customers.customer(vendor, "lena@example.lu", city="Esch-sur-Alzette")
    assert sign_in(shopper.client, vendor, lena.email).status_code == 302
    shopper.add(ready["bike"])
    shopper.start()
    form = page_text(shopper.page("address"))
    assert 'data-testid="saved-addresses"' in form and "Esch-sur-Alzette" in form
    assert 'data-testid="create-account"' not in form, "a customer has an account already"
    assert f"Signed in as {lena.email}" in form
    saved = lena.addresses[0].id
    response = shopper.post("address", {"address_choice": str(saved), "billing_same": "true"})
    assert response.status_code == 302, field_errors(response)
    row = checkout_row(app, shopper.token)
    assert row.customer_id == lena.id and row.email == lena.email
    assert row.shipping_address["city"] == "Esch-sur-Alzette"

    shopper.choose_shipping(ready["standard"])
    shopper.choose_payment()
    assert shopper.page("review").status_code == 200
    done = shopper.client.get(shopper.place().headers["Location"])
    assert "/account/orders/" in page_text(done), "the confirmation links to the account's order page"
    [order] = orders_of(app, vendor)
    assert order.customer_id == lena.id
    assert order.shipping_address["city"] == "Esch-sur-Alzette"
    assert customer_row(app, lena.email).order_count == 1


def test_a_customer_may_not_use_someone_elses_address(app, vendor, ready, customers, shopper):
    lena = customers.customer(vendor, "lena@example.lu")
    other = customers.customer(vendor, "other@example.lu", city="Diekirch")
    sign_in(shopper.client, vendor, lena.email)
    shopper.add(ready["bike"])
    shopper.start()
    response = shopper.post("address", {"address_choice": str(other.addresses[0].id), "billing_same": "true"})
    assert response.status_code == 422
    assert field_errors(response) == {"address_id": "Choose one of your saved addresses."}
    assert checkout_row(app, shopper.token).shipping_address["city"] == "Luxembourg"  # their default


def test_a_customer_can_save_a_new_address_on_the_way(app, vendor, ready, customers, shopper):
    lena = customers.customer(vendor, "lena@example.lu")
    sign_in(shopper.client, vendor, lena.email)
    shopper.add(ready["bike"])
    shopper.start()
    shopper.address(
        address_choice="new",
        name="Lena at work",
        street="5, avenue JFK",
        postal_code="1855",
        city="Kirchberg",
        save_address="true",
    )
    cities = sorted(a.city for a in customer_row(app, lena.email).addresses)
    assert cities == ["Kirchberg", "Luxembourg"]


def test_a_guest_registers_during_checkout_and_is_signed_in(app, vendor, ready, shopper):
    shopper.add(ready["bike"])
    shopper.start()
    response = shopper.address(email="new@example.lu", password=PASSWORD, password_confirm=PASSWORD)
    assert response.status_code == 302, field_errors(response)
    customer = customer_row(app, "new@example.lu")
    assert customer.password_hash and customer.name == "Lena Schroeder"
    assert [a.city for a in customer.addresses] == ["Luxembourg"], "the address is kept in the account"
    assert checkout_row(app, shopper.token).customer_id == customer.id
    assert outbox(app)[-1].to == "new@example.lu", "the e-mail confirmation link went out"
    page = page_text(shopper.client.get(response.headers["Location"]))
    assert 'data-testid="shop-account"' in page, "the shop's top bar shows the signed-in customer"

    shopper.choose_shipping(ready["standard"])
    shopper.choose_payment()
    shopper.page("review")
    shopper.place()
    [order] = orders_of(app, vendor)
    assert order.customer_id == customer.id
    orders_page = shopper.client.get(f"/storefront/{vendor.code}/account/orders")
    assert order.display_number in page_text(orders_page), "the customer sees the order in the account"


def test_registering_checks_the_password_and_a_taken_email(app, vendor, ready, customers, shopper):
    customers.customer(vendor, "taken@example.lu")
    shopper.add(ready["bike"])
    shopper.start()
    short = shopper.address(email="new@example.lu", password="short", password_confirm="short")
    assert short.status_code == 422 and "password" in field_errors(short)
    mismatch = shopper.address(email="new@example.lu", password=PASSWORD, password_confirm=PASSWORD + "x")
    assert "password_confirm" in field_errors(mismatch)
    taken = shopper.address(email="taken@example.lu", password=PASSWORD, password_confirm=PASSWORD)
    assert taken.status_code == 422
    assert "email" in field_errors(taken)
    assert 'data-testid="checkout-login"' in page_text(taken), "it offers to sign in instead"
    assert checkout_row(app, shopper.token).customer_id is None


def test_a_guest_who_signs_in_midway_keeps_the_checkout(app, vendor, ready, customers, shopper):
    lena = customers.customer(vendor, "lena@example.lu")
    shopper.add(ready["bike"])
    shopper.start()
    token = shopper.token
    assert sign_in(shopper.client, vendor, lena.email).status_code == 302
    response = shopper.page("address")
    assert response.status_code == 200
    assert checkout_row(app, token).customer_id == lena.id, "the checkout became the customer's"
    assert shopper.client.get(url(vendor)).headers["Location"].count(token) == 1


# ------------------------------------------------------------------ nobody opens another's checkout


STOREFRONT_STEPS = [
    ("GET", "address"),
    ("POST", "address"),
    ("GET", "shipping"),
    ("POST", "shipping"),
    ("GET", "payment"),
    ("POST", "payment"),
    ("GET", "review"),
    ("POST", "place"),
    ("GET", "complete"),
]


def walk(client, vendor, token: str) -> dict:
    """Every checkout page of ``token`` opened by ``client``: ``{step: status}``."""
    seen = {}
    for method, step in STOREFRONT_STEPS:
        response = client.open(
            url(vendor, f"{token}/{step}"),
            method=method,
            data={
                "email": "x@example.lu",
                **{"name": "X", "street": "X", "postal_code": "1234", "city": "X", "country": "LU"},
            },
        )
        seen[f"{method} {step}"] = response.status_code
    api = client.get(f"/api/v1/storefront/checkout/sessions/{token}", headers={"X-Vendor": vendor.code})
    seen["GET api"] = api.status_code
    seen["PATCH api"] = client.patch(
        f"/api/v1/storefront/checkout/sessions/{token}",
        json={"email": "x@example.lu"},
        headers={"X-Vendor": vendor.code},
    ).status_code
    seen["POST api place"] = client.post(
        f"/api/v1/storefront/checkout/sessions/{token}/place", json={}, headers={"X-Vendor": vendor.code}
    ).status_code
    return seen


def test_another_browser_gets_nothing_of_a_guests_checkout(app, vendor, ready, shopper):
    shopper.add(ready["bike"])
    shopper.to_review(ready["standard"])
    before = checkout_row(app, shopper.token)
    stranger = Shopper(app.test_client(), vendor)
    stranger.add(ready["book"])  # a cart of their own
    seen = walk(stranger.client, vendor, shopper.token)
    assert set(seen.values()) == {404}, seen
    after = checkout_row(app, shopper.token)
    assert (after.email, after.shipping_address, after.order_id) == (
        before.email,
        before.shipping_address,
        None,
    )
    assert orders_of(app, vendor) == []


def test_a_customer_gets_nothing_of_another_customers_checkout(app, vendor, ready, customers, shopper):
    lena = customers.customer(vendor, "lena@example.lu")
    customers.customer(vendor, "max@example.lu")
    sign_in(shopper.client, vendor, lena.email)
    shopper.add(ready["bike"])
    shopper.to_review(ready["standard"], address_choice="new")
    shopper.place()
    max_ = Shopper(app.test_client(), vendor)
    sign_in(max_.client, vendor, "max@example.lu")
    seen = walk(max_.client, vendor, shopper.token)
    assert set(seen.values()) == {404}, seen
    signed_out = app.test_client()
    assert set(walk(signed_out, vendor, shopper.token).values()) == {404}
    assert len(orders_of(app, vendor)) == 1


def test_a_checkout_of_one_shop_is_not_found_in_another(app, vendor, other_vendor, ready, shopper):
    shopper.add(ready["bike"])
    shopper.start()
    response = shopper.client.get(f"/storefront/{other_vendor.code}/checkout/{shopper.token}/address")
    assert response.status_code == 404
