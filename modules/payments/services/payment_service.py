"""Payments: starting one through a shop's provider, its append-only ledger, and the status
derived from that ledger. Other modules call this service (orders starts a payment per order,
checkout lists the shop's providers); providers record what happened through ``record``.

**The ledger decides.** A payment's status is never written by hand: every fact — money
authorised, captured, refunded, an attempt failed, the payment called off — is one
``PaymentTransaction`` row with a ``provider_event_id`` unique per payment, and
``derive_status`` computes the status from the set of rows (not their order):

- money captured: ``refunded`` when refunds (less those that failed at the provider) reach
  what was captured, ``partially_refunded`` when some went back, ``paid`` when the captures
  cover the amount, else still ``pending`` (a bank transfer that brought only part of it);
- nothing captured: ``cancelled`` if it was called off, else ``authorised`` if money is held,
  else ``failed`` if an attempt failed, else ``pending``.

So a late "failed" never downgrades a capture, a refund never exceeds a capture, and a webhook
delivered twice finds its row there and changes nothing. When a new row changes the status,
``on_payment_status_changed`` fires in the same transaction.

**Units of work.** ``start_payment`` only flushes: the caller (placing an order) commits or
rolls back everything together, so nothing is charged without an order. The other changes
commit themselves unless called with ``commit=False`` (orders confirms and refunds inside its
own unit of work). Every change of a payment's ledger holds the payment's row locked until the
transaction ends (``SELECT … FOR UPDATE`` on PostgreSQL; on SQLite, whose single writer has no
row locks, a no-op write to the row that takes the write lock before anything is read).
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask import current_app
from sqlalchemy import func, select, update

from wizamart.database import db, utcnow
from wizamart.i18n import t
from wizamart.pagination import Page, paginate

from .. import providers as registry
from ..exceptions import (
    InvalidAmount,
    NotCancellable,
    NotConfirmable,
    PaymentNotFound,
    ProviderNotConfigured,
    ProviderNotEnabled,
    ReferenceTaken,
    RefundTooLarge,
)
from ..models import Payment, PaymentStatus, PaymentTransaction, ProviderSetting, TransactionKind
from ..providers import PaymentProvider, ProviderView

MAX_AMOUNT_CENTS = 100_000_000  # one million euros: far above any shop order, far below overflow
SECRET_MASK = "••••"


# ------------------------------------------------------------------ derivation


@dataclass(frozen=True)
class LedgerTotals:
    """Sums of a payment's ledger."""

    authorised: int
    captured: int
    refunded: int
    failed_attempts: int
    cancelled: bool

    @property
    def refundable(self) -> int:
        """What can still be given back: captured and not yet refunded."""
        return max(0, self.captured - self.refunded)


def totals_of(rows: Iterable[PaymentTransaction]) -> LedgerTotals:
    """The sums of ledger ``rows`` (any order)."""
    authorised = captured = refunded = failed = 0
    cancelled = False
    for row in rows:
        kind = TransactionKind(row.kind)
        if kind is TransactionKind.AUTHORISED:
            authorised += row.amount_cents
        elif kind is TransactionKind.CAPTURED:
            captured += row.amount_cents
        elif kind is TransactionKind.REFUNDED:
            refunded += row.amount_cents
        elif kind is TransactionKind.REFUND_FAILED:  # the money did not go back after all
            refunded -= row.amount_cents
        elif kind is TransactionKind.FAILED:
            failed += 1
        elif kind is TransactionKind.CANCELLED:
            cancelled = True
    return LedgerTotals(authorised, captured, max(0, refunded), failed, cancelled)


def derive_status(amount_cents: int, rows: Iterable[PaymentTransaction]) -> str:
    """A payment's status from its ledger rows; the order of the rows does not matter (see the
    module docstring for the rules)."""
    sums = totals_of(rows)
    if sums.captured > 0:
        if sums.refunded >= sums.captured:
            return PaymentStatus.REFUNDED.value
        if sums.refunded > 0:
            return PaymentStatus.PARTIALLY_REFUNDED.value
        if sums.captured >= amount_cents:
            return PaymentStatus.PAID.value
        return PaymentStatus.PENDING.value
    if sums.cancelled:
        return PaymentStatus.CANCELLED.value
    if sums.authorised > 0:
        return PaymentStatus.AUTHORISED.value
    if sums.failed_attempts:
        return PaymentStatus.FAILED.value
    return PaymentStatus.PENDING.value


