"""Fixtures of the inventory tests: products made through the catalog's own service (so its
product events reach inventory), a default stock location, and a recorder of inventory's events."""

from __future__ import annotations

import pytest

from hookspecs.markers import hookimpl
from modules.catalog.testing import CatalogFactory
from modules.inventory.schemas import LocationIn
from modules.inventory.services import location_service, stock_service
from wizamart.database import db


@pytest.fixture
def catalog(app):
    return CatalogFactory(app)


def make_location(app, vendor, name="Shop floor", **fields) -> int:
    with app.app_context():
        return location_service.create(vendor.id, LocationIn(name=name, city="Luxembourg", **fields)).id


@pytest.fixture
def location(app, vendor) -> int:
    """The shop's default stock location (its id)."""
    return make_location(app, vendor)


@pytest.fixture
def bike(catalog, vendor) -> dict[str, int]:
    """A product with two variants, ``BIKE-M`` and ``BIKE-L``, in ``vendor``'s shop."""
    return catalog.product(vendor, "BIKE-M", "BIKE-L")


class Recorder:
    """A plugin recording inventory's events."""

    def __init__(self):
        self.changed: list[dict] = []
        self.low: list[dict] = []

    @hookimpl
    def on_stock_changed(self, vendor_id, variant_id, on_hand, reserved, available, reason, adjustment_id):
        self.changed.append(
            dict(
                vendor_id=vendor_id,
                variant_id=variant_id,
                on_hand=on_hand,
                reserved=reserved,
                available=available,
                reason=reason,
                adjustment_id=adjustment_id,
            )
        )

    @hookimpl
    def on_low_stock(self, vendor_id, variant_id, available, threshold):
        self.low.append(
            dict(vendor_id=vendor_id, variant_id=variant_id, available=available, threshold=threshold)
        )


@pytest.fixture
def events(app):
    recorder = Recorder()
    pm = app.extensions["wizamart"].pm
    pm.register(recorder, name="test:inventory-events")
    yield recorder
    pm.unregister(recorder, name="test:inventory-events")


@pytest.fixture
def stock(app):
    """Call a stock_service function in an app context of its own: ``stock("receive", ...)``."""

    def call(name: str, *args, **kwargs):
        with app.app_context():
            result = getattr(stock_service, name)(*args, **kwargs)
            for record in result if isinstance(result, list | tuple) else [result]:
                if isinstance(record, db.Model) and record in db.session:
                    db.session.refresh(record)  # loaded before the context ends (expired on commit)
            return result

    return call
