"""Companies and vendors as admins run them, and the vendor lifecycle:
pending -> active -> suspended (a reason required); a vendor that never traded can be rejected."""

from __future__ import annotations

import pytest

from modules.tenancy.models import Company, Vendor, VendorStatus
from modules.tenancy.testing import sign_in

from .helpers import api_error, count, error_fields, field_errors, flashes, load, page_text, table

COMPANIES = "/api/v1/admin/tenancy/companies"
VENDORS = "/api/v1/admin/tenancy/vendors"


def company_form(**fields) -> dict:
    return {
        "legal_name": "Moselle Vins S.A.",
        "vat_number": "LU 1000 0053",
        "rcs_number": "b 98765",
        "street": "1, route du Vin",
        "postal_code": "L-5401",
        "city": "Ahn",
        "country": "lu",
        **fields,
    }


# ------------------------------------------------------------------ companies


def test_a_company_is_created_with_its_numbers_normalised(app, admin_client, platform):
    response = admin_client.post("/admin/companies/new", data=company_form())
    assert response.status_code == 302
    company = load(app, Company, legal_name="Moselle Vins S.A.")
    assert (company.vat_number, company.rcs_number, company.postal_code, company.country) == (
        "LU10000053",
        "B98765",
        "5401",
        "LU",
    )
    assert company.platform_id == platform.id


@pytest.mark.parametrize(
    ("field", "value", "says"),
    [
        ("vat_number", "LU12345614", "check digits"),
        ("vat_number", "DE123456789", "LU followed by 8 digits"),
        ("rcs_number", "123456", "letter and up to 7 digits"),
        ("postal_code", "12345", "4 digits"),
        ("country", "Luxembourg", "2-letter"),
        ("legal_name", "", ""),  # pages say "Field required", the API "at least 1 character"
    ],
)
def test_bad_company_input_is_shown_next_to_the_field(app, admin_client, platform, field, value, says):
    page = admin_client.post("/admin/companies/new", data=company_form(**{field: value}))
    assert page.status_code == 422
    assert says in field_errors(page)[field]
    assert count(app, Company) == 0

    api = admin_client.post(COMPANIES, json={**company_form(), field: value})
    assert api.status_code == 422 and says in error_fields(api)[field]
    assert count(app, Company) == 0


def test_companies_list_searches_and_paginates(admin_client, factory, platform):
    for n in range(3):
        factory.company(platform, f"Bäckerei {n} S.à r.l.", city="Esch")
    factory.company(platform, "Garage Central S.A.", vat_number="LU12345613", city="Ettelbruck")

    by_vat = admin_client.get(f"{COMPANIES}?q=LU123456").get_json()
    assert [c["legal_name"] for c in by_vat["items"]] == ["Garage Central S.A."]
    paged = admin_client.get(f"{COMPANIES}?q=esch&per_page=2&page=2").get_json()
    assert (paged["total"], paged["pages"], len(paged["items"])) == (3, 2, 1)

    page = table(admin_client.get("/admin/companies?q=ettelbruck"), "company-table")
    assert "Garage Central" in page and "Bäckerei" not in page


def test_editing_a_company_keeps_it_whole_on_bad_input(app, admin_client, company):
    bad = admin_client.post(f"/admin/companies/{company.id}", data=company_form(vat_number="LU00000001"))
    assert bad.status_code == 422 and "vat_number" in field_errors(bad)
    assert load(app, Company, id=company.id).legal_name == "Lëtzebuerger Handel S.à r.l."

    good = admin_client.put(f"{COMPANIES}/{company.id}", json=company_form(legal_name="Handel S.A."))
    assert good.status_code == 200 and good.get_json()["legal_name"] == "Handel S.A."


def test_a_company_on_an_unknown_platform_is_a_field_error(app, admin_client, platform):
    response = admin_client.post(COMPANIES, json={**company_form(), "platform_id": 999})
    assert response.status_code == 422 and "no such platform" in error_fields(response)["platform_id"]
    assert count(app, Company) == 0


# ------------------------------------------------------------------ vendors


