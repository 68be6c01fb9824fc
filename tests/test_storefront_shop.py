"""``wizamart.storefront_shop``: the open shop a storefront request is for, for the shell's
context processors."""

from __future__ import annotations

from flask import g

from modules.tenancy.models import VendorStatus
from wizamart import module_service, storefront_shop
from wizamart.database import db


def shop_of(app, vendor, path: str, module_code: str | None = None):
    with app.test_request_context(path):
        g.platform_id = vendor.platform_id  # what platform_from_request sets before a request
        found = storefront_shop(module_code)
        return found.code if found is not None else None


def test_the_shop_of_a_storefront_page_while_it_is_open_and_the_module_enabled(app, vendor):
    assert shop_of(app, vendor, f"/storefront/{vendor.code}/") == vendor.code
    assert shop_of(app, vendor, f"/storefront/{vendor.code}/c/bikes", "catalog") == vendor.code
    assert shop_of(app, vendor, f"/vendor/{vendor.code}/orders/") is None, "not a storefront page"
    assert shop_of(app, vendor, "/storefront/no-such-shop/") is None

    with app.app_context():
        module_service.disable_module(vendor.platform_id, "catalog")
    assert shop_of(app, vendor, f"/storefront/{vendor.code}/", "catalog") is None
    assert shop_of(app, vendor, f"/storefront/{vendor.code}/") == vendor.code

    with app.app_context():
        row = db.session.merge(vendor)
        row.status = VendorStatus.SUSPENDED
        db.session.commit()
    assert shop_of(app, vendor, f"/storefront/{vendor.code}/") is None, "a shop that is not open"
