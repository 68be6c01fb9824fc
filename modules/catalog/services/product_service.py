"""Products and their variants: create, edit, archive, restore and bulk edit, and the public
reads other modules use (``variants_for``, ``find_variant_by_sku``, ``search_variants``) plus
``record_availability``, through which inventory tells the catalog what is in stock.

Rules kept here: a product has at least one variant (exactly one, without options, when it has
no options); SKUs are unique per shop across all variants; GTINs carry a valid GS1 check digit;
prices are gross integer cents; a product's slug comes from its title in the shop's language and
is unique per shop; ``Product.min_price_cents`` and ``Product.in_stock`` follow the variants.
Each write is one unit of work: the events (``hookspecs.py``) fire after the flush, before the
commit, and anything refused rolls everything back (uploaded images included).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from flask import current_app
from sqlalchemy import exists, func, or_, select
from sqlalchemy import update as sql_update
from sqlalchemy.exc import IntegrityError

from wizamart.database import db, utcnow
from wizamart.i18n import current_locale
from wizamart.pagination import Page, paginate

from ..exceptions import (
    CategoryNotFound,
    InvalidProduct,
    ProductNotFound,
    SkuTaken,
    SlugTaken,
    VariantInUse,
    VariantNotFound,
)
from ..models import (
    LANGUAGES,
    Category,
    Product,
    ProductImage,
    ProductStatus,
    ProductTranslation,
    ProductVariant,
)
from ..schemas import VAT_PERCENTS, BulkEditIn, ProductIn, net_cents
from . import facet_cache, search_service

LIST_STATUSES = ("draft", "active", "archived")


# ------------------------------------------------------------------ what other modules get


@dataclass(frozen=True)
class VariantView:
    """A variant as other modules see it (inventory, orders, pickers)."""

    id: int
    product_id: int
    vendor_id: int
    sku: str
    gtin: str | None
    price_cents: int
    vat_rate: int  # basis points: 1700 = 17 %
    status: str  # the product's: draft, active or archived
    stock_available: int | None
    options: dict[str, str] = field(default_factory=dict)
    titles: dict[str, str] = field(default_factory=dict)
    product_slug: str = ""

    def title(self, lang: str | None = None) -> str:
        """The product's title in ``lang`` (default: the request's), else English, else any."""
        for candidate in (lang or current_locale(), "en"):
            if self.titles.get(candidate):
                return self.titles[candidate]
        return next(iter(self.titles.values()), self.sku)

    @property
    def options_label(self) -> str:
        """``"M / red"``; empty for a product without options."""
        return " / ".join(str(v) for v in self.options.values())

    @property
    def available(self) -> bool:
        """Buyable now: stock not tracked, or some available."""
        return self.stock_available is None or self.stock_available > 0

    @property
    def net_cents(self) -> int:
        return net_cents(self.price_cents, self.vat_rate)

    def to_dict(self) -> dict:
        return {
            "id": self.id,
            "product_id": self.product_id,
            "sku": self.sku,
            "gtin": self.gtin,
            "title": self.title(),
            "options": dict(self.options),
            "options_label": self.options_label,
            "price_cents": self.price_cents,
            "vat_rate": VAT_PERCENTS.get(self.vat_rate, self.vat_rate / 100),
            "status": self.status,
            "stock_available": self.stock_available,
        }


def _views(query) -> dict[int, VariantView]:
    """Views from ``query`` (variants joined to their product and, outer, its translations):
    one query whatever the number of variants."""
    rows = db.session.execute(query).all()
    found: dict[int, dict] = {}
    for variant, product_status, vat_rate, slug, language, title in rows:
        entry = found.get(variant.id)
        if entry is None:
            entry = found[variant.id] = {
                "id": variant.id,
                "product_id": variant.product_id,
                "vendor_id": variant.vendor_id,
                "sku": variant.sku,
                "gtin": variant.gtin,
                "price_cents": variant.price_cents,
                "vat_rate": vat_rate,
                "status": ProductStatus(product_status).value,
                "stock_available": variant.stock_available,
                "options": dict(variant.options or {}),
                "titles": {},
                "product_slug": slug,
            }
        if language:
            entry["titles"][language] = title
    return {variant_id: VariantView(**entry) for variant_id, entry in found.items()}


def _view_query():
    return (
        select(
            ProductVariant,
            Product.status,
            Product.vat_rate,
            Product.slug,
            ProductTranslation.language,
            ProductTranslation.title,
        )
        .join(Product, Product.id == ProductVariant.product_id)
        .outerjoin(ProductTranslation, ProductTranslation.product_id == Product.id)
    )


def variants_for(vendor_id: int, variant_ids: Iterable[int]) -> dict[int, VariantView]:
    """The shop's variants among ``variant_ids``, by id, in one query (others' ids left out)."""
    wanted = {int(i) for i in variant_ids if i is not None}
    if not wanted:
        return {}
    return _views(_view_query().where(ProductVariant.vendor_id == vendor_id, ProductVariant.id.in_(wanted)))


def find_variant_by_sku(vendor_id: int, sku: str) -> VariantView | None:
    """The shop's variant with this SKU (exact), or ``None``."""
    views = _views(
        _view_query().where(ProductVariant.vendor_id == vendor_id, ProductVariant.sku == (sku or "").strip())
    )
    return next(iter(views.values()), None)


