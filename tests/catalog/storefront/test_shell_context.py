"""The storefront shell's catalog parts: the search box and the top-level categories."""

from __future__ import annotations

from modules.catalog import storefront_context

from .conftest import in_language


def test_shell_shows_search_and_top_categories(app, client, shop, catalog, vendor):
    storefront_context.install(app)
    bikes = catalog.category(vendor, "bikes", {"en": "Bikes", "de": "Fahrräder"}, position=1)
    catalog.category(vendor, "city", {"en": "City bikes"}, parent_id=bikes)
    catalog.category(vendor, "helmets", {"en": "Helmets"}, position=2)
    html = in_language(client, "de").get(f"{shop}/").get_data(as_text=True)
    assert f'action="{shop}/search"' in html
    nav = html.split('id="shop-nav"', 1)[1].split("</nav>", 1)[0]
    assert f'href="{shop}/c/bikes"' in nav and "Fahrräder" in nav and "Helmets" in nav
    assert "City bikes" not in nav  # top level only


def test_shell_context_is_empty_off_the_storefront(app):
    storefront_context.install(app)
    storefront_context.install(app)  # idempotent
    with app.test_request_context("/vendor/shop/"):
        assert storefront_context.shell_context() == {}


def test_a_platform_without_the_catalog_has_no_shop_search(app, client, shop, catalog, vendor, platform):
    from flask import g

    from wizamart import module_service
    from wizamart.database import db

    def shell():
        with app.test_request_context(f"{shop}/"):
            g.platform_id = platform.id
            return storefront_context.shell_context()

    storefront_context.install(app)
    catalog.category(vendor, "bikes", {"en": "Bikes"})
    assert shell()["shell_search_url"] == f"{shop}/search"
    with app.app_context():
        module_service.disable_module(platform.id, "catalog")
        db.session.commit()
    assert client.get(f"{shop}/c/bikes").status_code == 404
    assert shell() == {}
