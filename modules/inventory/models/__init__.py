"""The inventory's tables: stock locations, one inventory item per variant with its stock
level per location, the append-only history of adjustments, and reservations.

``InventoryItem.on_hand`` and ``InventoryItem.reserved`` are sums kept by the stock service
(the sum of the item's stock levels, the sum of its active reservations). Every change to them
happens with the item's row locked, so they are exact, and lists filter and sort on them
(``available = on_hand - reserved``) without aggregating.
"""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import Boolean, DateTime, Enum, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from wizamart.database import db, utcnow


def _enum(cls: type[enum.Enum], name: str) -> Enum:
    return Enum(cls, name=name, native_enum=False, length=16, values_callable=lambda e: [m.value for m in e])


class AdjustmentReason(enum.StrEnum):
    """Why stock changed."""

    RECEIPT = "receipt"  # goods came in
    CORRECTION = "correction"  # a count or a fix
    SALE = "sale"  # a consumed reservation
    RETURN = "return"  # a customer brought it back
    TRANSFER = "transfer"  # moved between two locations (one adjustment on each side)


class ReservationStatus(enum.StrEnum):
    ACTIVE = "active"
    CONSUMED = "consumed"
    RELEASED = "released"
    EXPIRED = "expired"


class StockLocation(db.Model):
    """A place where a shop keeps stock (a shop floor, a warehouse)."""

    __tablename__ = "inventory_locations"
    __table_args__ = (UniqueConstraint("vendor_id", "name"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    vendor_id: Mapped[int] = mapped_column(ForeignKey("vendors.id"), nullable=False, index=True)
    name: Mapped[str] = mapped_column(String(120), nullable=False)
    street: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    postal_code: Mapped[str] = mapped_column(String(16), nullable=False, default="")
    city: Mapped[str] = mapped_column(String(120), nullable=False, default="")
    country: Mapped[str] = mapped_column(String(2), nullable=False, default="LU")
    # Sales are taken from the default location first; one per shop.
    is_default: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    active: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False, default=utcnow)


class InventoryItem(db.Model):
    """The stock of one variant across a shop's locations; the row reservations lock."""

    __tablename__ = "inventory_items"
    __table_args__ = (Index("ix_inventory_items_vendor_available", "vendor_id", "track_inventory"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    vendor_id: Mapped[int] = mapped_column(ForeignKey("vendors.id"), nullable=False)
    variant_id: Mapped[int] = mapped_column(
        ForeignKey("catalog_variants.id", ondelete="CASCADE"), nullable=False, unique=True
    )
    # Off for services and made-to-order goods: always available, nothing counted.
    track_inventory: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True)
    low_stock_threshold: Mapped[int] = mapped_column(Integer, nullable=False, default=3)
    on_hand: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    reserved: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), nullable=False, default=utcnow, onupdate=utcnow
    )

    levels: Mapped[list[StockLevel]] = relationship(
        back_populates="item", cascade="all, delete-orphan", lazy="selectin"
    )

    @property
    def available(self) -> int | None:
        """What can still be sold; ``None`` when stock is not tracked (always available)."""
        return max(0, self.on_hand - self.reserved) if self.track_inventory else None

    @property
    def is_low(self) -> bool:
        available = self.available
        return available is not None and available <= self.low_stock_threshold


class StockLevel(db.Model):
    """How many units of one variant are on hand at one location."""

    __tablename__ = "inventory_stock_levels"
    __table_args__ = (UniqueConstraint("item_id", "location_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    vendor_id: Mapped[int] = mapped_column(ForeignKey("vendors.id"), nullable=False)
    item_id: Mapped[int] = mapped_column(ForeignKey("inventory_items.id", ondelete="CASCADE"), nullable=False)
    location_id: Mapped[int] = mapped_column(ForeignKey("inventory_locations.id"), nullable=False, index=True)
    on_hand: Mapped[int] = mapped_column(Integer, nullable=False, default=0)

    item: Mapped[InventoryItem] = relationship(back_populates="levels")


class StockAdjustment(db.Model):
    """One change of stock at one location: append-only, the history people read."""

    __tablename__ = "inventory_adjustments"
    __table_args__ = (Index("ix_inventory_adjustments_history", "vendor_id", "variant_id", "id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    vendor_id: Mapped[int] = mapped_column(ForeignKey("vendors.id"), nullable=False)
    variant_id: Mapped[int] = mapped_column(
        ForeignKey("catalog_variants.id", ondelete="CASCADE"), nullable=False
    )
    location_id: Mapped[int] = mapped_column(ForeignKey("inventory_locations.id"), nullable=False, index=True)
    delta: Mapped[int] = mapped_column(Integer, nullable=False)
    reason: Mapped[AdjustmentReason] = mapped_column(
        _enum(AdjustmentReason, "inventory_adjustment_reason"), nullable=False
    )
    note: Mapped[str] = mapped_column(String(500), nullable=False, default="")
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), nullable=True)
    # The location's stock right after this change.
    on_hand_after: Mapped[int] = mapped_column(Integer, nullable=False)
    # What caused it, when something did: a reservation's reference (an order, a cart).
    reference: Mapped[str | None] = mapped_column(String(64), nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False, default=utcnow)


class StockReservation(db.Model):
    """Units held for a cart or a checkout until it is consumed (sold), released or expires."""

    __tablename__ = "inventory_reservations"
    __table_args__ = (
        UniqueConstraint("vendor_id", "variant_id", "reference"),
        Index("ix_inventory_reservations_reference", "vendor_id", "reference"),
        Index("ix_inventory_reservations_expiry", "status", "expires_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    vendor_id: Mapped[int] = mapped_column(ForeignKey("vendors.id"), nullable=False)
    variant_id: Mapped[int] = mapped_column(
        ForeignKey("catalog_variants.id", ondelete="CASCADE"), nullable=False, index=True
    )
    quantity: Mapped[int] = mapped_column(Integer, nullable=False)
    reference: Mapped[str] = mapped_column(String(64), nullable=False)
    status: Mapped[ReservationStatus] = mapped_column(
        _enum(ReservationStatus, "inventory_reservation_status"),
        nullable=False,
        default=ReservationStatus.ACTIVE,
    )
    expires_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False, default=utcnow)
    closed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
