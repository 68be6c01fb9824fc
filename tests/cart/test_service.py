"""What the checkout gets from the cart (``current_cart``, ``lines_for_checkout``, ``clear``), and
the expiry of abandoned carts on Celery beat."""

from __future__ import annotations

from datetime import timedelta

import pytest
from flask import session
from sqlalchemy import select, update

from modules.cart.models import Cart, CartLine
from modules.cart.services import cart_service
from modules.cart.tasks import expire_carts
from modules.catalog.models import Product
from wizamart.database import db, utcnow

from .conftest import add, cart_rows, cart_url


def only_cart(app) -> int:
    with app.app_context():
        return db.session.scalars(select(Cart.id)).one()


def checkout_lines(app, cart_id: int, lang: str = "en"):
    with app.app_context():
        return cart_service.lines_for_checkout(db.session.get(Cart, cart_id), lang)


def test_lines_for_checkout_carry_the_catalog_facts_of_now(app, vendor, shop):
    jersey = shop.product(
        vendor,
        "Jersey",
        variants=[{"sku": "JERSEY-M", "price_cents": 4500, "options": {"size": "M", "colour": "red"}}],
        stock=4,
    )
    book = shop.product(vendor, "Book", price=1990, vat_rate=300)
    browser = app.test_client()
    add(browser, vendor, jersey["variant"], 2)
    add(browser, vendor, book["variant"], 1)
    cart_id = only_cart(app)

    first, second = checkout_lines(app, cart_id, "fr")
    assert (first.variant_id, first.product_id, first.sku) == (jersey["variant"], jersey["id"], "JERSEY-M")
    assert (first.title, first.options_label) == ("Jersey (fr)", "M / red")
    assert (first.unit_price_cents, first.vat_rate, first.quantity, first.line_total_cents) == (
        4500,
        17,
        2,
        9000,
    )
    assert first.available and first.problem is None and not first.price_changed
    assert first.stock_available == 4 and first.unit_price_cents_seen == 4500
    assert (second.vat_rate, second.stock_available, second.available) == (3, None, True)

    before = cart_rows(app)
    shop.set_price(jersey["variant"], 4900)
    shop.set_stock(vendor, book["variant"], 0)
    first, second = checkout_lines(app, cart_id)
    assert first.available and first.price_changed and first.unit_price_cents == 4900
    assert first.problem.code == "price_changed" and "€45.00 to €49.00" in first.problem.message
    assert not second.available and second.problem.code == "sold_out"

    shop.set_stock(vendor, jersey["variant"], 1)
    first, _ = checkout_lines(app, cart_id)
    assert not first.available and first.problem.code == "not_enough_stock"
    assert first.problem.params["available"] == 1 and "Only 1 of Jersey (M / red)" in first.problem.message

    shop.archive(vendor, jersey["id"])
    with app.app_context():
        db.session.delete(db.session.get(Product, book["id"]))
        db.session.commit()
    first, second = checkout_lines(app, cart_id)
    assert not first.available and first.problem.code == "unavailable"
    assert not second.available and second.problem.code == "unavailable" and second.title == "Book"
    assert second.product_id is None
    # Read only: the cart is as it was (the cart page is where changes are settled). The deleted
    # variant's line stays (its variant_id NULL where the database enforces the foreign key).
    with app.app_context():
        rows = db.session.execute(select(CartLine.quantity, CartLine.unit_price_cents_seen)).all()
    assert sorted(rows) == [(1, 1990), (2, 4500)]
    assert len(before) == 1


def test_current_cart_and_clear_within_the_checkouts_unit_of_work(app, vendor, shop):
    lamp = shop.product(vendor, "Lamp", stock=5)
    browser = app.test_client()
    add(browser, vendor, lamp["variant"], 2)
    with browser.session_transaction() as saved:
        tokens = dict(saved["cart_tokens"])

    with app.test_request_context(cart_url(vendor)):
        session["cart_tokens"] = tokens
        cart = cart_service.current_cart(vendor)
        assert [line.quantity for line in cart.lines] == [2]
        cart_service.clear(cart, commit=False)
        db.session.rollback()  # the order failed: the cart stays
    assert cart_rows(app) == [(vendor.id, None, {lamp["variant"]: 2})]

    with app.test_request_context(cart_url(vendor)):
        session["cart_tokens"] = tokens
        cart_service.clear(cart_service.current_cart(vendor))
    assert cart_rows(app) == [(vendor.id, None, {})]

    with app.test_request_context(cart_url(vendor)):  # a browser without a cart
        assert cart_service.current_cart(vendor) is None
        created = cart_service.current_cart(vendor, create=True)
        db.session.commit()
        assert session["cart_tokens"] == {str(vendor.id): created.token}


