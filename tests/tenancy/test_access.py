"""THE ACCESS WALK: every registered admin and vendor route, taken from ``app.url_map`` (so a
new module's routes are walked too), is refused to people who have no business there.

- the owner of shop A using shop B's code (URL or ``X-Vendor``) gets 403 or 404 everywhere;
- an admin scoped to platform 1 gets 403 or 404 for platform 2's records, and 403 on
  platform 2's domain;
- anonymous requests are sent to the right sign-in page (pages) or get a 401 (API);
- every state-changing route refuses a request without its CSRF token.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from werkzeug.routing.converters import AnyConverter

from modules.tenancy.models import Company, Invitation, Platform, User, Vendor, VendorMembership, VendorRole
from modules.tenancy.testing import sign_in
from wizamart.modules.definition import FrontendType
from wizamart.security import CSRF_EXEMPT_ATTR, PUBLIC_ATTR, frontend_of

from .helpers import bearer, client_on, count, outbox

IGNORED_METHODS = {"HEAD", "OPTIONS"}
REFUSED = (403, 404)


@dataclass(frozen=True)
class Route:
    rule: object
    method: str

    @property
    def path(self) -> str:
        return self.rule.rule

    @property
    def is_api(self) -> bool:
        return self.path.startswith("/api/")

    def url(self, values: dict) -> str:
        """The rule's URL with each argument taken from ``values`` (by name; ``1`` otherwise)."""
        args = {}
        for name in self.rule.arguments:
            converter = self.rule._converters[name]  # werkzeug keeps them on the rule
            if isinstance(converter, AnyConverter):
                args[name] = sorted(converter.items)[0]
            else:
                args[name] = values.get(name, 1)
        return self.rule.build(args, append_unknown=False)[1]

    def __str__(self) -> str:
        return f"{self.method} {self.path}"


def routes(app, frontends: set[FrontendType], public: bool | None = False) -> list[Route]:
    """Every (rule, method) of ``frontends``; ``public`` None takes public views too."""
    found = []
    for rule in app.url_map.iter_rules():
        if frontend_of(rule.rule) not in frontends:
            continue
        view = app.view_functions[rule.endpoint]
        if public is not None and bool(getattr(view, PUBLIC_ATTR, False)) != public:
            continue
        found += [Route(rule, method) for method in sorted(rule.methods - IGNORED_METHODS)]
    return found


def send(client, route: Route, url: str, headers: dict | None = None, **kwargs):
    """A request shaped like a real one: JSON for the API, a form for pages, with plausible
    values, so that a route that forgot a check would act."""
    body = {
        "email": "walker@example.lu",
        "role": "owner",
        "name": "Walker",
        "reason": "walking by",
        "action": "suspend",
        "is_active": False,
    }
    if route.method in ("GET", "DELETE"):
        return client.open(url, method=route.method, headers=headers, **kwargs)
    if route.is_api:
        return client.open(url, method=route.method, json=body, headers=headers, **kwargs)
    form = {k: str(v).lower() if isinstance(v, bool) else v for k, v in body.items()}
    return client.open(url, method=route.method, data=form, headers=headers, **kwargs)


def assert_all_refused(outcomes: dict[str, int], allowed=REFUSED) -> None:
    wrong = {route: status for route, status in outcomes.items() if status not in allowed}
    assert not wrong, f"{len(wrong)} of {len(outcomes)} routes let the request through: {wrong}"


# ------------------------------------------------------------------ the scene


@pytest.fixture
def scene(app, factory, platform, vendor, vendor_owner, other_vendor):
    """Shop A (``vendor``, owner signed in) and shop B (``other_vendor``) on platform 1;
    platform 2 with a company, a shop C, its staff and its admin."""
    b_owner = factory.member(other_vendor, VendorRole.OWNER, email="b-owner@example.lu")
    b_staff = factory.member(other_vendor, VendorRole.STAFF, email="b-staff@example.lu")
    with app.app_context():
        from datetime import timedelta

        from wizamart.database import db, utcnow

        invitation = Invitation(
            vendor_id=other_vendor.id,
            email="b-invitee@example.lu",
            role=VendorRole.STAFF,
            expires_at=utcnow() + timedelta(days=3),
        )
        db.session.add(invitation)
        db.session.commit()
        invitation_id = invitation.id
    second = factory.platform("nord", domains=("nord.lu",), name="Nord")
    second_company = factory.company(second, "Nord Handel S.A.")
    shop_c = factory.vendor(second_company, "nordshop", name="Nord Shop")
    c_owner = factory.member(shop_c, VendorRole.OWNER, email="c-owner@example.lu")
    return {
        "a": vendor,
        "b": other_vendor,
        "b_owner": b_owner,
        "b_staff": b_staff,
        "b_invitation": invitation_id,
        "platform": platform,
        "second": second,
        "second_company": second_company,
        "c": shop_c,
        "c_owner": c_owner,
    }


