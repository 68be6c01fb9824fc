"""Carts of a shop's storefront: whose cart this is, what may go in it, and what it holds now.

**Whose cart.** A signed-in customer (customers' storefront realm) has one cart per shop, kept
across devices. Anyone else has a guest cart, found by a random token: browsers keep it in the
session (one token per shop), API clients send it in the ``X-Cart-Token`` header (the answer of
the first ``POST`` tells it). A token never opens a customer's cart, nor another shop's. On
sign-in (customers' ``on_customer_logged_in`` event) the guest cart is merged into the
customer's: quantities summed, capped at what is available.

**What may go in it.** Active products only (drafts and archived ones are refused); at most
what the catalog says is available (``product_service.variants_for`` → ``stock_available``;
``None`` means stock is not tracked) and at most ``CART_MAX_LINE_QUANTITY`` per line.
Nothing is reserved: stock is taken when the order is placed (checkout, orders, inventory).

**What it holds now.** ``view()`` re-reads every line's price and stock each time the cart is
shown and tells the customer, once, what changed: a price (each line remembers the unit price
last shown), a quantity lowered to what is left, a product gone or sold out (the line is
removed). ``lines_for_checkout()`` gives the checkout the same facts without changing anything.

Money is integer cents, gross (VAT included), in EUR. Other modules call ``current_cart``,
``view``, ``lines_for_checkout``, ``clear`` and ``count``; never the models.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

from babel.numbers import format_currency
from flask import has_request_context, request, session
from sqlalchemy import and_, delete, func, or_, select
from sqlalchemy.exc import IntegrityError

from wizamart import current_vendor, get_module_config, t
from wizamart.database import db, utcnow
from wizamart.i18n import current_locale

from ..exceptions import (
    CartNotFound,
    InvalidQuantity,
    LineNotFound,
    NotEnoughStock,
    OutOfStock,
    ProductUnavailable,
    VariantNotFound,
)
from ..models import Cart, CartLine

SESSION_KEY = "cart_tokens"  # {"<vendor id>": token}: one guest cart per shop and browser
TOKEN_HEADER = "X-Cart-Token"
CURRENCY = "EUR"
# A view of an unchanged cart still marks it as alive, but at most this often (no write per page).
TOUCH_EVERY = timedelta(hours=1)


# ------------------------------------------------------------------ what other modules get


@dataclass(frozen=True)
class Note:
    """Something that changed in a line since the customer last saw the cart.

    ``code``: ``price_changed`` (params ``old_price_cents``, ``new_price_cents``),
    ``quantity_lowered`` (``old_quantity``, ``new_quantity``), ``sold_out`` or ``unavailable``
    (the line was removed), and for checkout lines ``not_enough_stock`` (``available``).
    ``message`` is the sentence for people, in the language asked for.
    """

    code: str
    params: dict[str, Any]
    message: str

    def to_dict(self) -> dict:
        return {"code": self.code, "params": dict(self.params), "message": self.message}


@dataclass(frozen=True)
class CartLineView:
    """A line as the cart page and the API show it: today's title, price and stock."""

    variant_id: int
    product_id: int
    product_slug: str
    sku: str
    title: str
    options_label: str
    image: Any  # cms MediaView of the product's first picture, or None
    unit_price_cents: int  # gross
    vat_rate: int | float  # percent: 17, 14, 8, 3
    quantity: int
    stock_available: int | None  # None: not tracked, always available
    max_quantity: int  # the most this line may hold now
    notes: tuple[Note, ...] = ()

    @property
    def line_total_cents(self) -> int:
        return self.unit_price_cents * self.quantity

    def to_dict(self, lang: str | None = None) -> dict:
        image = self.image
        return {
            "variant_id": self.variant_id,
            "product_id": self.product_id,
            "product_slug": self.product_slug,
            "sku": self.sku,
            "title": self.title,
            "options_label": self.options_label,
            "image": (
                {"url": image.url, "thumbnail_url": image.thumbnail_url, "alt": image.alt(lang) or self.title}
                if image is not None
                else None
            ),
            "unit_price_cents": self.unit_price_cents,
            "vat_rate": self.vat_rate,
            "quantity": self.quantity,
            "line_total_cents": self.line_total_cents,
            "stock_available": self.stock_available,
            "max_quantity": self.max_quantity,
            "notes": [note.to_dict() for note in self.notes],
        }


