"""A shop owner's session: their dashboard, a staff member invited by e-mail, and no other shop."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from modules.tenancy.demo import SHOPS

from .conftest import PHONE
from .locales import text

OWN_SHOP, OTHER_SHOP = SHOPS[0][0], SHOPS[1][0]  # boulangerie-paul, velo-lux
OWNER = SHOPS[0][3][0][0]  # paul@boulangerie-paul.lu
NEWCOMER = "lena.kieffer@boulangerie-paul.lu"
INVITATION_LINK = re.compile(r"https?://\S+/vendor/invitations/\S+")


def test_vendor_owner_sees_their_dashboard(page, new_page, sign_in, screenshot):
    sign_in(page, "vendor", OWNER)

    expect(page).to_have_url(re.compile(rf"/vendor/{OWN_SHOP}/$"))
    expect(page.locator("h1")).to_have_text("Boulangerie Paul")
    expect(page.locator("[data-widget='tenancy.team'] .widget-value")).to_have_text(re.compile(r"^\d+$"))
    expect(page.get_by_test_id("sidebar").locator("[data-menu='team']")).to_be_visible()
    screenshot(page, "vendor-dashboard")

    phone = new_page(viewport=PHONE)
    sign_in(phone, "vendor", OWNER)
    expect(phone.locator("h1")).to_have_text("Boulangerie Paul")
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    screenshot(phone, "vendor-dashboard-phone")


def test_owner_invites_a_staff_member_who_joins(page, new_page, sign_in, live_server, screenshot):
    sign_in(page, "vendor", OWNER)
    page.get_by_test_id("sidebar").locator("[data-menu='team']").click()
    expect(page.locator("h1")).to_have_text(text("tenancy.team.title"))

    invite = page.get_by_test_id("invite-form")
    invite.locator("#f-email").fill(NEWCOMER)
    invite.locator("#f-role").select_option("staff")
    invite.get_by_test_id("send-invite").click()

    expect(page.get_by_test_id("flash")).to_contain_text(NEWCOMER)
    expect(page.get_by_test_id("pending-invitations")).to_contain_text(NEWCOMER)
    screenshot(page, "vendor-team-pending-invitation")

    mails = [mail for mail in live_server.sent_mail() if mail.to == NEWCOMER]
    assert len(mails) == 1, live_server.sent_mail()
    assert "Boulangerie Paul" in mails[0].subject
    link = INVITATION_LINK.search(mails[0].text).group(0)

    newcomer = new_page()  # a browser of their own: no owner's session
    newcomer.goto(link)
    expect(newcomer.locator("h1")).to_contain_text("Boulangerie Paul")
    form = newcomer.get_by_test_id("accept-form")
    form.locator("#f-name").fill("Lena Kieffer")
    form.locator("#f-password").fill("Bréit-mat-Botter-7")
    form.locator("#f-password_confirm").fill("Bréit-mat-Botter-7")
    form.get_by_test_id("accept-submit").click()

    expect(newcomer).to_have_url(re.compile(rf"/vendor/{OWN_SHOP}/$"))
    expect(newcomer.get_by_test_id("flash")).to_contain_text("Boulangerie Paul")
    expect(newcomer.get_by_test_id("user-menu")).to_contain_text("Lena Kieffer")

    page.reload()
    expect(page.get_by_test_id("team-table")).to_contain_text(NEWCOMER)
    expect(page.get_by_test_id("pending-invitations")).to_have_count(0)


def test_owner_sees_only_their_own_shop(page, sign_in):
    sign_in(page, "vendor", OWNER)
    expect(page).to_have_url(re.compile(rf"/vendor/{OWN_SHOP}/$"))

    for path in (f"/vendor/{OTHER_SHOP}/", f"/vendor/{OTHER_SHOP}/team", f"/vendor/{OTHER_SHOP}/settings"):
        response = page.goto(path)
        assert response.status in (403, 404), f"{path} answered {response.status}"
        expect(page.get_by_test_id("error-page")).to_be_visible()
        expect(page.locator("body")).not_to_contain_text("Vëlo Lux")
        expect(page.locator("body")).not_to_contain_text("marc@velo-lux.lu")