def snapshot(app) -> dict:
    """What the walks must leave untouched."""
    with app.app_context():
        from wizamart.database import db

        return {
            "members": sorted(
                (m.vendor_id, m.user_id, m.role.value) for m in db.session.query(VendorMembership)
            ),
            "invitations": sorted((i.id, i.email, bool(i.revoked_at)) for i in db.session.query(Invitation)),
            "vendors": sorted((v.id, v.name, v.status.value) for v in db.session.query(Vendor)),
            "companies": sorted((c.id, c.legal_name) for c in db.session.query(Company)),
            "platforms": sorted((p.id, p.name, p.status.value) for p in db.session.query(Platform)),
            "users": sorted((u.id, u.name, u.is_active, u.is_super_admin) for u in db.session.query(User)),
        }


# ------------------------------------------------------------------ vendor A's owner, shop B's code


def vendor_walk(client, app, foreign_code: str, ids: dict, headers: dict | None = None) -> dict[str, int]:
    outcomes = {}
    for route in routes(app, {FrontendType.VENDOR}):
        url = route.url({"vendor_code": foreign_code, **ids})
        if route.is_api or "vendor_code" in route.rule.arguments:
            outcomes[f"{route} -> {url}"] = send(
                client, route, url, {"X-Vendor": foreign_code, **(headers or {})}
            ).status_code
    return outcomes


def foreign_ids(scene, shop: str) -> dict:
    member = scene["b_staff"] if shop == "b" else scene["c_owner"]
    return {"user_id": member.id, "invitation_id": scene["b_invitation"]}


def test_the_walk_covers_every_vendor_route(app):
    walked = [r for r in routes(app, {FrontendType.VENDOR}) if r.is_api or "vendor_code" in r.rule.arguments]
    paths = {r.path for r in walked}
    assert "/vendor/<vendor_code>/team/<int:user_id>/remove" in paths
    assert "/api/v1/vendor/tenancy/team/<int:user_id>" in paths
    assert "/vendor/<vendor_code>/profile" in paths
    assert len(walked) >= 15


@pytest.mark.parametrize("shop", ["b", "c"], ids=["same-platform", "other-platform"])
def test_a_vendor_owner_gets_nothing_from_another_shop(app, vendor_client, scene, shop):
    before = snapshot(app)
    foreign = scene[shop]
    assert_all_refused(vendor_walk(vendor_client, app, foreign.code, foreign_ids(scene, shop)))
    assert snapshot(app) == before
    assert outbox(app) == []
    assert vendor_client.get(f"/vendor/{scene['a'].code}/team").status_code == 200, "still welcome at home"


@pytest.mark.parametrize("shop", ["b", "c"], ids=["same-platform", "other-platform"])
def test_a_vendor_owners_token_gets_nothing_from_another_shop(app, scene, vendor_owner, shop):
    response = app.test_client().post(
        "/api/v1/auth/token", json={"email": vendor_owner.email, "password": "correct-horse-42"}, csrf=False
    )
    token = response.get_json()["token"]
    before = snapshot(app)
    client = app.test_client()
    outcomes = vendor_walk(client, app, scene[shop].code, foreign_ids(scene, shop), bearer(token))
    assert_all_refused({k: v for k, v in outcomes.items() if "/api/" in k})
    assert snapshot(app) == before


def test_an_unknown_shop_code_is_not_found(vendor_client, scene):
    assert vendor_client.get("/vendor/no-such-shop/").status_code == 404
    assert (
        vendor_client.get("/api/v1/vendor/tenancy/shop", headers={"X-Vendor": "no-such-shop"}).status_code
        == 404
    )


# ------------------------------------------------------------ an admin of platform 1, platform 2's records


RECORD_ARGS = {"platform_id", "company_id", "vendor_id", "user_id", "invitation_id"}