def test_a_vendor_is_created_pending_under_its_company(app, admin_client, company):
    response = admin_client.post(
        "/admin/vendors/new", data={"name": "Fromagerie", "code": "fromagerie", "company_id": company.id}
    )
    assert response.status_code == 302
    vendor = load(app, Vendor, code="fromagerie")
    assert vendor.status is VendorStatus.PENDING
    assert (vendor.company_id, vendor.platform_id) == (company.id, company.platform_id)


def test_bad_vendor_input_is_shown_next_to_the_field(app, admin_client, company, vendor):
    page = admin_client.post("/admin/vendors/new", data={"name": "", "code": "Nope Nope", "company_id": ""})
    assert page.status_code == 422
    assert set(field_errors(page)) == {"name", "code", "company_id"}

    taken = admin_client.post(
        "/admin/vendors/new", data={"name": "B", "code": vendor.code, "company_id": company.id}
    )
    assert taken.status_code == 422 and field_errors(taken) == {"code": "already used"}

    api_taken = admin_client.post(VENDORS, json={"name": "B", "code": vendor.code, "company_id": company.id})
    assert api_taken.status_code == 409 and error_fields(api_taken) == {"code": "already used"}

    no_company = admin_client.post(VENDORS, json={"name": "B", "code": "new-shop", "company_id": 999})
    assert no_company.status_code == 422 and "company_id" in error_fields(no_company)
    assert count(app, Vendor) == 1


def test_vendors_list_filters_by_status_and_searches(admin_client, factory, company):
    factory.vendor(company, "alpha", name="Alpha")
    factory.vendor(company, "beta", name="Beta", status=VendorStatus.PENDING)
    factory.vendor(company, "gamma", name="Gamma", status=VendorStatus.SUSPENDED)

    pending = admin_client.get(f"{VENDORS}?status=pending").get_json()
    assert [v["code"] for v in pending["items"]] == ["beta"] and pending["total"] == 1
    assert admin_client.get(f"{VENDORS}?q=GAM").get_json()["items"][0]["code"] == "gamma"
    assert admin_client.get(f"{VENDORS}?status=gone").status_code == 422

    page = table(admin_client.get("/admin/vendors?status=suspended"), "vendor-table")
    assert "Gamma" in page and "Alpha" not in page


def test_the_lifecycle_through_the_api(app, admin_client, factory, company):
    shop = factory.vendor(company, "kiosk", status=VendorStatus.PENDING)
    url = f"{VENDORS}/{shop.id}"

    assert admin_client.post(f"{url}/activate").get_json()["status"] == "active"
    twice = admin_client.post(f"{url}/activate")
    assert twice.status_code == 409 and api_error(twice)["code"] == "invalid_transition"
    assert "status 'Active' cannot be moved to 'Active'" in api_error(twice)["message"]

    no_reason = admin_client.post(f"{url}/suspend", json={"reason": " "})
    assert no_reason.status_code == 422 and "reason" in error_fields(no_reason)
    assert load(app, Vendor, id=shop.id).status is VendorStatus.ACTIVE

    suspended = admin_client.post(f"{url}/suspend", json={"reason": "Complaints about hygiene"})
    assert suspended.get_json()["status"] == "suspended"
    assert suspended.get_json()["status_reason"] == "Complaints about hygiene"

    assert admin_client.post(f"{url}/activate").get_json()["status"] == "active"
    not_from_active = admin_client.post(f"{url}/reject", json={"reason": "Fake shop"})
    assert not_from_active.status_code == 409


def test_only_a_vendor_that_never_traded_can_be_rejected(app, admin_client, factory, company):
    fresh = factory.vendor(company, "fresh", status=VendorStatus.PENDING)
    traded = factory.vendor(company, "traded", status=VendorStatus.SUSPENDED, has_traded=True)

    refused = admin_client.post(f"{VENDORS}/{traded.id}/reject", json={"reason": "Fake shop"})
    assert refused.status_code == 409
    assert "has traded cannot be rejected" in api_error(refused)["message"]
    assert load(app, Vendor, id=traded.id).status is VendorStatus.SUSPENDED

    rejected = admin_client.post(f"{VENDORS}/{fresh.id}/reject", json={"reason": "Fake shop"})
    assert rejected.get_json()["status"] == "rejected"
    final = admin_client.post(f"{VENDORS}/{fresh.id}/activate")
    assert final.status_code == 409 and "'Rejected' cannot be moved" in api_error(final)["message"]


