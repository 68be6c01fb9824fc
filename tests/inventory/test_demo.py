"""Demo stock: ``flask demo`` gives each demo shop a default location in its town and a first
receipt for every demo variant (a few of them low); running it again changes nothing."""

from __future__ import annotations

from modules.catalog.models import ProductVariant
from modules.inventory.models import InventoryItem, StockAdjustment, StockLocation
from modules.inventory.services import stock_service
from modules.tenancy.models import Vendor
from wizamart.database import db


def inventory_rows(app) -> dict:
    with app.app_context():
        return {
            "locations": sorted(
                (loc.vendor_id, loc.name, loc.city) for loc in db.session.query(StockLocation)
            ),
            "items": sorted((i.variant_id, i.on_hand) for i in db.session.query(InventoryItem)),
            "adjustments": db.session.query(StockAdjustment).count(),
        }


def test_the_demo_shops_have_a_location_and_stock_for_every_variant(app, runner):
    first = runner.invoke(args=["demo"])
    assert first.exit_code == 0, first.output
    after_first = inventory_rows(app)
    with app.app_context():
        for code, city in (("velo-lux", "Luxembourg-Gare"), ("boulangerie-paul", "Esch-sur-Alzette")):
            vendor = db.session.query(Vendor).filter_by(code=code).one()
            location = db.session.query(StockLocation).filter_by(vendor_id=vendor.id).one()
            assert location.is_default and location.city == city
            variant_ids = [v.id for v in db.session.query(ProductVariant).filter_by(vendor_id=vendor.id)]
            assert variant_ids, code
            available = stock_service.available(vendor.id, variant_ids)
            assert all(units and units > 0 for units in available.values()), code
            stocked = db.session.query(ProductVariant).filter_by(vendor_id=vendor.id)
            assert all(v.stock_available == available[v.id] for v in stocked), "the catalog knows"
            assert stock_service.count_low(vendor.id) >= 1, f"{code} has some low stock to show"
    second = runner.invoke(args=["demo"])
    assert second.exit_code == 0, second.output
    assert inventory_rows(app) == after_first
