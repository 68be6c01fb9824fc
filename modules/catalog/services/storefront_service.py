"""What a shop's customers see: its home, category listings with filters, search results and
product pages, read-only and for ACTIVE products only.

Every function issues a fixed number of SQL statements whatever the catalog's size: listings
page with LIMIT/OFFSET on the listing indexes, count a bounded number of rows, and load the
page's translations, images and media each in one batched query. Drafts and archived products
do not exist here (404).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Literal

from flask import g
from pydantic import BaseModel, ConfigDict, Field, field_validator
from sqlalchemy import Select, and_, exists, func, select, text
from sqlalchemy.orm import aliased, raiseload, selectinload

from modules.cms.services import media_service
from wizamart.database import db

from ..exceptions import CategoryNotFound, ProductNotFound
from ..models import (
    Category,
    Product,
    ProductStatus,
    ProductTranslation,
    product_categories,
)
from . import facet_cache, search_service

PER_PAGE = 24
HOME_FEATURED = 8
HOME_NEWEST = 8
# Counting stops at this many rows past the page shown: "more than 1,000 products" is as useful
# as the exact figure, and counting 30,000 products of a category would cost more than showing
# the page. The pager still goes on (the count reaches further on later pages).
COUNT_AHEAD = 1_000
# The brand filter lists the brands of the first this-many matches (exact below it); past that,
# every brand of the shop (one index probe per brand).
BRAND_SAMPLE = 500
# At or below this, a product page says "Only N left".
LOW_STOCK_SHOWN = 5
SORTS = ("newest", "price_asc", "price_desc", "title")
MAX_PRICE_EUROS = Decimal(10_000_000)

Sort = Literal["newest", "price_asc", "price_desc", "title"]


# ------------------------------------------------------------------ input


class ListingQuery(BaseModel):
    """A listing's query string: ``?page&min&max&brand&in_stock&sort`` (prices in euros)."""

    model_config = ConfigDict(extra="ignore")

    page: int = Field(1, ge=1, le=1_000_000)
    per_page: int = Field(PER_PAGE, ge=1, le=100)
    min: Decimal | None = Field(None, ge=0, le=MAX_PRICE_EUROS)
    max: Decimal | None = Field(None, ge=0, le=MAX_PRICE_EUROS)
    brand: list[str] = Field(default_factory=list, max_length=30)
    in_stock: bool = False
    sort: Sort = "newest"

    @field_validator("min", "max", mode="before")
    @classmethod
    def _comma_decimal(cls, value):
        # "12,50" is how most of our customers write a price.
        if isinstance(value, str):
            value = value.strip().replace(",", ".")
            try:
                Decimal(value)
            except InvalidOperation:
                raise ValueError("catalog.storefront.validation.price") from None
        return value

    @field_validator("brand")
    @classmethod
    def _brands(cls, values: list[str]) -> list[str]:
        return [v.strip()[:120] for v in values if v and v.strip()]

    @field_validator("max")
    @classmethod
    def _max_over_min(cls, value, info):
        low = info.data.get("min")
        if value is not None and low is not None and value < low:
            raise ValueError("catalog.storefront.validation.max_below_min")
        return value

    @property
    def min_cents(self) -> int | None:
        return None if self.min is None else int(self.min * 100)

    @property
    def max_cents(self) -> int | None:
        return None if self.max is None else int(self.max * 100)

    @property
    def filtered(self) -> bool:
        return bool(self.min is not None or self.max is not None or self.brand or self.in_stock)


class SearchQuery(BaseModel):
    """A search's query string: ``?q&page``."""

    model_config = ConfigDict(extra="ignore")

    q: str = Field("", max_length=200)
    page: int = Field(1, ge=1, le=1_000_000)
    per_page: int = Field(PER_PAGE, ge=1, le=100)


# ------------------------------------------------------------------ what pages get


def pick_language(texts: dict[str, str], lang: str, fallback: str) -> str:
    """The text in ``lang``, else in the shop's ``fallback`` language, else English, else any."""
    for candidate in (lang, fallback, "en"):
        if texts.get(candidate):
            return texts[candidate]
    return next((text for text in texts.values() if text), "")


