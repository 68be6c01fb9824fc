"""Stock: what a shop has on hand per variant and location, why it changed, and what is held
for carts and checkouts. ``available = on hand - reserved``; a variant whose stock is not
tracked (``track_inventory`` off, or no inventory item at all) is always available (``None``).

Every change runs with the variant's inventory item row locked until the transaction ends:
``SELECT … FOR UPDATE`` on PostgreSQL, so concurrent reservations of the same variant queue
and each sees what the previous one left. SQLite has no row locks but a single writer, so the
lock there is a no-op write to the item, which takes the database's write lock before the
read (pysqlite only begins a transaction at the first write; reading first would let two
callers read the same stock and both reserve it).

After every change the catalog is told the new availability (``record_availability``, in
the same transaction), then ``on_stock_changed`` and, when available drops to or below the
threshold, ``on_low_stock`` are fired — inside the unit of work, before the commit.
Functions taking ``commit`` commit (or roll back) themselves unless ``commit=False``: then the
caller's transaction holds the lock and decides; nothing is written before every check passed.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import func, select, text, update
from sqlalchemy.dialects import sqlite

from wizamart import get_module_config
from wizamart.database import db, unit_of_work, utcnow
from wizamart.errors import ValidationError
from wizamart.pagination import Page, paginate

from ..exceptions import (
    LocationInactive,
    NegativeStock,
    OutOfStock,
    ReservationClosed,
    ReservationNotFound,
    VariantNotFound,
)
from ..models import (
    AdjustmentReason,
    InventoryItem,
    ReservationStatus,
    StockAdjustment,
    StockLevel,
    StockLocation,
    StockReservation,
)
from . import location_service

MAX_QUANTITY = 1_000_000  # more than any shop holds of one thing; keeps sums far from overflow
SEARCH_LIMIT = 500  # variants a stock search looks at


def _catalog():
    """catalog's public product service (imported late: catalog is loaded before us, not at import)."""
    from modules.catalog.services import product_service

    return product_service


# ------------------------------------------------------------------ reading


@dataclass
class StockRow:
    """One variant's stock as the lists show it."""

    variant_id: int
    variant: object | None  # catalog's VariantView
    item: InventoryItem | None
    levels: dict[int, int] = field(default_factory=dict)  # location id -> on hand

    @property
    def tracked(self) -> bool:
        return self.item is not None and self.item.track_inventory

    @property
    def on_hand(self) -> int:
        return self.item.on_hand if self.item else 0

    @property
    def reserved(self) -> int:
        return self.item.reserved if self.item else 0

    @property
    def available(self) -> int | None:
        return self.item.available if self.item else None

    @property
    def threshold(self) -> int | None:
        return self.item.low_stock_threshold if self.item else None

    @property
    def is_low(self) -> bool:
        return bool(self.item and self.item.is_low)


def available(vendor_id: int, variant_ids: Iterable[int]) -> dict[int, int | None]:
    """What can still be sold of each variant: ``{variant_id: units}``, ``None`` when its stock
    is not tracked (always available). Variants of other shops read as untracked. One query."""
    ids = sorted(set(variant_ids))
    found = {
        item.variant_id: item.available
        for item in db.session.scalars(
            select(InventoryItem).where(
                InventoryItem.vendor_id == vendor_id, InventoryItem.variant_id.in_(ids)
            )
        )
    }
    return {variant_id: found.get(variant_id) for variant_id in ids}


def _low_condition():
    return (InventoryItem.track_inventory.is_(True)) & (
        InventoryItem.on_hand - InventoryItem.reserved <= InventoryItem.low_stock_threshold
    )


def overview(
    vendor_id: int,
    query: str = "",
    low_only: bool = False,
    page: int = 1,
    per_page: int = 20,
    lang: str | None = None,
) -> Page:
    """A page of the shop's stock (``StockRow``s): everything, or what matches ``query`` (SKU or
    title, through the catalog's search), or only low stock (lowest first)."""
    statement = select(InventoryItem).where(InventoryItem.vendor_id == vendor_id)
    query = (query or "").strip()
    if query:
        statement = statement.where(InventoryItem.variant_id.in_(_matching_variants(vendor_id, query)))
    if low_only:
        statement = statement.where(_low_condition()).order_by(
            (InventoryItem.on_hand - InventoryItem.reserved).asc(), InventoryItem.variant_id
        )
    else:
        statement = statement.order_by(InventoryItem.variant_id)
    found = paginate(statement, page, per_page)
    return Page(
        items=rows_for(vendor_id, found.items), total=found.total, page=found.page, per_page=found.per_page
    )


