"""Users as admins manage them: list, search, filter by kind, create, edit, deactivate; and
what scoped admins may see and grant."""

from __future__ import annotations

import pytest

from modules.tenancy.models import PlatformAdmin, User, VendorRole
from modules.tenancy.testing import PASSWORD, sign_in

from .helpers import count, error_fields, field_errors, load, table

USERS = "/api/v1/admin/tenancy/users"


def test_the_list_searches_filters_by_kind_and_paginates(admin_client, factory, platform, vendor):
    factory.member(vendor, VendorRole.STAFF, email="anne@shop.lu", name="Anne Staff")
    factory.admin([platform], email="paula@admins.lu", name="Paula Scoped")
    factory.user(email="nobody@example.lu")

    admins = admin_client.get(f"{USERS}?kind=admin").get_json()
    assert {u["email"] for u in admins["items"]} == {"admin@example.lu", "paula@admins.lu"}
    staff = admin_client.get(f"{USERS}?kind=vendor").get_json()
    assert [u["email"] for u in staff["items"]] == ["anne@shop.lu"]
    assert admin_client.get(f"{USERS}?q=PAULA").get_json()["items"][0]["platform_ids"] == [platform.id]
    assert admin_client.get(f"{USERS}?kind=robots").status_code == 422

    paged = admin_client.get(f"{USERS}?per_page=3&page=2").get_json()
    assert (paged["total"], paged["pages"], len(paged["items"])) == (4, 2, 1)

    page = table(admin_client.get("/admin/users?kind=vendor"), "user-table")
    assert "anne@shop.lu" in page and "paula@admins.lu" not in page


def test_an_admin_creates_a_user_with_a_hashed_password(app, admin_client, platform):
    response = admin_client.post(
        "/admin/users/new",
        data={
            "email": " New.Admin@Example.LU ",
            "name": "New",
            "password": "long-enough-1",
            "is_super_admin": "false",
            "platform_ids": [str(platform.id)],
        },
    )
    assert response.status_code == 302
    user = load(app, User, email="new.admin@example.lu")
    assert user.password_hash.startswith("scrypt:") and "long-enough-1" not in user.password_hash
    assert count(app, PlatformAdmin, user_id=user.id, platform_id=platform.id) == 1
    assert sign_in(app.test_client(), "admin", "new.admin@example.lu", "long-enough-1").status_code == 302


def test_bad_user_input_and_taken_emails_name_the_field(app, admin_client, platform):
    page = admin_client.post("/admin/users/new", data={"email": "not-an-email", "password": "short"})
    assert page.status_code == 422
    errors = field_errors(page)
    assert "valid e-mail" in errors["email"] and "10 characters" in errors["password"]

    weak = admin_client.post(USERS, json={"email": "a@b.lu", "password": "onlyletterslong"})
    assert weak.status_code == 422 and "mix letters" in error_fields(weak)["password"]

    taken = admin_client.post(USERS, json={"email": "ADMIN@example.lu", "password": PASSWORD})
    assert taken.status_code == 409 and error_fields(taken) == {"email": "already used"}
    taken_page = admin_client.post(
        "/admin/users/new", data={"email": "admin@example.lu", "password": PASSWORD}
    )
    assert taken_page.status_code == 422 and field_errors(taken_page) == {"email": "already used"}

    nowhere = admin_client.post(USERS, json={"email": "x@y.lu", "password": PASSWORD, "platform_ids": [999]})
    assert nowhere.status_code == 422 and "platform_ids" in error_fields(nowhere)
    assert count(app, User) == 1


def test_deactivating_a_user_signs_them_out(app, admin_client, factory, vendor):
    staff = factory.member(vendor, VendorRole.STAFF, email="anne@shop.lu")
    anne = app.test_client()
    sign_in(anne, "vendor", staff.email)
    assert anne.get(f"/vendor/{vendor.code}/").status_code == 200

    saved = admin_client.put(f"{USERS}/{staff.id}", json={"name": "Anne", "is_active": False})
    assert saved.status_code == 200 and saved.get_json()["is_active"] is False
    assert anne.get(f"/vendor/{vendor.code}/").status_code == 302
    assert sign_in(app.test_client(), "vendor", staff.email).status_code == 401


def test_an_admin_cannot_lock_themselves_out(app, admin_client, admin_user):
    page = admin_client.post(
        f"/admin/users/{admin_user.id}", data={"name": "Me", "is_active": "false", "is_super_admin": "true"}
    )
    assert page.status_code == 422 and "cannot deactivate yourself" in page.get_data(as_text=True)
    assert load(app, User, id=admin_user.id).is_active


