"""Segments are rules evaluated live: members change as soon as the customers' figures do."""

from __future__ import annotations

from datetime import timedelta

from modules.customers.models import Segment
from modules.customers.services import customer_service
from modules.tenancy.models import VendorRole
from tests.tenancy.helpers import count, error_fields, field_errors, load, page_text, table
from wizamart.database import utcnow

API = "/api/v1/vendor/customers"


def member_emails(client, vendor, segment_id: int) -> set[str]:
    response = client.get(
        f"{API}/segments/{segment_id}/members?per_page=100", headers={"X-Vendor": vendor.code}
    )
    assert response.status_code == 200, response.get_data(as_text=True)
    return {c["email"] for c in response.get_json()["items"]}


def test_rules_select_customers_live(app, vendor, other_vendor, vendor_client, customers):
    big = customers.customer(
        vendor, email="big@example.lu", total_spent_cents=50_000, order_count=8, days_since_order=5
    )
    customers.customer(
        vendor, email="small@example.lu", total_spent_cents=2_000, order_count=1, days_since_order=400
    )
    customers.customer(
        vendor, email="esch@example.lu", city="Esch-sur-Alzette", total_spent_cents=30_000, order_count=3
    )
    customers.customer(
        vendor, email="guest@example.lu", password=None, total_spent_cents=40_000, language="fr"
    )
    customers.customer(other_vendor, email="elsewhere@example.lu", total_spent_cents=99_000)  # never a member
    old = customers.customer(
        vendor, email="old@example.lu", registered_at=utcnow() - timedelta(days=800), order_count=2
    )

    def create(name, rules):
        response = vendor_client.post(
            f"{API}/segments", json={"name": name, "rules": rules}, headers={"X-Vendor": vendor.code}
        )
        assert response.status_code == 201, response.get_data(as_text=True)
        return response.get_json()["id"]

    top = create("Top", [{"field": "total_spent", "op": "gte", "value": 30_000}])
    assert member_emails(vendor_client, vendor, top) == {
        "big@example.lu",
        "esch@example.lu",
        "guest@example.lu",
    }

    recent_capital = create(
        "Recent in the capital",
        [
            {"field": "ordered_within", "op": "within", "value": 30},
            {"field": "city", "op": "eq", "value": "luxembourg"},
        ],
    )
    assert member_emails(vendor_client, vendor, recent_capital) == {"big@example.lu"}

    early = create(
        "Early birds",
        [
            {
                "field": "registered",
                "op": "before",
                "value": (utcnow() - timedelta(days=365)).date().isoformat(),
            }
        ],
    )
    assert member_emails(vendor_client, vendor, early) == {"old@example.lu"}

    loyal = create(
        "Loyal",
        [{"field": "order_count", "op": "gte", "value": 2}, {"field": "language", "op": "ne", "value": "fr"}],
    )
    assert member_emails(vendor_client, vendor, loyal) == {
        "big@example.lu",
        "esch@example.lu",
        "old@example.lu",
    }

    # an order moves a customer in at once: nothing stored, nothing to refresh
    with app.app_context():
        customer_service.record_order(vendor.id, old.id, 45_000, utcnow())
    assert "old@example.lu" in member_emails(vendor_client, vendor, top)
    assert "old@example.lu" in member_emails(vendor_client, vendor, recent_capital)

    listing = vendor_client.get(f"{API}/segments", headers={"X-Vendor": vendor.code}).get_json()["items"]
    assert {s["name"]: s["member_count"] for s in listing}["Top"] == 4

    # and the page shows the same members with the count
    page = vendor_client.get(f"/vendor/{vendor.code}/segments/{top}")
    assert page.status_code == 200
    members = table(page, "members-table")
    assert "big@example.lu" in members and "old@example.lu" in members and "small@example.lu" not in members
    assert 'data-testid="member-total">4<' in page_text(page)
    assert big.id


