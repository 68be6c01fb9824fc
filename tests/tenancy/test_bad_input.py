"""Bad input never crashes: every admin and vendor route, from ``app.url_map``, fed odd
query strings, malformed forms and wrong-typed JSON by people allowed to use it, answers
with an error it means (4xx), never a 500."""

from __future__ import annotations

import pytest

from modules.tenancy.models import VendorRole
from modules.tenancy.testing import sign_in
from wizamart.modules.definition import FrontendType

from .helpers import field_errors, page_text
from .test_access import routes

ODD_QUERY = "?page=99999999999999999999999&per_page=-5&status=zzz&kind=%25&q=%25_%5C&sort=--"
ODD_FORM = {
    "code": "Ä" * 300,
    "name": "x" * 1000,
    "legal_name": "",
    "email": "a@b",
    "company_id": "abc",
    "platform_ids": ["abc", "1"],
    "role": "boss",
    "action": "explode",
    "days": "-5",
    "locale": "zz",
    "token_id": "abc",
    "is_active": "maybe",
    "is_super_admin": "perhaps",
    "reason": "x" * 2000,
    "domains": "a" * 300,
    "currency": "€€€",
    "vat_number": "LU" + "9" * 30,
    "postal_code": "L-",
    "password": "\x00",
    "password_confirm": "\x00",
    "current_password": "",
    "confirm": "yes",
    "next": "//evil",
    "default_language": "tlh",
    "country": "",
    "lang": "zz",
}
ODD_JSON = [
    {
        "name": 5,
        "platform_ids": "abc",
        "code": None,
        "email": ["x"],
        "role": 7,
        "reason": {"a": 1},
        "days": "many",
        "is_active": "maybe",
        "company_id": "abc",
        "domains": "not-a-list",
    },
    [1, 2, 3],
    "just a string",
]


@pytest.fixture
def people(app, factory, platform, vendor, vendor_owner):
    factory.member(vendor, VendorRole.STAFF, email="staff@example.lu")
    factory.platform("nord", domains=("nord.lu",))
    admin = factory.admin(email="admin@example.lu")
    client = app.test_client()
    assert sign_in(client, "admin", admin.email).status_code == 302
    assert sign_in(client, "vendor", vendor_owner.email).status_code == 302
    return client


def test_odd_input_on_every_route_is_answered_without_a_crash(app, people, vendor):
    crashes = {}
    for route in routes(app, {FrontendType.ADMIN, FrontendType.VENDOR}, public=None):
        url = route.url({"vendor_code": vendor.code, "token": "x"})
        attempts = [("query", {"method": route.method, "query_string": ODD_QUERY[1:]})]
        if route.method not in ("GET", "DELETE"):
            attempts.append(("form", {"method": route.method, "data": ODD_FORM}))
            attempts += [("json", {"method": route.method, "json": body}) for body in ODD_JSON]
            attempts.append(
                ("text", {"method": route.method, "data": "}{", "content_type": "application/json"})
            )
        for kind, request in attempts:
            response = people.open(url, **request)
            if response.status_code >= 500:
                crashes[f"{route} [{kind}]"] = response.status_code
    assert not crashes, crashes


def test_a_list_field_error_is_shown_next_to_the_field(people, platform):
    response = people.post(
        "/admin/users/new",
        data={"email": "new@example.lu", "password": "long-enough-1", "platform_ids": ["abc"]},
    )
    assert response.status_code == 422
    assert "platform_ids" in field_errors(response)


def test_pages_beyond_the_end_are_empty_not_an_error(people, platform):
    response = people.get("/api/v1/admin/tenancy/platforms?page=99999999999999999999999")
    assert response.status_code == 200 and response.get_json()["items"] == []
    assert people.get("/admin/vendors?page=99999999999999999999999").status_code == 200


def test_the_page_total_is_shown_under_each_list(people, factory, platform):
    for n in range(3):
        factory.company(platform, f"Firma {n} S.A.")
    page = page_text(people.get("/admin/companies?per_page=3"))
    assert "4 in all" in page and 'rel="next"' in page  # the three and the vendor fixture's company
