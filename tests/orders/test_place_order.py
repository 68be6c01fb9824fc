"""Placing an order: one unit of work with the caller, a snapshot that survives catalog edits,
idempotent by key, a payment started under ``order:<id>``, the customer's statistics, and the
confirmation e-mail only once committed."""

from __future__ import annotations

import pytest

from modules.catalog.schemas import ProductIn
from modules.catalog.services import product_service
from modules.customers.models import Customer
from modules.orders.exceptions import InvalidOrder
from modules.orders.models import Order
from modules.payments.exceptions import ProviderNotEnabled
from modules.payments.models import Payment
from modules.tenancy.models import Vendor
from wizamart.database import db
from wizamart.errors import NotFoundError, ValidationError

from .conftest import ADDRESS, line_for, load, outbox, place


@pytest.fixture
def bike(catalog, vendor, stock):
    found = catalog.product(vendor, "BIKE-M", "BIKE-L", title="Gravel bike", price_cents=129_900)
    for variant_id in found.values():
        stock(variant_id, 100)
    return found


def test_an_order_is_placed_with_its_lines_payment_and_history(app, vendor, bank, bike, events):
    placed = place(app, vendor, [line_for(app, vendor, bike["BIKE-M"], 2)])

    order = load(app, placed.id)
    assert (order.number, order.status, order.email, order.language) == (
        1,
        "pending",
        "lena@example.lu",
        "en",
    )
    assert order.display_number == "#1"
    assert [(line.sku, line.quantity, line.unit_price_cents, line.vat_rate) for line in order.lines] == [
        ("BIKE-M", 2, 129_900, 17)
    ]
    assert order.lines[0].product_title == "Gravel bike"
    assert order.lines[0].variant_label == "M"
    assert order.subtotal_gross_cents == 259_800
    assert order.shipping_cents == 590
    assert order.total_gross_cents == 260_390
    assert order.shipping_address["city"] == "Luxembourg"
    assert order.billing_address == order.shipping_address
    assert order.customer_name == "Lena Schroeder"
    assert [(e.kind, e.from_status, e.to_status) for e in order.events] == [("status", None, "pending")]
    assert events.placed == [placed.id]
    assert placed.next_url is None, "a bank transfer has nothing to do online"
    with app.app_context():
        payment = db.session.get(Payment, order.payment_id)
        assert (payment.reference, payment.amount_cents, payment.provider, payment.status) == (
            f"order:{placed.id}",
            260_390,
            "bank_transfer",
            "pending",
        )


def test_the_snapshot_survives_a_catalog_edit(app, vendor, bank, bike):
    placed = place(app, vendor, [line_for(app, vendor, bike["BIKE-L"], 1, language="de")], language="de")
    product_id = load(app, placed.id).lines[0].product_id
    with app.app_context():
        product = product_service.get(vendor.id, product_id)
        variants = [
            {"id": v.id, "sku": v.sku + "-NEW", "price_cents": 99, "options": dict(v.options)}
            for v in product.variants
        ]
        product_service.update(
            db.session.get(Vendor, vendor.id),
            product.id,
            ProductIn(
                translations={"en": {"title": "Renamed"}, "de": {"title": "Umbenannt"}},
                status="active",
                vat_rate=3,
                variants=variants,
            ),
        )
    line = load(app, placed.id).lines[0]
    assert (line.product_title, line.sku, line.unit_price_cents, line.vat_rate) == (
        "Gravel bike (de)",
        "BIKE-L",
        129_900,
        17,
    )
    assert line.variant_label == "L"
    assert line.variant_id == bike["BIKE-L"], "still pointing at the catalog's variant"


def test_numbers_follow_each_other_per_shop(app, vendor, other_vendor, bank, bike, catalog):
    from .conftest import enable_bank_transfer

    enable_bank_transfer(app, other_vendor)
    theirs = catalog.product(other_vendor, "THEIRS-1")["THEIRS-1"]
    with app.app_context():  # not tracked: always available
        from modules.inventory.services import stock_service

        stock_service.update_settings(other_vendor.id, theirs, track_inventory=False)
    ours = [place(app, vendor, [line_for(app, vendor, bike["BIKE-M"])]).number for _ in range(3)]
    their = place(app, other_vendor, [line_for(app, other_vendor, theirs)]).number
    assert ours == [1, 2, 3]
    assert their == 1