def test_segment_form_builds_rules_in_euros_and_edits_them(app, vendor, vendor_client, customers):
    customers.customer(vendor, email="rich@example.lu", total_spent_cents=20_050)
    customers.customer(vendor, email="poor@example.lu", total_spent_cents=19_999)
    form = {
        "name": "Over 200",
        "rule_field": ["total_spent", ""],
        "rule_op": ["gte", "gte"],
        "rule_value": ["200,50", ""],
    }
    response = vendor_client.post(f"/vendor/{vendor.code}/segments/new", data=form)
    assert response.status_code == 302
    segment = load(app, Segment, name="Over 200")
    assert segment.rules == [{"field": "total_spent", "op": "gte", "value": 20_050}]
    page = page_text(vendor_client.get(response.location))
    assert "rich@example.lu" in page and "poor@example.lu" not in page

    edit = vendor_client.get(f"/vendor/{vendor.code}/segments/{segment.id}/edit")
    assert 'value="200.50"' in page_text(edit)
    form = {**form, "name": "Over 199", "rule_value": ["199.99", ""]}
    assert (
        vendor_client.post(f"/vendor/{vendor.code}/segments/{segment.id}/edit", data=form).status_code == 302
    )
    assert load(app, Segment, id=segment.id).name == "Over 199"
    assert "poor@example.lu" in page_text(vendor_client.get(f"/vendor/{vendor.code}/segments/{segment.id}"))

    overview = vendor_client.get(f"/vendor/{vendor.code}/segments")
    assert "Over 199" in table(overview, "segments-table")

    assert vendor_client.post(f"/vendor/{vendor.code}/segments/{segment.id}/delete").status_code == 302
    assert count(app, Segment) == 0


def test_bad_rules_name_the_row_and_field(app, vendor, vendor_client):
    form = {
        "name": "",
        "rule_field": ["total_spent", "ordered_within", "registered"],
        "rule_op": ["within", "within", "before"],
        "rule_value": ["lots", "0", "31/12/2024"],
    }
    response = vendor_client.post(f"/vendor/{vendor.code}/segments/new", data=form)
    assert response.status_code == 422
    errors = field_errors(response)
    assert {"name", "rules.0.op", "rules.1.value", "rules.2.value"} <= set(errors)
    assert count(app, Segment) == 0

    response = vendor_client.post(
        f"{API}/segments",
        json={
            "name": "X",
            "rules": [
                {"field": "shoe_size", "op": "eq", "value": 42},
                {"field": "city", "op": "eq", "value": ""},
            ],
        },
        headers={"X-Vendor": vendor.code},
    )
    assert response.status_code == 422
    assert {"rules.0.field", "rules.1.value"} <= set(error_fields(response))
    response = vendor_client.post(
        f"{API}/segments", json={"name": "X", "rules": []}, headers={"X-Vendor": vendor.code}
    )
    assert response.status_code == 422 and "rules" in error_fields(response)
    assert count(app, Segment) == 0

    ok = {"name": "Same", "rules": [{"field": "order_count", "op": "gte", "value": 1}]}
    assert (
        vendor_client.post(f"{API}/segments", json=ok, headers={"X-Vendor": vendor.code}).status_code == 201
    )
    response = vendor_client.post(f"{API}/segments", json=ok, headers={"X-Vendor": vendor.code})
    assert response.status_code == 409 and "name" in error_fields(response)


def test_staff_see_segments_but_do_not_change_them(app, factory, vendor, customers):
    from modules.tenancy.testing import sign_in

    staff = factory.member(vendor, VendorRole.STAFF, email="staff@example.lu")
    client = app.test_client()
    sign_in(client, "vendor", staff.email)
    segment = customers.segment(vendor, "Seen", [{"field": "order_count", "op": "gte", "value": 0}])
    assert client.get(f"/vendor/{vendor.code}/segments/{segment.id}").status_code == 200
    assert client.post(f"/vendor/{vendor.code}/segments/{segment.id}/delete").status_code == 403
    assert count(app, Segment) == 1
