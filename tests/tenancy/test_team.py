"""A vendor's team: the owner invites by e-mail (a signed, expiring link), invitees join
with a new or an existing account, the owner sets roles and removes members; a shop keeps
at least one owner; staff and managers cannot invite."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import update

from modules.tenancy.models import Invitation, User, VendorMembership, VendorRole
from modules.tenancy.testing import PASSWORD, sign_in
from wizamart.database import db, utcnow

from .helpers import api_error, count, error_fields, field_errors, flashes, link_in, load, outbox, page_text

NEW_PASSWORD = "joining-secret-5"


def team_url(vendor, tail: str = "") -> str:
    return f"/vendor/{vendor.code}/team{tail}"


def invite(client, vendor, email: str, role: str = "staff"):
    return client.post(team_url(vendor, "/invitations"), data={"email": email, "role": role})


def test_the_owner_invites_and_a_newcomer_joins_with_a_new_account(app, vendor_client, vendor):
    sent = invite(vendor_client, vendor, "Newbie@Example.lu", "manager")
    assert sent.status_code == 302
    assert "Invitation sent to newbie@example.lu." in flashes(vendor_client.get(sent.location))
    assert "newbie@example.lu" in page_text(vendor_client.get(team_url(vendor)))

    (mail,) = outbox(app)
    assert mail.to == "newbie@example.lu" and vendor.name in mail.subject
    link = link_in(mail)
    assert link.startswith("/vendor/invitations/")

    newcomer = app.test_client()
    form = newcomer.get(link)
    assert form.status_code == 200 and 'name="password"' in page_text(form)
    short = newcomer.post(link, data={"name": "Nina", "password": "short", "password_confirm": "short"})
    assert short.status_code == 422 and "password" in field_errors(short)
    assert count(app, User, email="newbie@example.lu") == 0

    joined = newcomer.post(
        link, data={"name": "Nina", "password": NEW_PASSWORD, "password_confirm": NEW_PASSWORD}
    )
    assert joined.status_code == 302 and joined.location == f"/vendor/{vendor.code}/"
    assert newcomer.get(joined.location).status_code == 200, "the newcomer is signed in"
    user = load(app, User, email="newbie@example.lu")
    assert user.password_hash.startswith("scrypt:")
    assert load(app, VendorMembership, user_id=user.id).role is VendorRole.MANAGER
    assert sign_in(app.test_client(), "vendor", user.email, NEW_PASSWORD).status_code == 302

    members = vendor_client.get("/api/v1/vendor/tenancy/team").get_json()["members"]
    assert {(m["email"], m["role"]) for m in members} == {
        ("owner@example.lu", "owner"),
        ("newbie@example.lu", "manager"),
    }
    used = app.test_client().get(link)
    assert used.status_code == 400 and "already been used" in page_text(used)


def test_someone_with_an_account_joins_without_a_new_password(
    app, vendor_client, factory, vendor, other_vendor
):
    existing = factory.member(other_vendor, VendorRole.OWNER, email="velo@example.lu")
    response = vendor_client.post(
        "/api/v1/vendor/tenancy/team/invitations", json={"email": existing.email, "role": "staff"}
    )
    assert response.status_code == 201 and response.get_json()["role"] == "staff"
    link = link_in(outbox(app)[-1])

    client = app.test_client()
    assert 'name="password"' not in page_text(client.get(link))
    joined = client.post(link, data={})
    assert joined.status_code == 302
    assert load(app, VendorMembership, user_id=existing.id, vendor_id=vendor.id).role is VendorRole.STAFF
    assert sign_in(app.test_client(), "vendor", existing.email, PASSWORD).status_code == 302


def test_inviting_a_member_again_or_a_bad_address_is_a_field_error(app, vendor_client, vendor, vendor_owner):
    again = invite(vendor_client, vendor, vendor_owner.email)
    assert again.status_code == 422 and field_errors(again) == {"email": "already used"}
    bad = invite(vendor_client, vendor, "not-an-address")
    assert bad.status_code == 422 and "valid e-mail" in field_errors(bad)["email"]
    api = vendor_client.post(
        "/api/v1/vendor/tenancy/team/invitations", json={"email": "x@y.lu", "role": "boss"}
    )
    assert api.status_code == 422 and "role" in error_fields(api)
    assert count(app, Invitation) == 0 and outbox(app) == []


def test_a_withdrawn_invitation_is_refused_with_a_message(app, vendor_client, vendor):
    invite(vendor_client, vendor, "late@example.lu")
    link, invitation = link_in(outbox(app)[-1]), load(app, Invitation, email="late@example.lu")
    vendor_client.post(team_url(vendor, f"/invitations/{invitation.id}/revoke"))
    refused = app.test_client().post(link, data={"password": NEW_PASSWORD, "password_confirm": NEW_PASSWORD})
    assert refused.status_code == 400 and "withdrawn" in page_text(refused)
    assert count(app, User, email="late@example.lu") == 0


def test_an_expired_invitation_is_refused_with_a_message(app, vendor_client, vendor):
    invite(vendor_client, vendor, "late@example.lu")
    link = link_in(outbox(app)[-1])
    with app.app_context():
        db.session.execute(update(Invitation).values(expires_at=utcnow() - timedelta(minutes=1)))
        db.session.commit()
    refused = app.test_client().get(link)
    assert refused.status_code == 400 and "expired" in page_text(refused)
    assert 'data-testid="pending-invitations"' not in page_text(vendor_client.get(team_url(vendor)))


def test_a_forged_invitation_link_is_refused(app, vendor_client, vendor):
    invite(vendor_client, vendor, "someone@example.lu")
    link = link_in(outbox(app)[-1])
    assert app.test_client().get(link[:-4] + "AAAA").status_code == 400


# ------------------------------------------------------------------ roles


@pytest.fixture
def team(factory, vendor, vendor_owner):
    return {
        "owner": vendor_owner,
        "manager": factory.member(vendor, VendorRole.MANAGER, email="manager@example.lu"),
        "staff": factory.member(vendor, VendorRole.STAFF, email="staff@example.lu"),
    }


def test_the_owner_changes_roles_and_removes_members(app, vendor_client, vendor, team):
    staff = team["staff"]
    changed = vendor_client.post(
        team_url(vendor, f"/{staff.id}/role"), data={"role": "manager"}, follow_redirects=True
    )
    assert "Role changed." in flashes(changed)
    assert load(app, VendorMembership, user_id=staff.id).role is VendorRole.MANAGER

    via_api = vendor_client.put(f"/api/v1/vendor/tenancy/team/{staff.id}", json={"role": "staff"})
    assert via_api.status_code == 200 and via_api.get_json()["role"] == "staff"

    removed = vendor_client.post(team_url(vendor, f"/{staff.id}/remove"), follow_redirects=True)
    assert "Removed from the team." in flashes(removed)
    assert count(app, VendorMembership, user_id=staff.id) == 0
    assert vendor_client.delete(f"/api/v1/vendor/tenancy/team/{team['manager'].id}").status_code == 204
    assert vendor_client.delete(f"/api/v1/vendor/tenancy/team/{team['manager'].id}").status_code == 404


def test_the_last_owner_cannot_be_removed_or_demoted(app, vendor_client, vendor, team):
    owner = team["owner"]
    demote = vendor_client.put(f"/api/v1/vendor/tenancy/team/{owner.id}", json={"role": "staff"})
    assert demote.status_code == 409 and "at least one owner" in api_error(demote)["message"]
    remove = vendor_client.delete(f"/api/v1/vendor/tenancy/team/{owner.id}")
    assert remove.status_code == 409

    page = vendor_client.post(
        team_url(vendor, f"/{owner.id}/role"), data={"role": "manager"}, follow_redirects=True
    )
    assert any("at least one owner" in message for message in flashes(page))
    page = vendor_client.post(team_url(vendor, f"/{owner.id}/remove"), follow_redirects=True)
    assert any("at least one owner" in message for message in flashes(page))
    assert load(app, VendorMembership, user_id=owner.id).role is VendorRole.OWNER

    vendor_client.put(f"/api/v1/vendor/tenancy/team/{team['manager'].id}", json={"role": "owner"})
    assert (
        vendor_client.put(f"/api/v1/vendor/tenancy/team/{owner.id}", json={"role": "staff"}).status_code
        == 200
    )


@pytest.mark.parametrize("role", ["manager", "staff"])
def test_managers_and_staff_see_the_team_but_cannot_invite_or_change_it(app, vendor, team, role):
    client = app.test_client()
    sign_in(client, "vendor", team[role].email)
    page = client.get(team_url(vendor))
    assert page.status_code == 200 and 'data-testid="invite-form"' not in page_text(page)
    assert client.get("/api/v1/vendor/tenancy/team").status_code == 200

    assert invite(client, vendor, "friend@example.lu").status_code == 403
    api = client.post("/api/v1/vendor/tenancy/team/invitations", json={"email": "friend@example.lu"})
    assert api.status_code == 403 and "manage_team" in api_error(api)["message"]
    assert client.post(team_url(vendor, f"/{team['owner'].id}/remove")).status_code == 403
    assert (
        client.put(f"/api/v1/vendor/tenancy/team/{team[role].id}", json={"role": "owner"}).status_code == 403
    )
    assert count(app, Invitation) == 0
    assert load(app, VendorMembership, user_id=team[role].id).role is VendorRole(role)


def test_a_team_change_through_the_wrong_shop_touches_nothing(
    app, vendor_client, factory, vendor, other_vendor
):
    theirs = factory.member(other_vendor, VendorRole.STAFF, email="velo-staff@example.lu")
    assert vendor_client.delete(f"/api/v1/vendor/tenancy/team/{theirs.id}").status_code == 404
    assert (
        vendor_client.post(team_url(vendor, f"/{theirs.id}/remove"), follow_redirects=True).status_code == 200
    )
    assert count(app, VendorMembership, user_id=theirs.id) == 1


def test_inviting_a_pending_address_again_replaces_the_first_link(app, vendor_client, vendor):
    invite(vendor_client, vendor, "twice@example.lu", "staff")
    invite(vendor_client, vendor, "twice@example.lu", "manager")
    first, second = outbox(app)
    pending = vendor_client.get("/api/v1/vendor/tenancy/team").get_json()["invitations"]
    assert [(i["email"], i["role"]) for i in pending] == [("twice@example.lu", "manager")]

    stale = app.test_client().get(link_in(first))
    assert stale.status_code == 400
    assert app.test_client().get(link_in(second)).status_code == 200
