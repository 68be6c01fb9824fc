"""Customers' carts: a signed-in customer has one cart per shop, on every device; a guest who
signs in keeps what they put in the cart (customers' ``on_customer_logged_in`` event)."""

from __future__ import annotations

from hookspecs.markers import hookimpl
from tests.tenancy.helpers import page_text

from .conftest import PASSWORD, add, cart_rows, cart_url, sign_in


def test_a_customer_cart_follows_the_customer(app, vendor, shop, customers):
    lena = customers.customer(vendor, "lena@example.lu")
    lamp = shop.product(vendor, "Lamp", stock=5)
    laptop, phone = app.test_client(), app.test_client()
    assert sign_in(laptop, vendor, lena.email).status_code == 302
    add(laptop, vendor, lamp["variant"], 2)
    assert cart_rows(app) == [(vendor.id, lena.id, {lamp["variant"]: 2})]

    assert sign_in(phone, vendor, lena.email).status_code == 302
    assert 'data-testid="shop-cart-count">2<' in page_text(phone.get(cart_url(vendor)))
    phone.post(f"/storefront/{vendor.code}/account/logout")
    assert "Your cart is empty" in page_text(phone.get(cart_url(vendor)))


def test_signing_in_merges_the_guest_cart(app, vendor, shop, customers):
    lena = customers.customer(vendor, "lena@example.lu")
    lamp = shop.product(vendor, "Lamp", price=2500, stock=5)
    bell = shop.product(vendor, "Bell", price=900)
    light = shop.product(vendor, "Light", price=1900, stock=10)

    laptop = app.test_client()  # her own cart from an earlier visit
    sign_in(laptop, vendor, lena.email)
    add(laptop, vendor, lamp["variant"], 3)
    add(laptop, vendor, light["variant"], 1)

    browser = app.test_client()  # today, as a guest
    add(browser, vendor, lamp["variant"], 4)
    add(browser, vendor, bell["variant"], 2)
    add(browser, vendor, light["variant"], 2)
    assert len(cart_rows(app)) == 2

    response = sign_in(browser, vendor, lena.email)
    assert response.status_code == 302
    # One cart left, hers: quantities summed, the lamp capped at the 5 available.
    assert cart_rows(app) == [
        (vendor.id, lena.id, {lamp["variant"]: 5, light["variant"]: 3, bell["variant"]: 2}),
    ]
    with browser.session_transaction() as session:
        assert str(vendor.id) not in session.get("cart_tokens", {})
    text = page_text(browser.get(cart_url(vendor)))
    assert 'data-testid="shop-cart-count">10<' in text


def test_a_customer_without_a_cart_takes_the_guest_cart_over(app, vendor, shop, customers):
    lena = customers.customer(vendor, "lena@example.lu")
    lamp = shop.product(vendor, "Lamp", stock=5)
    browser = app.test_client()
    add(browser, vendor, lamp["variant"], 2)
    [(_, owner, _)] = cart_rows(app)
    assert owner is None
    sign_in(browser, vendor, lena.email)
    assert cart_rows(app) == [(vendor.id, lena.id, {lamp["variant"]: 2})]
    # Signing out leaves her cart with her account, not in the browser.
    browser.post(f"/storefront/{vendor.code}/account/logout")
    assert "Your cart is empty" in page_text(browser.get(cart_url(vendor)))
    sign_in(browser, vendor, lena.email)
    assert cart_rows(app) == [(vendor.id, lena.id, {lamp["variant"]: 2})]


def test_a_failed_sign_in_merges_nothing(app, vendor, shop, customers):
    lena = customers.customer(vendor, "lena@example.lu")
    lamp = shop.product(vendor, "Lamp", stock=5)
    browser = app.test_client()
    add(browser, vendor, lamp["variant"], 1)
    assert sign_in(browser, vendor, lena.email, password="wrong-password-1").status_code == 401
    assert cart_rows(app) == [(vendor.id, None, {lamp["variant"]: 1})]


class LoginRecorder:
    def __init__(self):
        self.seen: list[tuple[int, str]] = []

    @hookimpl
    def on_customer_logged_in(self, customer):
        self.seen.append((customer.vendor_id, customer.email))


def test_customers_announce_each_sign_in_once(app, vendor, customers):
    """The hookspec customers added: fired by the sign-in form, not by a password change."""
    lena = customers.customer(vendor, "lena@example.lu")
    recorder = LoginRecorder()
    pm = app.extensions["wizamart"].pm
    pm.register(recorder, name="test:logins")
    try:
        browser = app.test_client()
        assert sign_in(browser, vendor, lena.email, password="not-hers-123").status_code == 401
        assert recorder.seen == []
        assert sign_in(browser, vendor, lena.email).status_code == 302
        assert recorder.seen == [(vendor.id, "lena@example.lu")]
        response = browser.post(
            f"/storefront/{vendor.code}/account/password",
            data={
                "current_password": PASSWORD,
                "password": "a-new-secret-77",
                "password_confirm": "a-new-secret-77",
            },
        )
        assert response.status_code == 302
        assert recorder.seen == [(vendor.id, "lena@example.lu")]
    finally:
        pm.unregister(recorder, name="test:logins")


def test_a_sign_in_after_registering_merges_too(app, vendor, shop):
    """Checkout signs a new customer in after registering them (account_service.start_session)."""
    from flask import session

    from modules.customers.schemas import RegisterIn
    from modules.customers.services import account_service

    lamp = shop.product(vendor, "Lamp", stock=5)
    browser = app.test_client()
    add(browser, vendor, lamp["variant"], 2)
    with browser.session_transaction() as saved:
        tokens = dict(saved["cart_tokens"])
    with app.test_request_context(f"/storefront/{vendor.code}/checkout"):
        session["cart_tokens"] = tokens
        data = RegisterIn(
            name="Mia", email="mia@example.lu", password="mia-secret-2026", password_confirm="mia-secret-2026"
        )
        customer = account_service.register(vendor.id, data)
        account_service.start_session(customer)
        assert "cart_tokens" not in session or str(vendor.id) not in session["cart_tokens"]
        customer_id = customer.id
    assert cart_rows(app) == [(vendor.id, customer_id, {lamp["variant"]: 2})]