# ------------------------------------------------------------------ providers of a shop


def all_providers(language: str | None = None) -> list[ProviderView]:
    """Every installed provider (contributed through ``payment_providers``), named in
    ``language`` (default: the request's)."""
    return [_view(p, language) for p in sorted(registry.installed().values(), key=lambda p: p.code)]


def providers_for(vendor_id: int, language: str | None = None) -> list[ProviderView]:
    """The providers the shop offers its customers, in the shop's order: switched on, installed
    and with complete settings. What checkout lists; an empty list means the shop takes no
    payment yet."""
    installed = registry.installed()
    views = []
    for row in _setting_rows(vendor_id):
        found = installed.get(row.provider)
        if row.enabled and found is not None and not found.missing_settings(_merged(row, found)):
            views.append(_view(found, language))
    return views


def is_enabled(vendor_id: int, provider: str) -> bool:
    """Whether the shop offers ``provider`` now."""
    return any(view.code == provider for view in providers_for(vendor_id))


@dataclass(frozen=True)
class ProviderSettingsView:
    """A provider as the shop's payment settings page shows it: secrets masked."""

    provider: PaymentProvider
    name: str
    description: str
    enabled: bool
    position: int
    values: dict[str, str]  # secrets only as "••••1234"
    secrets_set: frozenset[str]
    missing: list[str]

    @property
    def code(self) -> str:
        return self.provider.code


def provider_settings(vendor_id: int, language: str | None = None) -> list[ProviderSettingsView]:
    """Every installed provider with the shop's settings of it, for the settings page and API;
    secret values are never given back in full."""
    rows = {row.provider: row for row in _setting_rows(vendor_id)}
    views = []
    for index, found in enumerate(sorted(registry.installed().values(), key=lambda p: p.code)):
        row = rows.get(found.code)
        merged = _merged(row, found) if row else {}
        values = {}
        for f in found.fields:
            value = str(merged.get(f.name) or "")
            values[f.name] = mask(value) if f.secret else found.display(f.name, value)
        views.append(
            ProviderSettingsView(
                provider=found,
                name=t(found.name_key, locale=language),
                description=t(found.description_key, locale=language),
                enabled=bool(row and row.enabled),
                position=row.position if row else 100 + index,
                values=values,
                secrets_set=frozenset(f.name for f in found.fields if f.secret and merged.get(f.name)),
                missing=found.missing_settings(merged),
            )
        )
    return sorted(views, key=lambda v: (v.position, v.code))


def mask(secret: str) -> str:
    """``sk_test_…abcd`` -> ``••••abcd``; short values show nothing of themselves."""
    if not secret:
        return ""
    return SECRET_MASK + (secret[-4:] if len(secret) >= 12 else "")


def set_provider(
    vendor_id: int,
    provider: str,
    *,
    enabled: bool,
    values: dict[str, Any] | None = None,
    user_id: int | None = None,
    position: int | None = None,
    commit: bool = True,
) -> ProviderSetting:
    """Switch ``provider`` on or off for the shop and save its settings.

    ``values`` holds the provider's fields as submitted; a secret left empty keeps the saved
    one (the form never shows it back), other fields left out keep theirs. Switching on needs
    every required field: ``ProviderNotConfigured`` (422) names the missing ones; a bad value
    raises the provider's ``ValidationError`` naming the field.
    """
    found = registry.provider(provider)
    cleaned = found.clean_settings(values or {})
    with _unit(commit):
        row = db.session.scalar(
            select(ProviderSetting).where(
                ProviderSetting.vendor_id == vendor_id, ProviderSetting.provider == provider
            )
        )
        if row is None:
            count = db.session.scalar(
                select(func.count())
                .select_from(ProviderSetting)
                .where(ProviderSetting.vendor_id == vendor_id)
            )
            row = ProviderSetting(
                vendor_id=vendor_id, provider=provider, position=count or 0, settings={}, secrets={}
            )
            db.session.add(row)
        plain, hidden = dict(row.settings or {}), dict(row.secrets or {})
        for f in found.fields:
            if f.name not in cleaned:
                continue
            if f.secret:
                if cleaned[f.name]:  # empty: keep the saved secret
                    hidden[f.name] = cleaned[f.name]
            else:
                plain[f.name] = cleaned[f.name]
        if enabled:
            missing = found.missing_settings({**plain, **hidden})
            if missing:
                raise ProviderNotConfigured(provider, missing)
        row.settings, row.secrets = plain, hidden  # new dicts: the JSON columns see the change
        row.enabled = enabled
        row.updated_by = user_id
        if position is not None:
            row.position = position
        db.session.flush()
    return row