def _matching_variants(vendor_id: int, query: str) -> list[int]:
    ids = [v.id for v in _catalog().search_variants(vendor_id, query, limit=SEARCH_LIMIT)]
    exact = _catalog().find_variant_by_sku(vendor_id, query)
    if exact is not None:
        ids.append(exact.id)
    return ids


def rows_for(vendor_id: int, items: list[InventoryItem]) -> list[StockRow]:
    """``StockRow``s for ``items`` with their variants (one catalog query)."""
    views = _catalog().variants_for(vendor_id, [item.variant_id for item in items]) if items else {}
    return [
        StockRow(
            variant_id=item.variant_id,
            variant=views.get(item.variant_id),
            item=item,
            levels={level.location_id: level.on_hand for level in item.levels},
        )
        for item in items
    ]


def low_stock(vendor_id: int, page: int = 1, per_page: int = 20) -> Page:
    """Tracked variants whose available stock is at or below their threshold, lowest first."""
    return overview(vendor_id, low_only=True, page=page, per_page=per_page)


def count_low(vendor_id: int) -> int:
    """How many tracked variants of the shop are low on stock (one query)."""
    return (
        db.session.scalar(
            select(func.count())
            .select_from(InventoryItem)
            .where(InventoryItem.vendor_id == vendor_id, _low_condition())
        )
        or 0
    )


def stock_of(vendor_id: int, variant_id: int) -> StockRow:
    """One variant's stock; ``VariantNotFound`` (404) for a variant not of this shop."""
    item = db.session.scalar(
        select(InventoryItem).where(
            InventoryItem.vendor_id == vendor_id, InventoryItem.variant_id == variant_id
        )
    )
    if item is not None:
        return rows_for(vendor_id, [item])[0]
    view = _require_variant(vendor_id, variant_id)
    return StockRow(variant_id=variant_id, variant=view, item=None)


def history(vendor_id: int, variant_id: int, page: int = 1, per_page: int = 20) -> Page:
    """A variant's adjustments, newest first; ``VariantNotFound`` for another shop's variant."""
    stock_of(vendor_id, variant_id)
    statement = (
        select(StockAdjustment)
        .where(StockAdjustment.vendor_id == vendor_id, StockAdjustment.variant_id == variant_id)
        .order_by(StockAdjustment.id.desc())
    )
    return paginate(statement, page, per_page)


def reservations(
    vendor_id: int, variant_id: int | None = None, status: ReservationStatus | None = ReservationStatus.ACTIVE
) -> list[StockReservation]:
    """The shop's reservations (of one variant, of one status), newest first; at most 200."""
    statement = select(StockReservation).where(StockReservation.vendor_id == vendor_id)
    if variant_id is not None:
        statement = statement.where(StockReservation.variant_id == variant_id)
    if status is not None:
        statement = statement.where(StockReservation.status == status)
    return list(db.session.scalars(statement.order_by(StockReservation.id.desc()).limit(200)))


def variant_by_sku(vendor_id: int, sku: str, field_name: str = "sku"):
    """The shop's variant with this SKU (catalog's VariantView); ``VariantNotFound`` naming the field."""
    view = _catalog().find_variant_by_sku(vendor_id, (sku or "").strip())
    if view is None:
        raise VariantNotFound(sku, field_name)
    return view


def find_variants(vendor_id: int, query: str, limit: int = 20) -> list:
    """Variants for a picker (catalog's search over SKU and title)."""
    query = (query or "").strip()
    return list(_catalog().search_variants(vendor_id, query, limit=limit)) if query else []


# ------------------------------------------------------------------ the unit of work


