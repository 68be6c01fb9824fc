"""Fixtures of the cart tests: an app with the catalog and the cart; products
written straight into the catalog's tables (the cart only reads them) with the stock the test
wants; customers of the shop; and browsers for guests and signed-in customers."""

from __future__ import annotations

import pytest
from sqlalchemy import select, update

from modules.cart.models import Cart, CartLine
from modules.catalog.models import ProductVariant
from modules.catalog.services import product_service
from tests.catalog.storefront.conftest import CatalogBuilder
from tests.customers.conftest import PASSWORD, CustomersFactory
from wizamart.database import db


@pytest.fixture
def app(make_app):
    """The modules a cart needs (the core ones load anyway). Other optional modules stay out:
    these tests are about the cart alone; stock comes through the catalog's stock_available."""
    return make_app(WIZAMART_MODULES=["catalog", "cart"])


class Shop:
    """Products of a shop and changes to them, each in an app context of its own."""

    def __init__(self, app, builder: CatalogBuilder):
        self.app = app
        self.builder = builder

    def product(self, vendor, title="Gravel bike", price=129900, stock=None, variants=None, **fields) -> dict:
        """A product; returns ``{"id": product id, "variants": {sku: variant id}, "slug": slug}``."""
        variants = variants or [
            {"sku": f"{title.upper().replace(' ', '-')}-{vendor.id}", "price_cents": price}
        ]
        for variant in variants:
            variant.setdefault("stock_available", stock)
        titles = fields.pop("titles", None) or {"en": title, "fr": f"{title} (fr)"}
        product_id = self.builder.product(vendor, titles=titles, variants=variants, **fields)
        with self.app.app_context():
            rows = db.session.execute(
                select(ProductVariant.sku, ProductVariant.id).where(ProductVariant.product_id == product_id)
            ).all()
            slug = product_service.get(vendor.id, product_id).slug
        return {"id": product_id, "variants": dict(rows), "slug": slug, "variant": rows[0][1]}

    def set_stock(self, vendor, variant_id: int, available: int | None) -> None:
        with self.app.app_context():
            product_service.record_availability(vendor.id, {variant_id: available})
            db.session.commit()

    def set_price(self, variant_id: int, cents: int) -> None:
        with self.app.app_context():
            db.session.execute(
                update(ProductVariant).where(ProductVariant.id == variant_id).values(price_cents=cents)
            )
            db.session.commit()

    def archive(self, vendor, product_id: int) -> None:
        with self.app.app_context():
            product_service.archive(vendor.id, product_id)


@pytest.fixture
def shop(app):
    return Shop(app, CatalogBuilder(app))


@pytest.fixture
def shop_factory(make_app, fresh_database_url):
    """``app, vendor, shop = shop_factory(modules)``: an app with other modules, a shop in it, on
    a database of its own (the other modules' tables never meet the other tests')."""
    from modules.tenancy.testing import TenancyFactory

    def build(modules: list[str]):
        app = make_app(WIZAMART_MODULES=modules, DATABASE_URL=fresh_database_url)
        tenancy = TenancyFactory(app)
        platform = tenancy.platform("lux", domains=("localhost",))
        vendor = tenancy.vendor(tenancy.company(platform), "boulangerie")
        return app, vendor, Shop(app, CatalogBuilder(app))

    return build


@pytest.fixture
def customers(app):
    return CustomersFactory(app)


def cart_url(vendor, path: str = "") -> str:
    return f"/storefront/{vendor.code}/cart{path}"


def api_url(path: str = "") -> str:
    return f"/api/v1/storefront/cart{path}"


def sign_in(client, vendor, email: str, password: str = PASSWORD):
    """Sign a customer in through the storefront's own form."""
    return client.post(
        f"/storefront/{vendor.code}/account/login", data={"email": email, "password": password}
    )


def add(client, vendor, variant_id: int, quantity: int = 1, **extra):
    return client.post(
        cart_url(vendor, "/add"), data={"variant_id": variant_id, "quantity": quantity, **extra}
    )


def cart_rows(app) -> list[tuple]:
    """Every cart and its lines: ``(vendor_id, customer_id, {variant_id: quantity})``, by cart id."""
    with app.app_context():
        carts = db.session.scalars(select(Cart).order_by(Cart.id)).all()
        return [
            (cart.vendor_id, cart.customer_id, {line.variant_id: line.quantity for line in cart.lines})
            for cart in carts
        ]


def lines(app) -> dict[int, int]:
    """``{variant_id: quantity}`` over every cart line (for single-cart tests)."""
    with app.app_context():
        return {line.variant_id: line.quantity for line in db.session.scalars(select(CartLine))}
