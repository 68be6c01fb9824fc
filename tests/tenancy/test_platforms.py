"""Platforms as admins run them: list, search, filter, paginate, create, edit, suspend.

Through the admin pages (/admin/platforms…) and the admin API (/api/v1/admin/tenancy/platforms…).
"""

from __future__ import annotations

from modules.tenancy.models import Platform, PlatformDomain, PlatformStatus
from modules.tenancy.testing import sign_in

from .helpers import api_error, count, error_fields, field_errors, flashes, load, page_text, table

API = "/api/v1/admin/tenancy/platforms"


def platform_form(**fields) -> dict:
    return {
        "code": "mosel",
        "name": "Mosel Markt",
        "domains": "mosel.lu www.mosel.lu",
        "default_language": "de",
        "currency": "EUR",
        **fields,
    }


# ------------------------------------------------------------------ listing


def test_the_list_page_searches_filters_and_paginates(admin_client, factory, platform):
    factory.platform("nordstad", domains=("nordstad.lu",), name="Nordstad Shops")
    factory.platform("minett", domains=("minett.lu",), name="Minett Markt", status=PlatformStatus.SUSPENDED)

    def listed(query: str) -> str:
        return table(admin_client.get(f"/admin/platforms{query}"), "platform-table")

    everything = listed("")
    assert "Nordstad Shops" in everything and "Minett Markt" in everything and "Wizamart Lux" in everything

    by_domain = listed("?q=nordstad.lu")
    assert "Nordstad Shops" in by_domain and "Minett Markt" not in by_domain

    suspended = listed("?status=suspended")
    assert "Minett Markt" in suspended and "Nordstad Shops" not in suspended

    first, second = listed("?per_page=2"), admin_client.get("/admin/platforms?per_page=2&page=2")
    assert "Minett Markt" in first and "Nordstad Shops" in first and "Wizamart Lux" not in first
    assert "Wizamart Lux" in table(second, "platform-table") and 'rel="prev"' in page_text(second)
    assert "3" in page_text(second).split("pagination")[-1]  # the total under the table


def test_the_api_lists_with_search_filter_pagination_and_totals(admin_client, factory, platform):
    for n in range(5):
        factory.platform(f"extra-{n}", name=f"Extra {n}")
    factory.platform("quiet", name="Quiet", status=PlatformStatus.SUSPENDED)

    page = admin_client.get(f"{API}?per_page=2&page=2").get_json()
    assert (page["total"], page["pages"], page["page"], page["per_page"]) == (7, 4, 2, 2)
    assert [p["code"] for p in page["items"]] == ["extra-2", "extra-3"]

    found = admin_client.get(f"{API}?q=extra&status=active&per_page=100").get_json()
    assert found["total"] == 5 and {p["status"] for p in found["items"]} == {"active"}
    assert admin_client.get(f"{API}?status=suspended").get_json()["items"][0]["code"] == "quiet"


def test_an_unknown_status_filter_is_a_field_error_not_a_crash(admin_client, platform):
    response = admin_client.get(f"{API}?status=sleeping")
    assert response.status_code == 422
    assert "status" in error_fields(response)
    assert admin_client.get("/admin/platforms?status=sleeping").status_code == 422


# ------------------------------------------------------------------ create and edit


def test_a_super_admin_creates_a_platform_with_its_domains(app, admin_client, platform):
    response = admin_client.post("/admin/platforms/new", data=platform_form())
    assert response.status_code == 302
    created = load(app, Platform, code="mosel")
    assert (created.name, created.default_language, created.currency) == ("Mosel Markt", "de", "EUR")
    assert count(app, PlatformDomain, platform_id=created.id) == 2


def test_bad_platform_input_shows_an_error_next_to_each_field(app, admin_client, platform):
    response = admin_client.post(
        "/admin/platforms/new",
        data=platform_form(code="Not A Code!", domains="shop..lu", currency="euro", name=""),
    )
    assert response.status_code == 422
    errors = field_errors(response)
    assert set(errors) >= {"code", "domains", "currency", "name"}
    assert "lower-case" in errors["code"] and "host name" in errors["domains"]
    assert "ISO currency" in errors["currency"]
    assert 'value="Mosel Markt"' not in page_text(response)  # name was blanked; other input kept:
    assert 'value="euro"' in page_text(response)
    assert count(app, Platform) == 1


def test_the_api_names_the_bad_fields(app, admin_client, platform):
    response = admin_client.post(API, json={"code": "x y", "name": "X", "domains": ["bad_host!"]})
    assert response.status_code == 422
    assert set(error_fields(response)) == {"code", "domains"}
    assert api_error(response)["code"] == "validation_error"
    assert count(app, Platform) == 1


def test_a_taken_code_or_domain_is_refused_naming_the_field(app, admin_client, platform):
    code_taken = admin_client.post(API, json={"code": "lux", "name": "Again"})
    assert code_taken.status_code == 409 and error_fields(code_taken) == {"code": "already used"}

    domain_taken = admin_client.post(API, json={"code": "new-one", "name": "New", "domains": ["LOCALHOST"]})
    assert domain_taken.status_code == 409 and error_fields(domain_taken) == {"domains": "already used"}
    assert count(app, Platform) == 1 and count(app, PlatformDomain) == 1

    page = admin_client.post("/admin/platforms/new", data=platform_form(code="lux"))
    assert page.status_code == 422 and field_errors(page) == {"code": "already used"}