# ------------------------------------------------------------------ scoped admins


@pytest.fixture
def two_platforms(factory, platform, vendor):
    other = factory.platform("nord", domains=("nord.lu",), name="Nord")
    other_shop = factory.vendor(factory.company(other), "nordshop")
    return {
        "scoped": factory.admin([platform], email="scoped@example.lu"),
        "own_staff": factory.member(vendor, VendorRole.STAFF, email="own@shop.lu"),
        "foreign_staff": factory.member(other_shop, VendorRole.OWNER, email="foreign@nord.lu"),
        "foreign_admin": factory.admin([other], email="nordadmin@nord.lu"),
        "other": other,
    }


@pytest.fixture
def scoped_client(app, two_platforms):
    client = app.test_client()
    assert sign_in(client, "admin", "scoped@example.lu").status_code == 302
    return client


def test_a_scoped_admin_sees_only_the_people_of_their_platforms(scoped_client, two_platforms):
    emails = {u["email"] for u in scoped_client.get(USERS).get_json()["items"]}
    assert emails == {"scoped@example.lu", "own@shop.lu"}
    page = table(scoped_client.get("/admin/users"), "user-table")
    assert "foreign@nord.lu" not in page and "admin@example.lu" not in page


def test_a_scoped_admin_cannot_read_or_change_other_platforms_people(
    app, scoped_client, two_platforms, admin_user
):
    for person in ("foreign_staff", "foreign_admin"):
        user_id = two_platforms[person].id
        assert scoped_client.get(f"{USERS}/{user_id}").status_code == 404
        assert scoped_client.get(f"/admin/users/{user_id}").status_code == 404
        changed = scoped_client.put(f"{USERS}/{user_id}", json={"name": "Hijacked", "is_active": False})
        assert changed.status_code == 404
        page = scoped_client.post(f"/admin/users/{user_id}", data={"name": "Hijacked", "is_active": "false"})
        assert page.status_code == 404
        assert load(app, User, id=user_id).is_active and load(app, User, id=user_id).name != "Hijacked"
    assert scoped_client.get(f"{USERS}/{admin_user.id}").status_code == 404


def test_a_scoped_admin_cannot_grant_super_admin_or_foreign_platforms(
    app, scoped_client, two_platforms, platform
):
    grant_super = scoped_client.post(
        USERS, json={"email": "boss@x.lu", "password": PASSWORD, "is_super_admin": True}
    )
    assert grant_super.status_code == 403
    grant_foreign = scoped_client.post(
        USERS, json={"email": "boss@x.lu", "password": PASSWORD, "platform_ids": [two_platforms["other"].id]}
    )
    assert grant_foreign.status_code == 403
    page = scoped_client.post(
        "/admin/users/new", data={"email": "boss@x.lu", "password": PASSWORD, "is_super_admin": "true"}
    )
    assert page.status_code == 422 and "only grant admin rights" in page.get_data(as_text=True)
    assert count(app, User, email="boss@x.lu") == 0

    own = two_platforms["own_staff"]
    promote = scoped_client.put(f"{USERS}/{own.id}", json={"is_super_admin": True})
    assert promote.status_code == 403 and not load(app, User, id=own.id).is_super_admin

    ok = scoped_client.post(
        USERS, json={"email": "helper@x.lu", "password": PASSWORD, "platform_ids": [platform.id]}
    )
    assert ok.status_code == 201 and ok.get_json()["platform_ids"] == [platform.id]


def test_a_scoped_admin_keeps_grants_they_cannot_see(app, factory, scoped_client, two_platforms, platform):
    both = factory.admin([platform, two_platforms["other"]], email="both@example.lu")
    saved = scoped_client.put(f"{USERS}/{both.id}", json={"name": "Both", "platform_ids": []})
    assert saved.status_code == 200
    assert saved.get_json()["platform_ids"] == [two_platforms["other"].id]


def test_a_scoped_admin_cannot_change_a_super_admin(app, factory, scoped_client, platform, admin_user):
    boss = factory.admin(email="boss@example.lu")
    factory.member(factory.vendor(factory.company(platform), "boss-shop"), VendorRole.OWNER, user=boss)
    demoted = scoped_client.put(f"{USERS}/{boss.id}", json={"name": "Boss", "is_super_admin": False})
    assert demoted.status_code == 403 and load(app, User, id=boss.id).is_super_admin