def clear_secret(vendor_id: int, provider: str, name: str, *, commit: bool = True) -> None:
    """Forget one saved secret of a provider (switching the provider off if it needs it)."""
    found = registry.provider(provider)
    with _unit(commit):
        row = db.session.scalar(
            select(ProviderSetting).where(
                ProviderSetting.vendor_id == vendor_id, ProviderSetting.provider == provider
            )
        )
        if row is None:
            return
        hidden = dict(row.secrets or {})
        hidden.pop(name, None)
        row.secrets = hidden
        if row.enabled and found.missing_settings(_merged(row, found)):
            row.enabled = False
        db.session.flush()


def settings_of(vendor_id: int, provider: str) -> dict[str, Any]:
    """The shop's settings of ``provider``, secrets included (for providers, never for output);
    empty when the shop never saved any. Whether it is switched on does not matter here: a
    provider switched off still refunds what it took."""
    row = db.session.scalar(
        select(ProviderSetting).where(
            ProviderSetting.vendor_id == vendor_id, ProviderSetting.provider == provider
        )
    )
    return {**(row.settings or {}), **(row.secrets or {})} if row else {}


def _setting_rows(vendor_id: int) -> list[ProviderSetting]:
    return list(
        db.session.scalars(
            select(ProviderSetting)
            .where(ProviderSetting.vendor_id == vendor_id)
            .order_by(ProviderSetting.position, ProviderSetting.provider)
        )
    )


def _merged(row: ProviderSetting, found: PaymentProvider) -> dict[str, Any]:
    return {**(row.settings or {}), **(row.secrets or {})}


def _view(found: PaymentProvider, language: str | None) -> ProviderView:
    return ProviderView(
        code=found.code,
        name=t(found.name_key, locale=language),
        description=t(found.description_key, locale=language),
        manual_capture=found.manual_capture,
    )


# ------------------------------------------------------------------ starting a payment


@dataclass(frozen=True)
class StartedPayment:
    """A payment just started: the caller links ``payment`` and sends the customer to
    ``next_url`` (None: nothing to do online, e.g. a bank transfer's instructions are shown)."""

    payment: Payment
    next_url: str | None


