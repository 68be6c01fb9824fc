"""Every storefront page and API call costs the same number of SQL statements whatever the
catalog's size: counted with 10 and with 1,000 products."""

from __future__ import annotations

from contextlib import contextmanager

import pytest
from sqlalchemy import event

from modules.catalog import storefront_context
from wizamart.database import db

# Tenancy (shop, platform), the module gate, cms (theme, footer), customers and the page's own
# queries: a fixed budget, far below one query per product.
MAX_QUERIES = 20


@contextmanager
def counting(app):
    statements: list[str] = []

    def count(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", count)


def urls(shop: str, vendor_code: str, product_slug: str) -> dict[str, tuple[str, dict]]:
    api = "/api/v1/storefront/catalog"
    header = {"X-Vendor": vendor_code}
    return {
        "home": (f"{shop}/", {}),
        "category": (f"{shop}/c/bikes", {}),
        "category filtered": (
            f"{shop}/c/bikes?min=1&max=100000&brand=Bulk&brand=Other&in_stock=1&sort=price_desc",
            {},
        ),
        "category by title, page 2": (f"{shop}/c/bikes?sort=title&per_page=4&page=2", {}),
        "search": (f"{shop}/search?q=bulk+bike", {}),
        "search page 2": (f"{shop}/search?q=velo&per_page=4&page=2", {}),
        "product": (f"{shop}/p/{product_slug}", {}),
        "api list": (f"{api}/products?category=bikes&in_stock=1&sort=price_asc", header),
        "api search": (f"{api}/search?q=bike", header),
        "api product": (f"{api}/products/{product_slug}", header),
        "api categories": (f"{api}/categories", header),
    }


def measure(app, client, targets) -> dict[str, int]:
    counts = {}
    for name, (url, headers) in targets.items():
        client.get(url, headers=headers)  # warm: module states, caches of the first request
        with counting(app) as statements:
            answer = client.get(url, headers=headers)
        assert answer.status_code == 200, (name, answer.status_code)
        counts[name] = len(statements)
    return counts


@pytest.mark.parametrize("language", ["en", "fr"])
def test_query_counts_do_not_grow_with_the_catalog(app, client, catalog, vendor, shop, language):
    storefront_context.install(app)
    client.set_cookie("lang", language)
    bikes = catalog.category(vendor, "bikes", {"en": "Bikes", "fr": "Vélos"})
    catalog.category(vendor, "helmets", {"en": "Helmets"})
    pictures = (catalog.media(vendor), catalog.media(vendor))
    catalog.product(
        vendor,
        "jersey",
        {"en": "Jersey"},
        categories=(bikes,),
        images=pictures,
        variants=[
            {"sku": "J-S", "price_cents": 3000, "options": {"size": "S"}, "stock_available": 1},
            {"sku": "J-M", "price_cents": 3200, "options": {"size": "M"}},
        ],
    )
    catalog.bulk(vendor, 9, category_id=bikes)
    targets = urls(shop, vendor.code, "jersey")
    small = measure(app, client, targets)

    catalog.bulk(vendor, 990, category_id=bikes)
    large = measure(app, client, targets)

    assert large == small
    assert max(large.values()) <= MAX_QUERIES, large
    print(language, large)
