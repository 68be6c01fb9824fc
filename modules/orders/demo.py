"""Demo orders: a few in each demo shop, at different stages — delivered, shipped with a tracking
number, being prepared, and awaiting a bank transfer — placed through ``place_order`` like any
checkout would (so stock is reserved and taken, payments recorded, customers counted). Each has
an idempotency key of its own, so running it again finds them and adds nothing. No e-mail goes
out for them."""

from __future__ import annotations

from wizamart.database import db

from .schemas import AddressIn, OrderLineIn, ShippingIn
from .services import after_commit, order_service

ADDRESSES = {
    "lena": AddressIn(
        name="Lena Schroeder",
        street="12, rue de la Gare",
        postal_code="1611",
        city="Luxembourg",
        country="LU",
    ),
    "marc": AddressIn(
        name="Marc Weber", street="3, Grand-Rue", postal_code="9050", city="Ettelbruck", country="LU"
    ),
    "sophie": AddressIn(
        name="Sophie Muller", street="45, avenue de la Liberté", postal_code="4601", city="Differdange"
    ),
    "tom": AddressIn(
        name="Tom Hoffmann", street="8, rue du Moulin", postal_code="6914", city="Roodt-sur-Syre"
    ),
}

# (key, who, e-mail, language, [(variant position, quantity)], stage). Placed now: their history
# and payments' ledger tell the same times.
ORDERS = {
    "velo-lux": [
        ("demo:velo:1", "lena", "lena@example.lu", "en", [(0, 1), (5, 1)], "delivered"),
        ("demo:velo:2", "marc", "marc.weber@example.lu", "de", [(2, 1)], "shipped"),
        ("demo:velo:3", "tom", "tom.hoffmann@example.lu", "lb", [(7, 2)], "processing"),
        ("demo:velo:4", "sophie", "sophie.muller@example.lu", "fr", [(3, 1), (9, 1)], "pending"),
    ],
    "boulangerie-paul": [
        ("demo:paul:1", "sophie", "sophie.muller@example.lu", "fr", [(0, 2), (4, 1)], "paid"),
        ("demo:paul:2", "tom", "tom.hoffmann@example.lu", "lb", [(1, 6)], "pending"),
    ],
}
SHIPPING = {
    "velo-lux": ShippingIn(name="POST Luxembourg", rate_cents=790),
    "boulangerie-paul": ShippingIn(name="Livraison à vélo", rate_cents=350),
}


def _variants(demo: dict, code: str, vendor_id: int) -> list:
    """The shop's demo variants that can be sold now, in the catalog's order."""
    from modules.catalog.services import product_service

    variants = (demo.get("catalog") or {}).get("variants") or {}
    if isinstance(variants, dict):
        variants = variants.get(code) or variants.get(vendor_id) or []
    ids = [v if isinstance(v, int) else getattr(v, "id", None) for v in variants]
    views = product_service.variants_for(vendor_id, [i for i in ids if isinstance(i, int)])
    return [views[i] for i in ids if i in views and views[i].status == "active" and views[i].available]


def _pick(variants: list, position: int, quantity: int):
    """The variant at ``position`` (or the next one) with ``quantity`` to sell and plenty left
    (a demo order never empties a shelf); None if none has."""
    for offset in range(len(variants)):
        view = variants[(position + offset) % len(variants)]
        if view.stock_available is None or view.stock_available >= quantity + 3:
            return view, quantity
    return None, quantity


def _owner_id(vendor) -> int | None:
    from modules.tenancy.services import team_service

    owners = [m.user_id for m in team_service.members(vendor) if m.role.value == "owner"]
    return owners[0] if owners else None


def _advance(vendor_id: int, order, stage: str, user_id: int | None) -> None:
    if stage == "pending":
        return
    order_service.confirm_payment(vendor_id, order.id, user_id, commit=False)
    if stage == "processing":
        order_service.mark_processing(vendor_id, order.id, user_id, commit=False)
    if stage in ("shipped", "delivered"):
        order_service.ship(
            vendor_id, order.id, "POST Luxembourg", f"CC{order.id:09d}LU", user_id, commit=False
        )
    if stage == "delivered":
        order_service.mark_delivered(vendor_id, order.id, user_id, commit=False)


def load(demo: dict) -> None:
    from modules.customers.services import customer_service
    from modules.payments.services import payment_service
    from modules.tenancy.services import vendor_service

    vendors = (demo.get("tenancy") or {}).get("vendors") or {}
    summary: dict[str, list[int]] = {}
    for code, wanted in ORDERS.items():
        vendor_id = vendors.get(code)
        if vendor_id is None:
            continue
        if "bank_transfer" not in {p.code for p in payment_service.providers_for(vendor_id)}:
            continue
        vendor = vendor_service.get(vendor_id)
        variants = _variants(demo, code, vendor_id)
        owner_id = _owner_id(vendor)
        numbers = []
        for key, who, email, language, picks, stage in wanted:
            lines = [
                OrderLineIn.from_variant(view, quantity, language)
                for view, quantity in (_pick(variants, position, quantity) for position, quantity in picks)
                if view is not None
            ]
            if not lines:
                continue
            customer = customer_service.record_guest(
                vendor_id, email, ADDRESSES[who].name, language, commit=False
            )
            placed = order_service.place_order(
                vendor,
                lines=lines,
                email=email,
                customer_id=customer.id,
                language=language,
                shipping_address=ADDRESSES[who],
                shipping=SHIPPING[code],
                provider="bank_transfer",
                idempotency_key=key,
            )
            if placed.created:
                _advance(vendor_id, placed.order, stage, owner_id)
            numbers.append(placed.order.number)
        after_commit.discard()  # demo orders e-mail nobody
        db.session.commit()
        summary[code] = numbers
    demo["orders"] = summary