def start_payment(
    vendor_id: int,
    provider: str,
    amount_cents: int,
    reference: str,
    *,
    currency: str = "EUR",
    customer_email: str = "",
    description: str = "",
    return_url: str = "",
    language: str = "en",
) -> StartedPayment:
    """Start collecting ``amount_cents`` for ``reference`` (``"order:42"``) through one of the
    shop's providers.

    Writes the payment (status ``pending``) and asks the provider to begin: a bank transfer
    needs nothing (``next_url`` None, the order page shows ``instructions``); Stripe creates a
    PaymentIntent and ``next_url`` is the shop's payment page, which returns the customer to
    ``return_url``. Flushes, does not commit: the caller's unit of work does.
    Raises ``ProviderNotEnabled`` (422) when the shop does not offer ``provider``,
    ``InvalidAmount`` (422), ``ReferenceTaken`` (409) for a reference already paid through
    this shop, and ``ProviderUnavailable`` (502/503) when the provider cannot be reached — then
    the caller rolls back and nothing was charged.
    """
    if (
        not isinstance(amount_cents, int)
        or isinstance(amount_cents, bool)
        or not 0 < amount_cents <= MAX_AMOUNT_CENTS
    ):
        raise InvalidAmount(amount_cents)
    found = registry.installed().get(provider)
    if found is None or not is_enabled(vendor_id, provider):
        raise ProviderNotEnabled(provider)
    reference = str(reference).strip()[:64]
    if payment_for(vendor_id, reference) is not None:
        raise ReferenceTaken(reference)
    payment = Payment(
        vendor_id=vendor_id,
        provider=provider,
        reference=reference,
        amount_cents=amount_cents,
        currency=(currency or "EUR").upper()[:3],
        status=PaymentStatus.PENDING.value,
        customer_email=(customer_email or "")[:254],
        description=(description or "")[:200],
        language=(language or "en")[:5],
        token=secrets.token_urlsafe(24),
        return_url=(return_url or "")[:500],
    )
    db.session.add(payment)
    db.session.flush()  # the provider tells its side our payment id
    next_url = found.start(
        payment, settings_of(vendor_id, provider), return_url=payment.return_url, language=payment.language
    )
    db.session.flush()
    return StartedPayment(payment=payment, next_url=next_url)


# ------------------------------------------------------------------ reading


def get(vendor_id: int, payment_id: int) -> Payment:
    """The shop's payment ``payment_id``; ``PaymentNotFound`` (404) for another shop's."""
    payment = db.session.get(Payment, payment_id) if isinstance(payment_id, int) else None
    if payment is None or payment.vendor_id != vendor_id:
        raise PaymentNotFound(payment_id)
    return payment


def payment_for(vendor_id: int, reference: str) -> Payment | None:
    """The shop's payment for ``reference`` (``"order:42"``), or None."""
    return db.session.scalar(
        select(Payment).where(Payment.vendor_id == vendor_id, Payment.reference == reference)
    )


def by_token(vendor_id: int, token: str) -> Payment:
    """The payment behind a payment page's token; ``PaymentNotFound`` (404) otherwise."""
    payment = db.session.scalar(select(Payment).where(Payment.token == token, Payment.vendor_id == vendor_id))
    if payment is None:
        raise PaymentNotFound(token, "token")
    return payment


def by_provider_ref(vendor_id: int, provider: str, provider_ref: str) -> Payment | None:
    """The shop's payment the provider knows as ``provider_ref`` (Stripe's ``pi_…``)."""
    return db.session.scalar(
        select(Payment).where(
            Payment.vendor_id == vendor_id, Payment.provider == provider, Payment.provider_ref == provider_ref
        )
    )


def by_provider_ref_anywhere(provider: str, provider_ref: str) -> Payment | None:
    """The payment, of any shop, the provider knows as ``provider_ref`` (unique per provider):
    for a platform-wide webhook, whose signature vouches for it."""
    return db.session.scalar(
        select(Payment).where(Payment.provider == provider, Payment.provider_ref == provider_ref)
    )


def search(
    vendor_id: int, status: str | None = None, query: str = "", page: int = 1, per_page: int = 20
) -> Page:
    """A page of the shop's payments, newest first: by ``status``, and ``query`` matching the
    reference, the customer's e-mail or the provider's id."""
    statement = select(Payment).where(Payment.vendor_id == vendor_id)
    if status:
        statement = statement.where(Payment.status == status)
    query = (query or "").strip()
    if query:
        like = f"%{query.replace('%', '').replace('_', '')}%"
        statement = statement.where(
            Payment.reference.ilike(like)
            | Payment.customer_email.ilike(like)
            | Payment.provider_ref.ilike(like)
        )
    return paginate(statement.order_by(Payment.id.desc()), page, per_page)


def count_to_confirm(vendor_id: int) -> int:
    """How many of the shop's payments wait for it to confirm the money arrived (pending, through
    a provider it confirms by hand, such as a bank transfer). One query."""
    manual = [code for code, found in registry.installed().items() if found.manual_capture]
    return (
        db.session.scalar(
            select(func.count())
            .select_from(Payment)
            .where(
                Payment.vendor_id == vendor_id,
                Payment.status == PaymentStatus.PENDING.value,
                Payment.provider.in_(manual),
            )
        )
        or 0
    )


