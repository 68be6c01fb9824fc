"""What tenancy's Python code says goes out in the reader's language: field errors of forms and
of the API, flashes, the invalid-link page, API error messages (with the error codes clients
know), and the module names of the module page. The texts expected are read from the locale
files, so a reworded translation never breaks a test while a missing one does."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from markupsafe import escape

from modules.tenancy.models import VendorRole

from .helpers import api_error, error_fields, field_errors, flashes, page_text, table
from .test_companies_vendors import COMPANIES, VENDORS, company_form

MODULES = Path(__file__).resolve().parents[2] / "modules"


@cache
def messages(module: str, lang: str) -> dict[str, str]:
    return json.loads((MODULES / module / "locales" / f"{lang}.json").read_text(encoding="utf-8"))


def text(key: str, lang: str, **params) -> str:
    """``key`` as ``lang`` readers see it; a key missing in that language fails the test."""
    found = messages(key.split(".", 1)[0].replace("-", "_"), lang)[key]
    assert found != messages(key.split(".", 1)[0].replace("-", "_"), "en")[key] or lang == "en"
    return found.format(**params)


def speaks(client, lang: str):
    """The switcher's cookie: it holds for every request, redirects followed included."""
    client.set_cookie("lang", lang)
    return client


# ------------------------------------------------------------------ field errors


def test_a_bad_vat_number_is_explained_in_german_next_to_the_field(admin_client, platform):
    speaks(admin_client, "de")
    page = admin_client.post("/admin/companies/new", data=company_form(vat_number="LU12345614"))
    assert page.status_code == 422
    assert field_errors(page)["vat_number"] == text("tenancy.validation.vat_checksum", "de")

    api = admin_client.post(COMPANIES, json=company_form(vat_number="LU12345614"))
    assert api.status_code == 422 and api_error(api)["code"] == "validation_error"
    assert error_fields(api)["vat_number"] == text("tenancy.validation.vat_checksum", "de")


def test_a_taken_vendor_code_is_refused_in_german(admin_client, company, vendor):
    speaks(admin_client, "de")
    form = {"code": vendor.code, "name": "Zweiter Laden", "company_id": str(company.id)}
    page = admin_client.post("/admin/vendors/new", data=form)
    assert page.status_code == 422
    assert field_errors(page) == {"code": text("tenancy.validation.taken", "de")}

    api = admin_client.post(VENDORS, json={**form, "company_id": company.id})
    assert api.status_code == 409 and api_error(api)["code"] == "already_used"
    assert api_error(api)["message"] == text(
        "tenancy.errors.taken", "de", field=messages("tenancy", "de")["tenancy.field.code"], value=vendor.code
    )
    assert error_fields(api) == {"code": text("tenancy.validation.taken", "de")}


def test_a_validator_key_with_placeholders_is_filled_in(admin_client):
    speaks(admin_client, "fr")
    api = admin_client.post(
        "/api/v1/admin/tenancy/platforms", json={"code": "mosel", "name": "Mosel", "domains": ["bad_host!"]}
    )
    assert api.status_code == 422
    assert error_fields(api)["domains"] == text("tenancy.validation.domain", "fr", domain="bad_host!")


def test_a_filter_value_that_does_not_exist_is_explained_in_luxembourgish(admin_client):
    speaks(admin_client, "lb")
    api = admin_client.get(f"{VENDORS}?status=closed")
    assert api.status_code == 422
    choices = "pending, active, suspended, rejected"
    assert api_error(api)["message"] == text("tenancy.errors.choice", "lb", field="status", choices=choices)
    assert error_fields(api) == {"status": text("core.validation.enum", "lb")}


# ------------------------------------------------------------------ API messages


def test_an_illegal_vendor_transition_answers_in_french_with_the_same_error_code(admin_client, vendor):
    english = admin_client.post(f"{VENDORS}/{vendor.id}/activate", headers={"Accept-Language": "en"})
    french = admin_client.post(f"{VENDORS}/{vendor.id}/activate", headers={"Accept-Language": "fr"})
    assert english.status_code == french.status_code == 409
    assert api_error(english)["code"] == api_error(french)["code"] == "invalid_transition"
    active = text("tenancy.status.active", "fr")
    assert api_error(french)["message"] == text(
        "tenancy.errors.vendor_transition", "fr", status=active, target=active
    )
    assert "Actif" in api_error(french)["message"]  # the statuses are translated too


