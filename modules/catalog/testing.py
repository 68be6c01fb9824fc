"""Catalog products for other modules' tests, made through the catalog's own service so its
events (``on_product_created``) reach the modules listening — inventory creates stock items.

    catalog = CatalogFactory(app)
    variants = catalog.product(vendor, "BIKE-M", "BIKE-L")   # {"BIKE-M": 12, "BIKE-L": 13}
"""

from __future__ import annotations

from wizamart.database import db

from .schemas import ProductIn
from .services import product_service


class CatalogFactory:
    """Makes active products in a shop; ``product`` returns ``{sku: variant_id}``."""

    def __init__(self, app):
        self.app = app

    def product(
        self,
        vendor,
        *skus: str,
        title: str = "Gravel bike",
        price_cents: int = 1999,
        vat_rate: int = 17,
        status: str = "active",
        translations: dict | None = None,
    ) -> dict[str, int]:
        """One product with a variant per SKU (sized by the SKU's last letter when there are
        several), titled ``title`` in English and ``"<title> (de)"``/``"(fr)"``."""
        from modules.tenancy.models import Vendor

        data = ProductIn(
            translations=translations
            or {"en": {"title": title}, "de": {"title": f"{title} (de)"}, "fr": {"title": f"{title} (fr)"}},
            status=status,
            vat_rate=vat_rate,
            variants=[
                {
                    "sku": sku,
                    "price_cents": price_cents,
                    "options": {"size": sku[-1]} if len(skus) > 1 else {},
                }
                for sku in skus
            ],
        )
        with self.app.app_context():
            product = product_service.create(db.session.get(Vendor, vendor.id), data)
            return {v.sku: v.id for v in product.variants}
