"""Identity: separate admin and vendor realms, sign-in and out, safe redirects, CSRF,
password hashing, throttling, and password reset by e-mailed link."""

from __future__ import annotations

import re
import time

import pytest
from itsdangerous.timed import TimestampSigner

from modules.tenancy.models import LoginAttempt, User, VendorRole
from modules.tenancy.testing import PASSWORD, sign_in

from .helpers import count, field_errors, flashes, link_in, load, outbox, page_text

NEW_PASSWORD = "brand-new-secret-7"


# ------------------------------------------------------------------ realms


def test_an_admin_session_gives_nothing_in_the_vendor_area(app, factory, vendor):
    both = factory.admin(email="both@example.lu")
    factory.member(vendor, VendorRole.OWNER, user=both)
    client = app.test_client()
    assert sign_in(client, "admin", both.email).status_code == 302

    assert client.get("/admin/").status_code == 200
    page = client.get(f"/vendor/{vendor.code}/")
    assert page.status_code == 302 and page.location.startswith("/vendor/login")
    api = client.get("/api/v1/vendor/tenancy/shop")
    assert api.status_code == 401 and api.get_json()["error"]["code"] == "authentication_required"

    assert sign_in(client, "vendor", both.email).status_code == 302
    assert client.get(f"/vendor/{vendor.code}/").status_code == 200
    client.post("/admin/logout")
    assert client.get("/admin/").status_code == 302
    assert client.get(f"/vendor/{vendor.code}/").status_code == 200, (
        "signing out of one realm keeps the other"
    )


def test_a_vendor_session_gives_nothing_in_the_admin_area(vendor_client, vendor):
    page = vendor_client.get("/admin/")
    assert page.status_code == 302 and page.location.startswith("/admin/login")
    assert vendor_client.get("/api/v1/admin/tenancy/vendors").status_code == 401


def test_each_realm_only_lets_its_own_people_sign_in(app, vendor_owner, admin_user):
    assert sign_in(app.test_client(), "admin", vendor_owner.email).status_code == 401
    assert sign_in(app.test_client(), "vendor", admin_user.email).status_code == 401


def test_a_wrong_password_re_renders_the_form_with_a_message(app, admin_user):
    response = sign_in(app.test_client(), "admin", admin_user.email, "wrong-password-1")
    assert response.status_code == 401
    assert "Wrong e-mail or password." in page_text(response)
    assert 'value="admin@example.lu"' in page_text(response)

    blank = app.test_client().post("/admin/login", data={"email": "", "password": ""})
    assert blank.status_code == 422 and set(field_errors(blank)) == {"email", "password"}


# ------------------------------------------------------------------ next=


@pytest.mark.parametrize(
    ("target", "lands_on"),
    [
        ("/admin/vendors?q=paul", "/admin/vendors?q=paul"),
        ("https://evil.example/admin/", "/admin/"),
        ("//evil.example/admin/", "/admin/"),
        ("/\\evil.example", "/admin/"),
        ("/\t/evil.example", "/admin/"),
        ("javascript:alert(1)", "/admin/"),
    ],
)
def test_sign_in_only_follows_next_on_this_site(app, admin_user, target, lands_on):
    client = app.test_client()
    response = client.post(
        "/admin/login", data={"email": admin_user.email, "password": PASSWORD, "next": target}
    )
    assert response.status_code == 302 and response.location == lands_on


def test_a_page_asks_for_sign_in_and_comes_back_after_it(app, admin_user):
    client = app.test_client()
    asked = client.get("/admin/vendors?status=pending")
    assert asked.status_code == 302
    login_form = client.get(asked.location)
    assert 'name="next" value="/admin/vendors?status=pending"' in page_text(login_form)
    back = client.post(
        asked.location,
        data={"email": admin_user.email, "password": PASSWORD, "next": "/admin/vendors?status=pending"},
    )
    assert back.location == "/admin/vendors?status=pending"


# ------------------------------------------------------------------ logout and CSRF


def test_logout_is_a_post_with_csrf(admin_client):
    assert admin_client.get("/admin/logout").status_code == 405
    assert admin_client.post("/admin/logout", csrf=False).status_code == 400
    assert admin_client.get("/admin/").status_code == 200

    out = admin_client.post("/admin/logout", follow_redirects=True)
    assert "You are signed out." in flashes(out)
    assert admin_client.get("/admin/").status_code == 302


def test_sign_in_itself_needs_the_csrf_token(app, admin_user):
    client = app.test_client()
    response = client.post("/admin/login", data={"email": admin_user.email, "password": PASSWORD}, csrf=False)
    assert response.status_code == 400
    assert client.get("/admin/").status_code == 302


def test_passwords_are_stored_with_scrypt(app, admin_user):
    stored = load(app, User, id=admin_user.id).password_hash
    assert stored.startswith("scrypt:") and PASSWORD not in stored


# ------------------------------------------------------------------ throttling


def test_five_wrong_passwords_lock_the_account_even_for_the_right_one(app, admin_user):
    client = app.test_client()
    for _ in range(5):
        assert sign_in(client, "admin", admin_user.email, "guess-guess-1").status_code == 401
    sixth = sign_in(client, "admin", admin_user.email, PASSWORD)
    assert sixth.status_code == 429
    assert "Too many failed attempts" in page_text(sixth)
    elsewhere = app.test_client()
    from_elsewhere = elsewhere.post(
        "/admin/login",
        data={"email": admin_user.email, "password": PASSWORD},
        environ_base={"REMOTE_ADDR": "192.0.2.77"},
    )
    assert from_elsewhere.status_code == 429, "the account is locked, whichever address asks"
    assert elsewhere.get("/admin/").status_code == 302