def test_the_lifecycle_through_the_vendor_page(app, admin_client, factory, company):
    shop = factory.vendor(company, "kiosk", status=VendorStatus.PENDING)
    url = f"/admin/vendors/{shop.id}/status"

    admin_client.post(url, data={"action": "activate"})
    assert load(app, Vendor, id=shop.id).status is VendorStatus.ACTIVE

    refused = admin_client.post(url, data={"action": "suspend", "reason": ""}, follow_redirects=True)
    assert any("Reason" in message for message in flashes(refused))
    assert load(app, Vendor, id=shop.id).status is VendorStatus.ACTIVE

    illegal = admin_client.post(url, data={"action": "reject", "reason": "Fake"}, follow_redirects=True)
    assert any("cannot be moved to 'Rejected'" in message for message in flashes(illegal))

    admin_client.post(url, data={"action": "suspend", "reason": "Holiday closure"})
    page = admin_client.get(f"/admin/vendors/{shop.id}")
    assert (
        "Holiday closure" in page_text(page)
        and load(app, Vendor, id=shop.id).status is VendorStatus.SUSPENDED
    )


def test_editing_a_vendor(app, admin_client, vendor):
    bad = admin_client.post(f"/admin/vendors/{vendor.id}", data={"name": "", "default_language": "xx"})
    assert bad.status_code == 422 and set(field_errors(bad)) == {"name", "default_language"}
    assert load(app, Vendor, id=vendor.id).name == "Boulangerie"

    good = admin_client.put(
        f"{VENDORS}/{vendor.id}", json={"name": "Boulangerie Paul", "default_language": "lb"}
    )
    assert good.status_code == 200 and good.get_json()["default_language"] == "lb"


# ------------------------------------------------------------------ scoped admins


@pytest.fixture
def foreign(factory):
    """Platform 2 with a company and a shop."""
    other = factory.platform("nord", domains=("nord.lu",), name="Nord")
    company = factory.company(other, "Nord Handel S.A.")
    return other, company, factory.vendor(company, "nordshop", name="Nord Shop")


@pytest.fixture
def scoped_client(app, factory, platform):
    admin = factory.admin([platform], email="scoped@example.lu")
    client = app.test_client()
    assert sign_in(client, "admin", admin.email).status_code == 302
    return client


def test_a_scoped_admin_sees_and_changes_only_their_platforms_companies_and_vendors(
    app, scoped_client, company, vendor, foreign
):
    _, other_company, other_vendor = foreign
    assert [c["id"] for c in scoped_client.get(COMPANIES).get_json()["items"]] == [company.id]
    assert [v["code"] for v in scoped_client.get(VENDORS).get_json()["items"]] == [vendor.code]
    assert "Nord" not in table(scoped_client.get("/admin/vendors"), "vendor-table")
    assert "Nord" not in table(scoped_client.get("/admin/companies"), "company-table")

    assert scoped_client.get(f"{COMPANIES}/{other_company.id}").status_code == 404
    assert scoped_client.put(f"{COMPANIES}/{other_company.id}", json=company_form()).status_code == 404
    assert scoped_client.get(f"/admin/companies/{other_company.id}").status_code == 404
    assert (
        scoped_client.post(f"{VENDORS}/{other_vendor.id}/suspend", json={"reason": "Mine now"}).status_code
        == 404
    )
    assert scoped_client.get(f"/admin/vendors/{other_vendor.id}").status_code == 404
    assert load(app, Vendor, id=other_vendor.id).status is VendorStatus.ACTIVE

    planted = scoped_client.post(
        VENDORS, json={"name": "X", "code": "planted", "company_id": other_company.id}
    )
    assert planted.status_code == 422 and "company_id" in error_fields(planted)
    foreign_company = scoped_client.post(COMPANIES, json={**company_form(), "platform_id": foreign[0].id})
    assert foreign_company.status_code == 403
    assert count(app, Vendor, code="planted") == 0 and count(app, Company, platform_id=foreign[0].id) == 1


def test_a_super_admin_sees_every_platform(admin_client, vendor, foreign):
    codes = {v["code"] for v in admin_client.get(VENDORS).get_json()["items"]}
    assert codes == {vendor.code, "nordshop"}
