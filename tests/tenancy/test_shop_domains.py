"""A shop's own domain opens its storefront at ``/``; the admin sets it, and a domain can
belong to one shop or platform only."""

from __future__ import annotations

import pytest
from flask import jsonify

from wizamart import current_vendor

from .helpers import client_on, error_fields


@pytest.fixture
def shop_app(app):
    """The app with a tiny storefront page and storefront API route that name the shop."""

    def page(vendor_code, rest=""):
        return f"shop={current_vendor().code} rest={rest}"

    app.add_url_rule("/storefront/<vendor_code>/", "probe_home", page)
    app.add_url_rule("/storefront/<vendor_code>/<path:rest>", "probe_page", page)
    app.add_url_rule("/api/v1/storefront/probe", "probe_api", lambda: jsonify(shop=current_vendor().code))
    return app


def set_domain(admin_client, vendor, domain):
    return admin_client.put(
        f"/api/v1/admin/tenancy/vendors/{vendor.id}",
        json={"name": vendor.name, "default_language": "fr", "custom_domain": domain},
    )


def test_the_shop_opens_at_the_root_of_its_own_domain(shop_app, admin_client, vendor, other_vendor):
    assert set_domain(admin_client, vendor, "WWW.Shop-A.lu").status_code == 200
    client = client_on(shop_app, "www.shop-a.lu")
    assert client.get("/").get_data(as_text=True) == f"shop={vendor.code} rest="
    assert client.get("/p/city-bike").get_data(as_text=True) == f"shop={vendor.code} rest=p/city-bike"
    assert client.get("/api/v1/storefront/probe").get_json() == {"shop": vendor.code}
    # Only the storefront answers there: the admin is not reachable through a shop's domain.
    assert client.get("/admin/").get_data(as_text=True) == f"shop={vendor.code} rest=admin/"
    # The platform's own domain is unchanged.
    assert client_on(shop_app, "localhost").get(f"/storefront/{other_vendor.code}/").status_code == 200


def test_a_domain_belongs_to_one_shop_or_platform(admin_client, vendor, other_vendor, platform):
    assert set_domain(admin_client, vendor, "shop.lu").status_code == 200
    taken = set_domain(admin_client, other_vendor, "shop.lu")
    assert taken.status_code == 409 and "custom_domain" in taken.get_json()["error"]["details"]["fields"]
    platform_domain = set_domain(admin_client, other_vendor, "localhost")
    assert platform_domain.status_code == 409
    bad = set_domain(admin_client, other_vendor, "not a domain!")
    assert bad.status_code == 422 and "custom_domain" in error_fields(bad)


def test_clearing_the_domain_gives_the_host_back(shop_app, admin_client, vendor):
    set_domain(admin_client, vendor, "shop.lu")
    assert set_domain(admin_client, vendor, "").status_code == 200
    # The host is an unknown one again: the default platform's public home.
    assert "shop=" not in client_on(shop_app, "shop.lu").get("/").get_data(as_text=True)