@dataclass(frozen=True)
class RemovedLine:
    """A line ``view()`` took out of the cart (product gone, archived or sold out)."""

    variant_id: int | None
    label: str
    note: Note

    def to_dict(self) -> dict:
        return {"variant_id": self.variant_id, "label": self.label, "note": self.note.to_dict()}


@dataclass(frozen=True)
class CartView:
    """The cart as shown now; ``notes`` holds every change to tell the customer (once)."""

    lines: list[CartLineView] = field(default_factory=list)
    removed: list[RemovedLine] = field(default_factory=list)
    token: str | None = None  # a guest cart's token (for API clients); None for a customer's cart
    currency: str = CURRENCY

    @property
    def subtotal_cents(self) -> int:
        return sum(line.line_total_cents for line in self.lines)

    @property
    def count(self) -> int:
        """Units in the cart."""
        return sum(line.quantity for line in self.lines)

    @property
    def is_empty(self) -> bool:
        return not self.lines

    @property
    def notes(self) -> list[Note]:
        return [note for line in self.lines for note in line.notes] + [r.note for r in self.removed]

    def to_dict(self, lang: str | None = None) -> dict:
        return {
            "token": self.token,
            "currency": self.currency,
            "lines": [line.to_dict(lang) for line in self.lines],
            "removed": [line.to_dict() for line in self.removed],
            "notes": [note.to_dict() for note in self.notes],
            "count": self.count,
            "subtotal_cents": self.subtotal_cents,
        }


@dataclass(frozen=True)
class CheckoutLine:
    """A line as the checkout and orders take it: the catalog's current facts, read now.

    ``available`` is True when the product is on sale and ``quantity`` units can be had;
    ``problem`` (a ``Note``) says why not — ``unavailable``, ``sold_out`` or
    ``not_enough_stock`` — or that the price differs from the one last shown
    (``price_changed``, while ``available`` stays True). ``vat_rate`` is in percent.
    """

    variant_id: int | None
    product_id: int | None
    sku: str
    title: str
    options_label: str
    unit_price_cents: int  # gross, today's
    vat_rate: int | float
    quantity: int
    available: bool
    stock_available: int | None
    unit_price_cents_seen: int
    problem: Note | None = None

    @property
    def line_total_cents(self) -> int:
        return self.unit_price_cents * self.quantity

    @property
    def price_changed(self) -> bool:
        return self.unit_price_cents != self.unit_price_cents_seen


# ------------------------------------------------------------------ whose cart


def current_cart(vendor, create: bool = False) -> Cart | None:
    """The cart of this request in ``vendor``'s shop: the signed-in customer's, else the guest
    cart of the ``X-Cart-Token`` header (API clients) or of the session (browsers).

    ``None`` when there is none yet, unless ``create``: then a new one is made (and a guest's
    token kept in the session) — flushed, committed by the caller's unit of work or by this
    module's own changes. An ``X-Cart-Token`` naming no guest cart of this shop raises
    ``CartNotFound`` (404): a token of another shop or of a customer's cart opens nothing.
    """
    customer = _customer(vendor)
    if customer is not None:
        cart = _customer_cart(vendor.id, customer.id)
        if cart is None and create:
            cart = _new_cart(vendor.id, customer.id)
        return cart
    header = _header_token()
    if header is not None:
        cart = _guest_cart(vendor.id, header)
        if cart is None:
            raise CartNotFound()
        return cart
    token = _session_token(vendor.id)
    cart = _guest_cart(vendor.id, token) if token else None
    if cart is None and create:
        cart = _new_cart(vendor.id, None)
        _remember(vendor.id, cart.token)
    return cart


def count(vendor) -> int:
    """Units in this request's cart (for the storefront shell): one query, none for a browser
    that has no cart."""
    customer = _customer(vendor)
    if customer is not None:
        whose = Cart.customer_id == customer.id
    else:
        token = _header_token() or _session_token(vendor.id)
        if not token:
            return 0
        whose = and_(Cart.token == token, Cart.customer_id.is_(None))
    total = db.session.scalar(
        select(func.coalesce(func.sum(CartLine.quantity), 0))
        .join(Cart, Cart.id == CartLine.cart_id)
        .where(Cart.vendor_id == vendor.id, whose, CartLine.variant_id.is_not(None))
    )
    return int(total or 0)