@dataclass(frozen=True)
class CategoryView:
    id: int
    slug: str
    parent_id: int | None
    position: int
    names: dict[str, str]
    fallback_language: str = "en"

    def name(self, lang: str) -> str:
        return pick_language(self.names, lang, self.fallback_language) or self.slug

    def to_dict(self, lang: str) -> dict:
        return {"id": self.id, "slug": self.slug, "parent_id": self.parent_id, "name": self.name(lang)}


@dataclass(frozen=True)
class ProductCard:
    """A product in a listing."""

    id: int
    slug: str
    title: str
    brand: str
    price_cents: int
    vat_rate: int
    in_stock: bool
    featured: bool
    image: media_service.MediaView | None

    def to_dict(self, lang: str | None = None) -> dict:
        return {
            "id": self.id,
            "slug": self.slug,
            "title": self.title,
            "brand": self.brand,
            "price_cents": self.price_cents,
            "vat_rate": self.vat_rate,
            "in_stock": self.in_stock,
            "featured": self.featured,
            "image": _image_dict(self.image, lang),
        }


@dataclass(frozen=True)
class BrandFacet:
    name: str
    count: int


@dataclass(frozen=True)
class Listing:
    """One page of products, with the facts a filter sidebar and pager need."""

    items: list[ProductCard]
    total: int
    page: int
    per_page: int
    # True when there are more than ``total`` matches (counting stopped there).
    more: bool = False
    brands: list[BrandFacet] = field(default_factory=list)

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.per_page))

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages or self.more

    @property
    def pages_label(self) -> str:
        """ "42", or "42+" when counting stopped."""
        return f"{self.pages}+" if self.more else str(self.pages)

    def meta(self) -> dict:
        return {
            "total": self.total,
            "total_is_lower_bound": self.more,
            "page": self.page,
            "per_page": self.per_page,
            "pages": self.pages,
        }


@dataclass(frozen=True)
class SearchResult:
    query: str
    words: list[str]
    listing: Listing
    # The query has no word of two characters or more: nothing was searched.
    too_short: bool = False


@dataclass(frozen=True)
class HomeView:
    featured: list[ProductCard]
    newest: list[ProductCard]
    categories: list[CategoryView]


@dataclass(frozen=True)
class Availability:
    """``state`` is ``in_stock``, ``low`` (``count`` left) or ``out``."""

    state: str
    count: int | None = None

    @property
    def buyable(self) -> bool:
        return self.state != "out"

    @classmethod
    def of(cls, stock_available: int | None) -> Availability:
        if stock_available is None or stock_available > LOW_STOCK_SHOWN:
            return cls("in_stock")
        if stock_available <= 0:
            return cls("out")
        return cls("low", stock_available)


@dataclass(frozen=True)
class VariantChoice:
    id: int
    sku: str
    gtin: str | None
    price_cents: int
    options: dict[str, str]
    availability: Availability

    def to_dict(self) -> dict:
        return {
            "id": self.id,
            "sku": self.sku,
            "gtin": self.gtin,
            "price_cents": self.price_cents,
            "options": dict(self.options),
            "availability": self.availability.state,
            "available_count": self.availability.count,
        }


@dataclass(frozen=True)
class OptionAxis:
    """One option of a product's variants (``size``) and its values in the shop's order."""

    name: str
    values: list[str]


