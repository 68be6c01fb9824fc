"""The cart's tables: one cart per guest browser (found by its random token) or per signed-in
customer, and its lines — a catalog variant, a quantity, and the unit price the customer last
saw, so a price change is told once.

A line's ``variant_id`` is set to NULL when the catalog deletes the variant (a cart never keeps
a vendor from editing a product); ``label_seen`` keeps its name so the cart can say what went
away.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from wizamart.database import db, utcnow


class Cart(db.Model):
    """A shop's cart: a guest's (``customer_id`` NULL, found by ``token`` kept in the session)
    or a customer's (one per customer)."""

    __tablename__ = "cart_carts"
    # The expiry sweep reads carts by age.
    __table_args__ = (Index("ix_cart_carts_updated_at", "updated_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    vendor_id: Mapped[int] = mapped_column(ForeignKey("vendors.id"), nullable=False, index=True)
    token: Mapped[str] = mapped_column(String(64), nullable=False, unique=True)
    customer_id: Mapped[int | None] = mapped_column(
        ForeignKey("customers.id", ondelete="CASCADE"), nullable=True, unique=True
    )
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False, default=utcnow)
    # Last change or view: what "abandoned" is measured from.
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False, default=utcnow)

    lines: Mapped[list[CartLine]] = relationship(
        back_populates="cart",
        cascade="all, delete-orphan",
        order_by="CartLine.id",
        lazy="selectin",
    )


class CartLine(db.Model):
    """A variant in a cart, with its quantity and the unit price (gross cents) last shown."""

    __tablename__ = "cart_lines"
    __table_args__ = (UniqueConstraint("cart_id", "variant_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    cart_id: Mapped[int] = mapped_column(ForeignKey("cart_carts.id", ondelete="CASCADE"), nullable=False)
    variant_id: Mapped[int | None] = mapped_column(
        ForeignKey("catalog_variants.id", ondelete="SET NULL"), nullable=True, index=True
    )
    quantity: Mapped[int] = mapped_column(Integer, nullable=False)
    unit_price_cents_seen: Mapped[int] = mapped_column(Integer, nullable=False)
    label_seen: Mapped[str] = mapped_column(String(300), nullable=False, default="")
    added_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False, default=utcnow)

    cart: Mapped[Cart] = relationship(back_populates="lines")