# ------------------------------------------------------------------ changing it


def add(vendor, variant_id: int, quantity: int = 1) -> CartLine:
    """Put ``quantity`` units of the shop's variant in this request's cart (created when
    needed); a variant already there gets the units added. Commits.

    Raises ``VariantNotFound`` (404, field ``variant_id``) for an unknown variant or one of
    another shop, ``ProductUnavailable`` (409) for a draft or archived product, ``OutOfStock``
    / ``NotEnoughStock`` (409, field ``quantity``) beyond what is available, and
    ``InvalidQuantity`` (422) outside 1..``CART_MAX_LINE_QUANTITY``.
    """
    quantity = _check_quantity(quantity)
    variant = _variant(vendor.id, variant_id)
    _check_on_sale(variant)
    for attempt in range(2):
        cart = current_cart(vendor, create=True)
        line = _line_of(cart, variant.id)
        in_cart = line.quantity if line is not None else 0
        _check_quantity(in_cart + quantity)
        _check_stock(variant, in_cart + quantity, in_cart)
        if line is None:
            line = CartLine(variant_id=variant.id, quantity=0)
            cart.lines.append(line)
        line.quantity = in_cart + quantity
        # They are adding from a page showing today's price: that is the price they saw.
        line.unit_price_cents_seen = variant.price_cents
        line.label_seen = _label(variant)
        cart.updated_at = utcnow()
        try:
            db.session.commit()
            return line
        except IntegrityError:
            # The same variant added twice at once (double click): add to the line that won.
            db.session.rollback()
            if attempt:
                raise
    raise AssertionError("unreachable")  # pragma: no cover


def set_quantity(vendor, variant_id: int, quantity: int) -> CartLine | None:
    """Change a line's quantity; ``0`` removes the line (returns ``None``). Commits.

    Raises ``LineNotFound`` (404) when the variant is not in this request's cart, and the
    errors of ``add`` for an unavailable product or a quantity beyond what is available.
    """
    if quantity == 0:
        remove(vendor, variant_id)
        return None
    quantity = _check_quantity(quantity)
    cart = current_cart(vendor)
    line = _line_of(cart, variant_id) if cart is not None else None
    if line is None:
        raise LineNotFound(variant_id)
    variant = _variant(vendor.id, variant_id)
    _check_on_sale(variant)
    _check_stock(variant, quantity, 0)
    line.quantity = quantity
    cart.updated_at = utcnow()
    db.session.commit()
    return line


def remove(vendor, variant_id: int) -> None:
    """Take the variant out of this request's cart; ``LineNotFound`` (404) when it is not there.
    Commits."""
    cart = current_cart(vendor)
    line = _line_of(cart, variant_id) if cart is not None else None
    if line is None:
        raise LineNotFound(variant_id)
    cart.lines.remove(line)
    cart.updated_at = utcnow()
    db.session.commit()


def clear(cart: Cart | None, commit: bool = True) -> None:
    """Empty ``cart`` (after an order was placed from it). With ``commit=False`` it only
    flushes: the caller's unit of work (checkout placing the order) commits or rolls back."""
    if cart is None:
        return
    cart.lines.clear()
    cart.updated_at = utcnow()
    db.session.flush()
    if commit:
        db.session.commit()


# ------------------------------------------------------------------ showing it


