"""The vendor's side: customer list with search, filters and pages; a customer's page; GDPR
export and anonymisation with who and when; the admin's read-only list; and the isolation walk
over every customers vendor route with another shop's ids."""

from __future__ import annotations

import json

import pytest

from modules.customers.models import Customer, CustomerAddress, PrivacyAction, Segment
from modules.tenancy.models import VendorRole
from modules.tenancy.testing import sign_in
from tests.tenancy.helpers import api_error, count, error_fields, flashes, load, page_text, table
from wizamart.database import db
from wizamart.modules.definition import FrontendType
from wizamart.security import frontend_of

API = "/api/v1/vendor/customers"


def api(client, vendor, method: str, path: str, **kwargs):
    return client.open(f"{API}{path}", method=method, headers={"X-Vendor": vendor.code}, **kwargs)


def test_list_searches_filters_and_pages(app, vendor, other_vendor, vendor_client, customers):
    customers.customer(vendor, email="anna@example.lu", name="Anna Muller", city="Mersch")
    customers.customer(vendor, email="ben@example.lu", name="Ben Weis", city="Wiltz", password=None)
    customers.customer(other_vendor, email="anna.other@example.lu", name="Anna Elsewhere", city="Mersch")
    for i in range(22):
        customers.customer(vendor, email=f"bulk{i:02d}@example.lu", city=None)

    page = vendor_client.get(f"/vendor/{vendor.code}/customers?q=mersch")
    rows = table(page, "customers-table")
    assert "anna@example.lu" in rows and "anna.other" not in rows and "ben@" not in rows

    assert "Ben Weis" in table(
        vendor_client.get(f"/vendor/{vendor.code}/customers?q=weis"), "customers-table"
    )
    guests = table(vendor_client.get(f"/vendor/{vendor.code}/customers?kind=guest"), "customers-table")
    assert "ben@example.lu" in guests and "anna@example.lu" not in guests

    first = vendor_client.get(f"/vendor/{vendor.code}/customers")
    assert first.status_code == 200 and 'rel="next"' in page_text(first)
    second = api(vendor_client, vendor, "GET", "/customers?page=2&per_page=20").get_json()
    assert second["total"] == 24 and second["pages"] == 2 and len(second["items"]) == 4

    registered = api(vendor_client, vendor, "GET", "/customers?kind=registered&q=anna").get_json()
    assert [c["email"] for c in registered["items"]] == ["anna@example.lu"]
    response = api(vendor_client, vendor, "GET", "/customers?kind=vip")
    assert response.status_code == 422 and "kind" in error_fields(response)


def test_customer_page_shows_addresses_stats_and_segments(app, vendor, vendor_client, customers):
    customer = customers.customer(
        vendor, email="eva@example.lu", name="Eva", city="Remich", total_spent_cents=12_345, order_count=3
    )
    customers.segment(vendor, "Spenders", [{"field": "total_spent", "op": "gte", "value": 10_000}])
    page = vendor_client.get(f"/vendor/{vendor.code}/customers/{customer.id}")
    text = page_text(page)
    assert page.status_code == 200
    assert "Remich" in text and "Spenders" in text and "123" in text

    data = api(vendor_client, vendor, "GET", f"/customers/{customer.id}").get_json()
    assert data["addresses"][0]["city"] == "Remich" and data["segments"][0]["name"] == "Spenders"
    assert data["total_spent_cents"] == 12_345


def test_gdpr_export_and_anonymisation_are_recorded(app, vendor, vendor_client, vendor_owner, customers):
    customer = customers.customer(
        vendor,
        email="gdpr@example.lu",
        name="Greta",
        phone="+352 691 000 111",
        city="Vianden",
        total_spent_cents=5_000,
        order_count=2,
    )

    response = vendor_client.get(f"/vendor/{vendor.code}/customers/{customer.id}/export")
    assert response.status_code == 200 and "attachment" in response.headers["Content-Disposition"]
    data = json.loads(response.get_data(as_text=True))
    assert data["customer"]["email"] == "gdpr@example.lu" and data["customer"]["phone"] == "+352 691 000 111"
    assert data["addresses"][0]["city"] == "Vianden"
    assert data["statistics"] == {"order_count": 2, "total_spent_cents": 5_000, "last_order_at": None}
    assert (
        api(vendor_client, vendor, "GET", f"/customers/{customer.id}/export").get_json()["customer"]["name"]
        == "Greta"
    )

    response = vendor_client.post(f"/vendor/{vendor.code}/customers/{customer.id}/anonymise")
    assert response.status_code == 302
    assert flashes(vendor_client.get(response.location))
    gone = load(app, Customer, id=customer.id)
    assert gone.name == "" and gone.phone == "" and "gdpr" not in gone.email and gone.password_hash is None
    assert gone.anonymised_at is not None
    assert (gone.order_count, gone.total_spent_cents) == (2, 5_000)  # the figures stay
    assert count(app, CustomerAddress, customer_id=customer.id) == 0

    with app.app_context():
        actions = [
            (a.action, a.user_id, a.actor_name)
            for a in db.session.query(PrivacyAction).order_by(PrivacyAction.id)
        ]
    assert actions == [
        ("export", vendor_owner.id, vendor_owner.email),
        ("export", vendor_owner.id, vendor_owner.email),
        ("anonymise", vendor_owner.id, vendor_owner.email),
    ]
    page = page_text(vendor_client.get(f"/vendor/{vendor.code}/customers/{customer.id}"))
    assert vendor_owner.email in page and "Vianden" not in page

    response = api(vendor_client, vendor, "POST", f"/customers/{customer.id}/anonymise")
    assert response.status_code == 409 and api_error(response)["code"] == "already_anonymised"


