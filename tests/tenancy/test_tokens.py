"""API bearer tokens: traded for an e-mail and password, stored hashed, listed, revoked,
expiring; and the profile page that manages them along with name, language and password."""

from __future__ import annotations

import hashlib
import re
from datetime import timedelta

from sqlalchemy import update

from modules.tenancy.models import ApiToken, User, VendorRole
from modules.tenancy.testing import PASSWORD, sign_in
from wizamart.database import db, utcnow

from .helpers import bearer, count, field_errors, flashes, get_token, load, page_text

TOKEN = "/api/v1/auth/token"
TOKENS = "/api/v1/auth/tokens"


def api(app):
    """A cookie-less API client."""
    return app.test_client()


def test_a_token_is_traded_for_email_and_password(app, admin_user):
    response = api(app).post(
        TOKEN, json={"email": admin_user.email, "password": PASSWORD, "name": "ERP"}, csrf=False
    )
    assert response.status_code == 201
    body = response.get_json()
    assert body["token_type"] == "Bearer" and body["name"] == "ERP" and body["expires_at"]
    assert body["token"].startswith("wz_")


def test_wrong_credentials_and_bad_bodies_get_json_errors(app, admin_user):
    wrong = api(app).post(TOKEN, json={"email": admin_user.email, "password": "not-it-at-all"}, csrf=False)
    assert wrong.status_code == 401 and wrong.get_json()["error"]["code"] == "invalid_credentials"
    empty = api(app).post(TOKEN, data="nonsense", content_type="text/plain", csrf=False)
    assert empty.status_code == 422
    bad = api(app).post(TOKEN, json={"email": "nope", "password": ""}, csrf=False)
    assert bad.status_code == 422 and set(bad.get_json()["error"]["details"]["fields"]) == {
        "email",
        "password",
    }


def test_a_token_works_on_the_api_its_owner_may_use(app, admin_user, vendor_owner, vendor):
    admin_token, vendor_token = get_token(app, admin_user.email), get_token(app, vendor_owner.email)

    assert api(app).get("/api/v1/admin/tenancy/vendors", headers=bearer(admin_token)).status_code == 200
    assert (
        api(app).get("/api/v1/vendor/tenancy/shop", headers=bearer(vendor_token)).get_json()["code"]
        == vendor.code
    )

    assert api(app).get("/api/v1/admin/tenancy/vendors", headers=bearer(vendor_token)).status_code == 401
    assert api(app).get("/api/v1/vendor/tenancy/shop", headers=bearer(admin_token)).status_code == 401


def test_bearer_calls_need_no_csrf_token_but_change_state(app, vendor_owner, vendor):
    token = get_token(app, vendor_owner.email)
    response = api(app).post(
        "/api/v1/vendor/tenancy/team/invitations",
        headers=bearer(token),
        json={"email": "new@shop.lu", "role": "staff"},
        csrf=False,
    )
    assert response.status_code == 201


def test_a_session_api_call_without_csrf_is_refused(vendor_client, vendor):
    response = vendor_client.post(
        "/api/v1/vendor/tenancy/team/invitations", json={"email": "new@shop.lu"}, csrf=False
    )
    assert response.status_code == 400


def test_only_the_sha256_of_a_token_is_stored(app, admin_user):
    secret = get_token(app, admin_user.email)
    stored = load(app, ApiToken, user_id=admin_user.id)
    assert stored.token_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in (stored.token_hash, stored.prefix, stored.name)
    assert secret.startswith(stored.prefix) and len(stored.prefix) < 12


def test_tokens_are_listed_and_revoked(app, admin_user):
    first, second = get_token(app, admin_user.email, name="one"), get_token(app, admin_user.email, name="two")
    listed = api(app).get(TOKENS, headers=bearer(first)).get_json()["items"]
    assert {t["name"] for t in listed} == {"one", "two"}
    assert all("token" not in t and first not in str(t) for t in listed)

    two = next(t for t in listed if t["name"] == "two")
    assert api(app).delete(f"{TOKENS}/{two['id']}", headers=bearer(first), csrf=False).status_code == 204
    refused = api(app).get("/api/v1/admin/tenancy/vendors", headers=bearer(second))
    assert refused.status_code == 401 and refused.get_json()["error"]["code"] == "authentication_required"
    assert [t["name"] for t in api(app).get(TOKENS, headers=bearer(first)).get_json()["items"]] == ["one"]
    assert api(app).delete(f"{TOKENS}/{two['id']}", headers=bearer(first), csrf=False).status_code == 404


def test_nobody_revokes_someone_elses_token(app, admin_user, vendor_owner):
    mine, theirs = get_token(app, admin_user.email), get_token(app, vendor_owner.email)
    their_id = api(app).get(TOKENS, headers=bearer(theirs)).get_json()["items"][0]["id"]
    assert api(app).delete(f"{TOKENS}/{their_id}", headers=bearer(mine), csrf=False).status_code == 404
    assert api(app).get(TOKENS, headers=bearer(theirs)).status_code == 200


def test_token_listing_needs_a_live_token(app):
    assert api(app).get(TOKENS).status_code == 401
    assert api(app).get(TOKENS, headers=bearer("wz_made-up")).status_code == 401