def test_editing_a_platform_changes_it_and_a_failed_edit_changes_nothing(
    app, admin_client, factory, platform
):
    other = factory.platform("nord", domains=("nord.lu",))
    form = admin_client.get(f"/admin/platforms/{platform.id}")
    assert form.status_code == 200 and 'value="localhost"' in page_text(form)

    failed = admin_client.post(
        f"/admin/platforms/{platform.id}",
        data=platform_form(code="renamed", name="Renamed", domains="nord.lu"),
    )
    assert failed.status_code == 422 and field_errors(failed) == {"domains": "already used"}
    unchanged = load(app, Platform, id=platform.id)
    assert (unchanged.code, unchanged.name) == ("lux", "Wizamart Lux")

    saved = admin_client.put(
        f"{API}/{platform.id}",
        json={"code": "lux", "name": "Lux Renamed", "domains": ["localhost", "lux.lu"], "currency": "eur"},
    )
    assert saved.status_code == 200, saved.get_json()
    assert saved.get_json()["domains"] == ["localhost", "lux.lu"] and saved.get_json()["currency"] == "EUR"
    assert admin_client.get(f"{API}/{other.id}").get_json()["domains"] == ["nord.lu"]


# ------------------------------------------------------------------ suspend and reactivate


def test_suspending_needs_a_reason_and_reactivating_brings_it_back(app, admin_client, factory, platform):
    other = factory.platform("nord", domains=("nord.lu",))

    no_reason = admin_client.post(f"{API}/{other.id}/suspend", json={})
    assert no_reason.status_code == 422 and "reason" in error_fields(no_reason)

    suspended = admin_client.post(f"{API}/{other.id}/suspend", json={"reason": "Unpaid invoices"})
    assert suspended.status_code == 200
    assert (suspended.get_json()["status"], suspended.get_json()["status_reason"]) == (
        "suspended",
        "Unpaid invoices",
    )
    again = admin_client.post(f"{API}/{other.id}/suspend", json={"reason": "Still unpaid"})
    assert again.status_code == 409 and "already suspended" in api_error(again)["message"]

    assert admin_client.post(f"{API}/{other.id}/reactivate").get_json()["status"] == "active"
    active = admin_client.post(f"{API}/{other.id}/reactivate")
    assert active.status_code == 409 and "already active" in api_error(active)["message"]


def test_the_platform_page_suspends_and_reactivates(app, admin_client, factory, platform):
    other = factory.platform("nord", domains=("nord.lu",))
    url = f"/admin/platforms/{other.id}/status"

    refused = admin_client.post(url, data={"action": "suspend", "reason": ""}, follow_redirects=True)
    assert load(app, Platform, id=other.id).status is PlatformStatus.ACTIVE
    assert any("reason" in message.lower() for message in flashes(refused))

    admin_client.post(url, data={"action": "suspend", "reason": "Closing for winter"})
    shown = page_text(admin_client.get(f"/admin/platforms/{other.id}"))
    assert "Closing for winter" in shown
    assert load(app, Platform, id=other.id).status is PlatformStatus.SUSPENDED

    admin_client.post(url, data={"action": "reactivate"})
    assert load(app, Platform, id=other.id).status is PlatformStatus.ACTIVE


# ------------------------------------------------------------------ scoped admins


def test_a_scoped_admin_sees_only_their_platforms_and_cannot_create_or_suspend(app, factory, platform):
    other = factory.platform("nord", domains=("nord.lu",), name="Nord")
    scoped = factory.admin([platform], email="scoped@example.lu")
    client = app.test_client()
    assert sign_in(client, "admin", scoped.email).status_code == 302

    listed = client.get(API).get_json()
    assert [p["code"] for p in listed["items"]] == ["lux"] and listed["total"] == 1
    assert "Nord" not in table(client.get("/admin/platforms"), "platform-table")

    assert client.post(API, json={"code": "mine", "name": "Mine"}).status_code == 403
    page = client.post("/admin/platforms/new", data=platform_form(code="mine"))
    assert page.status_code in (403, 422) and count(app, Platform, code="mine") == 0

    assert client.post(f"{API}/{platform.id}/suspend", json={"reason": "Because"}).status_code == 403
    client.post(f"/admin/platforms/{platform.id}/status", data={"action": "suspend", "reason": "Because"})
    assert load(app, Platform, id=platform.id).status is PlatformStatus.ACTIVE

    assert client.get(f"{API}/{other.id}").status_code == 403
    assert client.put(f"{API}/{other.id}", json={"code": "nord", "name": "Mine now"}).status_code == 403
    assert client.get(f"/admin/platforms/{other.id}").status_code in (403, 404)
    assert load(app, Platform, id=other.id).name == "Nord"


def test_a_suspended_platform_closes_its_shops_but_keeps_its_data(
    app, admin_client, vendor_client, vendor, platform
):
    shop_page = f"/vendor/{vendor.code}/"
    assert vendor_client.get(shop_page).status_code == 200
    assert admin_client.post(f"{API}/{platform.id}/suspend", json={"reason": "Audit"}).status_code == 200

    refused = vendor_client.get(shop_page, headers={"Accept-Language": "de"})
    assert refused.status_code == 403
    api = vendor_client.get("/api/v1/vendor/tenancy/shop", headers={"Accept-Language": "fr"})
    assert api.status_code == 403
    assert api_error(api)["message"].startswith("Cette plateforme est suspendue")
    assert admin_client.get("/admin/vendors").status_code == 200, "admins still manage it"

    assert admin_client.post(f"{API}/{platform.id}/reactivate").status_code == 200
    assert vendor_client.get(shop_page).status_code == 200
