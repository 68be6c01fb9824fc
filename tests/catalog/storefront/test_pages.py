"""The shop's catalog pages: home, categories with filters, search and product pages."""

from __future__ import annotations

import json
import re

import pytest

from modules.catalog.models import ProductStatus

from .conftest import in_language


def titles_in(html: str) -> list[str]:
    return re.findall(r'<span class="sf-card-title">([^<]*)</span>', html)


@pytest.fixture
def bikes(catalog, vendor):
    """A small bike shop: a category with a sub-category, brands, stock levels, languages."""
    bikes = catalog.category(
        vendor, "bikes", {"en": "Bikes", "fr": "Vélos", "de": "Fahrräder", "lb": "Vëloen"}
    )
    city = catalog.category(vendor, "city", {"en": "City bikes", "fr": "Vélos de ville"}, parent_id=bikes)
    catalog.category(vendor, "helmets", {"en": "Helmets", "fr": "Casques"})
    ids = {
        "cargo": catalog.product(
            vendor,
            "cargo",
            {"en": "Cargo bike", "fr": "Vélo cargo", "de": "Lastenrad", "lb": "Cargo-Vëlo"},
            {"en": "Carries children and shopping.", "de": "Trägt Kinder und Einkäufe."},
            price=250000,
            brand="Babboe",
            categories=(bikes,),
            age_days=3,
        ),
        "city": catalog.product(
            vendor,
            "city",
            {"en": "City bike", "fr": "Vélo de ville", "de": "Stadtrad"},
            price=89900,
            brand="Gazelle",
            categories=(city,),
            variants=[{"sku": "CITY-1", "price_cents": 89900, "stock_available": 0}],
            age_days=2,
            featured=True,
        ),
        "kids": catalog.product(
            vendor,
            "kids",
            {"en": "Kids bike", "fr": "Vélo enfant"},
            price=19900,
            brand="Woom",
            categories=(bikes,),
            age_days=1,
        ),
        "draft": catalog.product(
            vendor, "draft", {"en": "Secret bike"}, status=ProductStatus.DRAFT, categories=(bikes,)
        ),
        "archived": catalog.product(
            vendor, "archived", {"en": "Old bike"}, status=ProductStatus.ARCHIVED, categories=(bikes,)
        ),
    }
    return ids


def test_home_shows_featured_newest_and_categories(client, shop, bikes):
    page = client.get(f"{shop}/")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert 'data-testid="featured-products"' in html
    assert titles_in(html)[:1] == ["City bike"]  # featured first
    assert "Kids bike" in html and "Secret bike" not in html and "Old bike" not in html
    assert "Helmets" in html and 'data-testid="category-tiles"' in html


def test_category_page_in_french_and_german(client, shop, bikes):
    french = in_language(client, "fr").get(f"{shop}/c/bikes").get_data(as_text=True)
    assert "<title>Vélos ·" in french
    assert "Vélo cargo" in french and "Vélo de ville" in french  # the sub-category's products too
    assert "Secret bike" not in french and "Old bike" not in french
    assert "3 produits" in french
    german = in_language(client, "de").get(f"{shop}/c/bikes").get_data(as_text=True)
    assert "<title>Fahrräder ·" in german and "Lastenrad" in german
    # No German title: the shop's language, then English.
    assert "Kids bike" in german


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", ["Kids bike", "City bike", "Cargo bike"]),
        ("sort=price_asc", ["Kids bike", "City bike", "Cargo bike"]),
        ("sort=price_desc", ["Cargo bike", "City bike", "Kids bike"]),
        ("sort=title", ["Cargo bike", "City bike", "Kids bike"]),
        ("min=200&max=1000", ["City bike"]),
        ("min=199,00", ["Kids bike", "City bike", "Cargo bike"]),
        ("max=198.99", []),
        ("brand=Woom&brand=Babboe", ["Kids bike", "Cargo bike"]),
        ("brand=Babboe&min=3000", []),
        ("in_stock=1", ["Kids bike", "Cargo bike"]),
        ("in_stock=1&brand=Gazelle", []),
        ("in_stock=1&sort=price_desc&max=5000", ["Cargo bike", "Kids bike"]),
    ],
)
def test_category_filters_and_sorts(client, shop, bikes, query, expected):
    page = client.get(f"{shop}/c/bikes?{query}")
    assert page.status_code == 200
    assert titles_in(page.get_data(as_text=True)) == expected