@dataclass(frozen=True)
class ProductPage:
    id: int
    slug: str
    title: str
    description: str
    brand: str
    vat_rate: int
    in_stock: bool
    images: list[media_service.MediaView]
    variants: list[VariantChoice]
    selected: VariantChoice
    axes: list[OptionAxis]
    categories: list[CategoryView]
    language: str  # the language the title is in
    description_language: str = ""

    @property
    def has_choice(self) -> bool:
        return len(self.variants) > 1

    @property
    def vat_percent(self) -> str:
        return f"{Decimal(self.vat_rate) / 100:g}"

    def to_dict(self, lang: str | None = None) -> dict:
        return {
            "id": self.id,
            "slug": self.slug,
            "title": self.title,
            "description": self.description,
            "language": self.language,
            "brand": self.brand,
            "vat_rate": self.vat_rate,
            "in_stock": self.in_stock,
            "images": [_image_dict(image, lang) for image in self.images],
            "options": [{"name": axis.name, "values": axis.values} for axis in self.axes],
            "variants": [variant.to_dict() for variant in self.variants],
            "selected_variant_id": self.selected.id,
            "categories": [
                {"id": c.id, "slug": c.slug, "name": c.name(lang or "en")} for c in self.categories
            ],
        }


def _image_dict(image: media_service.MediaView | None, lang: str | None) -> dict | None:
    if image is None:
        return None
    return {"id": image.id, "url": image.url, "thumbnail_url": image.thumbnail_url, "alt": image.alt(lang)}


# ------------------------------------------------------------------ categories


def shop_categories(vendor) -> list[CategoryView]:
    """Every category of the shop in menu order: one query, remembered for the request."""
    cache = g.setdefault("catalog_categories", {})
    if vendor.id not in cache:
        rows = db.session.scalars(
            select(Category).where(Category.vendor_id == vendor.id).order_by(Category.position, Category.id)
        )
        fallback = vendor.default_language
        cache[vendor.id] = [
            CategoryView(c.id, c.slug, c.parent_id, c.position, dict(c.names or {}), fallback) for c in rows
        ]
    return cache[vendor.id]


def top_categories(vendor) -> list[CategoryView]:
    """The shop's top-level categories (its menu)."""
    return [c for c in shop_categories(vendor) if c.parent_id is None]


def category(vendor, slug: str) -> CategoryView:
    """The shop's category ``slug``, or ``CategoryNotFound``."""
    for candidate in shop_categories(vendor):
        if candidate.slug == slug:
            return candidate
    raise CategoryNotFound(slug)


def subcategories(vendor, category_id: int) -> list[CategoryView]:
    return [c for c in shop_categories(vendor) if c.parent_id == category_id]


def category_trail(vendor, category_view: CategoryView) -> list[CategoryView]:
    """The category and its parents, outermost first (breadcrumbs)."""
    by_id = {c.id: c for c in shop_categories(vendor)}
    trail, current, seen = [], category_view, set()
    while current is not None and current.id not in seen:
        seen.add(current.id)
        trail.append(current)
        current = by_id.get(current.parent_id) if current.parent_id else None
    return list(reversed(trail))


def _with_descendants(vendor, category_id: int) -> list[int]:
    children: dict[int | None, list[int]] = {}
    for c in shop_categories(vendor):
        children.setdefault(c.parent_id, []).append(c.id)
    found, todo = [], [category_id]
    while todo:
        current = todo.pop()
        if current in found:
            continue
        found.append(current)
        todo.extend(children.get(current, []))
    return found


# ------------------------------------------------------------------ listings


def _active(vendor_id: int) -> list:
    return [Product.vendor_id == vendor_id, Product.status == ProductStatus.ACTIVE]


def _in_categories(category_ids: Sequence[int]):
    # EXISTS, not a join: a product in a category and one of its children is listed once.
    return exists().where(
        product_categories.c.product_id == Product.id,
        product_categories.c.category_id.in_(category_ids),
    )


def _filters(query: ListingQuery, with_brand: bool = True) -> list:
    conditions = []
    if query.min_cents is not None:
        conditions.append(Product.min_price_cents >= query.min_cents)
    if query.max_cents is not None:
        conditions.append(Product.min_price_cents <= query.max_cents)
    if with_brand and query.brand:
        conditions.append(Product.brand.in_(query.brand))
    if query.in_stock:
        conditions.append(Product.in_stock.is_(True))
    return conditions