def test_a_rolled_back_order_leaves_no_gap(app, vendor, bank, bike):
    first = place(app, vendor, [line_for(app, vendor, bike["BIKE-M"])])
    place(app, vendor, [line_for(app, vendor, bike["BIKE-M"])], commit=False)  # the caller gave up
    third = place(app, vendor, [line_for(app, vendor, bike["BIKE-M"])])
    assert (first.number, third.number) == (1, 2)
    with app.app_context():
        assert db.session.query(Order).count() == 2
        assert db.session.query(Payment).count() == 2


def test_the_same_idempotency_key_gives_the_same_order(app, vendor, bank, bike):
    lines = [line_for(app, vendor, bike["BIKE-M"])]
    first = place(app, vendor, lines, idempotency_key="checkout-abc")
    again = place(app, vendor, lines, idempotency_key="checkout-abc")
    other = place(app, vendor, lines, idempotency_key="checkout-xyz")
    assert (again.id, again.created, first.created) == (first.id, False, True)
    assert other.id != first.id
    with app.app_context():
        assert db.session.query(Order).count() == 2
        assert db.session.query(Payment).count() == 2
    assert len(outbox(app)) == 2, "one confirmation per order, none for the double submit"


def test_a_provider_the_shop_does_not_offer_keeps_nothing(app, vendor, bike):
    with pytest.raises(ProviderNotEnabled):
        place(app, vendor, [line_for(app, vendor, bike["BIKE-M"])])
    with app.app_context():
        assert db.session.query(Order).count() == 0
    assert outbox(app) == []


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"lines": []}, "lines"),
        ({"email": "not-an-address"}, "email"),
        ({"shipping_address": {**ADDRESS, "city": ""}}, "shipping_address.city"),
        ({"shipping_address": {**ADDRESS, "country": "Luxembourg"}}, "shipping_address.country"),
        ({"provider": ""}, "provider"),
        ({"shipping": {"name": "Post", "rate_cents": -1}}, "shipping.rate_cents"),
    ],
)
def test_bad_input_names_the_field(app, vendor, bank, bike, change, field):
    kwargs = {"lines": [line_for(app, vendor, bike["BIKE-M"])], **change}
    lines = kwargs.pop("lines")
    with pytest.raises(ValidationError) as raised:
        place(app, vendor, lines, **kwargs)
    assert field in raised.value.details["fields"]


def test_a_bad_line_names_its_index(app, vendor, bank, bike):
    good = line_for(app, vendor, bike["BIKE-M"]).model_dump()
    with pytest.raises(ValidationError) as raised:
        place(app, vendor, [good, {**good, "quantity": 0}, {**good, "vat_rate": 20}])
    assert {"lines.1.quantity", "lines.2.vat_rate"} <= set(raised.value.details["fields"]) or (
        "lines.1.quantity" in raised.value.details["fields"]
    )
    with pytest.raises(InvalidOrder):
        place(app, vendor, [])


def test_a_customers_order_counts_in_their_statistics(app, vendor, other_vendor, bank, bike):
    with app.app_context():
        customer = Customer(vendor_id=vendor.id, email="lena@example.lu", name="Lena")
        stranger = Customer(vendor_id=other_vendor.id, email="lena@example.lu", name="Lena")
        db.session.add_all([customer, stranger])
        db.session.commit()
        customer_id, stranger_id = customer.id, stranger.id
    placed = place(app, vendor, [line_for(app, vendor, bike["BIKE-M"])], customer_id=customer_id)
    with app.app_context():
        customer = db.session.get(Customer, customer_id)
        assert (customer.order_count, customer.total_spent_cents) == (
            1,
            load(app, placed.id).total_gross_cents,
        )
    with pytest.raises(NotFoundError):
        place(app, vendor, [line_for(app, vendor, bike["BIKE-M"])], customer_id=stranger_id)
