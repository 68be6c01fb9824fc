"""The catalog's tables: products with their translations, variants, images and categories."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    DateTime,
    Enum,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
    func,
    text,
)
from sqlalchemy.orm import Mapped, deferred, mapped_column, relationship
from sqlalchemy.sql.elements import Grouping

from wizamart.database import db, utcnow

LANGUAGES = ("en", "de", "fr", "lb")


def _enum(cls: type[enum.Enum], name: str) -> Enum:
    return Enum(cls, name=name, native_enum=False, length=16, values_callable=lambda e: [m.value for m in e])


class ProductStatus(enum.StrEnum):
    DRAFT = "draft"
    ACTIVE = "active"
    ARCHIVED = "archived"


class VatClass(enum.IntEnum):
    """Luxembourg's VAT rates, in basis points (1700 = 17 %)."""

    STANDARD = 1700
    INTERMEDIATE = 1400
    REDUCED = 800
    SUPER_REDUCED = 300


product_categories = Table(
    "catalog_product_categories",
    db.metadata,
    Column("product_id", ForeignKey("catalog_products.id", ondelete="CASCADE"), primary_key=True),
    Column("category_id", ForeignKey("catalog_categories.id", ondelete="CASCADE"), primary_key=True),
    Index("ix_catalog_product_categories_category_id", "category_id"),
    info={"module": "catalog"},  # no mapped class to say whose table it is
)


class Category(db.Model):
    """A shelf of the shop; ``names`` holds the name per language."""

    __tablename__ = "catalog_categories"
    __table_args__ = (UniqueConstraint("vendor_id", "slug"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    vendor_id: Mapped[int] = mapped_column(ForeignKey("vendors.id"), nullable=False, index=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("catalog_categories.id"), nullable=True)
    slug: Mapped[str] = mapped_column(String(80), nullable=False)
    names: Mapped[dict] = mapped_column(JSON, nullable=False, default=dict)
    position: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False, default=utcnow)


class Product(db.Model):
    """What a shop sells. Prices, SKUs and stock live on its variants (at least one)."""

    __tablename__ = "catalog_products"
    __table_args__ = (
        UniqueConstraint("vendor_id", "slug"),
        # The storefront's listings: a shop's active products by price, by age, by brand. The id
        # ends the sort keys (listings order by it last): an import gives 100,000 products one
        # created_at, and without it "newest first" sorted them all to show 24.
        Index("ix_catalog_products_listing_price", "vendor_id", "status", "min_price_cents", "id"),
        Index("ix_catalog_products_listing_new", "vendor_id", "status", "created_at", "id"),
        Index("ix_catalog_products_brand", "vendor_id", "brand"),
        Index("ix_catalog_products_featured", "vendor_id", "featured", "status", "created_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    vendor_id: Mapped[int] = mapped_column(ForeignKey("vendors.id"), nullable=False)
    slug: Mapped[str] = mapped_column(String(120), nullable=False)
    status: Mapped[ProductStatus] = mapped_column(
        _enum(ProductStatus, "catalog_product_status"), nullable=False, default=ProductStatus.DRAFT
    )
    brand: Mapped[str] = mapped_column(String(120), nullable=False, default="")
    vat_rate: Mapped[int] = mapped_column(Integer, nullable=False, default=VatClass.STANDARD)
    featured: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    # Kept by the catalog from its variants, so listings filter and sort without joins.
    in_stock: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True)
    min_price_cents: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), nullable=False, default=utcnow, onupdate=utcnow
    )
    archived_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    # The search index (search_service): the folded words of the titles in every language, and
    # of the descriptions minus the title words, space-separated. Deferred: listings never read them.
    search_title: Mapped[str] = deferred(mapped_column(Text, nullable=False, default="", server_default=""))
    search_body: Mapped[str] = deferred(mapped_column(Text, nullable=False, default="", server_default=""))

    translations: Mapped[list[ProductTranslation]] = relationship(
        back_populates="product", cascade="all, delete-orphan", lazy="selectin"
    )
    variants: Mapped[list[ProductVariant]] = relationship(
        back_populates="product",
        cascade="all, delete-orphan",
        order_by="ProductVariant.position",
        lazy="selectin",
    )
    images: Mapped[list[ProductImage]] = relationship(
        cascade="all, delete-orphan", order_by="ProductImage.position", lazy="selectin"
    )
    categories: Mapped[list[Category]] = relationship(secondary=product_categories, lazy="selectin")


