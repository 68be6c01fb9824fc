"""The language switcher: German, then Luxembourgish, on every page and in the next session."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from modules.tenancy.testing import PASSWORD

from .locales import text


def test_language_switcher_translates_and_sticks(page, new_page, sign_in, live_factory, screenshot):
    # an admin of its own: the switcher saves the choice in the profile
    polyglot = live_factory.admin(email="polyglot@wizamart.lu", name="Polly Glot")
    sign_in(page, "admin", polyglot.email, PASSWORD)
    expect(page.locator("h1")).to_have_text(text("core.dashboard.title"))
    expect(page.locator("html")).to_have_attribute("lang", "en")

    for lang in ("de", "lb"):
        page.get_by_test_id("language-switcher").locator(f"button[value='{lang}']").click()
        expect(page).to_have_url(re.compile(r"/admin/$"))  # back on the page it was switched on
        expect(page.locator("html")).to_have_attribute("lang", lang)
        expect(page.locator("h1")).to_have_text(text("core.dashboard.title", lang))
        expect(page.get_by_test_id("module-table").locator("th").first).to_have_text(
            re.compile(text("core.column.name", lang), re.I)
        )
        menu = page.get_by_test_id("sidebar")
        expect(menu.locator("[data-menu='dashboard']")).to_have_text(text("core.menu.dashboard", lang))
        expect(page.locator(".lang.active")).to_have_text(lang.upper())
        screenshot(page, f"admin-dashboard-{lang}")

        menu.locator("[data-menu='settings']").click()  # another page, another module's menu entry
        expect(page).to_have_url(re.compile(r"/admin/settings$"))
        expect(page.locator("html")).to_have_attribute("lang", lang)
        expect(menu.locator("[data-menu='dashboard']")).to_have_text(text("core.menu.dashboard", lang))
        menu.locator("[data-menu='dashboard']").click()

    # the choice is saved with the account: a new browser signs in to Luxembourgish
    elsewhere = new_page(locale="en-US")
    sign_in(elsewhere, "admin", polyglot.email, PASSWORD)
    expect(elsewhere.locator("html")).to_have_attribute("lang", "lb")
    expect(elsewhere.locator("h1")).to_have_text(text("core.dashboard.title", "lb"))


def test_language_switcher_works_before_signing_in(page):
    page.goto("/vendor/login")
    page.get_by_test_id("language-switcher").locator("button[value='de']").click()
    expect(page).to_have_url(re.compile(r"/vendor/login$"))
    expect(page.locator("html")).to_have_attribute("lang", "de")
    page.goto("/admin/login")  # the cookie carries it to the next page
    expect(page.locator("html")).to_have_attribute("lang", "de")
    expect(page.locator(".lang.active")).to_have_text("DE")
