"""Demo shipping methods: ``flask demo`` gives each demo shop methods to Luxembourg, Belgium,
France and Germany, free above an amount; running it again changes nothing."""

from __future__ import annotations

from modules.checkout.services import shipping_service
from modules.tenancy.models import Vendor
from wizamart.database import db


def shipping_rows(app) -> dict:
    with app.app_context():
        return {
            vendor.code: [
                (m.names.get("en"), tuple(m.countries), m.rate_cents, m.free_above_cents)
                for m in shipping_service.list_methods(vendor.id)
            ]
            for vendor in db.session.query(Vendor).order_by(Vendor.code)
        }


def test_the_demo_shops_ship_to_the_greater_region(app, runner):
    first = runner.invoke(args=["demo"])
    assert first.exit_code == 0, first.output
    rows = shipping_rows(app)
    for code in ("velo-lux", "boulangerie-paul"):
        methods = rows[code]
        assert {c for _, countries, _, _ in methods for c in countries} == {"LU", "BE", "FR", "DE"}, code
        assert any(free for *_, free in methods), f"{code} ships free above an amount"
        with app.app_context():
            vendor = db.session.query(Vendor).filter_by(code=code).one()
            [method] = [m for m in shipping_service.list_methods(vendor.id) if m.serves("DE")]
            assert all(method.names.get(lang) for lang in ("en", "de", "fr", "lb")), "named in four languages"
    second = runner.invoke(args=["demo"])
    assert second.exit_code == 0, second.output
    assert shipping_rows(app) == rows