class ProductTranslation(db.Model):
    """A product's title and description in one language."""

    __tablename__ = "catalog_product_translations"
    __table_args__ = (UniqueConstraint("product_id", "language"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    product_id: Mapped[int] = mapped_column(
        ForeignKey("catalog_products.id", ondelete="CASCADE"), nullable=False
    )
    language: Mapped[str] = mapped_column(String(5), nullable=False)
    title: Mapped[str] = mapped_column(String(200), nullable=False)
    description: Mapped[str] = mapped_column(Text, nullable=False, default="")

    product: Mapped[Product] = relationship(back_populates="translations")


class ProductVariant(db.Model):
    """One buyable version of a product (size M, red): its own SKU, price and stock."""

    __tablename__ = "catalog_variants"
    __table_args__ = (UniqueConstraint("vendor_id", "sku"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    vendor_id: Mapped[int] = mapped_column(ForeignKey("vendors.id"), nullable=False)
    product_id: Mapped[int] = mapped_column(
        ForeignKey("catalog_products.id", ondelete="CASCADE"), nullable=False, index=True
    )
    sku: Mapped[str] = mapped_column(String(64), nullable=False)
    gtin: Mapped[str | None] = mapped_column(String(14), nullable=True)
    price_cents: Mapped[int] = mapped_column(Integer, nullable=False)  # gross, VAT included
    options: Mapped[dict] = mapped_column(JSON, nullable=False, default=dict)  # {"size": "M"}
    position: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    # None: stock is not tracked (always available). Written only by record_availability.
    stock_available: Mapped[int | None] = mapped_column(Integer, nullable=True)

    product: Mapped[Product] = relationship(back_populates="variants")


class ProductImage(db.Model):
    """A picture of a product, from the media library (cms)."""

    __tablename__ = "catalog_product_images"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    product_id: Mapped[int] = mapped_column(
        ForeignKey("catalog_products.id", ondelete="CASCADE"), nullable=False, index=True
    )
    media_id: Mapped[int] = mapped_column(ForeignKey("cms_media.id"), nullable=False, index=True)
    position: Mapped[int] = mapped_column(Integer, nullable=False, default=0)


def search_document(title, body):
    """PostgreSQL's full-text document of a product,
    ``to_tsvector('simple', (title || ' ') || body)``: the expression of the GIN index below,
    which queries repeat to use it. Literals, not bound parameters, so the planner recognises
    it; grouped as PostgreSQL prints it back, ``(title || ' ') || body``, so Alembic's
    comparison of models and migrations sees the same index."""
    first = Grouping(title.concat(text("' '")))
    return func.to_tsvector(text("'simple'::regconfig"), first.op("||")(body))


# Search (search_service) asks it for ``to_tsquery('simple', 'velo:* & cargo:*')``. PostgreSQL
# only: on SQLite (small catalogs) search scans the columns with LIKE, and create_all skips it.
Index(
    "ix_catalog_products_search",
    search_document(Product.__table__.c.search_title, Product.__table__.c.search_body),
    postgresql_using="gin",
).ddl_if(dialect="postgresql")


from .import_job import ImportJob  # noqa: E402  (the CSV import's job rows; migration catalog_002)

__all__ = [
    "LANGUAGES",
    "Category",
    "ImportJob",
    "Product",
    "ProductImage",
    "ProductStatus",
    "ProductTranslation",
    "ProductVariant",
    "VatClass",
    "product_categories",
]