def search_variants(vendor_id: int, query: str, limit: int = 20) -> list[VariantView]:
    """Variants for a picker: SKU starting with ``query`` or a title containing it, archived
    products left out; at most ``limit``, by SKU."""
    text = (query or "").strip()
    limit = max(1, min(int(limit), 100))
    ids_query = (
        select(ProductVariant.id)
        .join(Product, Product.id == ProductVariant.product_id)
        .where(ProductVariant.vendor_id == vendor_id, Product.status != ProductStatus.ARCHIVED)
    )
    if text:
        title_match = exists().where(
            ProductTranslation.product_id == ProductVariant.product_id,
            ProductTranslation.title.ilike(f"%{_escape_like(text)}%", escape="\\"),
        )
        ids_query = ids_query.where(
            or_(ProductVariant.sku.ilike(f"{_escape_like(text)}%", escape="\\"), title_match)
        )
    ids = list(db.session.scalars(ids_query.order_by(ProductVariant.sku).limit(limit)))
    views = variants_for(vendor_id, ids)
    return [views[i] for i in ids if i in views]


def record_availability(vendor_id: int, availability: Mapping[int, int | None]) -> None:
    """Set the available quantity of the shop's variants (``None``: not tracked, always
    available) and recompute their products' ``in_stock``.

    Called by inventory inside its own transaction: flushes, never commits. Ids of another
    shop are ignored.
    """
    wanted = {int(k): (None if v is None else int(v)) for k, v in availability.items()}
    if not wanted:
        return
    facet_cache.changed(db.session, vendor_id)  # "in stock only" counts change
    # Set-based: one UPDATE per distinct quantity (a CSV import's new variants are all 0).
    by_value: dict[int | None, list[int]] = {}
    for variant_id, value in wanted.items():
        by_value.setdefault(value, []).append(variant_id)
    for value, ids in by_value.items():
        for start in range(0, len(ids), 1000):
            db.session.execute(
                sql_update(ProductVariant)
                .where(
                    ProductVariant.vendor_id == vendor_id, ProductVariant.id.in_(ids[start : start + 1000])
                )
                .values(stock_available=value),
                execution_options={"synchronize_session": False},
            )
    ids = sorted(wanted)
    product_ids: set[int] = set()
    for start in range(0, len(ids), 1000):
        product_ids.update(
            db.session.scalars(
                select(ProductVariant.product_id)
                .where(
                    ProductVariant.vendor_id == vendor_id, ProductVariant.id.in_(ids[start : start + 1000])
                )
                .distinct()
            )
        )
    for obj in list(db.session.identity_map.values()):
        if isinstance(obj, ProductVariant) and obj.id in wanted and obj.vendor_id == vendor_id:
            db.session.expire(obj, ["stock_available"])
    refresh_in_stock(product_ids)


