"""Orders: placing them, reading them, and their life from pending to delivered.

This is the module's public service (the issue 5 contract): checkout calls ``place_order`` and
``compute_totals`` (``services.totals``); the vendor's pages and API call the rest.

Placing is ONE unit of work with the caller: ``place_order`` writes the order and its lines,
fires ``order_placed`` (inventory reserves the stock, or refuses with ``OutOfStock``), starts the
payment through payments, counts the order in the customer's statistics and queues the
confirmation e-mail — and commits nothing. The caller commits (the e-mail goes out then) or rolls
back (nothing happened: no order, no stock held, no payment, no number used).

Status changes go through the state machine (``services.state_machine``) and fire
``order_status_changed`` in the same transaction. An order becomes ``paid``, ``refunded`` or
``partially_refunded`` only when payments says so (``on_payment_status_changed``); the vendor's
"confirm payment" asks payments to record the bank transfer, and the order follows.

The vendor's actions (``mark_processing``, ``ship``, ``mark_delivered``, ``cancel``, ``refund``,
``confirm_payment``) commit themselves unless called with ``commit=False``. Each locks the order
row first, so two clicks at once never ship or cancel twice.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from typing import Any

from flask import current_app, has_request_context, url_for
from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import func, or_, select, update
from sqlalchemy.exc import OperationalError

from wizamart.database import db, unit_of_work, utcnow
from wizamart.forms import parse
from wizamart.pagination import Page, paginate

from ..exceptions import (
    IllegalTransition,
    InvalidOrder,
    NoPayment,
    NotBankTransfer,
    OrderBusy,
    OrderNotFound,
    RefundTooLarge,
)
from ..models import Order, OrderEvent, OrderLine, OrderStatus, Shipment
from ..schemas import AddressIn, OrderFilters, OrderLineIn, ShippingIn
from . import numbering, state_machine
from .totals import Totals, compute_totals

__all__ = [
    "OrderLineIn",
    "PlacedOrder",
    "ShippingIn",
    "add_note",
    "by_guest_token",
    "by_number",
    "by_reference",
    "can_confirm",
    "cancel",
    "compute_totals",
    "confirm_payment",
    "counts",
    "for_customer",
    "get",
    "get_for_customer",
    "guest_token",
    "guest_url",
    "instructions",
    "ledger",
    "mark_delivered",
    "mark_processing",
    "payment_of",
    "payment_status_changed",
    "place_order",
    "provider_name",
    "refund",
    "refundable_cents",
    "search",
    "ship",
]

MAX_ID = 2**31 - 1  # the largest id the tables hold; a larger one names nothing (not a 500)
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
GUEST_LINK_SALT = "orders.guest-link"


@dataclass(frozen=True)
class PlacedOrder:
    """What ``place_order`` gives back: the order, where to send the customer next (Stripe's
    payment page; None for a bank transfer: the order page shows the transfer instructions),
    and whether this call created it (False: the same idempotency key found the first one)."""

    order: Order
    next_url: str | None
    created: bool = True


# ------------------------------------------------------------------ other modules, late


def _pm():
    return current_app.extensions["wizamart"].pm


def _payments():
    """payments' public service (imported late: orders requires payments, loaded before us)."""
    from modules.payments.services import payment_service

    return payment_service


def _customers():
    from modules.customers.services import customer_service

    return customer_service


def _vendor(vendor_id: int):
    from modules.tenancy.services import vendor_service

    return vendor_service.get(vendor_id)


# ------------------------------------------------------------------ placing


def _parse(schema, value, field: str):
    """``value`` as ``schema`` (already one, or a mapping); errors name ``field.<name>``."""
    if isinstance(value, schema):
        return value
    if hasattr(value, "model_dump"):
        value = value.model_dump()
    try:
        return parse(schema, value)
    except Exception as exc:  # a ValidationError naming the inner fields: prefix them
        fields = getattr(exc, "details", {}).get("fields")
        if fields is None:
            raise
        exc.details["fields"] = {f"{field}.{name}": text for name, text in fields.items()}
        raise


def _check_email(email: str) -> str:
    email = (email or "").strip().lower()
    if not EMAIL_RE.match(email) or len(email) > 254:
        raise InvalidOrder("email", "orders.validation.email")
    return email


