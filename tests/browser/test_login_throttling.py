"""Five wrong passwords, and the sixth attempt is refused even with the right one."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from modules.tenancy.testing import PASSWORD

from .locales import text


def test_sixth_attempt_after_five_wrong_passwords_is_throttled(page, sign_in, live_factory):
    target = live_factory.admin(email="forgetful@wizamart.lu", name="Forgetful Admin")
    wrong = text("tenancy.login.invalid")
    throttled = text("tenancy.login.throttled").split("{", 1)[0].strip()

    for attempt in range(5):
        sign_in(page, "admin", target.email, f"not-the-password-{attempt}")
        expect(page.get_by_test_id("form-errors")).to_contain_text(wrong)

    response_status = []
    page.on("response", lambda r: response_status.append(r.status) if r.request.method == "POST" else None)
    sign_in(page, "admin", target.email, PASSWORD)

    expect(page.get_by_test_id("form-errors")).to_contain_text(throttled)
    expect(page).to_have_url(re.compile(r"/admin/login"))
    assert response_status == [429]
    page.goto("/admin/")  # still not signed in
    expect(page).to_have_url(re.compile(r"/admin/login"))
    expect(page.get_by_test_id("login-form")).to_be_visible()
