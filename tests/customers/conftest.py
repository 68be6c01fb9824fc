"""Fixtures of the customers tests: customers made directly in the database (with order
figures), and storefront browsers that register and sign in through the real pages."""

from __future__ import annotations

from datetime import timedelta

import pytest

from modules.customers.models import Customer, CustomerAddress, Segment
from modules.tenancy.testing import fast_hash
from tests.tenancy.helpers import link_in, outbox
from wizamart.database import db, utcnow

PASSWORD = "shop-secret-2026"


class CustomersFactory:
    """Creates customers and segments; each call in its own app context, records returned detached."""

    def __init__(self, app):
        self.app = app
        self.counter = 0

    def customer(
        self,
        vendor,
        email: str | None = None,
        password: str | None = PASSWORD,
        city: str | None = "Luxembourg",
        days_since_order: int | None = None,
        **fields,
    ) -> Customer:
        self.counter += 1
        now = utcnow()
        customer = Customer(
            vendor_id=vendor.id,
            email=email or f"customer{self.counter}@example.lu",
            name=fields.pop("name", f"Customer {self.counter}"),
            password_hash=fast_hash(password) if password else None,
            email_verified_at=now if password else None,
            registered_at=fields.pop("registered_at", now if password else None),
            last_order_at=now - timedelta(days=days_since_order) if days_since_order is not None else None,
            **fields,
        )
        if city:
            customer.addresses = [
                CustomerAddress(
                    vendor_id=vendor.id,
                    name=customer.name,
                    street="1, rue du Test",
                    postal_code="1234",
                    city=city,
                    is_default=True,
                )
            ]
        with self.app.app_context():
            db.session.add(customer)
            db.session.commit()
            db.session.refresh(customer)
            customer.addresses  # noqa: B018 - loaded before detaching
            db.session.expunge_all()
        return customer

    def segment(self, vendor, name: str, rules: list[dict]) -> Segment:
        segment = Segment(vendor_id=vendor.id, name=name, rules=rules)
        with self.app.app_context():
            db.session.add(segment)
            db.session.commit()
            db.session.refresh(segment)
            db.session.expunge(segment)
        return segment


@pytest.fixture
def customers(app):
    return CustomersFactory(app)


def account_url(vendor, path: str = "") -> str:
    return f"/storefront/{vendor.code}/account/{path}"


def register(client, vendor, email: str, password: str = PASSWORD, name: str = "Lena Schroeder", **extra):
    return client.post(
        account_url(vendor, "register"),
        data={"name": name, "email": email, "password": password, "password_confirm": password, **extra},
    )


def verify_last_mail(client, app):
    """Open the link of the last mail sent (the confirmation link)."""
    return client.get(link_in(outbox(app)[-1]))


def login(client, vendor, email: str, password: str = PASSWORD):
    return client.post(account_url(vendor, "login"), data={"email": email, "password": password})


@pytest.fixture
def shopper(app, vendor):
    """A browser signed in as a registered, verified customer of ``vendor`` (through the pages)."""
    client = app.test_client()
    assert register(client, vendor, "shopper@example.lu").status_code == 200
    assert verify_last_mail(client, app).status_code == 302
    assert login(client, vendor, "shopper@example.lu").status_code == 302
    return client
