"""An admin's first session: dashboard, a company and its shop, a module off and on again."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from modules.tenancy.demo import ADMIN_EMAIL
from wizamart import module_service

from .conftest import PHONE
from .locales import text

DEV_TOOLS_MENU = ("components", "icons")  # the menu items dev-tools adds to the admin sidebar


@pytest.fixture
def dev_tools_back_on(live_server):
    """Whatever happens in the test, dev-tools is enabled again for the next one."""
    yield
    with live_server.app.app_context():
        module_service.enable_module(live_server.app.config["DEFAULT_PLATFORM_ID"], "dev-tools")


def test_admin_dashboard_shows_widgets_and_menu(page, new_page, sign_in, screenshot):
    sign_in(page, "admin", ADMIN_EMAIL)

    expect(page).to_have_url(re.compile(r"/admin/$"))
    expect(page.locator("h1")).to_have_text(text("core.dashboard.title"))
    for widget in ("tenancy.vendors", "tenancy.users", "core.modules"):
        expect(page.locator(f"[data-widget='{widget}'] .widget-value")).to_have_text(re.compile(r"^\d+$"))
    sidebar = page.get_by_test_id("sidebar")
    for item in ("dashboard", "platforms", "companies", "vendors", "users", "modules", *DEV_TOOLS_MENU):
        expect(sidebar.locator(f"[data-menu='{item}']")).to_be_visible()
    screenshot(page, "admin-dashboard")

    phone = new_page(viewport=PHONE)
    sign_in(phone, "admin", ADMIN_EMAIL)
    expect(phone.get_by_test_id("sidebar")).to_be_hidden()
    phone.click("[data-menu-toggle]")
    expect(phone.get_by_test_id("sidebar")).to_be_visible()
    phone.click("[data-menu-toggle]")
    assert _no_horizontal_overflow(phone)
    screenshot(phone, "admin-dashboard-phone")


def test_admin_creates_a_company_and_its_vendor(page, sign_in, screenshot):
    sign_in(page, "admin", ADMIN_EMAIL)
    page.get_by_test_id("sidebar").locator("[data-menu='companies']").click()
    page.get_by_test_id("new-company").click()

    form = page.get_by_test_id("company-form")
    form.locator("#f-legal_name").fill("Moselwäin Schengen S.A.")
    form.locator("#f-vat_number").fill("LU12345678")  # check digits wrong: 123456 % 89 is 13
    form.locator("#f-city").fill("Schengen")
    form.get_by_test_id("save").click()

    error = form.locator(".field-error[data-field='vat_number']")
    expect(error).to_be_visible()
    expect(page.get_by_test_id("form-errors")).to_be_visible()
    # next to its field: inside the VAT field's box, right under the input it explains
    expect(form.locator(".field.has-error")).to_have_count(1)
    expect(form.locator(".field.has-error #f-vat_number")).to_have_attribute("aria-invalid", "true")
    field_box, error_box = form.locator("#f-vat_number").bounding_box(), error.bounding_box()
    assert 0 <= error_box["y"] - (field_box["y"] + field_box["height"]) < 40
    expect(form.locator("#f-legal_name")).to_have_value("Moselwäin Schengen S.A.")  # nothing typed is lost
    screenshot(page, "company-form-field-error")

    form.locator("#f-vat_number").fill("LU12345613")
    form.get_by_test_id("save").click()
    expect(page.get_by_test_id("flash")).to_contain_text("Moselwäin Schengen S.A.")
    page.get_by_role("link", name="Moselwäin Schengen S.A.").click()
    page.get_by_test_id("new-vendor").click()

    form = page.get_by_test_id("vendor-form")
    expect(form.locator("#f-company_id option:checked")).to_have_text("Moselwäin Schengen S.A.")
    form.locator("#f-name").fill("Caves Schengen")
    form.locator("#f-code").fill("caves-schengen")
    form.locator("#f-default_language").select_option("de")
    form.get_by_test_id("save").click()

    expect(page.get_by_test_id("flash")).to_contain_text("Caves Schengen")
    expect(page.locator("h1")).to_have_text("Caves Schengen")
    expect(page.get_by_test_id("vendor-status")).to_be_visible()
    page.get_by_test_id("sidebar").locator("[data-menu='vendors']").click()
    expect(page.get_by_test_id("vendor-table")).to_contain_text("caves-schengen")


def test_admin_disables_and_reenables_a_module(page, sign_in, screenshot, dev_tools_back_on):
    sign_in(page, "admin", ADMIN_EMAIL)
    sidebar = page.get_by_test_id("sidebar")
    sidebar.locator("[data-menu='modules']").click()
    expect(page.locator("[data-module='dev-tools']")).to_contain_text(text("core.dashboard.enabled"))

    page.get_by_test_id("disable-dev-tools").click()
    preview = page.get_by_test_id("cascade-preview")
    expect(preview.get_by_test_id("cascade-list")).to_contain_text("dev-tools")
    expect(preview).to_contain_text(text("tenancy.modules.no_data_deleted"))
    expect(sidebar.locator("[data-menu='components']")).to_be_visible()  # nothing happened yet
    screenshot(page, "module-management")

    page.get_by_test_id("confirm-change").click()
    expect(page.get_by_test_id("flash")).to_contain_text("dev-tools")
    expect(page.locator("[data-module='dev-tools']")).to_contain_text(text("core.dashboard.disabled"))
    for item in DEV_TOOLS_MENU:
        expect(sidebar.locator(f"[data-menu='{item}']")).to_have_count(0)
    expect(page.get_by_test_id("module-history")).to_contain_text("dev-tools")
    expect(page.get_by_test_id("module-history")).to_contain_text(ADMIN_EMAIL)
    response = page.goto("/admin/dev-tools/components")
    assert response.status == 404
    expect(page.get_by_test_id("error-page")).to_be_visible()

    page.goto("/admin/modules")
    page.get_by_test_id("enable-dev-tools").click()
    expect(page.get_by_test_id("cascade-list")).to_contain_text("dev-tools")
    page.get_by_test_id("confirm-change").click()
    expect(page.locator("[data-module='dev-tools']")).to_contain_text(text("core.dashboard.enabled"))
    for item in DEV_TOOLS_MENU:
        expect(sidebar.locator(f"[data-menu='{item}']")).to_be_visible()
    sidebar.locator("[data-menu='components']").click()
    expect(page).to_have_url(re.compile(r"/admin/dev-tools/components$"))
    expect(page.get_by_test_id("error-page")).to_have_count(0)


def _no_horizontal_overflow(page) -> bool:
    """Nothing sticks out sideways: the page is no wider than the screen."""
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