def refresh_in_stock(product_ids: Iterable[int]) -> None:
    """Recompute ``in_stock`` and ``min_price_cents`` of these products in SQL (no commit)."""
    ids = sorted(set(product_ids))
    for start in range(0, len(ids), 1000):
        chunk = ids[start : start + 1000]
        available = exists().where(
            ProductVariant.product_id == Product.id,
            or_(ProductVariant.stock_available.is_(None), ProductVariant.stock_available > 0),
        )
        min_price = (
            select(func.min(ProductVariant.price_cents))
            .where(ProductVariant.product_id == Product.id)
            .scalar_subquery()
        )
        db.session.execute(
            sql_update(Product)
            .where(Product.id.in_(chunk))
            .values(in_stock=available, min_price_cents=func.coalesce(min_price, 0)),
            execution_options={"synchronize_session": False},
        )
    # Products already loaded in this session read the new values on next access.
    wanted = set(ids)
    for obj in list(db.session.identity_map.values()):
        if isinstance(obj, Product) and obj.id in wanted:
            db.session.expire(obj, ["in_stock", "min_price_cents"])


# ------------------------------------------------------------------ reading products


def get(vendor_id: int, product_id: int) -> Product:
    """One of the shop's products (any status), or ``ProductNotFound`` (404)."""
    product = db.session.scalar(
        select(Product).where(Product.id == product_id, Product.vendor_id == vendor_id)
    )
    if product is None:
        raise ProductNotFound(product_id)
    return product


def search(
    vendor_id: int,
    q: str = "",
    status: str = "",
    category_id: int | None = None,
    brand: str = "",
    page: int = 1,
    per_page: int = 20,
) -> Page:
    """The shop's products, newest first. ``status`` empty: draft and active (archived ones
    only when asked for); ``q`` matches a title in any language or a variant's SKU."""
    query = select(Product).where(Product.vendor_id == vendor_id)
    if status in LIST_STATUSES:
        query = query.where(Product.status == ProductStatus(status))
    else:
        query = query.where(Product.status != ProductStatus.ARCHIVED)
    if brand:
        query = query.where(Product.brand == brand)
    if category_id:
        from ..models import product_categories

        query = query.where(
            exists().where(
                product_categories.c.product_id == Product.id, product_categories.c.category_id == category_id
            )
        )
    text = (q or "").strip()
    if text:
        like = f"%{_escape_like(text)}%"
        query = query.where(
            or_(
                exists().where(
                    ProductTranslation.product_id == Product.id,
                    ProductTranslation.title.ilike(like, escape="\\"),
                ),
                exists().where(
                    ProductVariant.product_id == Product.id, ProductVariant.sku.ilike(like, escape="\\")
                ),
            )
        )
    return paginate(query.order_by(Product.created_at.desc(), Product.id.desc()), page, per_page)


def brands(vendor_id: int) -> list[str]:
    """The brands the shop uses, for filters."""
    return list(
        db.session.scalars(
            select(Product.brand)
            .where(Product.vendor_id == vendor_id, Product.brand != "")
            .distinct()
            .order_by(Product.brand)
        )
    )


def count(vendor_id: int) -> dict[str, int]:
    """Products per status."""
    rows = db.session.execute(
        select(Product.status, func.count()).where(Product.vendor_id == vendor_id).group_by(Product.status)
    )
    return {ProductStatus(status).value: n for status, n in rows}


def title_of(product: Product, lang: str | None = None) -> str:
    """The product's title in ``lang`` (default: the request's), else English, else any."""
    titles = {tr.language: tr.title for tr in product.translations}
    for candidate in (lang or current_locale(), "en"):
        if titles.get(candidate):
            return titles[candidate]
    return next(iter(titles.values()), product.slug)


def media_views(vendor_id: int, products: Sequence[Product]) -> dict:
    """The cms media of these products' images, by media id, in one query."""
    from modules.cms.services import media_service

    ids = {image.media_id for product in products for image in product.images}
    return media_service.media_for(vendor_id, ids)


def cover_images(vendor_id: int, product_ids: Iterable[int]) -> dict:
    """The first picture of each of the shop's products among ``product_ids``, as cms media
    views by product id (products without one left out), in two queries. For other modules'
    pages (the cart shows each line's product)."""
    from modules.cms.services import media_service

    wanted = {int(i) for i in product_ids if i is not None}
    if not wanted:
        return {}
    rows = db.session.execute(
        select(ProductImage.product_id, ProductImage.media_id)
        .join(Product, Product.id == ProductImage.product_id)
        .where(Product.vendor_id == vendor_id, ProductImage.product_id.in_(wanted))
        .order_by(ProductImage.product_id, ProductImage.position, ProductImage.id)
    ).all()
    first: dict[int, int] = {}
    for product_id, media_id in rows:
        first.setdefault(product_id, media_id)
    media = media_service.media_for(vendor_id, first.values())
    return {product_id: media[media_id] for product_id, media_id in first.items() if media_id in media}


