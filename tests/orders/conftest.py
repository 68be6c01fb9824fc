"""Fixtures of the orders tests: products made through the catalog's own service, a shop that
takes bank transfers, stock received through inventory, and a helper that places an order the
way checkout does (inside a request, in the caller's unit of work, then committed)."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from hookspecs.markers import hookimpl
from modules.catalog.services import product_service
from modules.catalog.testing import CatalogFactory
from modules.inventory.schemas import LocationIn
from modules.inventory.services import location_service, stock_service
from modules.orders.models import Order
from modules.orders.schemas import OrderLineIn, ShippingIn
from modules.orders.services import order_service
from modules.payments.services import payment_service
from modules.tenancy.models import Vendor
from wizamart.database import db

IBAN = "LU28 0019 4006 4475 0000"
ADDRESS = {
    "name": "Lena Schroeder",
    "street": "12, rue de la Gare",
    "postal_code": "1611",
    "city": "Luxembourg",
}
SHIPPING = ShippingIn(name="POST Luxembourg", rate_cents=590, vat_rate=17)


@pytest.fixture
def catalog(app):
    return CatalogFactory(app)


def enable_bank_transfer(app, vendor) -> None:
    with app.app_context():
        payment_service.set_provider(
            vendor.id,
            "bank_transfer",
            enabled=True,
            values={"account_holder": f"{vendor.name} S.à r.l.", "iban": IBAN, "bic": "BCEELULL"},
        )


@pytest.fixture
def bank(app, vendor) -> None:
    """``vendor`` takes bank transfers."""
    enable_bank_transfer(app, vendor)


@pytest.fixture
def stock(app, vendor):
    """``stock(variant_id, quantity, shop=vendor)``: receive stock at the shop's location (made
    the first time)."""
    locations: dict[int, int] = {}

    def receive(variant_id: int, quantity: int, shop=None) -> None:
        shop = shop or vendor
        with app.app_context():
            if shop.id not in locations:
                locations[shop.id] = location_service.create(shop.id, LocationIn(name="Shop floor")).id
            stock_service.receive(shop.id, variant_id, locations[shop.id], quantity)

    return receive


def available(app, vendor, variant_id: int) -> int | None:
    with app.app_context():
        return stock_service.available(vendor.id, [variant_id])[variant_id]


def line_for(app, vendor, variant_id: int, quantity: int = 1, language: str = "en") -> OrderLineIn:
    """An order line made from the catalog's variant, as checkout makes it."""
    with app.app_context():
        view = product_service.variants_for(vendor.id, [variant_id])[variant_id]
        return OrderLineIn.from_variant(view, quantity, language)


@dataclass
class Placed:
    id: int
    number: int
    next_url: str | None
    created: bool
    token: str


def place(app, vendor, lines, *, email="lena@example.lu", language="en", commit=True, **kwargs) -> Placed:
    """Place an order like checkout does: in a request of the shop's storefront, one unit of
    work, committed at the end (or rolled back when anything refuses)."""
    kwargs.setdefault("shipping_address", ADDRESS)
    kwargs.setdefault("shipping", SHIPPING)
    kwargs.setdefault("provider", "bank_transfer")
    with app.test_request_context(f"/storefront/{vendor.code}/checkout"):
        shop = db.session.get(Vendor, vendor.id)
        try:
            placed = order_service.place_order(shop, lines=lines, email=email, language=language, **kwargs)
            result = Placed(
                placed.order.id,
                placed.order.number,
                placed.next_url,
                placed.created,
                order_service.guest_token(placed.order),
            )
            if commit:
                db.session.commit()
            else:
                db.session.rollback()
            return result
        except Exception:
            db.session.rollback()
            raise


def load(app, order_id: int) -> Order:
    """The order as stored, detached with its lines, shipments and history loaded."""
    with app.app_context():
        order = db.session.get(Order, order_id)
        order.lines, order.shipments, order.events  # noqa: B018 - loaded before detaching
        db.session.expunge_all()
        return order


class OrderEvents:
    """A plugin recording orders' events."""

    def __init__(self):
        self.placed: list[int] = []
        self.changed: list[tuple[int, str, str]] = []

    @hookimpl
    def order_placed(self, order):
        self.placed.append(order.id)

    @hookimpl
    def order_status_changed(self, order, old_status, new_status):
        self.changed.append((order.id, old_status, new_status))


@pytest.fixture
def events(app):
    recorder = OrderEvents()
    pm = app.extensions["wizamart"].pm
    pm.register(recorder, name="test:orders-events")
    yield recorder
    pm.unregister(recorder, name="test:orders-events")


def outbox(app) -> list:
    return app.extensions.setdefault("mail_outbox", [])


class CardProvider:
    """A provider that captures by itself, like Stripe: the customer is sent to its page, and
    its "webhook" is ``capture(payment)`` recording the money in payments' ledger."""

    code = "testcard"
    name_key = "orders.test.card"
    description_key = "orders.test.card"
    fields = ()
    manual_capture = False

    def missing_settings(self, settings):
        return []

    def clean_settings(self, values):
        return {}

    def start(self, payment, settings, *, return_url, language):
        return f"https://pay.example/{payment.token}"

    def refund(self, payment, settings, amount_cents, *, reason, idempotency_key):
        from modules.payments.providers import RefundDone

        return RefundDone(provider_event_id=f"card:refund:{idempotency_key}", amount_cents=amount_cents)

    def cancel(self, payment, settings):
        return f"card:cancel:{payment.id}"

    def instructions(self, payment, settings, language):
        return None

    def sync(self, payment, settings):
        return None

    @hookimpl
    def payment_providers(self):
        return [self]


@pytest.fixture
def card(app, vendor):
    """``vendor`` also takes a card provider (the test's own, contributed through the hook)."""
    provider = CardProvider()
    pm = app.extensions["wizamart"].pm
    pm.register(provider, name="test:card-provider")
    with app.app_context():
        payment_service.set_provider(vendor.id, "testcard", enabled=True)
    yield provider
    pm.unregister(provider, name="test:card-provider")


def capture(app, order_id: int, amount_cents: int | None = None) -> None:
    """The card provider reports the money captured (what a Stripe webhook would record)."""
    with app.app_context():
        order = db.session.get(Order, order_id)
        payment = payment_service.get(order.vendor_id, order.payment_id)
        payment_service.record(
            payment, "captured", amount_cents or payment.amount_cents, f"card:{payment.id}:captured"
        )
        db.session.commit()
