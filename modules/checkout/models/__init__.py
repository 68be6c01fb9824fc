"""Checkout's tables: the shipping methods a shop offers, and checkout sessions — one visitor's
way from a cart to an order, step by step.

A ``CheckoutSession`` is found by its random ``token``. It keeps what the steps chose (e-mail,
addresses as plain JSON, shipping method, payment provider), what the review showed
(``reviewed``: each line's unit price and the totals, to tell a price change at placing), and,
once placed, the order and where placing sent the customer (``next_url``): placing the same
session again answers the same order.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Boolean, DateTime, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from wizamart.database import db, utcnow

LANGUAGES = ("en", "de", "fr", "lb")


class ShippingMethod(db.Model):
    """A flat rate a shop charges for delivery to some countries, free above an amount.

    ``rate_cents`` is gross (Luxembourg VAT, 17 %, included), like every price of the shop.
    """

    __tablename__ = "checkout_shipping_methods"
    __table_args__ = (Index("ix_checkout_shipping_methods_vendor", "vendor_id", "position", "id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    vendor_id: Mapped[int] = mapped_column(ForeignKey("vendors.id", ondelete="CASCADE"), nullable=False)
    # {"en": "Standard delivery", "de": "Standardversand", ...}; English is always there.
    names: Mapped[dict] = mapped_column(JSON, nullable=False, default=dict)
    # ISO 3166-1 alpha-2 codes, upper case: ["LU", "BE"].
    countries: Mapped[list] = mapped_column(JSON, nullable=False, default=list)
    rate_cents: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    # Orders whose goods cost at least this much (gross) ship free; None: never free.
    free_above_cents: Mapped[int | None] = mapped_column(Integer, nullable=True)
    active: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True)
    position: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), nullable=False, default=utcnow, onupdate=utcnow
    )

    def name(self, lang: str | None = None) -> str:
        """The name in ``lang``, else English, else any."""
        names = self.names or {}
        for candidate in (lang, "en"):
            if candidate and names.get(candidate):
                return names[candidate]
        return next((n for n in names.values() if n), f"#{self.id}")

    def serves(self, country: str | None) -> bool:
        return bool(country) and country.upper() in (self.countries or [])

    def price_for(self, goods_gross_cents: int) -> int:
        """What delivery costs for goods worth ``goods_gross_cents``: free from the threshold on."""
        if self.free_above_cents is not None and goods_gross_cents >= self.free_above_cents:
            return 0
        return self.rate_cents


class CheckoutSession(db.Model):
    """One visitor's checkout of one cart; becomes an order exactly once."""

    __tablename__ = "checkout_sessions"
    __table_args__ = (
        UniqueConstraint("vendor_id", "idempotency_key", name="uq_checkout_sessions_idempotency_key"),
        Index("ix_checkout_sessions_cart", "vendor_id", "cart_id"),
        Index("ix_checkout_sessions_customer", "vendor_id", "customer_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    token: Mapped[str] = mapped_column(String(64), nullable=False, unique=True)
    vendor_id: Mapped[int] = mapped_column(ForeignKey("vendors.id", ondelete="CASCADE"), nullable=False)
    cart_id: Mapped[int | None] = mapped_column(
        ForeignKey("cart_carts.id", ondelete="SET NULL"), nullable=True
    )
    # The signed-in customer (or the one who registered during the checkout); None for a guest.
    customer_id: Mapped[int | None] = mapped_column(
        ForeignKey("customers.id", ondelete="SET NULL"), nullable=True
    )
    email: Mapped[str] = mapped_column(String(255), nullable=False, default="")
    language: Mapped[str] = mapped_column(String(5), nullable=False, default="en")
    shipping_address: Mapped[dict | None] = mapped_column(JSON, nullable=True)
    billing_address: Mapped[dict | None] = mapped_column(JSON, nullable=True)
    shipping_method_id: Mapped[int | None] = mapped_column(
        ForeignKey("checkout_shipping_methods.id", ondelete="SET NULL"), nullable=True
    )
    provider: Mapped[str | None] = mapped_column(String(40), nullable=True)
    # What the review showed: {"lines": {"<variant id>": [quantity, unit gross cents]},
    # "shipping_cents": n, "total_gross_cents": n}.
    reviewed: Mapped[dict | None] = mapped_column(JSON, nullable=True)
    # The API's Idempotency-Key of the request that placed it (unique per shop).
    idempotency_key: Mapped[str | None] = mapped_column(String(100), nullable=True)
    order_id: Mapped[int | None] = mapped_column(
        ForeignKey("orders_orders.id", ondelete="SET NULL"), nullable=True
    )
    # Where placing sent the customer (the payment page of Stripe), replayed on a second submit.
    next_url: Mapped[str | None] = mapped_column(String(1000), nullable=True)
    placed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), nullable=False, default=utcnow, onupdate=utcnow
    )

    @property
    def is_placed(self) -> bool:
        return self.order_id is not None or self.placed_at is not None