def test_anonymise_through_the_api(app, vendor, vendor_client, customers):
    customer = customers.customer(vendor, email="api-gdpr@example.lu")
    response = api(vendor_client, vendor, "POST", f"/customers/{customer.id}/anonymise")
    assert response.status_code == 200 and response.get_json()["anonymised_at"]
    assert count(app, Customer, email="api-gdpr@example.lu") == 0


def test_staff_see_customers_but_neither_export_nor_erase(app, factory, vendor, customers):
    staff = factory.member(vendor, VendorRole.STAFF, email="staff@example.lu")
    client = app.test_client()
    sign_in(client, "vendor", staff.email)
    customer = customers.customer(vendor, email="kept@example.lu")
    assert client.get(f"/vendor/{vendor.code}/customers/{customer.id}").status_code == 200
    assert client.get(f"/vendor/{vendor.code}/customers/{customer.id}/export").status_code == 403
    assert client.post(f"/vendor/{vendor.code}/customers/{customer.id}/anonymise").status_code == 403
    assert load(app, Customer, id=customer.id).anonymised_at is None


def test_admin_lists_customers_of_their_platforms_only(app, factory, vendor, customers, admin_client):
    customers.customer(vendor, email="here@example.lu")
    far = factory.vendor(factory.company(factory.platform("nord", domains=("nord.lu",))), "nordshop")
    customers.customer(far, email="far@example.lu")
    scoped = factory.admin([load_platform(app, vendor)], email="scoped@example.lu")
    client = app.test_client()
    sign_in(client, "admin", scoped.email)

    rows = table(client.get("/admin/customers"), "customers-table")
    assert "here@example.lu" in rows and "far@example.lu" not in rows
    items = client.get("/api/v1/admin/customers/customers").get_json()["items"]
    assert [c["email"] for c in items] == ["here@example.lu"] and items[0]["vendor_name"]
    # a super admin sees every platform's
    assert len(admin_client.get("/api/v1/admin/customers/customers").get_json()["items"]) == 2


def load_platform(app, vendor):
    from modules.tenancy.models import Platform

    return load(app, Platform, id=vendor.platform_id)


# ------------------------------------------------------------------ the isolation walk


def customers_vendor_routes(app):
    found = []
    for rule in app.url_map.iter_rules():
        if frontend_of(rule.rule) is not FrontendType.VENDOR or not rule.endpoint.startswith("customers."):
            continue
        found += [(rule, method) for method in sorted(rule.methods - {"HEAD", "OPTIONS"})]
    return found


def snapshot(app) -> dict:
    with app.app_context():
        return {
            "customers": sorted(
                (c.id, c.email, c.name, c.anonymised_at is None, c.total_spent_cents)
                for c in db.session.query(Customer)
            ),
            "addresses": sorted((a.id, a.customer_id, a.city) for a in db.session.query(CustomerAddress)),
            "segments": sorted((s.id, s.name, json.dumps(s.rules)) for s in db.session.query(Segment)),
            "actions": db.session.query(PrivacyAction).count(),
        }


@pytest.mark.parametrize("headers", [False, True], ids=["session", "session+X-Vendor"])
def test_another_shops_customers_and_segments_answer_404_on_every_route(
    app, vendor, other_vendor, vendor_client, customers, headers
):
    foreign_customer = customers.customer(other_vendor, email="foreign@example.lu", city="Clervaux")
    foreign_segment = customers.segment(
        other_vendor, "Theirs", [{"field": "order_count", "op": "gte", "value": 0}]
    )
    ids = {"customer_id": foreign_customer.id, "segment_id": foreign_segment.id}
    routes = customers_vendor_routes(app)
    with_ids = [(r, m) for r, m in routes if set(r.arguments) & set(ids)]
    assert len(with_ids) >= 12, with_ids  # the walk covers the routes that take an id

    segment_body = {"name": "Hijacked", "rules": [{"field": "order_count", "op": "gte", "value": 0}]}
    form = {"name": "Hijacked", "rule_field": "order_count", "rule_op": "gte", "rule_value": "0"}
    before = snapshot(app)
    outcomes = {}
    for rule, method in with_ids:
        url = rule.build(
            {"vendor_code": vendor.code, **{k: ids[k] for k in rule.arguments if k in ids}},
            append_unknown=False,
        )[1]
        extra = {"headers": {"X-Vendor": vendor.code}} if headers or url.startswith("/api/") else {}
        if method in ("GET", "DELETE"):
            response = vendor_client.open(url, method=method, **extra)
        elif url.startswith("/api/"):
            response = vendor_client.open(url, method=method, json=segment_body, **extra)
        else:
            response = vendor_client.open(url, method=method, data=form, **extra)
        outcomes[f"{method} {url}"] = response.status_code
    assert {k: v for k, v in outcomes.items() if v != 404} == {}
    assert snapshot(app) == before
    # nothing of theirs shows in our lists either
    assert "foreign@example.lu" not in page_text(
        vendor_client.get(f"/vendor/{vendor.code}/customers?q=foreign")
    )
    assert "Theirs" not in page_text(vendor_client.get(f"/vendor/{vendor.code}/segments"))
    assert api(vendor_client, vendor, "GET", "/customers").get_json()["total"] == 0


def test_the_vendor_dashboard_counts_customers(app, vendor, vendor_client, customers):
    customers.customer(vendor, email="one@example.lu")
    customers.customer(vendor, email="two@example.lu", password=None)
    page = page_text(vendor_client.get(f"/vendor/{vendor.code}/"))
    assert "1 with an account" in page