def view(vendor, lang: str | None = None) -> CartView:
    """This request's cart, re-checked against the catalog now, in ``lang`` (default: the
    request's language).

    Each line gets today's title, price and stock. What changed since the customer last saw
    the cart comes with a note, shown once: a price change (the new price is remembered as
    seen), a quantity lowered to what is available, a product sold out, archived or deleted
    (the line is removed and listed in ``removed``). Commits what it changed; an empty
    ``CartView`` when there is no cart.
    """
    lang = lang or current_locale()
    cart = current_cart(vendor)
    if cart is None:
        return CartView()
    variants = _catalog().variants_for(vendor.id, [line.variant_id for line in cart.lines])
    images = _catalog().cover_images(vendor.id, {v.product_id for v in variants.values()})
    limit = get_module_config("cart").max_line_quantity
    lines: list[CartLineView] = []
    removed: list[RemovedLine] = []
    changed = False
    for line in list(cart.lines):
        variant = variants.get(line.variant_id) if line.variant_id is not None else None
        gone = _gone_note(variant, line, lang)
        if gone is not None:
            removed.append(
                RemovedLine(line.variant_id, _label(variant, lang) if variant else line.label_seen, gone)
            )
            cart.lines.remove(line)
            changed = True
            continue
        notes = []
        most = _most(variant, limit)
        if line.quantity > most:
            notes.append(
                _note(
                    "quantity_lowered",
                    lang,
                    label=_label(variant, lang),
                    old_quantity=line.quantity,
                    new_quantity=most,
                )
            )
            line.quantity = most
        if variant.price_cents != line.unit_price_cents_seen:
            notes.append(
                _note(
                    "price_changed",
                    lang,
                    label=_label(variant, lang),
                    old_price_cents=line.unit_price_cents_seen,
                    new_price_cents=variant.price_cents,
                )
            )
            line.unit_price_cents_seen = variant.price_cents
        changed = changed or bool(notes)
        lines.append(
            CartLineView(
                variant_id=variant.id,
                product_id=variant.product_id,
                product_slug=variant.product_slug,
                sku=variant.sku,
                title=variant.title(lang),
                options_label=variant.options_label,
                image=images.get(variant.product_id),
                unit_price_cents=variant.price_cents,
                vat_rate=_percent(variant.vat_rate),
                quantity=line.quantity,
                stock_available=variant.stock_available,
                max_quantity=most,
                notes=tuple(notes),
            )
        )
    now = utcnow()
    if changed or _aware(cart.updated_at) < now - TOUCH_EVERY:
        cart.updated_at = now
        db.session.commit()
    return CartView(lines=lines, removed=removed, token=cart.token if cart.customer_id is None else None)


def lines_for_checkout(cart: Cart | None, lang: str | None = None) -> list[CheckoutLine]:
    """The cart's lines with the catalog's facts as they are now, for the checkout's review and
    for placing the order; changes nothing. Titles in ``lang`` (default: the request's).

    A line the customer cannot buy as it stands has ``available=False`` and a ``problem`` note
    (``unavailable``, ``sold_out``, ``not_enough_stock``); a price different from the one last
    shown has ``price_changed`` and a ``price_changed`` note. The checkout stops on either and
    names the line; showing the cart (``view``) settles them.
    """
    if cart is None:
        return []
    lang = lang or current_locale()
    variants = _catalog().variants_for(cart.vendor_id, [line.variant_id for line in cart.lines])
    out = []
    for line in cart.lines:
        variant = variants.get(line.variant_id) if line.variant_id is not None else None
        problem = _gone_note(variant, line, lang)
        if variant is None:
            out.append(
                CheckoutLine(
                    variant_id=line.variant_id,
                    product_id=None,
                    sku="",
                    title=line.label_seen,
                    options_label="",
                    unit_price_cents=line.unit_price_cents_seen,
                    vat_rate=0,
                    quantity=line.quantity,
                    available=False,
                    stock_available=0,
                    unit_price_cents_seen=line.unit_price_cents_seen,
                    problem=problem,
                )
            )
            continue
        if (
            problem is None
            and variant.stock_available is not None
            and line.quantity > variant.stock_available
        ):
            problem = _note(
                "not_enough_stock",
                lang,
                label=_label(variant, lang),
                quantity=line.quantity,
                available=variant.stock_available,
            )
        available = problem is None
        if problem is None and variant.price_cents != line.unit_price_cents_seen:
            problem = _note(
                "price_changed",
                lang,
                label=_label(variant, lang),
                old_price_cents=line.unit_price_cents_seen,
                new_price_cents=variant.price_cents,
            )
        out.append(
            CheckoutLine(
                variant_id=variant.id,
                product_id=variant.product_id,
                sku=variant.sku,
                title=variant.title(lang),
                options_label=variant.options_label,
                unit_price_cents=variant.price_cents,
                vat_rate=_percent(variant.vat_rate),
                quantity=line.quantity,
                available=available,
                stock_available=variant.stock_available,
                unit_price_cents_seen=line.unit_price_cents_seen,
                problem=problem,
            )
        )
    return out


# ------------------------------------------------------------------ signing in, expiring


