"""A guest buys in a real browser: two products into the cart, the checkout's steps, an account
opened on the address step, bank transfer — and the confirmation shows what to pay where; on a
phone too, in French. Problems found at placing show one message per line."""

from __future__ import annotations

import re

from playwright.sync_api import expect
from sqlalchemy import select

from modules.catalog.models import Product, ProductStatus, ProductVariant
from modules.orders.models import Order
from modules.payments.services import payment_service
from modules.payments.testing.fake_stripe import CARD_DECLINED, CARD_OK
from modules.tenancy.models import Vendor
from wizamart.database import db

from .conftest import PHONE
from .locales import text

BIKES = "velo-lux"
SHOP_OWNER = "marc@velo-lux.lu"
PASSWORD = "Checkout-2026-secret"


def buyable(live_server, count: int = 2, skip: int = 0) -> list[tuple[str, str]]:
    """``count`` products of the bike shop on sale with stock: ``(slug, sku)``."""
    with live_server.app.app_context():
        vendor = db.session.scalar(select(Vendor).where(Vendor.code == BIKES))
        rows = db.session.execute(
            select(Product.slug, ProductVariant.sku)
            .join(ProductVariant, ProductVariant.product_id == Product.id)
            .where(
                Product.vendor_id == vendor.id,
                Product.status == ProductStatus.ACTIVE,
                ProductVariant.stock_available > 5,
            )
            .order_by(Product.id, ProductVariant.id)
        ).all()
    seen, found = set(), []
    for slug, sku in rows:
        if slug not in seen:
            seen.add(slug)
            found.append((slug, sku))
    return found[skip : skip + count]


def add_to_cart(page, slug: str) -> None:
    page.goto(f"/storefront/{BIKES}/p/{slug}")
    page.get_by_test_id("add-to-cart-button").click()
    expect(page.get_by_test_id("cart-page")).to_be_visible()


def checkout_as_new_customer(page, live_server, email: str, provider: str, screenshot=None) -> None:
    """Two products into the cart, then the checkout's steps as a guest who opens an account on
    the address step and pays with ``provider``; stops after clicking "place order"."""
    for slug, _ in buyable(live_server):
        add_to_cart(page, slug)
    page.get_by_test_id("checkout").click()

    address = page.get_by_test_id("address-form")
    expect(address).to_be_visible()
    address.locator("#f-email").fill(email)
    address.locator("#f-name").fill("Mia Weber")
    address.locator("#f-street").fill("3, rue du Fort Elisabeth")
    address.locator("#f-postal_code").fill("1463")
    address.locator("#f-city").fill("Luxembourg")
    address.locator("#f-country").select_option("LU")
    address.locator("#f-password").fill(PASSWORD)
    address.locator("#f-password_confirm").fill(PASSWORD)
    if screenshot:
        screenshot(page, "checkout-address")
    page.get_by_test_id("address-continue").click()

    expect(page.get_by_test_id("flash")).to_contain_text(email)
    expect(page.get_by_test_id("shop-account")).to_be_visible()  # signed in on the way
    page.get_by_test_id("shipping-option").first.locator("input").check()
    page.get_by_test_id("shipping-continue").click()
    page.locator(f"[data-provider={provider}] input").check()
    page.get_by_test_id("payment-continue").click()

    expect(page.get_by_test_id("review-lines").get_by_test_id("review-line")).to_have_count(2)
    totals = page.get_by_test_id("review-totals")
    expect(totals.get_by_test_id("total-gross")).to_have_text(re.compile(r"€[\d,]+\.\d\d"))
    expect(totals.get_by_test_id("vat-rate").first).to_be_visible()
    if screenshot:
        screenshot(page, "checkout-review")
    page.get_by_test_id("place-order").click()


def order_of(live_server, email: str) -> Order:
    with live_server.app.app_context():
        order = db.session.scalar(select(Order).where(Order.email == email))
        assert order is not None
        db.session.expunge(order)
        return order


def ship_as_the_shop(new_page, sign_in, order_id: int, tracking: str, confirm_transfer: bool) -> None:
    """The shop's owner opens the order, confirms the transfer if asked, and ships one parcel."""
    shop = new_page()
    sign_in(shop, "vendor", SHOP_OWNER)
    shop.goto(f"/vendor/{BIKES}/orders/{order_id}")
    if confirm_transfer:
        expect(shop.locator(".page-header [data-status]")).to_have_attribute("data-status", "pending")
        shop.get_by_test_id("confirm-payment").click()
    expect(shop.locator(".page-header [data-status]")).to_have_attribute("data-status", "paid")
    ship = shop.get_by_test_id("ship-form")
    ship.locator("#f-carrier").fill("POST Luxembourg")
    ship.locator("#f-tracking_number").fill(tracking)
    ship.get_by_test_id("ship-submit").click()
    expect(shop.locator(".page-header [data-status]")).to_have_attribute("data-status", "shipped")
    expect(shop.get_by_test_id("shipments")).to_contain_text(tracking)


def the_customer_sees_it_shipped(page, order: Order, tracking: str) -> None:
    page.goto(f"/storefront/{BIKES}/account/")
    page.get_by_test_id("account-nav-my_orders").click()
    page.locator(f"[data-order-number='{order.number}'] a").first.click()
    expect(page.get_by_test_id("order-number")).to_contain_text(order.display_number)
    expect(page.locator(".page-header [data-status]")).to_have_attribute("data-status", "shipped")
    expect(page.get_by_test_id("shipments")).to_contain_text(tracking)