def _ordered(statement: Select, sort: str, lang: str, fallback: str) -> Select:
    if sort == "price_asc":
        return statement.order_by(Product.min_price_cents, Product.id)
    if sort == "price_desc":
        return statement.order_by(Product.min_price_cents.desc(), Product.id.desc())
    if sort == "title":
        wanted, other = aliased(ProductTranslation), aliased(ProductTranslation)
        title = func.lower(func.coalesce(wanted.title, other.title, ""))
        return (
            statement.outerjoin(wanted, and_(wanted.product_id == Product.id, wanted.language == lang))
            .outerjoin(other, and_(other.product_id == Product.id, other.language == fallback))
            .order_by(title, Product.id)
        )
    return statement.order_by(Product.created_at.desc(), Product.id.desc())


def _capped_count(conditions: list, offset: int, per_page: int) -> tuple[int, bool]:
    """How many products match, counting no further than ``COUNT_AHEAD`` past this page;
    ``(count, more)``."""
    cap = offset + per_page + COUNT_AHEAD
    inner = select(Product.id).where(*conditions).limit(cap + 1)
    counted = db.session.scalar(select(func.count()).select_from(inner.subquery())) or 0
    return min(counted, cap), counted > cap


def _cards(products: Sequence[Product], vendor, lang: str) -> list[ProductCard]:
    """Cards of ``products`` (translations and images already loaded): one media query."""
    first_images = {p.id: p.images[0].media_id for p in products if p.images}
    media = media_service.media_for(vendor.id, list(set(first_images.values()))) if first_images else {}
    return [
        ProductCard(
            id=p.id,
            slug=p.slug,
            title=_title(p, lang, vendor.default_language),
            brand=p.brand,
            price_cents=p.min_price_cents,
            vat_rate=p.vat_rate,
            in_stock=p.in_stock,
            featured=p.featured,
            image=media.get(first_images.get(p.id)),
        )
        for p in products
    ]


def _translation(
    product: Product, lang: str, fallback: str, attribute: str = "title"
) -> ProductTranslation | None:
    """The translation in ``lang``, else the shop's language, else English, else any, whose
    ``attribute`` is not empty."""
    by_language = {tr.language: tr for tr in product.translations}
    for candidate in (lang, fallback, "en"):
        if candidate in by_language and getattr(by_language[candidate], attribute):
            return by_language[candidate]
    return next((tr for tr in product.translations if getattr(tr, attribute)), None)


def _title(product: Product, lang: str, fallback: str) -> str:
    translation = _translation(product, lang, fallback)
    return translation.title if translation else product.slug


def _card_loading() -> list:
    """Listings load translations and images in one query each, and never variants or
    categories (raiseload: an accidental per-row load fails the tests instead of slowing pages)."""
    return [
        selectinload(Product.translations),
        selectinload(Product.images),
        raiseload(Product.variants),
        raiseload(Product.categories),
    ]


def listing(vendor, query: ListingQuery, lang: str, category_slug: str | None = None) -> Listing:
    """The shop's active products (of ``category_slug`` and its sub-categories, if given),
    filtered and sorted as ``query`` says, one page of them, with the brands to filter by."""
    conditions = _active(vendor.id)
    if category_slug is not None:
        chosen = category(vendor, category_slug)
        conditions.append(_in_categories(_with_descendants(vendor, chosen.id)))
    brand_conditions = conditions + _filters(query, with_brand=False)
    conditions = conditions + _filters(query)

    offset = (query.page - 1) * query.per_page
    filters = (query.min_cents, query.max_cents, tuple(sorted(query.brand or ())), bool(query.in_stock))
    where = ("category", category_slug, filters)
    total, more = facet_cache.cached(
        vendor.id,
        (*where, offset + query.per_page),
        lambda: _capped_count(conditions, offset, query.per_page),
    )
    products: list[Product] = []
    if offset < total:
        statement = select(Product).where(*conditions).options(*_card_loading())
        statement = _ordered(statement, query.sort, lang, vendor.default_language)
        products = list(db.session.scalars(statement.limit(query.per_page).offset(offset)))
    return Listing(
        items=_cards(products, vendor, lang),
        total=total,
        page=query.page,
        per_page=query.per_page,
        more=more,
        brands=facet_cache.cached(
            vendor.id,
            ("brands", category_slug, filters[:2] + filters[3:]),
            lambda: _brand_facets(vendor.id, brand_conditions),
        ),
    )


