"""Products through the vendor API: create, read, edit, archive, restore; SKUs, GTINs, prices,
VAT, variants, translations and the events fired inside the unit of work."""

from __future__ import annotations

from sqlalchemy import func, select

from modules.catalog.models import Product, ProductVariant
from wizamart.database import db

from .conftest import product_body


def count(app, model) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


def test_create_product_stores_cents_vat_and_translations(api):
    body = product_body(
        translations={
            "en": {"title": "Gravel bike", "description": "Fast."},
            "de": {"title": "Gravelbike", "description": "Schnell."},
            "fr": {"title": "Vélo gravel", "description": "Rapide."},
            "lb": {"title": "Gravelvëlo", "description": "Séier."},
        }
    )
    response = api.post("/products", json=body)
    assert response.status_code == 201, response.get_json()
    product = response.get_json()
    assert product["slug"] == "gravel-bike"
    assert product["vat_rate"] == 17
    assert product["min_price_cents"] == 129900
    variant = product["variants"][0]
    # in stock unless stock is tracked (inventory, when enabled, starts new variants at 0)
    assert product["in_stock"] is (variant["stock_available"] is None or variant["stock_available"] > 0)
    assert variant["price_cents"] == 129900
    assert variant["net_cents"] == 111026  # 1299 / 1.17 = 1110.256…
    assert variant["vat_cents"] == 129900 - 111026
    assert variant["options"] == {}
    assert set(product["translations"]) == {"en", "de", "fr", "lb"}
    assert product["translations"]["lb"]["title"] == "Gravelvëlo"
    assert api.get(f"/products/{product['id']}").get_json()["translations"]["fr"]["title"] == "Vélo gravel"