def test_an_anonymous_api_call_is_asked_to_sign_in_in_french(app, platform):
    response = app.test_client().get(
        "/api/v1/admin/tenancy/platforms", headers={"Accept-Language": "fr-LU,fr;q=0.9"}
    )
    assert response.status_code == 401 and api_error(response)["code"] == "authentication_required"
    assert api_error(response)["message"] == text("tenancy.errors.sign_in", "fr")


def test_a_missing_permission_is_named_in_german(app, factory, vendor):
    from modules.tenancy.testing import sign_in

    staff = factory.member(vendor, VendorRole.STAFF, email="staff@example.lu")
    client = speaks(app.test_client(), "de")
    sign_in(client, "vendor", staff.email)
    response = client.post("/api/v1/vendor/tenancy/team/invitations", json={"email": "x@example.lu"})
    assert response.status_code == 403 and api_error(response)["code"] == "forbidden"
    assert api_error(response)["message"] == text(
        "tenancy.errors.permission_missing", "de", permissions="tenancy.manage_team"
    )


# ------------------------------------------------------------------ flashes and pages


def test_the_last_owner_is_kept_and_the_flash_says_so_in_luxembourgish(vendor_client, vendor, vendor_owner):
    speaks(vendor_client, "lb")
    page = vendor_client.post(f"/vendor/{vendor.code}/team/{vendor_owner.id}/remove", follow_redirects=True)
    assert '<html lang="lb">' in page_text(page)
    assert text("tenancy.errors.last_owner", "lb") in flashes(page)


def test_a_vendor_status_refusal_flashes_in_german_with_the_field_label(admin_client, vendor):
    speaks(admin_client, "de")
    page = admin_client.post(
        f"/admin/vendors/{vendor.id}/status", data={"action": "suspend", "reason": ""}, follow_redirects=True
    )
    label = text("tenancy.field.reason", "de")
    assert f"{label}: {text('tenancy.validation.reason', 'de')}" in flashes(page)


def test_an_invalid_reset_link_page_is_in_german(app, platform):
    client = speaks(app.test_client(), "de")
    page = client.get("/admin/password/reset/not-a-token")
    assert page.status_code == 400
    html = page_text(page)
    assert '<html lang="de">' in html
    assert str(escape(text("tenancy.link.invalid_title", "de"))) in html
    assert str(escape(text("tenancy.errors.reset_link_invalid", "de"))) in html


def test_an_invalid_invitation_link_page_is_in_german(app, platform):
    client = speaks(app.test_client(), "de")
    page = client.get("/vendor/invitations/not-a-token")
    assert page.status_code == 400
    assert str(escape(text("tenancy.errors.invitation_invalid", "de"))) in page_text(page)


def test_the_module_page_names_the_modules_in_german(admin_client, platform):
    speaks(admin_client, "de")
    page = admin_client.get(f"/admin/platforms/{platform.id}/modules")
    assert page.status_code == 200
    html = page_text(page)
    for code in ("core", "tenancy", "dev-tools"):
        for part in ("name", "description"):
            assert str(escape(text(f"{code}.module.{part}", "de"))) in html, (code, part)
    assert str(escape(text("tenancy.module.feature.vendor_teams", "de"))) in html
    for english in ("Developer tools", "Component library and icon browser", "Platforms, companies"):
        assert english not in html
    assert "Mandantenverwaltung" in table(page, "modules-core")


def test_refused_module_changes_flash_in_german(admin_client, platform):
    speaks(admin_client, "de")
    core = admin_client.post(
        f"/admin/platforms/{platform.id}/modules/core", data={"action": "disable"}, follow_redirects=True
    )
    assert text("core.errors.core_module", "de", module="core") in flashes(core)
    unknown = admin_client.post(
        f"/admin/platforms/{platform.id}/modules/nope", data={"action": "enable"}, follow_redirects=True
    )
    assert text("core.errors.unknown_module", "de", module="nope") in flashes(unknown)
    odd = admin_client.post(
        f"/admin/platforms/{platform.id}/modules/dev-tools", data={"action": "explode"}, follow_redirects=True
    )
    assert text("tenancy.validation.module_action", "de") in " ".join(flashes(odd))
