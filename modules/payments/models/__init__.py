"""The payments' tables: payments, their append-only ledger of transactions, the webhook
deliveries already handled, and each shop's payment providers with their settings.

A payment's ``status`` is never set by hand: it is derived from its ledger
(``services.payment_service.derive_status``) every time a transaction is recorded, and stored
only so lists can filter on it. Ledger rows are never updated or deleted; a provider event
delivered twice finds its ``provider_event_id`` already there and inserts nothing.
"""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import JSON, Boolean, DateTime, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from wizamart.database import db, utcnow


class PaymentStatus(enum.StrEnum):
    """Where a payment stands, derived from its ledger."""

    PENDING = "pending"  # started, no money yet (bank transfer awaited, card not confirmed)
    AUTHORISED = "authorised"  # money held by the provider, not captured yet
    PAID = "paid"  # captured in full
    PARTIALLY_REFUNDED = "partially_refunded"
    REFUNDED = "refunded"  # everything captured went back
    FAILED = "failed"  # the last attempt failed and nothing was captured
    CANCELLED = "cancelled"  # given up before any capture


class TransactionKind(enum.StrEnum):
    """What one ledger row records."""

    AUTHORISED = "authorised"
    CAPTURED = "captured"
    FAILED = "failed"
    REFUNDED = "refunded"
    REFUND_FAILED = "refund_failed"  # a refund recorded as under way failed at the provider
    CANCELLED = "cancelled"  # the payment was called off before any capture


class Payment(db.Model):
    """One payment of one thing a shop sells (an order), through one provider."""

    __tablename__ = "payments_payments"
    __table_args__ = (
        UniqueConstraint("vendor_id", "reference"),
        UniqueConstraint("provider", "provider_ref"),
        Index("ix_payments_payments_list", "vendor_id", "status", "id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    vendor_id: Mapped[int] = mapped_column(ForeignKey("vendors.id"), nullable=False)
    provider: Mapped[str] = mapped_column(String(40), nullable=False)
    # What is paid for, in the caller's words ("order:42"); one payment per reference and shop.
    reference: Mapped[str] = mapped_column(String(64), nullable=False)
    amount_cents: Mapped[int] = mapped_column(Integer, nullable=False)
    currency: Mapped[str] = mapped_column(String(3), nullable=False, default="EUR")
    status: Mapped[str] = mapped_column(String(24), nullable=False, default=PaymentStatus.PENDING.value)
    # The provider's id of it (Stripe's ``pi_…``), once it has one.
    provider_ref: Mapped[str | None] = mapped_column(String(120), nullable=True)
    customer_email: Mapped[str] = mapped_column(String(254), nullable=False, default="")
    description: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    language: Mapped[str] = mapped_column(String(5), nullable=False, default="en")
    # Random, unguessable: names the payment in the customer's payment page URL.
    token: Mapped[str] = mapped_column(String(64), nullable=False, unique=True)
    # Where the customer goes back to once the provider is done (the order's page).
    return_url: Mapped[str] = mapped_column(String(500), nullable=False, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), nullable=False, default=utcnow, onupdate=utcnow
    )

    transactions: Mapped[list[PaymentTransaction]] = relationship(
        back_populates="payment", order_by="PaymentTransaction.id", lazy="selectin", viewonly=True
    )


class PaymentTransaction(db.Model):
    """One thing that happened to a payment's money. Append-only: never updated, never deleted."""

    __tablename__ = "payments_transactions"
    __table_args__ = (
        # A provider event (or a vendor's confirmation) is recorded once, however often it arrives.
        UniqueConstraint("payment_id", "provider_event_id"),
        Index("ix_payments_transactions_vendor", "vendor_id", "id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    payment_id: Mapped[int] = mapped_column(
        ForeignKey("payments_payments.id", ondelete="CASCADE"), nullable=False
    )
    vendor_id: Mapped[int] = mapped_column(ForeignKey("vendors.id"), nullable=False)
    kind: Mapped[str] = mapped_column(String(16), nullable=False)
    amount_cents: Mapped[int] = mapped_column(Integer, nullable=False)
    # The source's own id of this fact: Stripe's ``stripe:pi_…:captured``, a refund's ``re_…``,
    # ``bank:confirm:<payment id>``… the dedupe key.
    provider_event_id: Mapped[str] = mapped_column(String(160), nullable=False)
    occurred_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False, default=utcnow)
    recorded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False, default=utcnow)
    recorded_by: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True
    )
    note: Mapped[str] = mapped_column(String(500), nullable=False, default="")
    # The idempotency key of the shop's request that made it (a refund form's one-time token):
    # the same request again returns this row instead of refunding twice.
    request_key: Mapped[str | None] = mapped_column(String(120), nullable=True)

    payment: Mapped[Payment] = relationship(back_populates="transactions")


class PaymentWebhookEvent(db.Model):
    """A provider's webhook delivery already handled: the same event id again is acknowledged
    and changes nothing."""

    __tablename__ = "payments_webhook_events"
    __table_args__ = (UniqueConstraint("provider", "event_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    vendor_id: Mapped[int] = mapped_column(ForeignKey("vendors.id"), nullable=False, index=True)
    provider: Mapped[str] = mapped_column(String(40), nullable=False)
    event_id: Mapped[str] = mapped_column(String(120), nullable=False)
    event_type: Mapped[str] = mapped_column(String(80), nullable=False)
    payment_id: Mapped[int | None] = mapped_column(
        ForeignKey("payments_payments.id", ondelete="SET NULL"), nullable=True
    )
    # What handling it did: "recorded", "nothing_new", "ignored".
    outcome: Mapped[str] = mapped_column(String(40), nullable=False, default="")
    received_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False, default=utcnow)


class ProviderSetting(db.Model):
    """A payment provider as one shop uses it: switched on or off, in which position of the
    checkout, and its settings (bank details, API keys). ``secrets`` hold what is never shown back
    in full (an API secret key)."""

    __tablename__ = "payments_provider_settings"
    __table_args__ = (UniqueConstraint("vendor_id", "provider"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    vendor_id: Mapped[int] = mapped_column(ForeignKey("vendors.id"), nullable=False)
    provider: Mapped[str] = mapped_column(String(40), nullable=False)
    enabled: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    position: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    settings: Mapped[dict] = mapped_column(JSON, nullable=False, default=dict)
    secrets: Mapped[dict] = mapped_column(JSON, nullable=False, default=dict)
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), nullable=False, default=utcnow, onupdate=utcnow
    )
    updated_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), nullable=True)