# ------------------------------------------------------------------ writing


def create(vendor, data: ProductIn, uploads: Sequence = (), user_id: int | None = None) -> Product:
    """Create a product of ``vendor`` (an object with ``id``, ``platform_id`` and
    ``default_language``) from ``data``; ``uploads`` are image files (``FileStorage``) stored in
    the shop's media library and attached after ``data.media_ids``. Fires ``on_product_created``."""
    return _save(vendor, None, data, uploads, user_id)


def update(
    vendor, product_id: int, data: ProductIn, uploads: Sequence = (), user_id: int | None = None
) -> Product:
    """Replace a product's fields, translations, categories, images and variants with ``data``.

    A variant with an ``id`` keeps that variant (it must be this product's); one without is
    added; the product's variants missing from ``data`` are removed. Fires ``on_product_updated``
    with what changed (nothing fires when nothing changed)."""
    return _save(vendor, product_id, data, uploads, user_id)


def _save(vendor, product_id: int | None, data: ProductIn, uploads: Sequence, user_id: int | None) -> Product:
    stored: list = []
    try:
        product = get(vendor.id, product_id) if product_id is not None else None
        _check(vendor, data, product)
        media_ids = list(dict.fromkeys(data.media_ids))
        if uploads:
            stored = _store_uploads(vendor, data, uploads, user_id)
            media_ids += [view.id for view in stored]
        if product is None:
            product = _insert(vendor, data, media_ids)
            _pm().hook.on_product_created(product=product)
        else:
            changes = _apply(vendor, product, data, media_ids)
            if changes:
                _pm().hook.on_product_updated(product=product, changes=changes)
        db.session.commit()
        return product
    except IntegrityError as exc:
        db.session.rollback()
        _discard(stored)
        raise _integrity_error(exc, data) from exc
    except Exception:
        db.session.rollback()
        _discard(stored)
        raise


def _check(vendor, data: ProductIn, product: Product | None) -> None:
    """The rules pydantic cannot see: the shop's language, prices, options, SKUs, ids."""
    errors: dict[str, str] = {}
    default = vendor.default_language if vendor.default_language in LANGUAGES else "en"
    titles = {lang: tr.title for lang, tr in data.translations.items() if tr.title}
    if not titles.get(default):
        errors[f"translations.{default}.title"] = "catalog.validation.title_required"
    for lang, tr in data.translations.items():
        if tr.description and not tr.title:
            errors[f"translations.{lang}.title"] = "catalog.validation.title_required"
    option_keys = None
    combinations: set[tuple] = set()
    skus: dict[str, int] = {}
    for i, variant in enumerate(data.variants):
        if variant.price_cents is None:
            errors[f"variants.{i}.price"] = "catalog.validation.price_required"
        keys = tuple(variant.options)
        if option_keys is None:
            option_keys = keys
        elif set(keys) != set(option_keys):
            errors.setdefault(f"variants.{i}.options", "catalog.validation.options_mismatch")
        if len(data.variants) > 1:
            combination = tuple(sorted(variant.options.items()))
            if not variant.options:
                errors.setdefault(f"variants.{i}.options", "catalog.validation.options_required")
            elif combination in combinations:
                errors.setdefault(f"variants.{i}.options", "catalog.validation.options_duplicate")
            combinations.add(combination)
        key = variant.sku
        if key in skus:
            errors.setdefault(f"variants.{i}.sku", "catalog.validation.sku_duplicate")
        skus[key] = i
    if errors:
        raise InvalidProduct(errors)
    own_ids = {v.id for v in product.variants} if product is not None else set()
    for i, variant in enumerate(data.variants):
        if variant.id is not None and variant.id not in own_ids:
            raise VariantNotFound(variant.id, field=f"variants.{i}.id")
    taken = db.session.execute(
        select(ProductVariant.sku, ProductVariant.product_id).where(
            ProductVariant.vendor_id == vendor.id,
            ProductVariant.sku.in_(list(skus)),
        )
    ).all()
    for sku, owner in taken:
        if product is None or owner != product.id:
            raise SkuTaken(sku, field=f"variants.{skus[sku]}.sku")
    _require_categories(vendor.id, data.category_ids, "category_ids")
    if data.media_ids:
        from modules.cms.services import media_service

        media_service.require_vendor_media(vendor.id, data.media_ids, field="media_ids")
    if data.slug and _slug_taken(vendor.id, data.slug, product.id if product else None):
        raise SlugTaken(data.slug)