def test_an_expired_token_answers_401(app, admin_user):
    token = get_token(app, admin_user.email, days=1)
    with app.app_context():
        db.session.execute(update(ApiToken).values(expires_at=utcnow() - timedelta(seconds=1)))
        db.session.commit()
    assert api(app).get("/api/v1/admin/tenancy/vendors", headers=bearer(token)).status_code == 401


def test_a_token_never_outlives_the_configured_maximum(make_app, factory_for):
    app = make_app(TENANCY_API_TOKEN_DAYS=7)
    factory = factory_for(app)
    factory.platform("lux", domains=("localhost",))
    admin = factory.admin(email="a@example.lu")
    get_token(app, admin.email, days=300)
    stored = load(app, ApiToken, user_id=admin.id)
    expires = stored.expires_at.replace(tzinfo=None)
    assert expires - utcnow().replace(tzinfo=None) <= timedelta(days=7)


def test_a_deactivated_users_tokens_stop_working(app, admin_client, factory, vendor):
    staff = factory.member(vendor, VendorRole.STAFF, email="staff@shop.lu")
    token = get_token(app, staff.email)
    admin_client.put(f"/api/v1/admin/tenancy/users/{staff.id}", json={"is_active": False})
    assert api(app).get("/api/v1/vendor/tenancy/shop", headers=bearer(token)).status_code == 401


# ------------------------------------------------------------------ the profile page


def new_token_on(response) -> str | None:
    match = re.search(r'data-testid="new-token">([^<]+)<', page_text(response))
    return match.group(1) if match else None


def test_the_admin_profile_creates_shows_once_and_revokes_tokens(app, admin_client, admin_user):
    created = admin_client.post(
        "/admin/profile", data={"action": "token", "name": "Reporting", "days": "30"}, follow_redirects=True
    )
    secret = new_token_on(created)
    assert secret and secret.startswith("wz_")
    assert new_token_on(admin_client.get("/admin/profile")) is None, "the secret is shown once"
    assert api(app).get("/api/v1/admin/tenancy/vendors", headers=bearer(secret)).status_code == 200

    token_id = load(app, ApiToken, user_id=admin_user.id).id
    assert "Reporting" in page_text(admin_client.get("/admin/profile"))
    admin_client.post("/admin/profile", data={"action": "revoke", "token_id": str(token_id)})
    assert api(app).get("/api/v1/admin/tenancy/vendors", headers=bearer(secret)).status_code == 401
    assert 'data-testid="token-table"' not in page_text(admin_client.get("/admin/profile"))

    nameless = admin_client.post("/admin/profile", data={"action": "token", "name": "", "days": "500"})
    assert nameless.status_code == 422 and set(field_errors(nameless)) >= {"name"}


def test_the_vendor_profile_manages_tokens_too(app, vendor_client, vendor):
    created = vendor_client.post(
        f"/vendor/{vendor.code}/profile", data={"action": "token", "name": "Till"}, follow_redirects=True
    )
    secret = new_token_on(created)
    assert api(app).get("/api/v1/vendor/tenancy/shop", headers=bearer(secret)).status_code == 200


def test_the_profile_changes_name_and_language(app, vendor_client, vendor, vendor_owner):
    saved = vendor_client.post(
        f"/vendor/{vendor.code}/profile",
        data={"action": "profile", "name": "Olga O.", "locale": "de"},
        follow_redirects=True,
    )
    assert saved.status_code == 200
    user = load(app, User, id=vendor_owner.id)
    assert (user.name, user.locale) == ("Olga O.", "de")
    assert '<html lang="de"' in page_text(vendor_client.get(f"/vendor/{vendor.code}/profile"))

    bad = vendor_client.post(f"/vendor/{vendor.code}/profile", data={"action": "profile", "locale": "xx"})
    assert bad.status_code == 422 and "locale" in field_errors(bad)


def test_the_profile_changes_the_password_after_checking_the_current_one(app, admin_client, admin_user):
    other_session = app.test_client()
    sign_in(other_session, "admin", admin_user.email)

    wrong = admin_client.post(
        "/admin/profile",
        data={
            "action": "password",
            "current_password": "not-mine-1",
            "password": "fresh-secret-9",
            "password_confirm": "fresh-secret-9",
        },
    )
    assert wrong.status_code == 422
    assert field_errors(wrong) == {"current_password": "is not your current password"}

    weak = admin_client.post(
        "/admin/profile",
        data={
            "action": "password",
            "current_password": PASSWORD,
            "password": "short",
            "password_confirm": "short",
        },
    )
    assert weak.status_code == 422 and "password" in field_errors(weak)

    done = admin_client.post(
        "/admin/profile",
        data={
            "action": "password",
            "current_password": PASSWORD,
            "password": "fresh-secret-9",
            "password_confirm": "fresh-secret-9",
        },
        follow_redirects=True,
    )
    assert done.status_code == 200 and flashes(done)
    assert admin_client.get("/admin/").status_code == 200, "this session stays signed in"
    assert other_session.get("/admin/").status_code == 302, "other sessions are signed out"
    assert sign_in(app.test_client(), "admin", admin_user.email, "fresh-secret-9").status_code == 302
    assert count(app, User, id=admin_user.id) == 1