def test_the_token_api_is_throttled_too(app, vendor_owner):
    client = app.test_client()
    for _ in range(5):
        wrong = client.post(
            "/api/v1/auth/token", json={"email": vendor_owner.email, "password": "nope-nope-1"}
        )
        assert wrong.status_code == 401
    throttled = client.post("/api/v1/auth/token", json={"email": vendor_owner.email, "password": PASSWORD})
    assert throttled.status_code == 429
    assert throttled.get_json()["error"]["code"] == "too_many_attempts"
    assert "Try again" in throttled.get_json()["error"]["message"]


def test_a_right_password_clears_the_failures(app, admin_user):
    client = app.test_client()
    for _ in range(4):
        sign_in(client, "admin", admin_user.email, "guess-guess-1")
    assert sign_in(client, "admin", admin_user.email).status_code == 302
    assert count(app, LoginAttempt, email=admin_user.email) == 0


def test_one_address_guessing_many_accounts_is_throttled(make_app, factory_for):
    app = make_app(TENANCY_LOGIN_MAX_FAILURES_PER_ADDRESS=3)
    factory = factory_for(app)
    platform = factory.platform("lux", domains=("localhost",))
    victim = factory.admin(email="victim@example.lu")
    attacker = app.test_client()
    address = {"REMOTE_ADDR": "203.0.113.9"}
    for n in range(3):
        response = attacker.post(
            "/admin/login", data={"email": f"guess{n}@example.lu", "password": "x"}, environ_base=address
        )
        assert response.status_code == 401
    blocked = attacker.post(
        "/admin/login", data={"email": victim.email, "password": PASSWORD}, environ_base=address
    )
    assert blocked.status_code == 429
    honest = app.test_client().post(
        "/admin/login",
        data={"email": victim.email, "password": PASSWORD},
        environ_base={"REMOTE_ADDR": "198.51.100.1"},
    )
    assert honest.status_code == 302 and platform.id


# ------------------------------------------------------------------ password reset


def ask_for_reset(app, email: str, realm: str = "admin"):
    return app.test_client().post(f"/{realm}/password/forgot", data={"email": email})


def test_the_reset_mail_carries_a_link_that_sets_a_new_password_once(app, admin_user):
    sent = ask_for_reset(app, admin_user.email)
    assert sent.status_code == 200 and 'data-testid="reset-sent"' in page_text(sent)
    (mail,) = outbox(app)
    assert mail.to == admin_user.email
    link = link_in(mail)
    assert link.startswith("/admin/password/reset/")

    client = app.test_client()
    assert client.get(link).status_code == 200
    mismatch = client.post(link, data={"password": NEW_PASSWORD, "password_confirm": "other-thing-9"})
    assert mismatch.status_code == 422 and "does not match" in field_errors(mismatch)["password_confirm"]

    done = client.post(link, data={"password": NEW_PASSWORD, "password_confirm": NEW_PASSWORD})
    assert done.status_code == 302 and done.location == "/admin/login"
    assert sign_in(app.test_client(), "admin", admin_user.email, PASSWORD).status_code == 401
    assert sign_in(app.test_client(), "admin", admin_user.email, NEW_PASSWORD).status_code == 302

    again = app.test_client().get(link)
    assert again.status_code == 400 and "already been used" in page_text(again)


def test_a_reset_link_expires(app, admin_user, monkeypatch):
    ask_for_reset(app, admin_user.email)
    link = link_in(outbox(app)[-1])
    later = time.time() + 2 * 3600
    monkeypatch.setattr(TimestampSigner, "get_timestamp", lambda self: int(later))
    expired = app.test_client().get(link)
    assert expired.status_code == 400 and "expired" in page_text(expired)


def test_a_tampered_reset_link_is_refused(app, admin_user):
    ask_for_reset(app, admin_user.email)
    link = link_in(outbox(app)[-1])
    response = app.test_client().post(
        link[:-3] + "abc", data={"password": NEW_PASSWORD, "password_confirm": NEW_PASSWORD}
    )
    assert response.status_code == 400 and "not valid" in page_text(response)
    assert sign_in(app.test_client(), "admin", admin_user.email).status_code == 302


def test_a_password_change_ends_the_old_sessions(app, admin_client, admin_user):
    ask_for_reset(app, admin_user.email)
    link = link_in(outbox(app)[-1])
    app.test_client().post(link, data={"password": NEW_PASSWORD, "password_confirm": NEW_PASSWORD})
    response = admin_client.get("/admin/")
    assert response.status_code == 302 and response.location.startswith("/admin/login")


def without_csrf(response) -> str:
    return re.sub(r'name="csrf_token" value="[^"]*"', "", page_text(response))


def test_unknown_e_mails_get_the_same_answer_and_no_mail(app, admin_user, vendor_owner):
    known = ask_for_reset(app, admin_user.email)
    outbox(app).clear()
    unknown = ask_for_reset(app, "nobody@example.lu")
    other_realm = ask_for_reset(app, vendor_owner.email, realm="admin")
    assert unknown.status_code == known.status_code == other_realm.status_code == 200
    assert without_csrf(unknown) == without_csrf(known) == without_csrf(other_realm)
    assert outbox(app) == []


def test_vendor_staff_reset_their_password_in_the_vendor_realm(app, vendor_owner, vendor):
    ask_for_reset(app, vendor_owner.email, realm="vendor")
    link = link_in(outbox(app)[-1])
    assert link.startswith("/vendor/password/reset/")
    done = app.test_client().post(link, data={"password": NEW_PASSWORD, "password_confirm": NEW_PASSWORD})
    assert done.location == "/vendor/login"
    assert sign_in(app.test_client(), "vendor", vendor_owner.email, NEW_PASSWORD).status_code == 302