@pytest.fixture
def scoped_client(app, factory, scene):
    admin = factory.admin([scene["platform"]], email="scoped@example.lu")
    client = app.test_client()
    assert sign_in(client, "admin", admin.email).status_code == 302
    return client


def test_a_scoped_admin_gets_nothing_of_another_platforms_records(app, scoped_client, scene):
    ids = {
        "platform_id": scene["second"].id,
        "company_id": scene["second_company"].id,
        "vendor_id": scene["c"].id,
        "user_id": scene["c_owner"].id,
        "code": "core",
    }
    before = snapshot(app)
    outcomes = {}
    for route in routes(app, {FrontendType.ADMIN}):
        if RECORD_ARGS & set(route.rule.arguments):
            url = route.url(ids)
            outcomes[f"{route} -> {url}"] = send(scoped_client, route, url).status_code
    assert len(outcomes) >= 15
    assert_all_refused(outcomes)
    assert snapshot(app) == before


def test_a_scoped_admin_gets_nothing_on_another_platforms_domain(app, scoped_client, scene):
    there = client_on(app, "nord.lu")
    assert sign_in(there, "admin", "scoped@example.lu").status_code == 302
    before = snapshot(app)
    outcomes = {}
    for route in routes(app, {FrontendType.ADMIN}):
        url = route.url({"platform_id": scene["platform"].id})
        outcomes[f"{route} -> {url}"] = send(there, route, url).status_code
    assert_all_refused(outcomes, allowed=(403,))
    assert snapshot(app) == before
    assert scoped_client.get("/admin/").status_code == 200, "still welcome on their own platform"


def test_a_super_admin_reaches_both_platforms(app, admin_user, scene):
    there = client_on(app, "nord.lu")
    assert sign_in(there, "admin", admin_user.email).status_code == 302
    assert there.get(f"/admin/vendors/{scene['c'].id}").status_code == 200
    assert there.get("/admin/").status_code == 200


# ------------------------------------------------------------------ nobody signed in


def test_anonymous_requests_are_sent_to_the_right_sign_in(app, scene):
    client = app.test_client()
    outcomes, wrong = {}, {}
    for route in routes(app, {FrontendType.ADMIN, FrontendType.VENDOR}):
        frontend = frontend_of(route.path)
        url = route.url({"vendor_code": scene["a"].code})
        response = send(client, route, url)
        outcomes[str(route)] = response.status_code
        if route.is_api:
            ok = (
                response.status_code == 401
                and response.get_json()["error"]["code"] == "authentication_required"
            )
        else:
            login = "/admin/login" if frontend is FrontendType.ADMIN else "/vendor/login"
            ok = response.status_code == 302 and response.location.split("?")[0] == login
        if not ok:
            wrong[f"{route} -> {url}"] = (response.status_code, response.location)
    assert len(outcomes) >= 40
    assert not wrong, wrong


def test_public_admin_and_vendor_routes_answer_without_a_crash(app, scene):
    client = app.test_client()
    outcomes = {}
    for route in routes(app, {FrontendType.ADMIN, FrontendType.VENDOR}, public=True):
        outcomes[str(route)] = send(client, route, route.url({"token": "not-a-token"})).status_code
    assert outcomes and all(status < 500 for status in outcomes.values()), outcomes


# ------------------------------------------------------------------ CSRF on every state-changing route


def test_every_state_changing_route_refuses_a_request_without_its_csrf_token(app, factory, scene, admin_user):
    client = app.test_client()
    sign_in(client, "admin", admin_user.email)
    sign_in(client, "vendor", scene["b_owner"].email)
    before = snapshot(app)
    outcomes = {}
    for rule in app.url_map.iter_rules():
        view = app.view_functions[rule.endpoint]
        if getattr(view, CSRF_EXEMPT_ATTR, False):
            continue
        for method in sorted(rule.methods - IGNORED_METHODS - {"GET"}):
            route = Route(rule, method)
            url = route.url(
                {
                    "vendor_code": scene["b"].code,
                    "user_id": scene["b_staff"].id,
                    "invitation_id": scene["b_invitation"],
                    "vendor_id": scene["b"].id,
                }
            )
            outcomes[str(route)] = send(client, route, url, csrf=False).status_code
    assert len(outcomes) >= 25
    assert_all_refused(outcomes, allowed=(400,))
    assert snapshot(app) == before
    assert count(app, Invitation) == 1