def merge_guest_cart(vendor, customer, commit: bool = True) -> Cart | None:
    """Move this browser's guest cart into ``customer``'s cart in ``vendor``'s shop (sign-in).

    A variant in both gets the sum of the quantities, capped at what is available and at
    ``CART_MAX_LINE_QUANTITY``; a customer without a cart simply takes the guest cart over.
    The guest token is forgotten. Returns the customer's cart (``None`` when neither had one).
    With ``commit=False`` it only flushes (the ``on_customer_logged_in`` listener: the sign-in
    commits).
    """
    token = _header_token() or _session_token(vendor.id)
    guest = _guest_cart(vendor.id, token) if token else None
    _forget(vendor.id)
    target = _customer_cart(vendor.id, customer.id)
    if guest is None:
        return target
    if target is None:
        guest.customer_id = customer.id
        guest.updated_at = utcnow()
        target = guest
    else:
        _merge_lines(vendor.id, guest, target)
        db.session.delete(guest)
    db.session.flush()
    if commit:
        db.session.commit()
    return target


def _merge_lines(vendor_id: int, guest: Cart, target: Cart) -> None:
    variants = _catalog().variants_for(vendor_id, [line.variant_id for line in guest.lines])
    limit = get_module_config("cart").max_line_quantity
    theirs = {line.variant_id: line for line in target.lines if line.variant_id is not None}
    for line in list(guest.lines):
        if line.variant_id is None:
            continue  # a deleted variant: nothing to carry over
        mine = theirs.get(line.variant_id)
        if mine is None:
            target.lines.append(
                CartLine(
                    variant_id=line.variant_id,
                    quantity=line.quantity,
                    unit_price_cents_seen=line.unit_price_cents_seen,
                    label_seen=line.label_seen,
                    added_at=line.added_at,
                )
            )
            continue
        total = mine.quantity + line.quantity
        variant = variants.get(line.variant_id)
        cap = limit
        if variant is not None and variant.stock_available is not None:
            cap = min(cap, variant.stock_available)
        # Nothing left at all: keep the larger quantity, and the next view says it sold out.
        mine.quantity = min(total, cap) if cap > 0 else max(mine.quantity, line.quantity)
        # The guest cart is what they looked at last.
        mine.unit_price_cents_seen = line.unit_price_cents_seen
    target.updated_at = utcnow()
    guest.lines.clear()
    db.session.flush()


def expire_abandoned(now: datetime | None = None) -> int:
    """Delete carts nobody touched for ``CART_GUEST_DAYS`` (guests) or ``CART_CUSTOMER_DAYS``
    (customers), in every shop; returns how many. Run by the ``expire_carts`` task on beat."""
    now = now or utcnow()
    config = get_module_config("cart")
    stale = or_(
        and_(Cart.customer_id.is_(None), Cart.updated_at < now - timedelta(days=config.guest_days)),
        and_(Cart.customer_id.is_not(None), Cart.updated_at < now - timedelta(days=config.customer_days)),
    )
    ids = list(db.session.scalars(select(Cart.id).where(stale)))
    for start in range(0, len(ids), 1000):
        chunk = ids[start : start + 1000]
        # Lines first: SQLite does not enforce the ON DELETE CASCADE.
        db.session.execute(delete(CartLine).where(CartLine.cart_id.in_(chunk)))
        db.session.execute(delete(Cart).where(Cart.id.in_(chunk)))
    db.session.commit()
    return len(ids)


# ------------------------------------------------------------------ helpers


def _catalog():
    from modules.catalog.services import product_service

    return product_service


def _customer(vendor):
    """The customer signed in to ``vendor``'s storefront in this request, or None."""
    if not has_request_context():
        return None
    from modules.customers.services import customer_service

    here = current_vendor()
    if here is not None and here.id == vendor.id:
        return customer_service.current_customer()
    return customer_service.session_customer(vendor.id)


def _header_token() -> str | None:
    if not has_request_context():
        return None
    return (request.headers.get(TOKEN_HEADER) or "").strip() or None


def _session_token(vendor_id: int) -> str | None:
    if not has_request_context():
        return None
    return (session.get(SESSION_KEY) or {}).get(str(vendor_id))


def _remember(vendor_id: int, token: str) -> None:
    if has_request_context():
        session[SESSION_KEY] = {**(session.get(SESSION_KEY) or {}), str(vendor_id): token}