def transactions(payment: Payment) -> list[PaymentTransaction]:
    """The payment's ledger, oldest first (read fresh from the database)."""
    return list(
        db.session.scalars(
            select(PaymentTransaction)
            .where(PaymentTransaction.payment_id == payment.id)
            .order_by(PaymentTransaction.id)
        )
    )


def totals(payment: Payment) -> LedgerTotals:
    """What the payment's ledger adds up to (captured, refunded, refundable…)."""
    return totals_of(transactions(payment))


def instructions(payment: Payment, language: str | None = None) -> dict | None:
    """What the customer has to do to pay, in ``language`` where it says anything: for a bank
    transfer ``{"account_holder", "iban", "bic", "bank_name", "amount_cents", "currency",
    "reference_text"}``; None for providers that need nothing (Stripe)."""
    found = registry.installed().get(payment.provider)
    if found is None:
        return None
    return found.instructions(
        payment, settings_of(payment.vendor_id, payment.provider), language or payment.language
    )


@dataclass(frozen=True)
class PaymentSummary:
    """Everything a page shows about one payment: its ledger, what it adds up to, and what the
    shop can still do with it. Other modules' pages (an order's) include the partial
    ``payments/vendor/_ledger.html`` with ``summary`` set to one of these."""

    payment: Payment
    provider_name: str
    transactions: list[PaymentTransaction]
    totals: LedgerTotals
    instructions: dict | None
    manual_capture: bool

    @property
    def outstanding(self) -> int:
        """What is still to be captured."""
        return max(0, self.payment.amount_cents - self.totals.captured)

    @property
    def can_confirm(self) -> bool:
        return (
            self.manual_capture
            and self.outstanding > 0
            and not self.totals.refunded
            and self.payment.status not in (PaymentStatus.CANCELLED, PaymentStatus.REFUNDED)
        )

    @property
    def can_refund(self) -> bool:
        return self.totals.refundable > 0

    @property
    def can_cancel(self) -> bool:
        return self.totals.captured == 0 and self.payment.status != PaymentStatus.CANCELLED


def summary(payment: Payment, language: str | None = None) -> PaymentSummary:
    """The payment with its ledger, totals, instructions and possible actions (see
    ``PaymentSummary``)."""
    rows = transactions(payment)
    found = registry.installed().get(payment.provider)
    return PaymentSummary(
        payment=payment,
        provider_name=t(found.name_key, locale=language) if found else payment.provider,
        transactions=rows,
        totals=totals_of(rows),
        instructions=instructions(payment, language),
        manual_capture=bool(found and found.manual_capture),
    )


def staff_names(vendor_id: int) -> dict[int, str]:
    """Who recorded what in a shop's ledgers: its team's names (tenancy's public service)."""
    from modules.tenancy.services import team_service, vendor_service

    members = team_service.members(vendor_service.get(vendor_id))
    return {m.user_id: (m.user.name or m.user.email) for m in members}


def provider_of(payment: Payment) -> PaymentProvider:
    """The installed provider a payment went through."""
    return registry.provider(payment.provider)


# ------------------------------------------------------------------ the ledger


def record(
    payment: Payment,
    kind: str | TransactionKind,
    amount_cents: int,
    provider_event_id: str,
    *,
    occurred_at: datetime | None = None,
    recorded_by: int | None = None,
    note: str = "",
    request_key: str | None = None,
) -> PaymentTransaction | None:
    """Append one fact to ``payment``'s ledger, once: a ``provider_event_id`` already recorded
    for the payment inserts nothing and returns None. Re-derives the status and fires
    ``on_payment_status_changed`` when it changed. Flushes, does not commit. Providers call it
    for what their webhooks and APIs report."""
    kind = TransactionKind(kind)
    _lock(payment)
    if _recorded(payment.id, provider_event_id) is not None:
        return None
    row = PaymentTransaction(
        payment_id=payment.id,
        vendor_id=payment.vendor_id,
        kind=kind.value,
        amount_cents=max(0, int(amount_cents)),
        provider_event_id=provider_event_id[:160],
        occurred_at=occurred_at or utcnow(),
        recorded_at=utcnow(),
        recorded_by=recorded_by,
        note=(note or "")[:500],
        request_key=request_key[:120] if request_key else None,
    )
    db.session.add(row)
    db.session.flush()
    _rederive(payment)
    return row