def _language(language: str | None, vendor) -> str:
    languages = current_app.config.get("LANGUAGES", ["en"])
    for candidate in (language, getattr(vendor, "default_language", None), "en"):
        if candidate in languages:
            return candidate
    return languages[0]


def place_order(
    vendor,
    *,
    lines: Sequence[OrderLineIn | dict],
    email: str,
    customer_id: int | None = None,
    language: str | None = None,
    billing_address: AddressIn | dict | None = None,
    shipping_address: AddressIn | dict,
    shipping: ShippingIn | dict | None = None,
    provider: str,
    idempotency_key: str | None = None,
    return_url: str | None = None,
    currency: str = "EUR",
) -> PlacedOrder:
    """Place an order in ``vendor``'s shop, inside the CALLER's unit of work (nothing is committed).

    ``lines``: ``OrderLineIn`` (or mappings of its fields) — the snapshot of what is bought.
    ``shipping_address`` (``AddressIn`` or mapping); ``billing_address`` defaults to it.
    ``shipping``: ``ShippingIn`` (name, gross ``rate_cents``, ``vat_rate``) or None (nothing to ship).
    ``provider``: a payment provider code enabled for the shop (``payment_service.providers_for``).
    ``idempotency_key``: the same key again returns the order it made (``created=False``), never a
    second one — checkout passes its session token. ``return_url``: where the payment provider
    sends the customer back (default: the order's page).

    Order of work: take the shop's next number (locking its counter), write the order and its
    lines, fire ``order_placed`` (inventory reserves stock as ``order:<id>``; its ``OutOfStock``
    propagates), start the payment (``reference=f"order:{id}"``; payments' errors propagate),
    count the order for the customer, queue the confirmation e-mail for after the commit.
    Raises ``InvalidOrder``/``ValidationError`` (422, naming the field), ``CustomerNotFound`` (404),
    and whatever the listeners and payments raise; the caller then rolls back.
    """
    parsed_lines = [_parse(OrderLineIn, line, f"lines.{i}") for i, line in enumerate(lines or [])]
    if not parsed_lines:
        raise InvalidOrder("lines", "orders.validation.no_lines")
    email = _check_email(email)
    ship_to = _parse(AddressIn, shipping_address, "shipping_address")
    bill_to = _parse(AddressIn, billing_address, "billing_address") if billing_address else ship_to
    method = _parse(ShippingIn, shipping, "shipping") if shipping is not None else None
    provider = (provider or "").strip()
    if not provider:
        raise InvalidOrder("provider", "orders.validation.provider")
    key = (idempotency_key or "").strip() or None
    if key is not None and len(key) > 100:
        raise InvalidOrder("idempotency_key", "orders.validation.idempotency_key")
    if customer_id is not None:
        _customers().get(vendor.id, customer_id)  # another shop's customer: 404 before anything
    language = _language(language, vendor)

    counter = numbering.lock_counter(vendor.id)
    if key is not None:
        # Under the counter's lock: a concurrent double submit waited here and now sees the first.
        existing = db.session.scalar(
            select(Order).where(Order.vendor_id == vendor.id, Order.idempotency_key == key)
        )
        if existing is not None:
            return PlacedOrder(order=existing, next_url=existing.payment_next_url, created=False)

    totals = compute_totals(parsed_lines, method)
    order = _new_order(vendor.id, numbering.take_number(counter), parsed_lines, totals, method)
    order.email, order.language, order.currency = email, language, currency
    order.customer_id, order.idempotency_key = customer_id, key
    order.billing_address, order.shipping_address = bill_to.model_dump(), ship_to.model_dump()
    order.customer_name = bill_to.name
    order.payment_provider = provider
    db.session.add(order)
    _record(order, "status", None, OrderStatus.PENDING, None, "")
    db.session.flush()

    _pm().hook.order_placed(order=order)

    started = _payments().start_payment(
        vendor.id,
        provider,
        order.total_gross_cents,
        order.payment_reference,
        currency=currency,
        customer_email=email,
        description=_payment_description(order, vendor),
        return_url=return_url or guest_url(order, vendor) or "",
        language=language,
    )
    order.payment_id = started.payment.id
    order.payment_next_url = started.next_url
    if customer_id is not None:
        _customers().record_order(
            vendor.id, customer_id, order.total_gross_cents, order.placed_at, commit=False
        )
    db.session.flush()

    from ..mails import queue_confirmation

    queue_confirmation(order, vendor, started.payment)
    return PlacedOrder(order=order, next_url=started.next_url, created=True)


