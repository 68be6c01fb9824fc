"""The platform of a request comes from its host name (each platform's domains); unknown
hosts get the default platform; shops of another platform do not exist there."""

from __future__ import annotations

from modules.tenancy.models import VendorRole
from modules.tenancy.testing import sign_in

from .helpers import client_on, page_text


def platform_seen_by(client) -> int:
    """The platform id the admin API reports for this request."""
    response = client.get("/api/v1/admin/core/modules")
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    return response.get_json()["platform_id"]


def signed_in_admin(app, host: str, email: str):
    client = client_on(app, host)
    assert sign_in(client, "admin", email).status_code == 302
    return client


def test_each_platform_is_reached_through_its_domains(app, factory, platform, admin_user):
    nord = factory.platform("nord", domains=("nord.lu", "www.nord.lu"), name="Nord Markt")
    assert platform_seen_by(signed_in_admin(app, "localhost", admin_user.email)) == platform.id
    assert platform_seen_by(signed_in_admin(app, "nord.lu", admin_user.email)) == nord.id
    on_www = signed_in_admin(app, "WWW.Nord.LU:8443", admin_user.email)
    assert platform_seen_by(on_www) == nord.id, "case and port do not matter"
    assert "Nord Markt" in page_text(on_www.get("/admin/"))


def test_unknown_hosts_get_the_default_platform(make_app, factory_for):
    app = make_app(TENANCY_DEFAULT_PLATFORM="main")
    factory = factory_for(app)
    factory.platform("first", domains=("first.lu",))
    main = factory.platform("main", domains=("main.lu",))
    admin = factory.admin(email="root@example.lu")
    assert platform_seen_by(signed_in_admin(app, "unknown.example", admin.email)) == main.id
    assert platform_seen_by(signed_in_admin(app, "localhost", admin.email)) == main.id


def test_a_new_domain_leads_to_its_platform_at_once(app, admin_client, admin_user, platform):
    created = admin_client.post(
        "/api/v1/admin/tenancy/platforms", json={"code": "sud", "name": "Sud", "domains": ["sud.lu"]}
    )
    assert created.status_code == 201
    assert platform_seen_by(signed_in_admin(app, "sud.lu", admin_user.email)) == created.get_json()["id"]


def test_a_shop_of_platform_2_does_not_exist_under_platform_1s_host(app, factory, platform):
    nord = factory.platform("nord", domains=("nord.lu",))
    shop = factory.vendor(factory.company(nord), "nordshop")
    owner = factory.member(shop, VendorRole.OWNER, email="nord-owner@example.lu")

    here, there = app.test_client(), client_on(app, "nord.lu")
    assert sign_in(here, "vendor", owner.email).status_code == 302
    assert sign_in(there, "vendor", owner.email).status_code == 302
    assert here.get(f"/vendor/{shop.code}/").status_code == 404
    assert here.get("/api/v1/vendor/tenancy/shop", headers={"X-Vendor": shop.code}).status_code == 404
    assert there.get(f"/vendor/{shop.code}/").status_code == 200
    assert there.get("/api/v1/vendor/tenancy/shop").get_json()["code"] == shop.code


def test_the_platform_and_shop_are_in_every_template(app, vendor_client, vendor, platform):
    page = page_text(vendor_client.get(f"/vendor/{vendor.code}/"))
    assert vendor.name in page and platform.name in page