def _brand_facets(vendor_id: int, conditions: list) -> list[BrandFacet]:
    """The brands to filter by: with counts, from the matching products when there are fewer
    than ``BRAND_SAMPLE`` of them; else every brand of the shop, without counts. Two small
    queries either way (so the page's query count does not depend on the catalog's size)."""
    sample = select(Product.brand.label("brand")).where(*conditions).limit(BRAND_SAMPLE).subquery()
    counted = list(db.session.execute(select(sample.c.brand, func.count()).group_by(sample.c.brand)))
    every = shop_brands(vendor_id)
    if sum(n for _, n in counted) < BRAND_SAMPLE:
        return sorted((BrandFacet(b, n) for b, n in counted if b), key=lambda f: f.name.casefold())
    return [BrandFacet(b, 0) for b in every]


_SHOP_BRANDS = text(
    """
    WITH RECURSIVE brands(brand) AS (
        SELECT min(brand) FROM catalog_products
        WHERE vendor_id = :vendor_id AND status = :status AND brand > ''
        UNION ALL
        SELECT (SELECT min(p.brand) FROM catalog_products p
                WHERE p.vendor_id = :vendor_id AND p.status = :status AND p.brand > brands.brand)
        FROM brands WHERE brands.brand IS NOT NULL
    )
    SELECT brand FROM brands WHERE brand IS NOT NULL LIMIT :limit
    """
)


def shop_brands(vendor_id: int, limit: int = 100) -> list[str]:
    """The brands of the shop's active products, sorted: a loose scan of the (vendor, brand)
    index, one probe per brand however many products there are."""
    rows = db.session.execute(
        _SHOP_BRANDS, {"vendor_id": vendor_id, "status": ProductStatus.ACTIVE.value, "limit": limit}
    )
    return sorted((row[0] for row in rows), key=str.casefold)


# ------------------------------------------------------------------ search


def search(vendor, query: SearchQuery, lang: str) -> SearchResult:
    """Active products with a word starting with every word of ``query.q`` in a title or
    description of any language (accents and case ignored), best matches first: title words
    weigh 2, description words 1, summed over the query's words."""
    words = search_service.query_words(query.q)
    if not words:
        empty = Listing(items=[], total=0, page=query.page, per_page=query.per_page)
        return SearchResult(query.q, [], empty, too_short=True)

    condition, score = search_service.match(words, db.session.get_bind().dialect.name)
    # Ranking needs every match's score anyway, so the same statement counts them (a window).
    statement = (
        select(Product, func.count().over().label("total"))
        .where(*_active(vendor.id), condition)
        .options(*_card_loading())
        .order_by(score.desc(), Product.created_at.desc(), Product.id.desc())
        .limit(query.per_page)
        .offset((query.page - 1) * query.per_page)
    )
    rows = db.session.execute(statement).all()
    products = [row[0] for row in rows]
    total = rows[0][1] if rows else 0
    listing_ = Listing(
        items=_cards(products, vendor, lang), total=total, page=query.page, per_page=query.per_page
    )
    return SearchResult(query.q, words, listing_)


# ------------------------------------------------------------------ home


def home(vendor, lang: str) -> HomeView:
    """The shop's featured products, its newest ones and its top-level categories."""
    featured = list(
        db.session.scalars(
            select(Product)
            .where(*_active(vendor.id), Product.featured.is_(True))
            .options(*_card_loading())
            .order_by(Product.created_at.desc(), Product.id.desc())
            .limit(HOME_FEATURED)
        )
    )
    newest = list(
        db.session.scalars(
            select(Product)
            .where(*_active(vendor.id))
            .options(*_card_loading())
            .order_by(Product.created_at.desc(), Product.id.desc())
            .limit(HOME_NEWEST)
        )
    )
    # One media query for both rows of cards.
    cards = {c.id: c for c in _cards(list({p.id: p for p in featured + newest}.values()), vendor, lang)}
    return HomeView(
        featured=[cards[p.id] for p in featured],
        newest=[cards[p.id] for p in newest],
        categories=top_categories(vendor),
    )