def _require_categories(vendor_id: int, ids: Iterable[int], field: str) -> list[Category]:
    wanted = list(dict.fromkeys(int(i) for i in ids))
    if not wanted:
        return []
    found = {
        c.id: c
        for c in db.session.scalars(
            select(Category).where(Category.vendor_id == vendor_id, Category.id.in_(wanted))
        )
    }
    missing = [i for i in wanted if i not in found]
    if missing:
        raise CategoryNotFound(", ".join(map(str, missing)), field=field)
    return [found[i] for i in wanted]


def _insert(vendor, data: ProductIn, media_ids: list[int]) -> Product:
    product = Product(
        vendor_id=vendor.id,
        slug=data.slug or unique_slug(vendor.id, _default_title(vendor, data)),
        status=ProductStatus(data.status),
        brand=data.brand,
        vat_rate=data.vat_rate,
        featured=data.featured,
    )
    product.translations = [
        ProductTranslation(language=lang, title=tr.title, description=tr.description)
        for lang, tr in data.translations.items()
        if tr.title
    ]
    product.categories = _require_categories(vendor.id, data.category_ids, "category_ids")
    product.images = [ProductImage(media_id=m, position=i) for i, m in enumerate(media_ids)]
    product.variants = [
        ProductVariant(
            vendor_id=vendor.id,
            sku=v.sku,
            gtin=v.gtin,
            price_cents=v.price_cents,
            options=dict(v.options),
            position=i,
        )
        for i, v in enumerate(data.variants)
    ]
    search_service.index_product(product)
    db.session.add(product)
    _sync(product)
    db.session.flush()
    return product


def _apply(vendor, product: Product, data: ProductIn, media_ids: list[int]) -> dict:
    changes: dict = {}
    for name, new in (
        (
            "status",
            ProductStatus(data.status) if product.status is not ProductStatus.ARCHIVED else product.status,
        ),
        ("brand", data.brand),
        ("vat_rate", data.vat_rate),
        ("featured", data.featured),
    ):
        old = getattr(product, name)
        if old != new:
            changes[name] = (_plain(old), _plain(new))
            setattr(product, name, new)
    if data.slug and data.slug != product.slug:
        product.slug = data.slug
        changes["slug"] = True
    # translations
    old_texts = {tr.language: (tr.title, tr.description) for tr in product.translations}
    new_texts = {lang: (tr.title, tr.description) for lang, tr in data.translations.items() if tr.title}
    if old_texts != new_texts:
        by_lang = {tr.language: tr for tr in product.translations}
        for lang, tr in by_lang.items():
            if lang not in new_texts:
                product.translations.remove(tr)
        for lang, (title, description) in new_texts.items():
            if lang in by_lang:
                by_lang[lang].title, by_lang[lang].description = title, description
            else:
                product.translations.append(
                    ProductTranslation(language=lang, title=title, description=description)
                )
        changes["translations"] = True
    categories = _require_categories(vendor.id, data.category_ids, "category_ids")
    if [c.id for c in product.categories] != [c.id for c in categories]:
        product.categories = categories
        changes["categories"] = True
    if [image.media_id for image in product.images] != media_ids:
        product.images = [ProductImage(media_id=m, position=i) for i, m in enumerate(media_ids)]
        changes["images"] = True
    variant_changes = _apply_variants(vendor, product, data)
    if variant_changes:
        changes["variants"] = variant_changes
    if "translations" in changes:
        search_service.index_product(product)
    _sync(product)
    product.updated_at = utcnow()
    db.session.flush()
    return changes


