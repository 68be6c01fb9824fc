"""Fixtures of the checkout tests: a shop with products (made through the catalog's service, so
inventory tracks them), stock, shipping methods to Luxembourg and the Greater Region, bank
transfer switched on, and shoppers — browsers that fill the cart and walk the checkout's pages
the way a customer does."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from modules.catalog.schemas import ProductIn
from modules.catalog.services import product_service
from modules.checkout.models import CheckoutSession
from modules.checkout.schemas import ShippingMethodIn
from modules.checkout.services import shipping_service
from modules.inventory.schemas import LocationIn
from modules.inventory.services import location_service, stock_service
from modules.orders.models import Order
from modules.payments.services import payment_service
from modules.tenancy.models import Vendor
from tests.customers.conftest import PASSWORD, CustomersFactory
from wizamart.database import db

IBAN = "LU28 0019 4006 4475 0000"
ADDRESS = {
    "name": "Lena Schroeder",
    "street": "12, rue de la Gare",
    "postal_code": "1611",
    "city": "Luxembourg",
    "country": "LU",
}


class Shop:
    """Products, stock and shipping methods of a shop, each made in an app context of its own."""

    def __init__(self, app):
        self.app = app
        self.locations: dict[int, int] = {}

    def product(
        self,
        vendor,
        sku: str,
        price_cents: int = 1999,
        vat_rate: int = 17,
        title: str | None = None,
        stock: int | None = 20,
    ) -> int:
        """A product with one variant; returns the variant's id. ``stock`` units are received
        (None: stock not tracked)."""
        title = title or f"Product {sku}"
        data = ProductIn(
            translations={"en": {"title": title}, "fr": {"title": f"{title} (fr)"}},
            status="active",
            vat_rate=vat_rate,
            variants=[{"sku": sku, "price_cents": price_cents}],
        )
        with self.app.app_context():
            product = product_service.create(db.session.get(Vendor, vendor.id), data)
            variant_id = product.variants[0].id
        if stock is None:
            with self.app.app_context():
                stock_service.update_settings(vendor.id, variant_id, track_inventory=False)
        elif stock:
            self.receive(vendor, variant_id, stock)
        return variant_id

    def receive(self, vendor, variant_id: int, quantity: int) -> None:
        with self.app.app_context():
            if vendor.id not in self.locations:
                self.locations[vendor.id] = location_service.create(
                    vendor.id, LocationIn(name="Shop floor", city="Luxembourg")
                ).id
            stock_service.receive(vendor.id, variant_id, self.locations[vendor.id], quantity)

    def take(self, vendor, variant_id: int, quantity: int) -> None:
        """Sell units elsewhere (a correction), so fewer are available."""
        with self.app.app_context():
            stock_service.adjust(vendor.id, variant_id, self.locations[vendor.id], -quantity, "correction")

    def set_price(self, vendor, variant_id: int, price_cents: int) -> None:
        from modules.catalog.models import ProductVariant

        with self.app.app_context():
            db.session.get(ProductVariant, variant_id).price_cents = price_cents
            db.session.commit()

    def shipping(
        self,
        vendor,
        name: str = "Standard",
        countries=("LU",),
        rate_cents: int = 490,
        free_above_cents: int | None = 5000,
        **fields,
    ) -> int:
        data = ShippingMethodIn(
            name_en=name,
            name_fr=fields.pop("name_fr", f"{name} (fr)"),
            countries=list(countries),
            rate_cents=rate_cents,
            free_above_cents=free_above_cents,
            **fields,
        )
        with self.app.app_context():
            return shipping_service.create(vendor.id, data).id

    def bank_transfer(self, vendor) -> None:
        with self.app.app_context():
            payment_service.set_provider(
                vendor.id,
                "bank_transfer",
                enabled=True,
                values={"account_holder": f"{vendor.name} S.à r.l.", "iban": IBAN, "bic": "BCEELULL"},
            )


@pytest.fixture
def shop(app):
    return Shop(app)


@pytest.fixture
def ready(shop, vendor):
    """``vendor`` ships to Luxembourg (4.90, free from 50) and the Greater Region (9.90), takes
    bank transfers and sells a bike (SKU BIKE, 19.99, 17 %) and a book (SKU BOOK, 4.55, 3 %)."""
    return {
        "standard": shop.shipping(vendor, "Standard", ["LU"], 490, 5000),
        "region": shop.shipping(vendor, "Greater Region", ["BE", "FR", "DE"], 990, 15000, position=1),
        "bike": shop.product(vendor, "BIKE", 1999, 17, "Gravel bike"),
        "book": shop.product(vendor, "BOOK", 455, 3, "Cycling guide"),
        "bank": shop.bank_transfer(vendor),
    }


@pytest.fixture
def customers(app):
    return CustomersFactory(app)


def url(vendor, path: str = "") -> str:
    return f"/storefront/{vendor.code}/checkout/{path}"


TOKEN_IN_URL = re.compile(r"/checkout/([A-Za-z0-9_-]+)/")


class Shopper:
    """A browser in ``vendor``'s storefront walking the checkout's pages."""

    def __init__(self, client, vendor):
        self.client = client
        self.vendor = vendor
        self.token: str | None = None

    def add(self, variant_id: int, quantity: int = 1):
        response = self.client.post(
            f"/storefront/{self.vendor.code}/cart/add", data={"variant_id": variant_id, "quantity": quantity}
        )
        assert response.status_code in (302, 303), response.get_data(as_text=True)[:500]
        return response

    def start(self):
        response = self.client.get(url(self.vendor))
        match = TOKEN_IN_URL.search(response.headers.get("Location", ""))
        if match:
            self.token = match.group(1)
        return response

    def page(self, step: str, **kwargs):
        return self.client.get(url(self.vendor, f"{self.token}/{step}"), **kwargs)

    def post(self, step: str, data: dict | None = None, **kwargs):
        return self.client.post(url(self.vendor, f"{self.token}/{step}"), data=data or {}, **kwargs)

    def address(self, email: str = "lena@example.lu", **fields):
        data = {"email": email, **ADDRESS, "billing_same": "true", **fields}
        return self.post("address", data)

    def choose_shipping(self, method_id: int):
        return self.post("shipping", {"shipping_method_id": method_id})

    def choose_payment(self, provider: str = "bank_transfer"):
        return self.post("payment", {"provider": provider})

    def to_review(self, method_id: int, provider: str = "bank_transfer", **address):
        """Every step up to the review page (which it opens, as the customer would)."""
        if self.token is None:
            assert self.start().status_code == 302
        assert self.address(**address).status_code == 302
        assert self.choose_shipping(method_id).status_code == 302
        assert self.choose_payment(provider).status_code == 302
        review = self.page("review")
        assert review.status_code == 200, review.get_data(as_text=True)[:2000]
        return review

    def place(self):
        return self.post("place")


@pytest.fixture
def shopper(app, vendor):
    return Shopper(app.test_client(), vendor)


def sign_in(client, vendor, email: str, password: str = PASSWORD):
    return client.post(
        f"/storefront/{vendor.code}/account/login", data={"email": email, "password": password}
    )


def orders_of(app, vendor) -> list[Order]:
    with app.app_context():
        found = db.session.scalars(select(Order).where(Order.vendor_id == vendor.id).order_by(Order.id)).all()
        for order in found:
            order.lines  # noqa: B018 - loaded before detaching
        db.session.expunge_all()
        return list(found)


def count(app, model) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


def checkout_row(app, token: str) -> CheckoutSession:
    with app.app_context():
        row = db.session.scalar(select(CheckoutSession).where(CheckoutSession.token == token))
        db.session.expunge(row)
        return row


def available(app, vendor, variant_id: int) -> int | None:
    with app.app_context():
        return stock_service.available(vendor.id, [variant_id])[variant_id]