def age(app, days: float, **where) -> None:
    with app.app_context():
        db.session.execute(update(Cart).filter_by(**where).values(updated_at=utcnow() - timedelta(days=days)))
        db.session.commit()


@pytest.mark.worker
def test_abandoned_carts_expire_on_beat(app, vendor, shop, customers, celery_worker):
    celery_worker.serve(app)  # a real worker when a broker is set (CI's second run); eager otherwise
    assert app.extensions["celery"].conf.beat_schedule["cart.expire_abandoned"] == {
        "task": "modules.cart.tasks.expiry.expire_carts",
        "schedule": 3600.0,
    }
    lamp = shop.product(vendor, "Lamp", stock=50)
    carts = {}
    for name in ("fresh guest", "old guest", "fresh customer", "old customer"):
        browser = app.test_client()
        if "customer" in name:
            customer = customers.customer(vendor, f"{name.replace(' ', '.')}@example.lu")
            browser.post(
                f"/storefront/{vendor.code}/account/login",
                data={"email": customer.email, "password": "shop-secret-2026"},
            )
        add(browser, vendor, lamp["variant"], 1)
        carts[name] = browser
    with app.app_context():
        ids = dict(zip(carts, db.session.scalars(select(Cart.id).order_by(Cart.id)), strict=True))
    age(app, 29, id=ids["fresh guest"])  # guests: 30 days
    age(app, 31, id=ids["old guest"])
    age(app, 89, id=ids["fresh customer"])  # customers: 90 days
    age(app, 91, id=ids["old customer"])

    assert expire_carts.delay().get(timeout=30) == 2
    with app.app_context():
        assert set(db.session.scalars(select(Cart.id))) == {ids["fresh guest"], ids["fresh customer"]}
        assert db.session.query(CartLine).count() == 2
    # Looking at a cart keeps it alive; the expired guest starts afresh.
    age(app, 29.9, id=ids["fresh guest"])
    carts["fresh guest"].get(cart_url(vendor))
    assert expire_carts.delay().get(timeout=30) == 0
    assert "Your cart is empty" in carts["old guest"].get(cart_url(vendor)).get_data(as_text=True)


def test_the_lifetimes_are_settings(make_app):
    app = make_app(WIZAMART_MODULES=["catalog", "cart"], CART_GUEST_DAYS=2, CART_EXPIRY_INTERVAL_SECONDS=600)
    assert app.extensions["celery"].conf.beat_schedule["cart.expire_abandoned"]["schedule"] == 600.0
    with app.app_context():
        from wizamart import get_module_config

        assert get_module_config("cart").guest_days == 2
        assert cart_service.expire_abandoned(utcnow() + timedelta(days=3)) == 0


def test_a_double_submit_adds_to_the_line_that_won(app, vendor, shop, monkeypatch):
    """Two requests adding the same new variant at once: the second one's insert meets the
    first one's line (unique per cart and variant), and its units are added to that line."""
    from modules.cart.services import cart_service as service

    lamp = shop.product(vendor, "Lamp", stock=5)
    browser = app.test_client()
    add(browser, vendor, lamp["variant"], 1)
    real = service._line_of
    calls = []

    def blind_once(cart, variant_id):
        calls.append(variant_id)
        return None if len(calls) == 1 else real(cart, variant_id)  # the other request's line unseen

    monkeypatch.setattr(service, "_line_of", blind_once)
    assert add(browser, vendor, lamp["variant"], 2).status_code == 302
    assert cart_rows(app) == [(vendor.id, None, {lamp["variant"]: 3})]
    assert len(calls) == 2


def test_the_catalogs_cover_images_are_the_first_picture_of_the_shops_own_products(
    app, vendor, other_vendor, shop
):
    """``product_service.cover_images``, which catalog gained for the cart page."""
    from modules.catalog.services import product_service

    first, second = shop.builder.media(vendor), shop.builder.media(vendor)
    lamp = shop.product(vendor, "Lamp", images=(first, second))
    bare = shop.product(vendor, "Bell")
    with app.app_context():
        covers = product_service.cover_images(vendor.id, [lamp["id"], bare["id"]])
        assert {product_id: media.id for product_id, media in covers.items()} == {lamp["id"]: first}
        assert product_service.cover_images(other_vendor.id, [lamp["id"]]) == {}
        assert product_service.cover_images(vendor.id, []) == {}
