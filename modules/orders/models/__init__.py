"""Orders' tables: orders with their lines (a snapshot of what was bought), parcels shipped,
the history of each order, and the per-shop counter that numbers orders.

An order copies everything it needs at the moment it is placed — product titles in the order's
language, options, SKU, gross unit price, VAT rate, the addresses and the shipping method — so
later edits of the catalog, the customer's addresses or the shop's shipping rates change nothing
on it. ``variant_id``/``product_id`` are the catalog's ids at ordering time (plain columns, not
foreign keys: orders does not require catalog).
"""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import JSON, DateTime, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from wizamart.database import db, utcnow


class OrderStatus(enum.StrEnum):
    """Where an order stands. The legal moves are ``services.state_machine.TRANSITIONS``."""

    PENDING = "pending"  # placed, payment awaited
    PAID = "paid"  # payments says the money is captured
    PROCESSING = "processing"  # the shop is preparing it
    SHIPPED = "shipped"  # at least one parcel handed to a carrier
    DELIVERED = "delivered"
    CANCELLED = "cancelled"
    REFUNDED = "refunded"  # everything paid went back (driven by payments)
    PARTIALLY_REFUNDED = "partially_refunded"


class OrderCounter(db.Model):
    """The last order number a shop gave; locked (``FOR UPDATE``) while the next is taken, so
    numbers are sequential without gaps or duplicates."""

    __tablename__ = "orders_counters"

    vendor_id: Mapped[int] = mapped_column(ForeignKey("vendors.id"), primary_key=True, autoincrement=False)
    last_number: Mapped[int] = mapped_column(Integer, nullable=False, default=0)


class Order(db.Model):
    """One order of one shop."""

    __tablename__ = "orders_orders"
    __table_args__ = (
        UniqueConstraint("vendor_id", "number", name="uq_orders_orders_vendor_number"),
        # A double submit carries the same key and finds the first order (NULLs never collide).
        UniqueConstraint("vendor_id", "idempotency_key", name="uq_orders_orders_vendor_idempotency_key"),
        Index("ix_orders_orders_list", "vendor_id", "status", "id"),
        Index("ix_orders_orders_placed", "vendor_id", "placed_at"),
        Index("ix_orders_orders_customer", "vendor_id", "customer_id", "id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    vendor_id: Mapped[int] = mapped_column(ForeignKey("vendors.id"), nullable=False)
    number: Mapped[int] = mapped_column(Integer, nullable=False)
    customer_id: Mapped[int | None] = mapped_column(
        ForeignKey("customers.id", ondelete="SET NULL"), nullable=True
    )
    email: Mapped[str] = mapped_column(String(254), nullable=False)
    # The billing name, copied out of the address so the vendor's list can search it.
    customer_name: Mapped[str] = mapped_column(String(120), nullable=False, default="")
    language: Mapped[str] = mapped_column(String(5), nullable=False, default="en")
    billing_address: Mapped[dict] = mapped_column(JSON, nullable=False, default=dict)
    shipping_address: Mapped[dict] = mapped_column(JSON, nullable=False, default=dict)
    # The shipping method as chosen (checkout's row may change or go; no foreign key).
    shipping_method_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    shipping_method_name: Mapped[str] = mapped_column(String(120), nullable=False, default="")
    shipping_vat_rate: Mapped[int] = mapped_column(Integer, nullable=False, default=17)
    # Totals in cents, computed once by ``compute_totals`` when the order is placed.
    subtotal_gross_cents: Mapped[int] = mapped_column(Integer, nullable=False)
    shipping_cents: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    vat_breakdown: Mapped[dict] = mapped_column(JSON, nullable=False, default=dict)
    total_net_cents: Mapped[int] = mapped_column(Integer, nullable=False)
    total_vat_cents: Mapped[int] = mapped_column(Integer, nullable=False)
    total_gross_cents: Mapped[int] = mapped_column(Integer, nullable=False)
    currency: Mapped[str] = mapped_column(String(3), nullable=False, default="EUR")
    status: Mapped[str] = mapped_column(String(24), nullable=False, default=OrderStatus.PENDING.value)
    payment_id: Mapped[int | None] = mapped_column(
        ForeignKey("payments_payments.id", ondelete="SET NULL"), nullable=True
    )
    payment_provider: Mapped[str] = mapped_column(String(40), nullable=False, default="")
    # Where the customer pays (Stripe's payment page), so a double submit sends them there again.
    payment_next_url: Mapped[str | None] = mapped_column(String(500), nullable=True)
    idempotency_key: Mapped[str | None] = mapped_column(String(100), nullable=True)
    placed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), nullable=False, default=utcnow, onupdate=utcnow
    )

    lines: Mapped[list[OrderLine]] = relationship(
        back_populates="order", cascade="all, delete-orphan", order_by="OrderLine.position", lazy="selectin"
    )
    shipments: Mapped[list[Shipment]] = relationship(
        back_populates="order", cascade="all, delete-orphan", order_by="Shipment.id"
    )
    events: Mapped[list[OrderEvent]] = relationship(
        back_populates="order", cascade="all, delete-orphan", order_by="OrderEvent.id"
    )

    @property
    def display_number(self) -> str:
        """The number as customers and staff read it: ``#1042``."""
        return f"#{self.number}"

    @property
    def item_count(self) -> int:
        return sum(line.quantity for line in self.lines)

    @property
    def payment_reference(self) -> str:
        """The reference payments files this order's payment under."""
        return f"order:{self.id}"