# ------------------------------------------------------------------ product page


def product_page(
    vendor,
    slug: str,
    lang: str,
    variant_id: int | None = None,
    options: dict[str, str] | None = None,
) -> ProductPage:
    """An active product of the shop by slug, in ``lang`` (else the shop's language, else
    any), with the variant chosen by ``variant_id`` or by ``options`` (else the first that
    is available). ``ProductNotFound`` for drafts, archived products and other shops'."""
    product = db.session.scalar(
        select(Product)
        .where(*_active(vendor.id), Product.slug == slug)
        .options(
            selectinload(Product.translations),
            selectinload(Product.variants),
            selectinload(Product.images),
            selectinload(Product.categories),
        )
    )
    if product is None:
        raise ProductNotFound(slug)
    translation = _translation(product, lang, vendor.default_language)
    # A translation without a description borrows the next language's: better than none.
    described = _translation(product, lang, vendor.default_language, attribute="description")
    media_ids = [image.media_id for image in product.images]
    media = media_service.media_for(vendor.id, media_ids) if media_ids else {}
    variants = [
        VariantChoice(
            id=v.id,
            sku=v.sku,
            gtin=v.gtin,
            price_cents=v.price_cents,
            options={str(k): str(value) for k, value in (v.options or {}).items()},
            availability=Availability.of(v.stock_available),
        )
        for v in product.variants
    ]
    if not variants:  # the catalog guarantees one; a page without a price is still no 500
        raise ProductNotFound(slug)
    fallback = vendor.default_language
    by_category_id = {c.id: c for c in shop_categories(vendor)}
    return ProductPage(
        id=product.id,
        slug=product.slug,
        title=translation.title if translation else product.slug,
        description=described.description if described else "",
        brand=product.brand,
        vat_rate=product.vat_rate,
        in_stock=product.in_stock,
        images=[media[i] for i in media_ids if i in media],
        variants=variants,
        selected=choose_variant(variants, variant_id, options),
        axes=option_axes(variants),
        categories=[
            by_category_id.get(c.id)
            or CategoryView(c.id, c.slug, c.parent_id, c.position, dict(c.names or {}), fallback)
            for c in product.categories
        ],
        language=translation.language if translation else lang,
        description_language=described.language if described else lang,
    )


def option_axes(variants: Sequence[VariantChoice]) -> list[OptionAxis]:
    """The options the variants differ by, names and values in order of first appearance."""
    axes: dict[str, list[str]] = {}
    for variant in variants:
        for name, value in variant.options.items():
            values = axes.setdefault(name, [])
            if value not in values:
                values.append(value)
    return [OptionAxis(name, values) for name, values in axes.items()]


def choose_variant(
    variants: Sequence[VariantChoice], variant_id: int | None = None, options: dict[str, str] | None = None
) -> VariantChoice:
    """The variant asked for by id, else the one with all the given ``options``, else the
    first available one, else the first."""
    if variant_id is not None:
        for variant in variants:
            if variant.id == variant_id:
                return variant
    if options:
        wanted = {k: v for k, v in options.items() if v}
        for variant in variants:
            if all(variant.options.get(k) == v for k, v in wanted.items()):
                return variant
    return next((v for v in variants if v.availability.buyable), variants[0])


__all__ = [
    "SORTS",
    "Availability",
    "CategoryView",
    "HomeView",
    "Listing",
    "ListingQuery",
    "ProductCard",
    "ProductPage",
    "SearchQuery",
    "SearchResult",
    "category",
    "category_trail",
    "choose_variant",
    "home",
    "listing",
    "option_axes",
    "product_page",
    "search",
    "shop_categories",
    "subcategories",
    "top_categories",
]
