"""Demo stock: a default location per demo shop and a first receipt for every variant, a few of
them low. Running it again changes nothing."""

from __future__ import annotations

from sqlalchemy import exists, select

from wizamart.database import db

from .models import InventoryItem, StockAdjustment
from .schemas import LocationIn
from .services import location_service, stock_service

LOCATIONS = {
    "velo-lux": LocationIn(
        name="Atelier Gare",
        street="24, rue de Strasbourg",
        postal_code="2560",
        city="Luxembourg-Gare",
        country="LU",
        is_default=True,
    ),
    "boulangerie-paul": LocationIn(
        name="Fournil Esch",
        street="7, rue de l'Alzette",
        postal_code="4011",
        city="Esch-sur-Alzette",
        country="LU",
        is_default=True,
    ),
}


def _quantity(variant_id: int) -> int:
    """Plausible, repeatable stock: mostly 6-29 units, every seventh variant low (1-2)."""
    if variant_id % 7 == 0:
        return 1 + variant_id % 2
    return 6 + (variant_id * 7) % 24


def _owner_id(vendor_id: int) -> int | None:
    from modules.tenancy.services import team_service, vendor_service

    members = team_service.members(vendor_service.get(vendor_id))
    owners = [m.user_id for m in members if m.role.value == "owner"]
    return owners[0] if owners else None


def _demo_variant_ids(demo: dict, code: str, vendor_id: int) -> list[int]:
    """The shop's variants named by the catalog's demo data, whatever shape it gives them."""
    variants = (demo.get("catalog") or {}).get("variants")
    if isinstance(variants, dict):
        variants = variants.get(code) or variants.get(vendor_id) or []
    ids = [v if isinstance(v, int) else getattr(v, "id", None) for v in variants or []]
    return [i for i in ids if isinstance(i, int)]


def load(demo: dict) -> None:
    vendors = (demo.get("tenancy") or {}).get("vendors") or {}
    summary = {}
    for code, wanted in LOCATIONS.items():
        vendor_id = vendors.get(code)
        if vendor_id is None:
            continue
        locations = {loc.name: loc for loc in location_service.list_locations(vendor_id)}
        location = locations.get(wanted.name) or location_service.create(vendor_id, wanted)
        # Variants the catalog's demo created; its product events gave most of them items already.
        stock_service.track_variants(vendor_id, _demo_variant_ids(demo, code, vendor_id))
        db.session.commit()
        untouched = db.session.scalars(
            select(InventoryItem.variant_id)
            .where(
                InventoryItem.vendor_id == vendor_id,
                ~exists().where(
                    StockAdjustment.vendor_id == vendor_id,
                    StockAdjustment.variant_id == InventoryItem.variant_id,
                ),
            )
            .order_by(InventoryItem.variant_id)
        ).all()
        owner_id = _owner_id(vendor_id)
        for variant_id in untouched:
            stock_service.receive(
                vendor_id, variant_id, location.id, _quantity(variant_id), owner_id, "Demo: first delivery"
            )
        summary[code] = {"location_id": location.id, "received": len(untouched)}
    demo["inventory"] = summary
