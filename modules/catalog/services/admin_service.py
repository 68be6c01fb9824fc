"""What platform admins see of the catalog: every product of the shops on their platforms,
read-only."""

from __future__ import annotations

from sqlalchemy import exists, or_, select

from wizamart.pagination import Page, paginate

from ..models import Product, ProductStatus, ProductTranslation, ProductVariant


def vendors_in_scope(platform_ids: set[int] | None) -> list:
    """The shops (tenancy vendors) on these platforms (``None``: all), by name."""
    from modules.tenancy.services import vendor_service

    vendors, page = [], 1
    while True:
        result = vendor_service.search(platform_ids=platform_ids, page=page, per_page=100)
        vendors += result.items
        if not result.has_next:
            return vendors
        page += 1


def search(
    vendor_ids: list[int],
    vendor_id: int | None = None,
    q: str = "",
    status: str = "",
    page: int = 1,
    per_page: int = 20,
) -> Page:
    """Products of ``vendor_ids`` (narrowed to ``vendor_id`` when it is one of them), newest first."""
    ids = [vendor_id] if vendor_id in vendor_ids else ([] if vendor_id else list(vendor_ids))
    query = select(Product).where(Product.vendor_id.in_(ids or [0]))
    if status in ("draft", "active", "archived"):
        query = query.where(Product.status == ProductStatus(status))
    text = (q or "").strip()
    if text:
        like = f"%{text.replace('%', '').replace('_', '')}%"
        query = query.where(
            or_(
                exists().where(
                    ProductTranslation.product_id == Product.id, ProductTranslation.title.ilike(like)
                ),
                exists().where(ProductVariant.product_id == Product.id, ProductVariant.sku.ilike(like)),
            )
        )
    return paginate(query.order_by(Product.created_at.desc(), Product.id.desc()), page, per_page)
