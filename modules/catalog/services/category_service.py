"""Categories of a shop: names per language, slug, parent and position."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from wizamart.database import db
from wizamart.i18n import current_locale

from ..exceptions import CategoryInUse, CategoryNotFound, InvalidProduct, SlugTaken
from ..models import LANGUAGES, Category, product_categories
from ..schemas import CategoryIn


def get(vendor_id: int, category_id: int) -> Category:
    """One of the shop's categories, or ``CategoryNotFound`` (404)."""
    category = db.session.scalar(
        select(Category).where(Category.id == category_id, Category.vendor_id == vendor_id)
    )
    if category is None:
        raise CategoryNotFound(category_id)
    return category


def all_of(vendor_id: int) -> list[Category]:
    """The shop's categories, parents before their children, by position then slug."""
    rows = list(
        db.session.scalars(
            select(Category).where(Category.vendor_id == vendor_id).order_by(Category.position, Category.slug)
        )
    )
    children: dict[int | None, list[Category]] = {}
    for row in rows:
        children.setdefault(row.parent_id, []).append(row)
    ordered: list[Category] = []

    def walk(parent_id):
        for child in children.get(parent_id, []):
            ordered.append(child)
            walk(child.id)

    walk(None)
    seen = {c.id for c in ordered}
    return ordered + [c for c in rows if c.id not in seen]


def product_counts(vendor_id: int) -> dict[int, int]:
    """Products per category (any status), in one query."""
    rows = db.session.execute(
        select(product_categories.c.category_id, func.count())
        .join(Category, Category.id == product_categories.c.category_id)
        .where(Category.vendor_id == vendor_id)
        .group_by(product_categories.c.category_id)
    )
    return dict(rows.all())


def name_of(category: Category, lang: str | None = None) -> str:
    """The category's name in ``lang`` (default: the request's), else English, else any."""
    names = category.names or {}
    for candidate in (lang or current_locale(), "en"):
        if names.get(candidate):
            return names[candidate]
    return next((n for n in names.values() if n), category.slug)


def depth_of(category: Category, by_id: dict[int, Category]) -> int:
    depth, parent = 0, category.parent_id
    while parent is not None and parent in by_id and depth < 10:
        depth += 1
        parent = by_id[parent].parent_id
    return depth


def create(vendor, data: CategoryIn) -> Category:
    """Create a category; its slug comes from the name in the shop's language when not given."""
    return _save(vendor, None, data)


def update(vendor, category_id: int, data: CategoryIn) -> Category:
    """Rename, move or re-slug one of the shop's categories."""
    return _save(vendor, category_id, data)


def delete(vendor_id: int, category_id: int) -> None:
    """Delete a category without sub-categories; its products lose it, nothing else changes."""
    category = get(vendor_id, category_id)
    has_children = db.session.scalar(
        select(Category.id).where(Category.vendor_id == vendor_id, Category.parent_id == category.id).limit(1)
    )
    if has_children is not None:
        raise CategoryInUse(category_id)
    db.session.execute(product_categories.delete().where(product_categories.c.category_id == category.id))
    db.session.delete(category)
    db.session.commit()


def _save(vendor, category_id: int | None, data: CategoryIn) -> Category:
    from .product_service import unique_slug

    category = get(vendor.id, category_id) if category_id is not None else None
    default = vendor.default_language if vendor.default_language in LANGUAGES else "en"
    if not data.names.get(default):
        raise InvalidProduct({f"names.{default}": "catalog.validation.name_required"})
    if data.parent_id is not None:
        parent = get_parent(vendor.id, data.parent_id)
        # A category cannot sit under itself or under one of its own descendants.
        if category is not None and _is_descendant(vendor.id, parent, category.id):
            raise InvalidProduct({"parent_id": "catalog.validation.parent_cycle"})
    try:
        if data.slug:
            clash = select(Category.id).where(Category.vendor_id == vendor.id, Category.slug == data.slug)
            if category is not None:
                clash = clash.where(Category.id != category.id)
            if db.session.scalar(clash) is not None:
                raise SlugTaken(data.slug)
            slug = data.slug
        else:
            slug = (
                category.slug
                if category is not None
                else unique_slug(vendor.id, data.names[default], model=Category)
            )
        if category is None:
            category = Category(vendor_id=vendor.id, slug=slug)
            db.session.add(category)
        category.slug = slug
        category.names = dict(data.names)
        category.parent_id = data.parent_id
        category.position = data.position
        db.session.commit()
        return category
    except IntegrityError as exc:
        db.session.rollback()
        raise SlugTaken(data.slug or "") from exc
    except Exception:
        db.session.rollback()
        raise


def get_parent(vendor_id: int, parent_id: int) -> Category:
    try:
        return get(vendor_id, parent_id)
    except CategoryNotFound:
        raise CategoryNotFound(parent_id, field="parent_id") from None


def _is_descendant(vendor_id: int, candidate: Category, ancestor_id: int) -> bool:
    by_id = {c.id: c for c in db.session.scalars(select(Category).where(Category.vendor_id == vendor_id))}
    node, steps = candidate, 0
    while node is not None and steps < 100:
        if node.id == ancestor_id:
            return True
        node = by_id.get(node.parent_id) if node.parent_id else None
        steps += 1
    return False


def by_slugs(vendor_id: int) -> dict[str, int]:
    """Every slug of the shop's categories -> id (the CSV import resolves them in one query)."""
    return dict(
        db.session.execute(select(Category.slug, Category.id).where(Category.vendor_id == vendor_id)).all()
    )