def _new_order(
    vendor_id: int, number: int, lines: list[OrderLineIn], totals: Totals, method: ShippingIn | None
) -> Order:
    order = Order(
        vendor_id=vendor_id,
        number=number,
        status=OrderStatus.PENDING.value,
        shipping_method_id=method.method_id if method else None,
        shipping_method_name=method.name if method else "",
        shipping_vat_rate=method.vat_rate if method else 0,
        subtotal_gross_cents=totals.subtotal_gross_cents,
        shipping_cents=totals.shipping_cents,
        vat_breakdown=totals.vat_breakdown,
        total_net_cents=totals.total_net_cents,
        total_vat_cents=totals.total_vat_cents,
        total_gross_cents=totals.total_gross_cents,
        placed_at=utcnow(),
    )
    for position, (line, figures) in enumerate(zip(lines, totals.lines, strict=True)):
        order.lines.append(
            OrderLine(
                vendor_id=vendor_id,
                position=position,
                variant_id=line.variant_id,
                product_id=line.product_id,
                sku=line.sku,
                product_title=line.product_title,
                variant_label=line.variant_label,
                options=dict(line.options),
                unit_price_cents=line.unit_price_cents,
                quantity=line.quantity,
                vat_rate=line.vat_rate,
                line_gross_cents=figures.gross_cents,
                line_net_cents=figures.net_cents,
                line_vat_cents=figures.vat_cents,
            )
        )
    return order


def _payment_description(order: Order, vendor) -> str:
    return f"{getattr(vendor, 'name', '')} {order.display_number}".strip()[:200]


# ------------------------------------------------------------------ reading


def get(vendor_id: int, order_id: int) -> Order:
    """The shop's order; ``OrderNotFound`` (404) for another shop's id or none."""
    order = db.session.get(Order, order_id) if _an_id(order_id) else None
    if order is None or order.vendor_id != vendor_id:
        raise OrderNotFound(order_id)
    return order