def _apply_variants(vendor, product: Product, data: ProductIn) -> dict | None:
    existing = {v.id: v for v in product.variants}
    kept = {v.id for v in data.variants if v.id is not None}
    removed = [vid for vid in existing if vid not in kept]
    for vid in removed:
        product.variants.remove(existing[vid])
    if removed:
        # Deletions first: a new variant may take over a removed one's SKU.
        db.session.flush()
    changed, added_rows = [], []
    for position, data_variant in enumerate(data.variants):
        values = {
            "sku": data_variant.sku,
            "gtin": data_variant.gtin,
            "price_cents": data_variant.price_cents,
            "options": dict(data_variant.options),
            "position": position,
        }
        if data_variant.id is not None:
            variant = existing[data_variant.id]
            before = (variant.sku, variant.gtin, variant.price_cents, dict(variant.options or {}))
            for name, value in values.items():
                setattr(variant, name, value)
            if before != (variant.sku, variant.gtin, variant.price_cents, dict(variant.options or {})):
                changed.append(variant.id)
        else:
            variant = ProductVariant(vendor_id=vendor.id, **values)
            product.variants.append(variant)
            added_rows.append(variant)
    db.session.flush()
    added = [v.id for v in added_rows]
    if not (removed or changed or added):
        return None
    return {"added": added, "removed": removed, "changed": changed}


def _sync(product: Product) -> None:
    """Keep the product's denormalised price and stock in step with its variants."""
    prices = [v.price_cents for v in product.variants]
    product.min_price_cents = min(prices) if prices else 0
    product.in_stock = any(v.stock_available is None or v.stock_available > 0 for v in product.variants)


def archive(vendor_id: int, product_id: int) -> Product:
    """Archive a product: it leaves the storefront (listings and search); its data stays.
    Fires ``on_product_archived``. Archiving an archived product changes nothing."""
    product = get(vendor_id, product_id)
    if product.status is not ProductStatus.ARCHIVED:
        _archive(product)
        db.session.commit()
    return product


def restore(vendor_id: int, product_id: int) -> Product:
    """Bring an archived product back as a draft (the vendor publishes it again).
    Fires ``on_product_updated`` with the status change."""
    product = get(vendor_id, product_id)
    if product.status is ProductStatus.ARCHIVED:
        _restore(product)
        db.session.commit()
    return product


def _archive(product: Product) -> None:
    product.status = ProductStatus.ARCHIVED
    product.archived_at = utcnow()
    db.session.flush()
    _pm().hook.on_product_archived(product=product)


def _restore(product: Product) -> None:
    product.status = ProductStatus.DRAFT
    product.archived_at = None
    db.session.flush()
    _pm().hook.on_product_updated(product=product, changes={"status": ("archived", "draft")})


def bulk_edit(vendor_id: int, data: BulkEditIn) -> int:
    """Apply one action to many of the shop's products at once (all or none: an id of another
    shop is a 404 naming ``product_ids`` and nothing changes). Returns how many changed.
    Fires the same events as editing each product on its own."""
    needed = {
        "set_status": ("status", "catalog.validation.bulk_status"),
        "set_category": ("category_id", "catalog.validation.bulk_category"),
        "change_price": ("percent", "catalog.validation.bulk_percent"),
        "set_vat": ("vat_rate", "catalog.validation.bulk_vat_rate"),
    }.get(data.action)
    if needed and getattr(data, needed[0]) is None:
        raise InvalidProduct({needed[0]: needed[1]})
    try:
        ids = list(dict.fromkeys(data.product_ids))
        products = list(
            db.session.scalars(select(Product).where(Product.vendor_id == vendor_id, Product.id.in_(ids)))
        )
        found = {p.id for p in products}
        missing = [i for i in ids if i not in found]
        if missing:
            raise ProductNotFound(", ".join(map(str, missing)), field="product_ids")
        category = None
        if data.action == "set_category":
            category = _require_categories(vendor_id, [data.category_id], "category_id")[0]
        changed = 0
        for product in products:
            if _bulk_one(product, data, category):
                changed += 1
        db.session.commit()
        return changed
    except Exception:
        db.session.rollback()
        raise


