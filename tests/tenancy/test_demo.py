"""``flask demo``: loads the demo platform once, changes nothing when run again, prints the
logins, and those logins work."""

from __future__ import annotations

import re

from sqlalchemy import func, select

from modules.tenancy.demo import DEMO_PASSWORD
from modules.tenancy.models import Platform, User, Vendor, VendorMembership
from modules.tenancy.testing import sign_in
from wizamart.database import db

from .helpers import count


def row_counts(app) -> dict[str, int]:
    with app.app_context():
        return {
            t.name: db.session.scalar(select(func.count()).select_from(t)) for t in db.metadata.sorted_tables
        }


def test_demo_loads_once_and_again_changes_nothing(app, runner):
    first = runner.invoke(args=["demo"])
    assert first.exit_code == 0, first.output
    after_first = row_counts(app)
    assert count(app, Platform, code="wizamart") == 1
    assert count(app, Vendor) == 2 and count(app, VendorMembership) == 4
    assert count(app, User, is_super_admin=True) == 1

    second = runner.invoke(args=["demo"])
    assert second.exit_code == 0, second.output
    assert row_counts(app) == after_first
    assert second.output == first.output


def test_demo_prints_logins_that_sign_in(app, runner):
    output = runner.invoke(args=["demo"]).output
    logins = re.findall(r"(\w+):\s+(\S+@\S+) / (\S+)\s+->\s+(/\w+/login)", output)
    assert len(logins) == 5, output
    roles = {role for role, *_ in logins}
    assert roles == {"admin", "owner", "staff", "manager"}
    for role, email, password, url in logins:
        assert password == DEMO_PASSWORD
        realm = "admin" if url == "/admin/login" else "vendor"
        client = app.test_client()
        response = sign_in(client, realm, email, password)
        assert response.status_code == 302, (role, email, response.status_code)
        home = client.get(response.location, follow_redirects=True)
        assert home.status_code == 200, (role, email)