def _an_id(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 < value <= MAX_ID


def by_number(vendor_id: int, number: int) -> Order:
    order = db.session.scalar(select(Order).where(Order.vendor_id == vendor_id, Order.number == number))
    if order is None:
        raise OrderNotFound(number)
    return order


def by_reference(vendor_id: int, reference: str | None) -> Order | None:
    """The order a payment reference (``"order:42"``) names in this shop, or None."""
    match = re.fullmatch(r"order:(\d+)", reference or "")
    if match is None:
        return None
    order_id = int(match.group(1))
    order = db.session.get(Order, order_id) if _an_id(order_id) else None
    return order if order is not None and order.vendor_id == vendor_id else None


def for_customer(vendor_id: int, customer_id: int, page: int = 1, per_page: int = 20) -> Page:
    """The customer's orders in this shop, newest first."""
    statement = (
        select(Order)
        .where(Order.vendor_id == vendor_id, Order.customer_id == customer_id)
        .order_by(Order.id.desc())
    )
    return paginate(statement, page, per_page)


def get_for_customer(vendor_id: int, customer_id: int, order_id: int) -> Order:
    """One of the customer's own orders; ``OrderNotFound`` (404) for anyone else's."""
    order = get(vendor_id, order_id)
    if order.customer_id is None or order.customer_id != customer_id:
        raise OrderNotFound(order_id)
    return order


def _day_start(day) -> datetime:
    return datetime.combine(day, time.min, tzinfo=UTC)


def search(vendor_id: int, filters: OrderFilters | dict | None = None) -> Page:
    """The shop's orders, newest first, filtered by ``OrderFilters``: status, placed between
    ``date_from`` and ``date_to`` (whole days, UTC, both included), ``customer_id``, and ``q`` —
    an order number (``1042`` or ``#1042``), or part of the e-mail or the billing name."""
    filters = filters if isinstance(filters, OrderFilters) else parse(OrderFilters, filters or {})
    statement = select(Order).where(Order.vendor_id == vendor_id)
    if filters.status:
        statement = statement.where(Order.status == filters.status)
    if filters.date_from:
        statement = statement.where(Order.placed_at >= _day_start(filters.date_from))
    if filters.date_to:
        statement = statement.where(Order.placed_at < _day_start(filters.date_to + timedelta(days=1)))
    if filters.customer_id:
        statement = statement.where(Order.customer_id == filters.customer_id)
    q = filters.q.strip()
    if q:
        like = f"%{_escape_like(q.lower())}%"
        matches = [
            func.lower(Order.email).like(like, escape="\\"),
            func.lower(Order.customer_name).like(like, escape="\\"),
        ]
        digits = q.lstrip("#").strip()
        if digits.isdigit() and len(digits) <= 9:
            matches.append(Order.number == int(digits))
        statement = statement.where(or_(*matches))
    return paginate(statement.order_by(Order.id.desc()), filters.page, filters.per_page)


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def counts(vendor_id: int) -> dict[str, int]:
    """How many of the shop's orders stand in each status (one query)."""
    rows = db.session.execute(
        select(Order.status, func.count()).where(Order.vendor_id == vendor_id).group_by(Order.status)
    ).all()
    return {status: count for status, count in rows}


def payment_of(order: Order):
    """The order's payment (payments' ``Payment``), or None."""
    if order.payment_id is None:
        return None
    return _payments().get(order.vendor_id, order.payment_id)


def ledger(order: Order) -> list:
    """The payment's append-only transactions, oldest first (empty without a payment)."""
    payment = payment_of(order)
    return list(_payments().transactions(payment)) if payment is not None else []


def refundable_cents(order: Order) -> int:
    """Captured and not yet refunded, from the payment's ledger."""
    payment = payment_of(order)
    return _payments().totals(payment).refundable if payment is not None else 0


def provider_name(order: Order, language: str | None = None) -> str:
    """The payment provider's name as people read it ("Bank transfer"), else its code."""
    for view in _payments().all_providers(language):
        if view.code == order.payment_provider:
            return view.name
    return order.payment_provider


def can_confirm(order: Order) -> bool:
    """Whether the shop confirms this order's payment by hand (a bank transfer awaited)."""
    payment = payment_of(order)
    if payment is None or order.status != OrderStatus.PENDING:
        return False
    return bool(getattr(_payments().provider_of(payment), "manual_capture", False))


def instructions(order: Order, language: str | None = None) -> dict | None:
    """What the customer must do to pay (a bank transfer's details), or None."""
    payment = payment_of(order)
    if payment is None or order.status != OrderStatus.PENDING:
        return None
    return _payments().instructions(payment, language or order.language)


# ------------------------------------------------------------------ the guest's link


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.secret_key, salt=GUEST_LINK_SALT)


def guest_token(order: Order) -> str:
    """A signed token naming the order (shop, id and number): the guest's key to its page."""
    return _serializer().dumps([order.vendor_id, order.id, order.number])


def by_guest_token(vendor_id: int, token: str) -> Order:
    """The order a guest link names, in this shop; ``OrderNotFound`` (404) for a forged link,
    another shop's order, or an order that is gone."""
    try:
        shop, order_id, number = _serializer().loads(token)
    except (BadSignature, TypeError, ValueError):
        raise OrderNotFound("link") from None
    if shop != vendor_id or not _an_id(order_id):
        raise OrderNotFound("link")
    order = db.session.get(Order, order_id)
    if order is None or order.vendor_id != vendor_id or order.number != number:
        raise OrderNotFound("link")
    return order


def guest_url(order: Order, vendor=None) -> str | None:
    """The full URL of the order's page for whoever holds the link (confirmation page and
    e-mails); None outside a request (no host to build it on)."""
    if not has_request_context():
        return None
    vendor = vendor or _vendor(order.vendor_id)
    return url_for(
        "orders.storefront_pages.guest_order",
        vendor_code=vendor.code,
        token=guest_token(order),
        _external=True,
    )


# ------------------------------------------------------------------ status changes