def _bulk_one(product: Product, data: BulkEditIn, category: Category | None) -> bool:
    action = data.action
    if action == "archive":
        if product.status is ProductStatus.ARCHIVED:
            return False
        _archive(product)
        return True
    if action == "restore":
        if product.status is not ProductStatus.ARCHIVED:
            return False
        _restore(product)
        return True
    changes: dict = {}
    if action == "set_status":
        new = ProductStatus(data.status)
        if product.status is ProductStatus.ARCHIVED or product.status is new:
            return False
        changes["status"] = (product.status.value, new.value)
        product.status = new
    elif action == "set_category":
        if category in product.categories:
            return False
        product.categories.append(category)
        changes["categories"] = True
    elif action == "set_vat":
        if product.vat_rate == data.vat_rate:
            return False
        changes["vat_rate"] = (product.vat_rate, data.vat_rate)
        product.vat_rate = data.vat_rate
    elif action == "change_price":
        factor = (Decimal(100) + data.percent) / Decimal(100)
        ids = []
        for variant in product.variants:
            new_price = int(
                (Decimal(variant.price_cents) * factor).quantize(Decimal(1), rounding=ROUND_HALF_UP)
            )
            if new_price != variant.price_cents:
                variant.price_cents = max(0, new_price)
                ids.append(variant.id)
        if not ids:
            return False
        changes["variants"] = {"added": [], "removed": [], "changed": ids}
        _sync(product)
    product.updated_at = utcnow()
    db.session.flush()
    _pm().hook.on_product_updated(product=product, changes=changes)
    return True


# ------------------------------------------------------------------ slugs


def slugify(text: str) -> str:
    """``"Vëlo Cargo 3000!"`` -> ``"velo-cargo-3000"`` (at most 100 characters)."""
    slug = re.sub(r"[^a-z0-9]+", "-", search_service.fold(text)).strip("-")
    return slug[:100].strip("-") or "product"


def unique_slug(vendor_id: int, text: str, model=Product, exclude_id: int | None = None) -> str:
    """A slug from ``text`` that no other record of ``model`` in the shop has (``-2``, ``-3``…)."""
    base = slugify(text)
    query = select(model.slug).where(model.vendor_id == vendor_id, model.slug.like(f"{base}%"))
    if exclude_id is not None:
        query = query.where(model.id != exclude_id)
    used = set(db.session.scalars(query))
    if base not in used:
        return base
    n = 2
    while f"{base}-{n}" in used:
        n += 1
    return f"{base}-{n}"


def _slug_taken(vendor_id: int, slug: str, exclude_id: int | None) -> bool:
    query = select(Product.id).where(Product.vendor_id == vendor_id, Product.slug == slug)
    if exclude_id is not None:
        query = query.where(Product.id != exclude_id)
    return db.session.scalar(query.limit(1)) is not None


def _default_title(vendor, data: ProductIn) -> str:
    default = vendor.default_language if vendor.default_language in LANGUAGES else "en"
    tr = data.translations.get(default)
    if tr and tr.title:
        return tr.title
    return next((tr.title for tr in data.translations.values() if tr.title), "product")


# ------------------------------------------------------------------ helpers


def _pm():
    return current_app.extensions["wizamart"].pm


def _plain(value):
    return value.value if hasattr(value, "value") else value


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _store_uploads(vendor, data: ProductIn, uploads: Sequence, user_id: int | None) -> list:
    from modules.cms.services import media_service

    alt = {lang: tr.title for lang, tr in data.translations.items() if tr.title}
    stored = []
    try:
        for upload in uploads:
            stored.append(
                media_service.store_upload(
                    vendor.id, vendor.platform_id, upload, alt, user_id, field="image", commit=False
                )
            )
    except Exception:
        _discard(stored)
        raise
    return stored


def _discard(stored: list) -> None:
    if not stored:
        return
    from modules.cms.services import media_service

    prefix = getattr(media_service, "MEDIA_URL_PREFIX", "/media/")
    keys = []
    for view in stored:
        keys += [view.url.removeprefix(prefix), view.thumbnail_url.removeprefix(prefix)]
    media_service.discard_files(set(keys))


def _integrity_error(exc: IntegrityError, data: ProductIn):
    """A race lost to another request: name the likely field (SKU or slug)."""
    text = str(exc.orig).lower()
    if "slug" in text:
        return SlugTaken(data.slug or "")
    if "sku" in text or "catalog_variants" in text:
        return SkuTaken(data.variants[0].sku if data.variants else "", field="variants")
    return VariantInUse()