def test_bad_filters_are_named_and_ignored(client, shop, bikes):
    page = client.get(f"{shop}/c/bikes?min=abc&sort=price_desc")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert 'data-field="min"' in html
    assert titles_in(html) == ["Cargo bike", "City bike", "Kids bike"]  # the sort still holds
    page = client.get(f"{shop}/c/bikes?min=50&max=10")
    assert 'data-field="max"' in page.get_data(as_text=True)


def test_brand_choices_and_title_sort_in_french(client, shop, bikes):
    html = in_language(client, "fr").get(f"{shop}/c/bikes?sort=title").get_data(as_text=True)
    assert titles_in(html) == ["Vélo cargo", "Vélo de ville", "Vélo enfant"]
    for brand in ("Babboe", "Gazelle", "Woom"):
        assert f'value="{brand}"' in html


def test_pagination(client, shop, catalog, vendor):
    shelf = catalog.category(vendor, "many")
    for n in range(30):
        catalog.product(vendor, f"item-{n:02d}", {"en": f"Item {n:02d}"}, price=100 + n, categories=(shelf,))
    first = client.get(f"{shop}/c/many?sort=price_asc").get_data(as_text=True)
    assert len(titles_in(first)) == 24 and titles_in(first)[0] == "Item 00"
    assert 'rel="next"' in first and "30 products" in first
    second = client.get(f"{shop}/c/many?sort=price_asc&page=2").get_data(as_text=True)
    assert titles_in(second) == [f"Item {n}" for n in range(24, 30)]
    assert 'rel="prev"' in second and 'rel="next"' not in second
    assert titles_in(client.get(f"{shop}/c/many?page=99").get_data(as_text=True)) == []


def test_unknown_category_is_404(client, shop, bikes):
    assert client.get(f"{shop}/c/nope").status_code == 404


def test_search_in_every_language_with_accents_folded(client, shop, bikes):
    def found(q):
        return titles_in(client.get(f"{shop}/search", query_string={"q": q}).get_data(as_text=True))

    assert found("lastenrad") == ["Cargo bike"]  # German title
    assert found("Vëlo cargo") == ["Cargo bike"]  # Luxembourgish, accents and case ignored
    assert found("velo ville") == ["City bike"]  # French words, AND across words
    assert found("einkäufe") == ["Cargo bike"]  # a German description
    assert found("stad") == ["City bike"]  # word prefix
    assert set(found("bike")) == {"Cargo bike", "City bike", "Kids bike"}
    assert found("secret") == [] and found("old") == []  # drafts and archived stay hidden
    assert found("cargo kids") == []


def test_search_ranks_titles_over_descriptions(client, shop, catalog, vendor):
    catalog.product(vendor, "mention", {"en": "Lamp"}, {"en": "Fits any tandem"}, age_days=0)
    catalog.product(vendor, "tandem", {"en": "Tandem"}, age_days=5)
    html = client.get(f"{shop}/search?q=tandem").get_data(as_text=True)
    assert titles_in(html) == ["Tandem", "Lamp"]


def test_search_too_short_or_empty_is_a_friendly_message(client, shop, bikes):
    for q in ("", "a", " x ", "!!"):
        page = client.get(f"{shop}/search", query_string={"q": q})
        assert page.status_code == 200
        assert 'data-testid="search-too-short"' in page.get_data(as_text=True)
    french = in_language(client, "fr").get(f"{shop}/search?q=zzzz").get_data(as_text=True)
    assert "Aucun résultat pour « zzzz »" in french


def test_search_pagination(client, shop, catalog, vendor):
    for n in range(26):
        catalog.product(vendor, f"lamp-{n}", {"en": f"Lamp {n}"}, age_days=n)
    first = client.get(f"{shop}/search?q=lamp").get_data(as_text=True)
    second = client.get(f"{shop}/search?q=lamp&page=2").get_data(as_text=True)
    assert len(titles_in(first)) == 24 and titles_in(second) == ["Lamp 24", "Lamp 25"]


def test_product_page(client, shop, bikes, catalog, vendor):
    french = in_language(client, "fr").get(f"{shop}/p/cargo")
    html = french.get_data(as_text=True)
    assert french.status_code == 200
    assert "<title>Vélo cargo ·" in html
    assert "2\u202f500,00\xa0€" in html or "2 500,00" in html or "2500,00" in html
    assert "TVA 17 % incluse" in html
    assert "En stock" in html
    assert "application/ld+json" in html
    # No French description: the German one would not do, English is the shop's language.
    assert "Carries children and shopping." in html


def test_product_page_german(client, shop, bikes):
    html = in_language(client, "de").get(f"{shop}/p/city").get_data(as_text=True)
    assert "<title>Stadtrad ·" in html and "Nicht auf Lager" in html and "inkl. 17 % MwSt." in html