def test_a_guest_registers_pays_by_bank_transfer_and_the_shop_confirms_and_ships(
    page, new_page, sign_in, live_server, screenshot
):
    email = "guest-buyer@example.lu"
    checkout_as_new_customer(page, live_server, email, "bank_transfer", screenshot)

    expect(page.get_by_test_id("checkout-complete")).to_be_visible()
    expect(page.get_by_test_id("bank-instructions").get_by_test_id("iban")).to_be_visible()
    screenshot(page, "checkout-complete")
    order = order_of(live_server, email)
    assert order.customer_id is not None and order.status == "pending"
    expect(page.get_by_test_id("order-number")).to_contain_text(order.display_number)

    ship_as_the_shop(new_page, sign_in, order.id, "LU100200300LU", confirm_transfer=True)
    the_customer_sees_it_shipped(page, order, "LU100200300LU")
    screenshot(page, "customer-order-shipped")

    mails = [m for m in live_server.sent_mail() if m.to == email]
    assert any("/account/verify/" in m.text for m in mails), "the account's confirmation link"
    confirmation = [m for m in mails if order.display_number in m.subject and "IBAN" in m.text]
    assert confirmation, "the order confirmation, with the transfer details"
    assert any("LU100200300LU" in m.text for m in mails), "the shipping e-mail with its tracking number"


def test_a_guest_registers_and_pays_by_card_with_stripe_and_the_shop_ships(
    page, new_page, sign_in, live_server, fake_stripe, screenshot
):
    with live_server.app.app_context():
        vendor_id = db.session.scalar(select(Vendor.id).where(Vendor.code == BIKES))
        payment_service.set_provider(vendor_id, "stripe", enabled=True, values=fake_stripe.shop_settings())
    try:
        email = "card-buyer@example.lu"
        checkout_as_new_customer(page, live_server, email, "stripe")

        page.get_by_test_id("fake-stripe-card").fill(CARD_DECLINED)
        page.get_by_test_id("pay-submit").click()
        expect(page.get_by_test_id("pay-error")).to_contain_text("declined")
        page.get_by_test_id("fake-stripe-card").fill(CARD_OK)
        page.get_by_test_id("pay-submit").click()
        expect(page.get_by_test_id("checkout-complete")).to_be_visible()
        screenshot(page, "checkout-complete-card")
        order = order_of(live_server, email)
        assert order.status == "paid", "recorded on the way back, before any webhook"
        fake_stripe.wait_for_deliveries()
        assert {d["type"]: d["status"] for d in fake_stripe.deliveries}["payment_intent.succeeded"] == 200

        ship_as_the_shop(new_page, sign_in, order.id, "LU900800700LU", confirm_transfer=False)
        the_customer_sees_it_shipped(page, order, "LU900800700LU")
        mails = [m for m in live_server.sent_mail() if m.to == email]
        assert any(order.display_number in m.subject for m in mails), "the order confirmation"
        assert any("LU900800700LU" in m.text for m in mails), "the shipping e-mail"
    finally:
        with live_server.app.app_context():
            payment_service.set_provider(vendor_id, "stripe", enabled=False, values={})


def test_on_a_phone_in_french_with_a_problem_at_placing(new_page, live_server, screenshot):
    page = new_page(viewport=PHONE, locale="fr-LU")
    [(slug, _)] = buyable(live_server, count=1, skip=3)
    add_to_cart(page, slug)
    page.get_by_test_id("checkout").click()
    address = page.get_by_test_id("address-form")
    address.locator("#f-email").fill("telephone@example.lu")
    address.locator("#f-name").fill("Léa Muller")
    address.locator("#f-street").fill("8, Grand-Rue")
    address.locator("#f-postal_code").fill("12")  # not a Luxembourg postal code
    address.locator("#f-city").fill("Luxembourg")
    page.get_by_test_id("address-continue").click()
    expect(page.locator("[data-field=postal_code]")).to_have_text(
        text("checkout.validation.postal_code_lu", "fr")
    )
    page.locator("#f-postal_code").fill("1660")
    page.get_by_test_id("address-continue").click()
    page.get_by_test_id("shipping-continue").click()
    page.get_by_test_id("payment-continue").click()
    expect(page.locator("h1")).to_have_text(text("checkout.review.title", "fr"))

    with live_server.app.app_context():  # the price goes up while the customer looks
        variants = db.session.scalars(
            select(ProductVariant)
            .join(Product)
            .where(Product.slug == slug, Product.vendor_id == ProductVariant.vendor_id)
        ).all()
        old = {v.id: v.price_cents for v in variants}
        for variant in variants:
            variant.price_cents += 100
        db.session.commit()
    try:
        page.get_by_test_id("place-order").click()
        problem = page.get_by_test_id("checkout-problems").locator("[data-problem=price_changed]")
        expect(problem).to_have_count(1)
        expect(problem).to_contain_text(problem.get_attribute("data-sku"))
        screenshot(page, "checkout-problem-phone")
        page.get_by_test_id("place-order").click()  # what is shown now is placed
        expect(page.get_by_test_id("checkout-complete")).to_be_visible()
    finally:
        with live_server.app.app_context():
            for variant_id, cents in old.items():
                db.session.get(ProductVariant, variant_id).price_cents = cents
            db.session.commit()
