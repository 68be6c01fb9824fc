"""Showing a cart costs the same number of SQL statements with 2 lines as with 20 (one query for
the lines' variants, one for their pictures), and the shell's cart link at most one."""

from __future__ import annotations

from flask.testing import FlaskClient

from tests.catalog.storefront.test_query_counts import counting

from .conftest import add, api_url, cart_url

# Tenancy (shop, platform), the module gate, cms (theme, footer), customers, catalog's menu and
# the cart's own reads: a fixed budget, far below one query per line.
MAX_QUERIES = 20


def measure(app, client, vendor, token: str | None = None) -> dict[str, int]:
    targets = {
        "page": (cart_url(vendor), {}),
        "api": (api_url("/"), {"X-Vendor": vendor.code, **({"X-Cart-Token": token} if token else {})}),
    }
    counts = {}
    for name, (url, headers) in targets.items():
        client.get(url, headers=headers)  # warm: module states, caches, notes already told
        with counting(app) as statements:
            answer = client.get(url, headers=headers)
        assert answer.status_code == 200, (name, answer.status_code)
        counts[name] = len(statements)
    return counts


def test_a_cart_costs_the_same_whatever_its_size(app, vendor, shop):
    picture = shop.builder.media(vendor)
    products = [shop.product(vendor, f"Thing {n}", stock=50, images=(picture,)) for n in range(20)]
    browser = app.test_client()
    for product in products[:2]:
        add(browser, vendor, product["variant"], 1)
    app_client = FlaskClient(app, use_cookies=False)
    token = app_client.post(
        api_url("/lines"), json={"variant_id": products[0]["variant"]}, headers={"X-Vendor": vendor.code}
    ).get_json()["token"]
    app_client.post(
        api_url("/lines"),
        json={"variant_id": products[1]["variant"]},
        headers={"X-Vendor": vendor.code, "X-Cart-Token": token},
    )
    small = {
        **measure(app, browser, vendor),
        **{f"app {k}": v for k, v in measure(app, app_client, vendor, token).items()},
    }

    for product in products[2:]:
        add(browser, vendor, product["variant"], 2)
        app_client.post(
            api_url("/lines"),
            json={"variant_id": product["variant"]},
            headers={"X-Vendor": vendor.code, "X-Cart-Token": token},
        )
    large = {
        **measure(app, browser, vendor),
        **{f"app {k}": v for k, v in measure(app, app_client, vendor, token).items()},
    }
    assert large == small
    assert max(large.values()) <= MAX_QUERIES, large
    print(large)


def test_the_cart_link_costs_one_query_and_none_without_a_cart(app, vendor, shop):
    lamp = shop.product(vendor, "Lamp", stock=5)
    home = f"/storefront/{vendor.code}/p/{lamp['slug']}"
    browser = app.test_client()
    browser.get(home)
    with counting(app) as without_cart:
        browser.get(home)
    add(browser, vendor, lamp["variant"], 1)
    browser.get(home)
    with counting(app) as with_cart:
        page = browser.get(home)
    assert 'data-testid="shop-cart-count">1<' in page.get_data(as_text=True)
    assert len(with_cart) == len(without_cart) + 1
    assert sum("cart_" in statement for statement in without_cart) == 0