def test_variants_choice_without_javascript(client, shop, catalog, vendor):
    pictures = [catalog.media(vendor, {"en": "Front"}), catalog.media(vendor, {"en": "Side"})]
    catalog.product(
        vendor,
        "jersey",
        {"en": "Jersey"},
        variants=[
            {
                "sku": "J-S-RED",
                "price_cents": 3000,
                "options": {"size": "S", "colour": "red"},
                "stock_available": 0,
            },
            {
                "sku": "J-M-RED",
                "price_cents": 3200,
                "options": {"size": "M", "colour": "red"},
                "stock_available": 3,
            },
            {"sku": "J-M-BLUE", "price_cents": 3500, "options": {"size": "M", "colour": "blue"}},
        ],
        images=tuple(pictures),
        vat_rate=800,
    )
    html = client.get(f"{shop}/p/jersey").get_data(as_text=True)
    # The first available variant is chosen; its price and its stock are shown.
    assert "J-M-RED" in html and "Only 3 left" in html and "€32.00" in html and "incl. 8 % VAT" in html
    assert 'name="opt.size"' in html and 'name="opt.colour"' in html
    assert html.count("data-gallery-thumb") == 2 and 'alt="Front"' in html
    data = json.loads(
        re.search(r"<script type=\"application/json\" data-variants>(.*?)</script>", html, re.S).group(1)
    )
    assert [v["sku"] for v in data] == ["J-S-RED", "J-M-RED", "J-M-BLUE"]
    assert data[0]["availability_label"] == "Out of stock"

    chosen = client.get(f"{shop}/p/jersey?opt.size=M&opt.colour=blue").get_data(as_text=True)
    assert "€35.00" in chosen and "In stock" in chosen
    by_id = client.get(f"{shop}/p/jersey?variant={data[0]['id']}").get_data(as_text=True)
    assert "€30.00" in by_id and "Out of stock" in by_id
    french = in_language(client, "fr").get(f"{shop}/p/jersey").get_data(as_text=True)
    assert ">Taille</label>" in french and ">Couleur</label>" in french


def test_drafts_archived_and_other_shops_are_404(client, shop, bikes, catalog, other_vendor):
    catalog.product(other_vendor, "theirs", {"en": "Their bike"})
    for slug in ("draft", "archived", "theirs", "nope"):
        assert client.get(f"{shop}/p/{slug}").status_code == 404
    assert client.get(f"/storefront/{other_vendor.code}/p/theirs").status_code == 200
    assert client.get(f"/storefront/{other_vendor.code}/p/cargo").status_code == 404
    assert "Their bike" not in client.get(f"{shop}/search?q=their").get_data(as_text=True)


def test_unknown_shop_is_404(client, bikes):
    assert client.get("/storefront/no-such-shop/").status_code == 404


def test_big_listings_count_a_bounded_number_and_list_every_brand(client, shop, catalog, vendor, monkeypatch):
    from modules.catalog.services import storefront_service

    monkeypatch.setattr(storefront_service, "COUNT_AHEAD", 5)
    monkeypatch.setattr(storefront_service, "BRAND_SAMPLE", 10)
    shelf = catalog.category(vendor, "lots")
    catalog.bulk(vendor, 40, category_id=shelf, brand="Bulk")
    catalog.product(vendor, "rare", {"en": "Rare bike"}, brand="Rare")  # not on this shelf
    html = client.get(f"{shop}/c/lots?per_page=4").get_data(as_text=True)
    assert "More than 9 products" in html and "Page 1 of 3+" in html and 'rel="next"' in html
    # Past the sample, the brand filter offers every brand of the shop.
    assert 'value="Bulk"' in html and 'value="Rare"' in html
    later = client.get(f"{shop}/c/lots?per_page=4&page=9").get_data(as_text=True)
    assert len(titles_in(later)) == 4 and 'rel="next"' in later
    last = client.get(f"{shop}/c/lots?per_page=4&page=10").get_data(as_text=True)
    assert len(titles_in(last)) == 4 and "40 products" in last and 'rel="next"' not in last


def test_small_listings_offer_their_own_brands_with_counts(client, shop, bikes, catalog, vendor):
    catalog.product(vendor, "lamp", {"en": "Lamp"}, brand="Lumos")  # not a bike
    html = client.get(f"{shop}/c/bikes").get_data(as_text=True)
    assert 'value="Woom"' in html and 'value="Lumos"' not in html
