"""Demo data: customers with Luxembourg addresses in both demo shops, segments with members,
Lena signs in to Vëlo Lux; loading again changes nothing."""

from __future__ import annotations

from sqlalchemy import func, select

from modules.customers.models import Customer, CustomerAddress, Segment
from modules.customers.services import segment_service
from modules.tenancy.demo import DEMO_PASSWORD
from modules.tenancy.models import Vendor
from tests.customers.conftest import account_url, login
from tests.tenancy.helpers import load
from wizamart.database import db


def test_demo_customers_segments_and_lenas_login(app, runner):
    first = runner.invoke(args=["demo"])
    assert first.exit_code == 0, first.output
    assert "lena@example.lu" in first.output and "/storefront/velo-lux/account/login" in first.output
    with app.app_context():
        counts = [
            db.session.scalar(select(func.count()).select_from(m))
            for m in (Customer, CustomerAddress, Segment)
        ]
        assert counts[0] >= 16 and counts[1] >= 16 and counts[2] == 4
        for segment in db.session.scalars(select(Segment)):
            assert segment_service.members(segment.vendor_id, segment.id).total >= 1, segment.name
    assert runner.invoke(args=["demo"]).exit_code == 0
    with app.app_context():
        again = [
            db.session.scalar(select(func.count()).select_from(m))
            for m in (Customer, CustomerAddress, Segment)
        ]
    assert again == counts

    velo = load(app, Vendor, code="velo-lux")
    client = app.test_client()
    assert login(client, velo, "lena@example.lu", DEMO_PASSWORD).status_code == 302
    assert client.get(account_url(velo, "addresses")).status_code == 200
