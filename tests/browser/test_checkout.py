"""A guest buys in a real browser: two products into the cart, the checkout's steps, an account
opened on the address step, bank transfer — and the confirmation shows what to pay where; on a
phone too, in French. Problems found at placing show one message per line."""

from __future__ import annotations

import re

from playwright.sync_api import expect
from sqlalchemy import select

from modules.catalog.models import Product, ProductStatus, ProductVariant
from modules.orders.models import Order
from modules.tenancy.models import Vendor
from wizamart.database import db

from .conftest import PHONE
from .locales import text

BIKES = "velo-lux"
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


def test_a_guest_registers_during_checkout_and_pays_by_bank_transfer(page, live_server, screenshot):
    products = buyable(live_server)
    for slug, _ in products:
        add_to_cart(page, slug)
    page.get_by_test_id("checkout").click()

    address = page.get_by_test_id("address-form")
    expect(address).to_be_visible()
    address.locator("#f-email").fill("guest-buyer@example.lu")
    address.locator("#f-name").fill("Mia Weber")
    address.locator("#f-street").fill("3, rue du Fort Elisabeth")
    address.locator("#f-postal_code").fill("1463")
    address.locator("#f-city").fill("Luxembourg")
    address.locator("#f-country").select_option("LU")
    address.locator("#f-password").fill(PASSWORD)
    address.locator("#f-password_confirm").fill(PASSWORD)
    screenshot(page, "checkout-address")
    page.get_by_test_id("address-continue").click()

    expect(page.get_by_test_id("flash")).to_contain_text("guest-buyer@example.lu")
    expect(page.get_by_test_id("shop-account")).to_be_visible()  # signed in on the way
    page.get_by_test_id("shipping-option").first.locator("input").check()
    page.get_by_test_id("shipping-continue").click()
    page.locator("[data-provider=bank_transfer] input").check()
    page.get_by_test_id("payment-continue").click()

    expect(page.get_by_test_id("review-lines").get_by_test_id("review-line")).to_have_count(2)
    totals = page.get_by_test_id("review-totals")
    expect(totals.get_by_test_id("total-gross")).to_have_text(re.compile(r"€[\d,]+\.\d\d"))
    expect(totals.get_by_test_id("vat-rate").first).to_be_visible()
    screenshot(page, "checkout-review")
    page.get_by_test_id("place-order").click()

    done = page.get_by_test_id("checkout-complete")
    expect(done).to_be_visible()
    expect(page.get_by_test_id("bank-instructions").get_by_test_id("iban")).to_be_visible()
    screenshot(page, "checkout-complete")
    with live_server.app.app_context():
        order = db.session.scalar(select(Order).where(Order.email == "guest-buyer@example.lu"))
        assert order is not None and order.customer_id is not None and order.status == "pending"
        bought = {line.product_id for line in order.lines}
        with_slugs = db.session.scalars(select(Product.slug).where(Product.id.in_(bought))).all()
        assert sorted(with_slugs) == sorted(slug for slug, _ in products)
        number = order.display_number
    expect(page.get_by_test_id("order-number")).to_contain_text(number)
    mails = [m for m in live_server.sent_mail() if m.to == "guest-buyer@example.lu"]
    assert any("/account/verify/" in m.text for m in mails), "the account's confirmation link"
    assert any(number in m.subject or number in m.text for m in mails), "the order confirmation"

    page.get_by_test_id("order-link").click()
    expect(page.locator("body")).to_contain_text(number)


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
