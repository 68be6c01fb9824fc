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

    app.add_url_rule("/storefront/<vendor_code>/probe/", "probe_home", page)
    app.add_url_rule("/storefront/<vendor_code>/probe/<path:rest>", "probe_page", page)
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
    assert client.get("/probe/").get_data(as_text=True) == f"shop={vendor.code} rest="
    assert client.get("/probe/p/city-bike").get_data(as_text=True) == f"shop={vendor.code} rest=p/city-bike"
    assert client.get("/api/v1/storefront/probe").get_json() == {"shop": vendor.code}
    # Only the storefront answers there: the admin is not reachable through a shop's domain.
    assert client.get("/admin/").status_code == 404
    # The platform's own domain is unchanged.
    other = client_on(shop_app, "localhost").get(f"/storefront/{other_vendor.code}/probe/")
    assert other.get_data(as_text=True) == f"shop={other_vendor.code} rest="


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
    assert client_on(shop_app, "shop.lu").get("/probe/").status_code == 404


def test_a_storefront_speaks_its_shops_language_unless_the_visitor_says_otherwise(app, factory, company):
    from wizamart.i18n import current_locale

    app.add_url_rule("/storefront/<vendor_code>/locale", "probe_locale", lambda vendor_code: current_locale())
    shop = factory.vendor(company, "librairie", default_language="fr")
    client = app.test_client()
    assert client.get("/storefront/librairie/locale").get_data(as_text=True) == "fr"
    german = client.get("/storefront/librairie/locale", headers={"Accept-Language": "de-LU,de;q=0.9"})
    assert german.get_data(as_text=True) == "de"
    assert shop.default_language == "fr"
