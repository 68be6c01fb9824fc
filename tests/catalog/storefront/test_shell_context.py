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
