"""A small catalog builder for the storefront tests: products straight into the tables (the
storefront only reads them), indexed for search like the catalog's own services do."""

from __future__ import annotations

from datetime import timedelta
from itertools import count

import pytest
from sqlalchemy import insert, update

from modules.catalog.models import (
    Category,
    Product,
    ProductImage,
    ProductStatus,
    ProductTranslation,
    ProductVariant,
    product_categories,
)
from modules.catalog.services import facet_cache, search_service
from modules.cms.models import MediaFile, MediaKind
from wizamart.database import db, utcnow


class CatalogBuilder:
    def __init__(self, app):
        self.app = app
        self.serial = count(1)

    def category(
        self, vendor, slug: str, names: dict | None = None, parent_id: int | None = None, position=0
    ):
        with self.app.app_context():
            category = Category(
                vendor_id=vendor.id,
                slug=slug,
                names=names or {"en": slug.title()},
                parent_id=parent_id,
                position=position,
            )
            db.session.add(category)
            db.session.commit()
            return category.id

    def media(self, vendor, alt: dict | None = None) -> int:
        n = next(self.serial)
        with self.app.app_context():
            media = MediaFile(
                platform_id=vendor.platform_id,
                vendor_id=vendor.id,
                kind=MediaKind.IMAGE,
                filename=f"picture-{n}.png",
                content_type="image/png",
                size_bytes=100,
                width=10,
                height=10,
                alt_text=alt or {},
                storage_key=f"test/{vendor.id}/picture-{n}.png",
                thumbnail_key=f"test/{vendor.id}/picture-{n}-thumb.png",
            )
            db.session.add(media)
            db.session.commit()
            return media.id

    def product(
        self,
        vendor,
        slug: str | None = None,
        titles: dict | None = None,
        descriptions: dict | None = None,
        price: int = 1000,
        brand: str = "",
        status: ProductStatus = ProductStatus.ACTIVE,
        featured: bool = False,
        categories: tuple[int, ...] = (),
        variants: list[dict] | None = None,
        images: tuple[int, ...] = (),
        age_days: float = 0,
        vat_rate: int = 1700,
    ) -> int:
        """A product; ``variants`` are dicts of sku, price_cents, options, stock_available."""
        n = next(self.serial)
        slug = slug or f"product-{n}"
        variants = variants or [{"sku": f"SKU-{vendor.id}-{n}", "price_cents": price}]
        with self.app.app_context():
            product = Product(
                vendor_id=vendor.id,
                slug=slug,
                status=status,
                brand=brand,
                featured=featured,
                vat_rate=vat_rate,
                min_price_cents=min(v["price_cents"] for v in variants),
                in_stock=any(v.get("stock_available") is None or v["stock_available"] > 0 for v in variants),
                created_at=utcnow() - timedelta(days=age_days),
            )
            for language, title in (titles or {"en": slug.replace("-", " ").title()}).items():
                product.translations.append(
                    ProductTranslation(
                        language=language, title=title, description=(descriptions or {}).get(language, "")
                    )
                )
            for position, v in enumerate(variants):
                product.variants.append(
                    ProductVariant(
                        vendor_id=vendor.id,
                        sku=v["sku"],
                        price_cents=v["price_cents"],
                        options=v.get("options", {}),
                        stock_available=v.get("stock_available"),
                        gtin=v.get("gtin"),
                        position=position,
                    )
                )
            for position, media_id in enumerate(images):
                product.images.append(ProductImage(media_id=media_id, position=position))
            search_service.index_product(product)
            db.session.add(product)
            db.session.flush()
            for category_id in categories:
                db.session.execute(
                    insert(product_categories).values(product_id=product.id, category_id=category_id)
                )
            db.session.commit()
            return product.id

    def bulk(self, vendor, how_many: int, category_id: int | None = None, brand: str = "Bulk") -> None:
        """``how_many`` active products with a translation, a variant, an image row and search
        columns, inserted with executemany (a 1,000-product catalog in well under a second)."""
        media_id = self.media(vendor)
        with self.app.app_context():
            start = (db.session.scalar(db.select(db.func.max(Product.id))) or 0) + 1
            numbers = list(range(start, start + how_many))
            now = utcnow()
            # The database hands out the ids (its sequence stays right on PostgreSQL).
            ids = list(
                db.session.scalars(
                    insert(Product).returning(Product.id, sort_by_parameter_order=True),
                    [
                        {
                            "vendor_id": vendor.id,
                            "slug": f"bulk-{n}",
                            "status": ProductStatus.ACTIVE,
                            "brand": brand,
                            "vat_rate": 1700,
                            "featured": n % 10 == 0,
                            "in_stock": n % 3 != 0,
                            "min_price_cents": 100 + n,
                            "created_at": now - timedelta(minutes=n),
                            "updated_at": now,
                        }
                        for n in numbers
                    ],
                )
            )
            assert len(ids) == how_many
            db.session.execute(
                insert(ProductTranslation),
                [
                    {
                        "product_id": i,
                        "language": lang,
                        "title": f"Bulk bike {i} {lang}",
                        "description": "velo",
                    }
                    for i in ids
                    for lang in ("en", "fr")
                ],
            )
            db.session.execute(
                insert(ProductVariant),
                [
                    {
                        "vendor_id": vendor.id,
                        "product_id": i,
                        "sku": f"BULK-{i}",
                        "price_cents": 100 + i,
                        "options": {},
                        "position": 0,
                    }
                    for i in ids
                ],
            )
            db.session.execute(
                insert(ProductImage), [{"product_id": i, "media_id": media_id, "position": 0} for i in ids]
            )
            if category_id is not None:
                db.session.execute(
                    insert(product_categories), [{"product_id": i, "category_id": category_id} for i in ids]
                )
            search_columns = (
                search_service.search_columns([f"Bulk bike {i} en", f"Bulk bike {i} fr"], ["velo"])
                for i in ids
            )
            db.session.execute(
                update(Product),
                [
                    {"id": i, "search_title": title, "search_body": body}
                    for i, (title, body) in zip(ids, search_columns, strict=True)
                ],
            )
            facet_cache.changed(db.session, vendor.id)  # bulk statements announce themselves
            db.session.commit()


@pytest.fixture
def catalog(app):
    return CatalogBuilder(app)


@pytest.fixture
def shop(vendor):
    """The shop's storefront URL prefix."""
    return f"/storefront/{vendor.code}"


def in_language(client, lang: str):
    client.set_cookie("lang", lang)
    return client