def is_recorded(payment: Payment, provider_event_id: str) -> bool:
    """Whether the payment's ledger holds ``provider_event_id`` already."""
    return _recorded(payment.id, provider_event_id) is not None


def _recorded(payment_id: int, provider_event_id: str) -> PaymentTransaction | None:
    return db.session.scalar(
        select(PaymentTransaction).where(
            PaymentTransaction.payment_id == payment_id,
            PaymentTransaction.provider_event_id == provider_event_id[:160],
        )
    )


def _rederive(payment: Payment) -> None:
    new = derive_status(payment.amount_cents, transactions(payment))
    old = payment.status
    if new == old:
        return
    payment.status = new
    payment.updated_at = utcnow()
    db.session.flush()
    _pm().hook.on_payment_status_changed(payment=payment, old_status=old, new_status=new)


def _lock(payment: Payment) -> None:
    """Hold the payment's row until the transaction ends (see the module docstring), and read
    its columns fresh: another transaction may have changed the status meanwhile."""
    if db.session.get_bind().dialect.name == "sqlite":
        db.session.execute(
            update(Payment).where(Payment.id == payment.id).values(status=Payment.status),
            execution_options={"synchronize_session": False},
        )
    db.session.scalar(
        select(Payment)
        .where(Payment.id == payment.id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )


# ------------------------------------------------------------------ the shop's actions


def confirm_bank_transfer(
    vendor_id: int,
    payment_id: int,
    user_id: int | None,
    amount_cents: int | None = None,
    *,
    note: str = "",
    commit: bool = True,
) -> Payment:
    """The shop saw the money of a bank transfer (or another provider it confirms by hand)
    arrive: the ledger records it as captured and the payment becomes ``paid``.

    ``amount_cents`` is what arrived (default: all that is still open). Idempotent: confirming a
    payment already paid in full records nothing and changes nothing (a double click, two staff
    at once). ``NotConfirmable`` (409) for providers that capture by themselves (Stripe) and for
    cancelled or refunded payments; ``InvalidAmount`` (422) for more than is still open.
    """
    payment = get(vendor_id, payment_id)
    with _unit(commit):
        _lock(payment)
        found = registry.installed().get(payment.provider)
        if found is None or not found.manual_capture:
            raise NotConfirmable(payment.provider, payment.status)
        sums = totals(payment)
        if payment.status in (PaymentStatus.CANCELLED, PaymentStatus.REFUNDED) or sums.refunded:
            raise NotConfirmable(payment.provider, payment.status)
        outstanding = max(0, payment.amount_cents - sums.captured)
        if outstanding == 0:
            return payment
        amount = outstanding if amount_cents is None else amount_cents
        if not isinstance(amount, int) or isinstance(amount, bool) or not 0 < amount <= outstanding:
            raise InvalidAmount(amount_cents, key="payments.validation.confirm_amount")
        confirmations = sum(1 for row in transactions(payment) if row.kind == TransactionKind.CAPTURED)
        key = f"bank:confirm:{payment.id}" + (f":{confirmations + 1}" if confirmations else "")
        record(payment, TransactionKind.CAPTURED, amount, key, recorded_by=user_id, note=note)
    return payment


def refund(
    vendor_id: int,
    payment_id: int,
    amount_cents: int,
    user_id: int | None,
    reason: str = "",
    *,
    idempotency_key: str | None = None,
    commit: bool = True,
) -> PaymentTransaction:
    """Give ``amount_cents`` of a payment back: Stripe refunds it (``POST /v1/refunds``); for a
    bank transfer the shop made the transfer itself and the ledger records it.

    Refuses more than was captured and not yet refunded (``RefundTooLarge``, 409) and amounts
    that are not positive (``InvalidAmount``, 422). ``idempotency_key`` (a form's one-time
    token) makes a repeated request return the first refund instead of making a second one.
    """
    payment = get(vendor_id, payment_id)
    if not isinstance(amount_cents, int) or isinstance(amount_cents, bool) or amount_cents <= 0:
        raise InvalidAmount(amount_cents)
    with _unit(commit):
        _lock(payment)
        rows = transactions(payment)
        refunds = [row for row in rows if row.kind == TransactionKind.REFUNDED]
        key = (idempotency_key or f"{payment.token}-refund-{len(refunds) + 1}")[:120]
        for row in refunds:
            if row.request_key == key:
                return row  # this very request was handled already
        refundable = totals_of(rows).refundable
        if amount_cents > refundable:
            raise RefundTooLarge(amount_cents, refundable)
        found = provider_of(payment)
        done = found.refund(
            payment,
            settings_of(vendor_id, payment.provider),
            amount_cents,
            reason=reason or "",
            idempotency_key=key,
        )
        row = record(
            payment,
            TransactionKind.REFUNDED,
            done.amount_cents,
            done.provider_event_id,
            occurred_at=done.occurred_at,
            recorded_by=user_id,
            note=reason or done.note,
            request_key=key,
        )
        if row is None:  # the provider's webhook was faster: the refund is in the ledger already
            row = _recorded(payment.id, done.provider_event_id)
    return row


def cancel_payment(
    vendor_id: int, payment_id: int, user_id: int | None = None, *, commit: bool = True
) -> Payment:
    """Call a payment off before any money was captured (an order cancelled while its bank
    transfer was awaited, or its card never confirmed): Stripe cancels the PaymentIntent. A
    payment already cancelled stays so (idempotent); one with money captured is refunded
    instead (``NotCancellable``, 409)."""
    payment = get(vendor_id, payment_id)
    with _unit(commit):
        _lock(payment)
        found = provider_of(payment)
        sync(payment)  # the customer may have paid a moment ago
        if payment.status == PaymentStatus.CANCELLED:
            return payment
        if totals(payment).captured > 0:
            raise NotCancellable(payment.status)
        event_id = found.cancel(payment, settings_of(vendor_id, payment.provider))
        record(
            payment,
            TransactionKind.CANCELLED,
            0,
            event_id or f"cancel:{payment.id}",
            recorded_by=user_id,
        )
    return payment


def sync(payment: Payment) -> Payment:
    """Ask the payment's provider how it stands and record what it says (idempotent with the
    provider's webhooks: both record the same facts under the same keys). Flushes only."""
    found = registry.installed().get(payment.provider)
    if found is not None:
        found.sync(payment, settings_of(payment.vendor_id, payment.provider))
    return payment


def sync_on_return(vendor_id: int, token: str, *, commit: bool = True) -> Payment:
    """The customer came back from the provider's page: record what the provider says, so the
    order is right before the webhook arrives, and commit."""
    payment = by_token(vendor_id, token)
    with _unit(commit):
        sync(payment)
    return payment


def payment_page(vendor_id: int, token: str) -> tuple[Payment, dict[str, str]]:
    """The customer's payment page of a Stripe payment: the payment (with what Stripe says
    recorded and committed) and what the page needs (``publishable_key``, ``client_secret``).
    ``PaymentNotFound`` (404) for a token of another shop or a payment not paid on a page."""
    from ..providers import stripe_provider

    payment = by_token(vendor_id, token)
    if payment.provider != stripe_provider.CODE or not payment.provider_ref:
        raise PaymentNotFound(token, "token")
    with _unit(commit=True):
        context = stripe_provider.page_context(payment, settings_of(vendor_id, payment.provider))
    return payment, context


# ------------------------------------------------------------------ helpers


@contextmanager
def _unit(commit: bool) -> Iterator[None]:
    """Commit at the end when asked to, roll back on any error; with ``commit=False`` the caller
    decides both."""
    if not commit:
        yield
        return
    try:
        yield
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise


def _pm():
    return current_app.extensions["wizamart"].pm