def _forget(vendor_id: int) -> None:
    if has_request_context() and str(vendor_id) in (session.get(SESSION_KEY) or {}):
        tokens = dict(session[SESSION_KEY])
        tokens.pop(str(vendor_id))
        session[SESSION_KEY] = tokens


def _guest_cart(vendor_id: int, token: str) -> Cart | None:
    return db.session.scalar(
        select(Cart).where(Cart.token == token, Cart.vendor_id == vendor_id, Cart.customer_id.is_(None))
    )


def _customer_cart(vendor_id: int, customer_id: int) -> Cart | None:
    return db.session.scalar(select(Cart).where(Cart.customer_id == customer_id, Cart.vendor_id == vendor_id))


def _new_cart(vendor_id: int, customer_id: int | None) -> Cart:
    cart = Cart(vendor_id=vendor_id, customer_id=customer_id, token=secrets.token_urlsafe(24))
    try:
        with db.session.begin_nested():
            db.session.add(cart)
    except IntegrityError:
        # The customer's other tab made their cart a moment ago: use that one.
        existing = _customer_cart(vendor_id, customer_id) if customer_id is not None else None
        if existing is None:
            raise
        return existing
    return cart


def _line_of(cart: Cart, variant_id: int) -> CartLine | None:
    return next((line for line in cart.lines if line.variant_id == variant_id), None)


def _variant(vendor_id: int, variant_id):
    try:
        wanted = int(variant_id)
    except (TypeError, ValueError):
        raise VariantNotFound(variant_id) from None
    variant = _catalog().variants_for(vendor_id, [wanted]).get(wanted)
    if variant is None:
        raise VariantNotFound(variant_id)
    return variant


def _check_quantity(quantity) -> int:
    limit = get_module_config("cart").max_line_quantity
    if isinstance(quantity, bool) or not isinstance(quantity, int) or not 1 <= quantity <= limit:
        raise InvalidQuantity(limit)
    return quantity


def _check_on_sale(variant) -> None:
    if variant.status != "active":
        raise ProductUnavailable(_label(variant), variant.id)


def _check_stock(variant, wanted: int, in_cart: int) -> None:
    available = variant.stock_available
    if available is None or wanted <= available:
        return
    if available <= 0:
        raise OutOfStock(_label(variant), variant.id)
    raise NotEnoughStock(_label(variant), variant.id, available, in_cart)


def _most(variant, limit: int) -> int:
    """The most units a line of ``variant`` may hold now (at least 1 while it is in stock)."""
    if variant.stock_available is None:
        return limit
    return max(0, min(limit, variant.stock_available))


def _gone_note(variant, line: CartLine, lang: str) -> Note | None:
    """Why the line cannot stay at all: deleted or not on sale, or sold out; else None."""
    if variant is None or variant.status != "active":
        label = _label(variant, lang) if variant is not None else line.label_seen
        return _note("unavailable", lang, label=label)
    if variant.stock_available is not None and variant.stock_available <= 0:
        return _note("sold_out", lang, label=_label(variant, lang))
    return None


def _label(variant, lang: str | None = None) -> str:
    """``Gravel bike (M / red)``: how a line is named in notes and errors."""
    title = variant.title(lang)
    options = variant.options_label
    return f"{title} ({options})" if options else title


def _note(code: str, lang: str, **params) -> Note:
    shown = dict(params)
    for name in ("old_price_cents", "new_price_cents"):
        if name in shown:
            shown[name.removesuffix("_cents")] = money(shown[name], lang)
    return Note(code, params, t(f"cart.notes.{code}", locale=lang, **shown))


def money(cents: int, lang: str | None = None) -> str:
    """Cents as money in ``lang`` (``12,50 €`` in French), like the framework's ``format_money``."""
    try:
        return format_currency(Decimal(cents) / 100, CURRENCY, locale=lang or current_locale())
    except (ValueError, LookupError):  # a language Babel does not know
        return format_currency(Decimal(cents) / 100, CURRENCY, locale="en")


def _percent(basis_points: int) -> int | float:
    """The catalog keeps VAT in basis points (1700); carts and orders speak percent (17)."""
    return basis_points // 100 if basis_points % 100 == 0 else basis_points / 100


def _aware(moment: datetime) -> datetime:
    """SQLite hands back naive datetimes; every timestamp here is UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