class OrderLine(db.Model):
    """One line of an order: a copy of what the customer bought, at the price they saw."""

    __tablename__ = "orders_lines"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    vendor_id: Mapped[int] = mapped_column(ForeignKey("vendors.id"), nullable=False)
    order_id: Mapped[int] = mapped_column(
        ForeignKey("orders_orders.id", ondelete="CASCADE"), nullable=False, index=True
    )
    position: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    # The catalog's ids when the order was placed. Not foreign keys: orders requires payments
    # only (the spec's graph), and an order outlives the catalog rows it came from — a marketplace
    # order may have none. What the customer bought is the snapshot below.
    variant_id: Mapped[int | None] = mapped_column(Integer, nullable=True, index=True)
    product_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    sku: Mapped[str] = mapped_column(String(64), nullable=False, default="")
    product_title: Mapped[str] = mapped_column(String(250), nullable=False)
    variant_label: Mapped[str] = mapped_column(String(250), nullable=False, default="")
    options: Mapped[dict] = mapped_column(JSON, nullable=False, default=dict)
    unit_price_cents: Mapped[int] = mapped_column(Integer, nullable=False)  # gross
    quantity: Mapped[int] = mapped_column(Integer, nullable=False)
    vat_rate: Mapped[int] = mapped_column(Integer, nullable=False)  # percent
    line_gross_cents: Mapped[int] = mapped_column(Integer, nullable=False)
    line_net_cents: Mapped[int] = mapped_column(Integer, nullable=False)
    line_vat_cents: Mapped[int] = mapped_column(Integer, nullable=False)

    order: Mapped[Order] = relationship(back_populates="lines")


class Shipment(db.Model):
    """A parcel handed to a carrier; an order may go out in several."""

    __tablename__ = "orders_shipments"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    vendor_id: Mapped[int] = mapped_column(ForeignKey("vendors.id"), nullable=False)
    order_id: Mapped[int] = mapped_column(
        ForeignKey("orders_orders.id", ondelete="CASCADE"), nullable=False, index=True
    )
    carrier: Mapped[str] = mapped_column(String(60), nullable=False)
    tracking_number: Mapped[str] = mapped_column(String(100), nullable=False)
    shipped_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False, default=utcnow)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), nullable=True)

    order: Mapped[Order] = relationship(back_populates="shipments")


class OrderEvent(db.Model):
    """One entry of an order's history: a status change (``from_status`` → ``to_status``), a
    parcel shipped, a payment fact, or a note. Append-only."""

    __tablename__ = "orders_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    vendor_id: Mapped[int] = mapped_column(ForeignKey("vendors.id"), nullable=False)
    order_id: Mapped[int] = mapped_column(
        ForeignKey("orders_orders.id", ondelete="CASCADE"), nullable=False, index=True
    )
    kind: Mapped[str] = mapped_column(String(16), nullable=False, default="status")
    from_status: Mapped[str | None] = mapped_column(String(24), nullable=True)
    to_status: Mapped[str | None] = mapped_column(String(24), nullable=True)
    note: Mapped[str] = mapped_column(String(500), nullable=False, default="")
    # The shop's staff member who did it; None for the customer, payments or the system.
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False, default=utcnow)

    order: Mapped[Order] = relationship(back_populates="events")


__all__ = ["Order", "OrderCounter", "OrderEvent", "OrderLine", "OrderStatus", "Shipment"]