@contextmanager
def _unit_of_work(commit: bool) -> Iterator[None]:
    try:
        with unit_of_work(commit):
            yield
    except OperationalError as exc:
        if not commit:
            raise
        # PostgreSQL breaks a rare deadlock (a webhook paying the order while it is cancelled)
        # by aborting one side: that side is told to try again, not shown a server error.
        raise OrderBusy() from exc


def _locked(vendor_id: int, order_id: int) -> Order:
    """The shop's order with its row locked until the transaction ends (see ``numbering`` for
    the SQLite variant); ``OrderNotFound`` for another shop's."""
    if not _an_id(order_id) or db.session.get(Order, order_id) is None:
        raise OrderNotFound(order_id)
    if db.session.get_bind().dialect.name == "sqlite":
        db.session.execute(
            update(Order)
            .where(Order.id == order_id, Order.vendor_id == vendor_id)
            .values(status=Order.status),
            execution_options={"synchronize_session": False},
        )
    order = db.session.scalar(
        select(Order)
        .where(Order.id == order_id, Order.vendor_id == vendor_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    if order is None:
        raise OrderNotFound(order_id)
    return order


def _record(
    order: Order, kind: str, old: str | None, new: str | None, user_id: int | None, note: str
) -> OrderEvent:
    event = OrderEvent(
        vendor_id=order.vendor_id,
        kind=kind,
        from_status=str(old) if old is not None else None,
        to_status=str(new) if new is not None else None,
        user_id=user_id,
        note=(note or "").strip()[:500],
    )
    order.events.append(event)
    return event


def _transition(order: Order, new_status: OrderStatus, user_id: int | None, note: str = "") -> None:
    """Move ``order`` to ``new_status`` (or raise ``IllegalTransition``), write it in the history
    and fire ``order_status_changed`` once the row is flushed."""
    old = order.status
    state_machine.check(old, new_status, order.number)
    order.status = new_status.value
    _record(order, "status", old, new_status, user_id, note)
    db.session.flush()
    _pm().hook.order_status_changed(order=order, old_status=str(old), new_status=new_status.value)


def mark_processing(vendor_id: int, order_id: int, user_id: int | None, commit: bool = True) -> Order:
    """The shop is preparing a paid order (paid → processing)."""
    with _unit_of_work(commit):
        order = _locked(vendor_id, order_id)
        _transition(order, OrderStatus.PROCESSING, user_id)
    return order


def ship(
    vendor_id: int,
    order_id: int,
    carrier: str,
    tracking_number: str,
    user_id: int | None,
    commit: bool = True,
) -> Shipment:
    """Hand a parcel to ``carrier`` with ``tracking_number``. The first parcel moves the order to
    ``shipped`` (inventory takes the stock off the shelf then); later parcels of a shipped order
    are added to it. Each parcel's e-mail (carrier and tracking) goes to the customer after the
    commit. A pending, cancelled, refunded or delivered order cannot ship (``IllegalTransition``)."""
    from ..mails import queue_shipped
    from ..schemas import ShipIn

    data = parse(ShipIn, {"carrier": carrier, "tracking_number": tracking_number})
    with _unit_of_work(commit):
        order = _locked(vendor_id, order_id)
        if order.status != OrderStatus.SHIPPED:
            state_machine.check(order.status, OrderStatus.SHIPPED, order.number)
        shipment = Shipment(
            vendor_id=vendor_id, carrier=data.carrier, tracking_number=data.tracking_number, user_id=user_id
        )
        order.shipments.append(shipment)
        _record(order, "shipment", None, None, user_id, f"{data.carrier} {data.tracking_number}")
        if order.status != OrderStatus.SHIPPED:
            _transition(order, OrderStatus.SHIPPED, user_id)
        db.session.flush()
        queue_shipped(order, shipment)
    return shipment


def mark_delivered(vendor_id: int, order_id: int, user_id: int | None, commit: bool = True) -> Order:
    """The parcels arrived (shipped → delivered)."""
    with _unit_of_work(commit):
        order = _locked(vendor_id, order_id)
        _transition(order, OrderStatus.DELIVERED, user_id)
    return order


def cancel(
    vendor_id: int, order_id: int, user_id: int | None, reason: str = "", commit: bool = True
) -> Order:
    """Call the order off (from pending, paid or processing). Inventory gives its stock back
    (``order_status_changed``); the payment is cancelled when no money was taken, and what was
    captured is refunded in full through payments (the order stays ``cancelled``)."""
    with _unit_of_work(commit):
        order = _locked(vendor_id, order_id)
        _transition(order, OrderStatus.CANCELLED, user_id, reason)
        payment = payment_of(order)
        if payment is not None:
            refundable = refundable_cents(order)
            if refundable > 0:
                _payments().refund(
                    vendor_id, payment.id, refundable, user_id, reason or "order cancelled", commit=False
                )
            elif str(payment.status) != "cancelled":
                _payments().cancel_payment(vendor_id, payment.id, user_id, commit=False)
    return order


def refund(
    vendor_id: int,
    order_id: int,
    amount_cents: int,
    user_id: int | None,
    reason: str = "",
    idempotency_key: str | None = None,
    commit: bool = True,
):
    """Give ``amount_cents`` back through payments (Stripe refunds it; a bank transfer records the
    refund the shop made by hand). The order becomes ``refunded`` or ``partially_refunded`` when
    payments reports the new status. Refuses more than was captured and not yet refunded
    (``RefundTooLarge``, naming ``amount_cents``), and orders that were never paid.
    ``idempotency_key`` (the refund form's one-time token) makes a repeated submit refund once."""
    with _unit_of_work(commit):
        order = _locked(vendor_id, order_id)
        if order.payment_id is None:
            raise NoPayment(order.number)
        if not state_machine.can_refund(order.status):
            raise IllegalTransition(order.status, OrderStatus.REFUNDED, order.number)
        refundable = refundable_cents(order)
        if not isinstance(amount_cents, int) or amount_cents < 1 or amount_cents > refundable:
            raise RefundTooLarge(refundable)
        result = _payments().refund(
            vendor_id,
            order.payment_id,
            amount_cents,
            user_id,
            reason,
            idempotency_key=idempotency_key,
            commit=False,
        )
        _record(order, "payment", None, None, user_id, reason)
    return result


def confirm_payment(vendor_id: int, order_id: int, user_id: int | None, commit: bool = True) -> Order:
    """The shop saw the bank transfer arrive: payments records the capture, and the order
    becomes ``paid`` through ``on_payment_status_changed`` — never directly here. Only for a
    pending order paid by bank transfer."""
    with _unit_of_work(commit):
        order = _locked(vendor_id, order_id)
        if order.payment_id is None:
            raise NoPayment(order.number)
        state_machine.check(order.status, OrderStatus.PAID, order.number)
        payment = payment_of(order)
        if not getattr(_payments().provider_of(payment), "manual_capture", False):
            raise NotBankTransfer(order.payment_provider)
        _payments().confirm_bank_transfer(vendor_id, order.payment_id, user_id, commit=False)
    return order


def add_note(
    vendor_id: int, order_id: int, note: str, user_id: int | None, commit: bool = True
) -> OrderEvent:
    """A note of the shop's staff in the order's history."""
    with _unit_of_work(commit):
        order = get(vendor_id, order_id)
        event = _record(order, "note", None, None, user_id, note)
    return event


# ------------------------------------------------------------------ payments' event

_FOLLOWS = {
    "paid": OrderStatus.PAID,
    "refunded": OrderStatus.REFUNDED,
    "partially_refunded": OrderStatus.PARTIALLY_REFUNDED,
}


def payment_status_changed(payment: Any, old_status: str, new_status: str) -> Order | None:
    """payments' ``on_payment_status_changed``: the order of ``payment`` (its reference
    ``order:<id>``) follows — ``paid`` makes a pending order paid; ``refunded`` and
    ``partially_refunded`` move a paid order on. Every payment change is written in the order's
    history; one the order cannot follow (a transfer arriving for a cancelled order) changes
    nothing else. Runs inside payments' transaction; does not commit."""
    order = by_reference(payment.vendor_id, getattr(payment, "reference", None))
    if order is None:
        return None
    new_status, old_status = str(new_status), str(old_status)
    _record(order, "payment", old_status, new_status, None, "")
    target = _FOLLOWS.get(new_status)
    if target is None or order.status == target:
        db.session.flush()
        return order
    if state_machine.can_go(order.status, target):
        _transition(order, target, None)
    else:
        db.session.flush()
    return order