def _lock_items(vendor_id: int, variant_ids: Iterable[int]) -> dict[int, InventoryItem]:
    """The shop's items of ``variant_ids``, locked until the transaction ends (in variant order,
    so two callers locking several items never wait on each other in a circle)."""
    ids = sorted(set(variant_ids))
    if not ids:
        return {}
    where = (InventoryItem.vendor_id == vendor_id, InventoryItem.variant_id.in_(ids))
    if db.session.get_bind().dialect.name == "sqlite":
        # No row locks: a write first takes SQLite's single write lock (see the module docstring).
        db.session.execute(
            update(InventoryItem).where(*where).values(reserved=InventoryItem.reserved),
            execution_options={"synchronize_session": False},
        )
    statement = (
        select(InventoryItem)
        .where(*where)
        .order_by(InventoryItem.variant_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    return {item.variant_id: item for item in db.session.scalars(statement)}


def _require_variant(vendor_id: int, variant_id: int, field_name: str = "variant_id"):
    view = _catalog().variants_for(vendor_id, [variant_id]).get(variant_id)
    if view is None:
        raise VariantNotFound(variant_id, field_name)
    return view


_INSERT_ITEMS_FROM_ARRAYS = text(
    """
    INSERT INTO inventory_items
        (vendor_id, variant_id, track_inventory, low_stock_threshold, on_hand, reserved, updated_at)
    SELECT :vendor_id, ids.variant_id, :track, :threshold, 0, ids.reserved, :now
    FROM unnest(CAST(:ids AS integer[]), CAST(:reserved AS integer[])) AS ids(variant_id, reserved)
    ON CONFLICT (variant_id) DO NOTHING
    """
)


def _insert_items(
    vendor_id: int, variant_ids: list[int], track_inventory: bool = True, count_reservations: bool = True
) -> None:
    """Create the missing items of ``variant_ids`` (all of this shop; checked by the caller).

    ``ON CONFLICT DO NOTHING``: a concurrent caller creating the same item is no error. An item
    created after reservations were taken without one starts with them counted (unless
    ``count_reservations`` is false: variants created in this very transaction have none)."""
    ids = sorted(set(variant_ids))
    if not ids:
        return
    held: dict[int, int] = {}
    if count_reservations:
        held = dict(
            db.session.execute(
                select(StockReservation.variant_id, func.sum(StockReservation.quantity))
                .where(
                    StockReservation.vendor_id == vendor_id,
                    StockReservation.variant_id.in_(ids),
                    StockReservation.status == ReservationStatus.ACTIVE,
                )
                .group_by(StockReservation.variant_id)
            ).all()
        )
    threshold = get_module_config("inventory").low_stock_threshold
    now = utcnow()
    if db.session.get_bind().dialect.name == "postgresql":
        # One statement however many items (a CSV import batch brings thousands): the ids and
        # reserved quantities travel as two arrays.
        db.session.execute(
            _INSERT_ITEMS_FROM_ARRAYS,
            {
                "vendor_id": vendor_id,
                "track": track_inventory,
                "threshold": threshold,
                "now": now,
                "ids": ids,
                "reserved": [int(held.get(variant_id) or 0) for variant_id in ids],
            },
        )
        return
    rows = [
        {
            "vendor_id": vendor_id,
            "variant_id": variant_id,
            "track_inventory": track_inventory,
            "low_stock_threshold": threshold,
            "on_hand": 0,
            "reserved": int(held.get(variant_id) or 0),
            "updated_at": now,
        }
        for variant_id in ids
    ]
    # executemany (batched "insertmanyvalues"): one huge VALUES clause costs more to compile than to run.
    statement = sqlite.insert(InventoryItem).on_conflict_do_nothing(index_elements=["variant_id"])
    db.session.execute(statement, rows)


def _item_for_change(
    vendor_id: int, variant_id: int, field_name: str = "variant_id"
) -> tuple[InventoryItem, object]:
    """The variant's item, locked (created, tracked, when it has none), and its VariantView."""
    item = _lock_items(vendor_id, [variant_id]).get(variant_id)
    view = _require_variant(vendor_id, variant_id, field_name)
    if item is None:
        _insert_items(vendor_id, [variant_id])
        item = _lock_items(vendor_id, [variant_id])[variant_id]
    return item, view


def _level(item: InventoryItem, location_id: int) -> StockLevel:
    for level in item.levels:
        if level.location_id == location_id:
            return level
    level = StockLevel(vendor_id=item.vendor_id, location_id=location_id, on_hand=0)
    item.levels.append(level)
    return level


def _record(
    item: InventoryItem,
    location: StockLocation,
    delta: int,
    reason: AdjustmentReason,
    user_id: int | None,
    note: str,
    reference: str | None,
    sku: str,
    field_name: str,
) -> StockAdjustment:
    """Apply ``delta`` at ``location`` and write it down; refuse to go below zero."""
    level = _level(item, location.id)
    after = level.on_hand + delta
    if after < 0:
        raise NegativeStock(field_name, sku, level.on_hand, location.name)
    level.on_hand = after
    item.on_hand += delta
    adjustment = StockAdjustment(
        vendor_id=item.vendor_id,
        variant_id=item.variant_id,
        location_id=location.id,
        delta=delta,
        reason=reason,
        note=(note or "").strip()[:500],
        user_id=user_id,
        on_hand_after=after,
        reference=reference,
    )
    db.session.add(adjustment)
    return adjustment


def _publish(item: InventoryItem, reason: str, before: int | None, adjustment_id: int | None = None) -> None:
    """Tell the catalog the new availability, then announce the change (and low stock)."""
    _catalog().record_availability(item.vendor_id, {item.variant_id: item.available})
    db.session.flush()
    hook = current_app.extensions["wizamart"].pm.hook
    hook.on_stock_changed(
        vendor_id=item.vendor_id,
        variant_id=item.variant_id,
        on_hand=item.on_hand,
        reserved=item.reserved,
        available=item.available,
        reason=reason,
        adjustment_id=adjustment_id,
    )
    now = item.available
    if (
        now is not None
        and now <= item.low_stock_threshold
        and (before is None or before > item.low_stock_threshold)
    ):
        hook.on_low_stock(
            vendor_id=item.vendor_id,
            variant_id=item.variant_id,
            available=now,
            threshold=item.low_stock_threshold,
        )


def _invalid(field_name: str, key: str, **params) -> ValidationError:
    return ValidationError(
        "inventory.errors.invalid_input",
        details={"fields": {field_name: key}},
        params={"field": field_name, **params},
    )


def _check_quantity(value, field_name: str, allow_zero: bool = False, signed: bool = False) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise _invalid(field_name, "inventory.validation.whole_number")
    if abs(value) > MAX_QUANTITY:
        raise _invalid(field_name, "inventory.validation.too_large")
    if not signed and value < 0:
        raise _invalid(field_name, "inventory.validation.below_zero")
    if value == 0 and not allow_zero:
        raise _invalid(field_name, "inventory.validation.not_zero")
    return value


def _check_reference(reference) -> str:
    reference = str(reference or "").strip()
    if not reference or len(reference) > 64:
        raise _invalid("reference", "inventory.validation.reference")
    return reference


# ------------------------------------------------------------------ changing stock


def adjust(
    vendor_id: int,
    variant_id: int,
    location_id: int,
    delta: int,
    reason: AdjustmentReason | str,
    user_id: int | None = None,
    note: str = "",
    reference: str | None = None,
    commit: bool = True,
) -> StockAdjustment:
    """Change the stock of a variant at a location by ``delta`` for ``reason`` (receipt and
    return add, sale takes, correction either way) and record who did it and why.

    Refuses to leave less than nothing on hand (``NegativeStock``, 422, naming ``delta``),
    another shop's variant or location (404), and receipts at a location switched off."""
    reason = _reason(reason)
    delta = _check_quantity(delta, "delta", signed=True)
    if reason in (AdjustmentReason.RECEIPT, AdjustmentReason.RETURN) and delta < 0:
        raise _invalid("delta", "inventory.validation.must_add")
    if reason is AdjustmentReason.SALE and delta > 0:
        raise _invalid("delta", "inventory.validation.must_take")
    with unit_of_work(commit):
        location = location_service.get(vendor_id, location_id)
        if reason is AdjustmentReason.RECEIPT and not location.active:
            raise LocationInactive(location.name)
        item, view = _item_for_change(vendor_id, variant_id)
        before = item.available
        adjustment = _record(item, location, delta, reason, user_id, note, reference, view.sku, "delta")
        db.session.flush()
        _publish(item, reason.value, before, adjustment.id)
    return adjustment


def _reason(reason) -> AdjustmentReason:
    try:
        reason = AdjustmentReason(reason)
    except ValueError:
        raise _invalid("reason", "inventory.validation.reason") from None
    if reason is AdjustmentReason.TRANSFER:  # always two sides: transfer() writes both
        raise _invalid("reason", "inventory.validation.reason")
    return reason


def receive(
    vendor_id: int,
    variant_id: int,
    location_id: int,
    quantity: int,
    user_id: int | None = None,
    note: str = "",
    reference: str | None = None,
) -> StockAdjustment:
    """Goods came in: add ``quantity`` (> 0) at the location as a ``receipt``."""
    quantity = _check_quantity(quantity, "quantity")
    try:
        return adjust(
            vendor_id, variant_id, location_id, quantity, AdjustmentReason.RECEIPT, user_id, note, reference
        )
    except ValidationError as exc:
        _rename_field(exc, "delta", "quantity")
        raise


def _rename_field(exc, old: str, new: str) -> None:
    fields = exc.details.get("fields") if isinstance(exc.details, dict) else None
    if fields and old in fields:
        fields[new] = fields.pop(old)


def set_on_hand(
    vendor_id: int,
    variant_id: int,
    location_id: int,
    on_hand: int,
    user_id: int | None = None,
    note: str = "",
) -> StockAdjustment | None:
    """A count: the location holds ``on_hand`` units now. Records the difference as a
    ``correction`` (``None`` when the count matches); refuses a negative count (``on_hand``)."""
    on_hand = _check_quantity(on_hand, "on_hand", allow_zero=True)
    with unit_of_work(True):  # an unchanged count still commits, ending the lock
        location = location_service.get(vendor_id, location_id)
        item, view = _item_for_change(vendor_id, variant_id)
        before = item.available
        delta = on_hand - _level(item, location.id).on_hand
        if delta == 0:
            return None
        adjustment = _record(
            item, location, delta, AdjustmentReason.CORRECTION, user_id, note, None, view.sku, "on_hand"
        )
        db.session.flush()
        _publish(item, AdjustmentReason.CORRECTION.value, before, adjustment.id)
    return adjustment


def transfer(
    vendor_id: int,
    variant_id: int,
    from_location_id: int,
    to_location_id: int,
    quantity: int,
    user_id: int | None = None,
    note: str = "",
) -> tuple[StockAdjustment, StockAdjustment]:
    """Move ``quantity`` units between two of the shop's locations (two ``transfer``
    adjustments); refuses to take more than the source holds (``quantity``)."""
    quantity = _check_quantity(quantity, "quantity")
    if from_location_id == to_location_id:
        raise _invalid("to_location_id", "inventory.validation.same_location")
    with unit_of_work(True):
        source = location_service.get(vendor_id, from_location_id, "from_location_id")
        target = location_service.get(vendor_id, to_location_id, "to_location_id")
        if not target.active:
            raise LocationInactive(target.name)
        item, view = _item_for_change(vendor_id, variant_id)
        before = item.available
        out = _record(
            item, source, -quantity, AdjustmentReason.TRANSFER, user_id, note, None, view.sku, "quantity"
        )
        into = _record(
            item, target, quantity, AdjustmentReason.TRANSFER, user_id, note, None, view.sku, "quantity"
        )
        db.session.flush()
        _publish(item, AdjustmentReason.TRANSFER.value, before, into.id)
    return out, into


def update_settings(
    vendor_id: int,
    variant_id: int,
    track_inventory: bool | None = None,
    low_stock_threshold: int | None = None,
) -> InventoryItem:
    """Switch stock tracking of a variant on or off (off: always available) and set its
    low-stock threshold (``>= 0``)."""
    if low_stock_threshold is not None:
        _check_quantity(low_stock_threshold, "low_stock_threshold", allow_zero=True)
    with unit_of_work(True):
        item, _ = _item_for_change(vendor_id, variant_id)
        before = item.available
        if track_inventory is not None:
            item.track_inventory = bool(track_inventory)
        if low_stock_threshold is not None:
            item.low_stock_threshold = low_stock_threshold
        _publish(item, "settings", before)
    return item


def track_variants(vendor_id: int, variant_ids: Iterable[int]) -> None:
    """Give variants of this shop that have none an inventory item (tracked, nothing on hand) and
    tell the catalog they are out of stock. For catalog's product events: runs inside the
    caller's unit of work and does not commit. The caller vouches that the variants are the shop's."""
    ids = sorted(set(variant_ids))
    if not ids:
        return
    existing = set(
        db.session.scalars(
            select(InventoryItem.variant_id).where(
                InventoryItem.vendor_id == vendor_id, InventoryItem.variant_id.in_(ids)
            )
        )
    )
    missing = [variant_id for variant_id in ids if variant_id not in existing]
    if not missing:
        return
    _insert_items(vendor_id, missing)
    # Reservations taken before the item existed count against its (empty) stock.
    items = db.session.scalars(
        select(InventoryItem)
        .where(InventoryItem.vendor_id == vendor_id, InventoryItem.variant_id.in_(missing))
        .execution_options(populate_existing=True)
    )
    _catalog().record_availability(vendor_id, {item.variant_id: item.available for item in items})


def track_imported_variants(vendor_id: int, variant_ids: Iterable[int]) -> None:
    """Give the variants a CSV import batch created their inventory items (tracked, nothing on
    hand), in one executemany. Unlike :func:`track_variants` this tells the catalog nothing: the
    import already wrote these variants as out of stock (inventory's answer to
    ``initial_stock_available``), and variants created in this transaction have no reservations
    (they reference the variant) to count. Runs inside the import's unit of work; does not commit."""
    _insert_items(vendor_id, list(variant_ids), count_reservations=False)


# ------------------------------------------------------------------ reservations


def reserve(
    vendor_id: int,
    variant_id: int,
    quantity: int,
    reference: str,
    expires_at: datetime | None = None,
    commit: bool = True,
) -> StockReservation:
    """Hold ``quantity`` units of a variant for ``reference`` (a cart, a checkout) until it is
    consumed, released or ``expires_at`` (default: ``INVENTORY_RESERVATION_MINUTES`` from now).

    Atomic: with the item locked, refuses with ``OutOfStock`` (409, naming the SKU and what is
    available) when fewer units are available; concurrent callers never reserve more than
    there is. Reserving again with the same reference replaces that reservation's quantity.
    Untracked stock is always reserved. ``commit=False`` leaves the commit to the caller."""
    quantity = _check_quantity(quantity, "quantity")
    reference = _check_reference(reference)
    with unit_of_work(commit):
        item = _lock_items(vendor_id, [variant_id]).get(variant_id)
        if item is None:
            _require_variant(vendor_id, variant_id)
        reservation = db.session.scalar(
            select(StockReservation)
            .where(
                StockReservation.vendor_id == vendor_id,
                StockReservation.variant_id == variant_id,
                StockReservation.reference == reference,
            )
            .execution_options(populate_existing=True)
        )
        if reservation is not None and reservation.status is ReservationStatus.CONSUMED:
            raise ReservationClosed(reference, reservation.status.value)
        if item is not None and item.track_inventory and quantity > item.available:
            # Stale holds must not block a sale even where no beat runs the expiry task.
            _expire_held(item, vendor_id, variant_id)
        held = reservation.quantity if reservation and reservation.status is ReservationStatus.ACTIVE else 0
        if item is not None and item.track_inventory:
            free = item.on_hand - (item.reserved - held)
            if quantity > free:
                raise OutOfStock(_require_variant(vendor_id, variant_id).sku, max(0, free), quantity)
        if reservation is None:
            reservation = StockReservation(vendor_id=vendor_id, variant_id=variant_id, reference=reference)
            db.session.add(reservation)
        reservation.quantity = quantity
        reservation.status = ReservationStatus.ACTIVE
        reservation.expires_at = expires_at or utcnow() + timedelta(
            minutes=get_module_config("inventory").reservation_minutes
        )
        reservation.closed_at = None
        if item is not None:
            before = item.available
            item.reserved += quantity - held
            _publish(item, "reserved", before)
    return reservation


def _reservations_of(vendor_id: int, reference: str) -> list[StockReservation]:
    return list(
        db.session.scalars(
            select(StockReservation)
            .where(StockReservation.vendor_id == vendor_id, StockReservation.reference == reference)
            .order_by(StockReservation.variant_id)
            .execution_options(populate_existing=True)
        )
    )


def _locked_reservations(
    vendor_id: int, reference: str
) -> tuple[list[StockReservation], dict[int, InventoryItem]]:
    """A reference's reservations, read again after their items are locked (another caller may
    have closed them while we waited); ``ReservationNotFound`` when there are none."""
    found = _reservations_of(vendor_id, _check_reference(reference))
    if not found:
        raise ReservationNotFound(reference)
    items = _lock_items(vendor_id, [r.variant_id for r in found])
    return _reservations_of(vendor_id, reference), items


def _close(reservation: StockReservation, item: InventoryItem | None, status: ReservationStatus) -> None:
    reservation.status = status
    reservation.closed_at = utcnow()
    if item is not None:
        item.reserved -= reservation.quantity


def release(vendor_id: int, reference: str, commit: bool = True) -> list[StockReservation]:
    """Give back what ``reference`` holds (a cart emptied, a checkout abandoned). Closed
    reservations are left as they are, so releasing twice is harmless; an unknown reference
    is ``ReservationNotFound`` (404)."""
    with unit_of_work(commit):
        found, items = _locked_reservations(vendor_id, reference)
        released = [r for r in found if r.status is ReservationStatus.ACTIVE]
        for reservation in released:
            item = items.get(reservation.variant_id)
            before = item.available if item else None
            _close(reservation, item, ReservationStatus.RELEASED)
            if item is not None:
                _publish(item, "released", before)
    return released


def consume(
    vendor_id: int, reference: str, user_id: int | None = None, commit: bool = True
) -> list[StockAdjustment]:
    """The order is placed: turn ``reference``'s active reservations into ``sale``
    adjustments, taken from the default location first, then from the others holding most.

    Consuming twice changes nothing; a released or expired reservation is
    ``ReservationClosed`` (409), and stock counted away meanwhile is ``OutOfStock`` (409).
    Every check passes before anything is written."""
    with unit_of_work(commit):
        found, items = _locked_reservations(vendor_id, reference)
        active = [r for r in found if r.status is ReservationStatus.ACTIVE]
        if not active:
            closed = [r for r in found if r.status is not ReservationStatus.CONSUMED]
            if closed:
                raise ReservationClosed(reference, closed[0].status.value)
            return []
        locations = {loc.id: loc for loc in location_service.list_locations(vendor_id)}
        plans = []
        for reservation in active:
            item = items.get(reservation.variant_id)
            plans.append((reservation, item, _take_plan(vendor_id, item, reservation, locations)))
        views = _catalog().variants_for(vendor_id, [r.variant_id for r in active])
        adjustments = []
        for reservation, item, plan in plans:
            before = item.available if item else None
            _close(reservation, item, ReservationStatus.CONSUMED)
            last = None
            for location, quantity in plan:
                sku = getattr(views.get(reservation.variant_id), "sku", str(reservation.variant_id))
                last = _record(
                    item, location, -quantity, AdjustmentReason.SALE, user_id, "", reference, sku, "quantity"
                )
                adjustments.append(last)
            if item is not None:
                db.session.flush()
                _publish(item, AdjustmentReason.SALE.value, before, last.id if last else None)
    return adjustments


def _take_plan(
    vendor_id: int,
    item: InventoryItem | None,
    reservation: StockReservation,
    locations: dict[int, StockLocation],
) -> list[tuple[StockLocation, int]]:
    """Where a sale takes its units from: the default location first, then those holding most."""
    if item is None or not item.track_inventory:
        return []
    levels = sorted(
        (level for level in item.levels if level.on_hand > 0 and level.location_id in locations),
        key=lambda level: (not locations[level.location_id].is_default, -level.on_hand, level.location_id),
    )
    plan, needed = [], reservation.quantity
    for level in levels:
        if needed == 0:
            break
        take = min(needed, level.on_hand)
        plan.append((locations[level.location_id], take))
        needed -= take
    if needed:
        sku = _require_variant(vendor_id, reservation.variant_id).sku
        raise OutOfStock(sku, item.on_hand, reservation.quantity)
    return plan


def expire_reservations(now: datetime | None = None) -> int:
    """Close every active reservation past its ``expires_at`` (all shops), one variant per
    transaction; returns how many expired. Run periodically (the ``expire_reservations`` task)."""
    now = now or utcnow()
    due = db.session.execute(
        select(StockReservation.vendor_id, StockReservation.variant_id)
        .where(StockReservation.status == ReservationStatus.ACTIVE, StockReservation.expires_at <= now)
        .distinct()
    ).all()
    db.session.rollback()  # a read only: start each variant's transaction afresh
    expired = 0
    for vendor_id, variant_id in due:
        with unit_of_work(True):
            item = _lock_items(vendor_id, [variant_id]).get(variant_id)
            expired += _expire_held(item, vendor_id, variant_id, now)
    return expired


def _expire_held(
    item: InventoryItem | None, vendor_id: int, variant_id: int, now: datetime | None = None
) -> int:
    """Close the variant's active reservations past their time; the item is locked by the caller."""
    now = now or utcnow()
    before = item.available if item else None
    closing = list(
        db.session.scalars(
            select(StockReservation)
            .where(
                StockReservation.vendor_id == vendor_id,
                StockReservation.variant_id == variant_id,
                StockReservation.status == ReservationStatus.ACTIVE,
                StockReservation.expires_at <= now,
            )
            .execution_options(populate_existing=True)
        )
    )
    for reservation in closing:
        _close(reservation, item, ReservationStatus.EXPIRED)
    if item is not None and closing:
        _publish(item, "expired", before)
    return len(closing)


def forget_variants(vendor_id: int, variant_ids: Iterable[int]) -> None:
    """Drop the stock rows of variants the catalog deleted (the database cascades where it
    enforces foreign keys; this covers SQLite). Inside the caller's unit of work, no commit."""
    ids = sorted(set(variant_ids))
    if not ids:
        return
    for model in (StockAdjustment, StockReservation):
        db.session.execute(
            model.__table__.delete().where(model.vendor_id == vendor_id, model.variant_id.in_(ids))
        )
    for item in db.session.scalars(
        select(InventoryItem).where(InventoryItem.vendor_id == vendor_id, InventoryItem.variant_id.in_(ids))
    ):
        db.session.delete(item)
    db.session.flush()


# ------------------------------------------------------------------ forms and API


def _variant_of(vendor_id: int, data) -> int:
    """The variant a form or API body names: by id, else by SKU (the error names that field)."""
    if data.variant_id is not None:
        return data.variant_id
    return variant_by_sku(vendor_id, data.sku).id


def record_receipt(vendor_id: int, data, user_id: int | None) -> StockAdjustment:
    """``receive`` for a parsed ``ReceiptIn`` (variant by id or SKU)."""
    return receive(
        vendor_id, _variant_of(vendor_id, data), data.location_id, data.quantity, user_id, data.note
    )


def record_adjustment(vendor_id: int, data, user_id: int | None) -> StockAdjustment:
    """``adjust`` for a parsed ``AdjustmentIn`` (variant by id or SKU)."""
    return adjust(
        vendor_id, _variant_of(vendor_id, data), data.location_id, data.delta, data.reason, user_id, data.note
    )


def staff_names(vendor) -> dict[int, str]:
    """Who is who in a shop's history: its team's names (tenancy's public service)."""
    from modules.tenancy.services import team_service

    return {m.user_id: (m.user.name or m.user.email) for m in team_service.members(vendor)}
