"""The checkout: a visitor's way from the cart to a placed order.

**Steps.** address (a signed-in customer picks a saved address or types one; a guest gives an
e-mail and an address, and may open an account on the way) → shipping method (the shop's
active methods for the shipping country, free above their threshold) → payment method (the
providers the shop offers, from payments) → review (lines, net, VAT per rate and gross, from
orders' ``compute_totals``) → place. A ``CheckoutSession`` row keeps what each step chose;
changing an earlier step clears what depended on it (a new country drops a shipping method
that does not deliver there) and asks for a new review.

**Whose checkout.** The checkout works on the request's cart (cart's ``current_cart``: the
signed-in customer's, else the guest cart of the session or the ``X-Cart-Token`` header). A
session started by a customer is theirs alone: it opens only while they are signed in. A
guest's session opens for the browser that started it (its token is kept in the browser's
session) and for whoever holds its cart (an API client sending the cart's ``X-Cart-Token``):
the checkout's token alone, seen in a shared link, opens nothing. Anyone else gets
``CheckoutNotFound`` (404), never a hint that it exists.

**Placing** is one transaction: the session row is locked (``SELECT … FOR UPDATE`` on
PostgreSQL; on SQLite, whose single writer has no row locks, a no-op write takes the write lock
first), the cart is checked line by line against what the review showed, then orders'
``place_order`` writes the order, announces it (inventory reserves the stock and refuses with
``out_of_stock`` when there is not enough) and starts the payment; the session records the
order and the cart is emptied, and all of it commits together — or nothing does. A session
already placed answers its order again (a double click, a second tab, a retried request), so
one checkout makes at most one order. Problems — a line out of stock or gone, a price or
quantity different from the review, a shipping method no longer delivering to the country, a
payment method switched off, an empty cart — stop it with ``CheckoutProblems`` (409), one
message per line, and nothing is written.

**Totals** are orders' ``compute_totals``: per line gross = unit gross × quantity, net =
round_half_up(gross × 100 / (100 + rate)), VAT = gross − net; shipping is one more line at
17 %; per rate the sums of the lines; the totals sum the lines. The review and the order use
the same function, so what the review shows is what the order records, to the cent.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal
from typing import Any

from babel.numbers import format_currency
from flask import has_request_context, session, url_for
from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError

from wizamart import get_module_config, t
from wizamart.database import db, utcnow
from wizamart.errors import WizamartException
from wizamart.forms import parse

from ..exceptions import (
    CartEmpty,
    CheckoutNotFound,
    CheckoutPlaced,
    CheckoutProblems,
    IdempotencyKeyReused,
    InvalidStep,
    StepMissing,
)
from ..models import CheckoutSession, ShippingMethod
from ..schemas import AddressStepIn, AdvanceIn
from . import shipping_service

SESSION_KEY = "checkout_tokens"  # {"<vendor id>": [tokens]}: the checkouts this browser started
KEEP_TOKENS = 5


# ------------------------------------------------------------------ the other modules


def _cart():
    """cart's public service (imported late: the modules it names load before this one)."""
    from modules.cart.services import cart_service

    return cart_service


def _orders():
    from modules.orders.services import order_service

    return order_service


def _order_schemas():
    from modules.orders import schemas

    return schemas


def _compute_totals(lines, shipping):
    from modules.orders.services.totals import compute_totals

    return compute_totals(lines, shipping)


def _payments():
    from modules.payments.services import payment_service

    return payment_service


def _accounts():
    from modules.customers.services import account_service

    return account_service


# ------------------------------------------------------------------ what the pages and the API get


@dataclass(frozen=True)
class Problem:
    """Why the checkout cannot be placed as it stands: about one line (``sku``) or the whole."""

    # out_of_stock, unavailable, price_changed, cart_changed (a line added, removed or its quantity
    # changed), shipping_invalid, shipping_changed, payment_invalid, cart_empty, total_changed
    code: str
    message: str
    sku: str | None = None
    variant_id: int | None = None
    params: dict = field(default_factory=dict)

    def to_dict(self) -> dict:
        return {
            "code": self.code,
            "sku": self.sku,
            "variant_id": self.variant_id,
            "message": self.message,
            **{k: v for k, v in self.params.items() if k not in ("code", "sku", "variant_id", "message")},
        }


@dataclass
class CheckoutState:
    """Everything a step's page or the API shows: the session, the cart's lines as they are
    now, the choices on offer, the totals once a shipping method is chosen, and the problems
    placing would meet now."""

    session: CheckoutSession
    lines: list  # cart's CheckoutLine
    shipping_options: list[shipping_service.ShippingOption]
    shipping: shipping_service.ShippingOption | None
    providers: list  # payments' ProviderView
    totals: Any | None  # orders' Totals
    problems: list[Problem]

    @property
    def goods_cents(self) -> int:
        return sum(line.unit_price_cents * line.quantity for line in self.lines)

    @property
    def next_step(self) -> str:
        """The first step still to do (``placed`` once it is an order)."""
        if self.session.is_placed:
            return "placed"
        return missing_step(self.session, self.shipping, self.providers) or "review"

    def provider_name(self) -> str:
        return next(
            (p.name for p in self.providers if p.code == self.session.provider), self.session.provider or ""
        )


@dataclass(frozen=True)
class Placed:
    """The order a checkout became, where to send the customer next (Stripe's payment page;
    None: the confirmation page), and whether this call placed it (False: it was placed before)."""

    session: CheckoutSession
    order: Any
    next_url: str | None
    created: bool


@dataclass(frozen=True)
class AddressSaved:
    """The address step done; ``registered`` is the customer account opened on the way (the
    caller sends them the e-mail confirmation link), else None."""

    session: CheckoutSession
    registered: Any | None = None


# ------------------------------------------------------------------ finding a checkout


def _browser_tokens(vendor_id: int) -> list[str]:
    if not has_request_context():
        return []
    return list((session.get(SESSION_KEY) or {}).get(str(vendor_id)) or [])


def _remember(vendor_id: int, token: str) -> None:
    if not has_request_context():
        return
    tokens = [t_ for t_ in _browser_tokens(vendor_id) if t_ != token]
    tokens = (tokens + [token])[-KEEP_TOKENS:]
    session[SESSION_KEY] = {**(session.get(SESSION_KEY) or {}), str(vendor_id): tokens}


def may_open(vendor, checkout: CheckoutSession, customer) -> bool:
    """Whether this visitor may see ``checkout``: its customer while signed in; a guest's, the
    browser that started it (its token is in the session) or whoever holds its cart (the
    request's cart, by session or ``X-Cart-Token``, is the checkout's)."""
    if checkout.customer_id is not None:
        return customer is not None and customer.id == checkout.customer_id
    if checkout.token in _browser_tokens(checkout.vendor_id):
        return True
    if checkout.cart_id is None:
        return False
    cart = _cart().current_cart(vendor)
    return cart is not None and cart.id == checkout.cart_id and cart.customer_id is None


def load(vendor, token: str, customer=None) -> CheckoutSession:
    """The shop's checkout ``token`` if this visitor may see it (``may_open``), else
    ``CheckoutNotFound`` (404). A guest's checkout continued after signing in becomes the
    customer's."""
    checkout = None
    if isinstance(token, str) and 0 < len(token) <= 64:
        checkout = db.session.scalar(
            select(CheckoutSession).where(
                CheckoutSession.token == token, CheckoutSession.vendor_id == vendor.id
            )
        )
    if checkout is None or not may_open(vendor, checkout, customer):
        raise CheckoutNotFound()
    if customer is not None and checkout.customer_id is None and not checkout.is_placed:
        checkout.customer_id = customer.id
        checkout.email = customer.email
        _commit()
    return checkout


def _open_checkout_of(vendor_id: int, cart_id: int, customer) -> CheckoutSession | None:
    """The unplaced checkout of this cart (and of this customer), if one is open: a second
    "checkout" click or tab continues it rather than starting a rival."""
    statement = select(CheckoutSession).where(
        CheckoutSession.vendor_id == vendor_id,
        CheckoutSession.cart_id == cart_id,
        CheckoutSession.order_id.is_(None),
        CheckoutSession.placed_at.is_(None),
    )
    if customer is not None:
        statement = statement.where(CheckoutSession.customer_id == customer.id)
    else:
        statement = statement.where(CheckoutSession.customer_id.is_(None))
    statement = statement.where(CheckoutSession.updated_at >= _stale_before(utcnow()))
    return db.session.scalar(statement.order_by(CheckoutSession.id.desc()).limit(1))


def _stale_before(now):
    return now - timedelta(hours=get_module_config("checkout").session_hours)


def expire_stale(now=None) -> int:
    """Delete the unplaced checkouts nobody touched for ``CHECKOUT_SESSION_HOURS``, in every
    shop (placed ones stay: they point at their order); how many. Run by the
    ``expire_sessions`` task on beat."""
    cutoff = _stale_before(now or utcnow())
    stale = (
        CheckoutSession.order_id.is_(None),
        CheckoutSession.placed_at.is_(None),
        CheckoutSession.updated_at < cutoff,
    )
    try:
        deleted = db.session.execute(delete(CheckoutSession).where(*stale)).rowcount
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    return deleted


# ------------------------------------------------------------------ starting


def start(vendor, customer=None, language: str = "en") -> CheckoutSession:
    """Open a checkout of the request's cart (or continue this visitor's open one of it).

    A signed-in customer's e-mail and default address are filled in. ``CartEmpty`` (409) when
    there is nothing to check out. Commits; the token is kept in the browser's session."""
    cart = _cart().current_cart(vendor)
    if cart is None or not cart.lines:
        raise CartEmpty()
    checkout = _open_checkout_of(vendor.id, cart.id, customer)
    if checkout is None:
        checkout = CheckoutSession(
            token=secrets.token_urlsafe(24),
            vendor_id=vendor.id,
            cart_id=cart.id,
            customer_id=customer.id if customer is not None else None,
            email=customer.email if customer is not None else "",
            language=language,
        )
        if customer is not None:
            default = next(iter(_accounts().addresses(customer)), None)
            if default is not None:
                checkout.shipping_address = address_of(default)
                checkout.billing_address = dict(checkout.shipping_address)
        db.session.add(checkout)
    checkout.language = language
    try:
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    _remember(vendor.id, checkout.token)
    return checkout


def address_of(saved) -> dict:
    """A customer's saved address (customers' ``CustomerAddress``) as the checkout keeps it."""
    return {
        "name": saved.name,
        "company": "",
        "street": saved.street,
        "postal_code": saved.postal_code,
        "city": saved.city,
        "country": (saved.country or "LU").upper(),
        "phone": saved.phone or "",
    }


def _cart_of(vendor, checkout: CheckoutSession):
    """The request's cart; the checkout follows it (a guest cart merged into the customer's on
    sign-in is the same goods under a new id)."""
    cart = _cart().current_cart(vendor)
    if cart is not None and checkout.cart_id != cart.id and not checkout.is_placed:
        checkout.cart_id = cart.id
    return cart


def _unplaced(checkout: CheckoutSession) -> None:
    if checkout.is_placed:
        raise CheckoutPlaced(checkout.order_id)


def _commit() -> None:
    try:
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise


# ------------------------------------------------------------------ the steps


def save_address(
    vendor,
    checkout: CheckoutSession,
    data: AddressStepIn,
    customer=None,
) -> AddressSaved:
    """The address step. A customer's e-mail is their account's; a guest must give one. The
    shipping address is a saved one of the customer (``address_id``) or the one typed, and some
    active shipping method must deliver to its country (else the ``country`` field says so).
    A guest's ``password`` opens an account (customers' ``register``) and signs them in; a
    confirmed account with that e-mail already exists: the ``email`` field says to sign in.

    Clears a shipping method that does not deliver to the new country and the review. Commits."""
    _unplaced(checkout)
    registered = None
    if customer is not None:
        email = customer.email
    else:
        email = data.email
        if not email:
            raise InvalidStep("email", "checkout.validation.email_required")
    if data.address_id is not None:
        if customer is None:
            raise InvalidStep("address_id", "checkout.validation.unknown_address")
        try:
            shipping = address_of(_accounts().address(customer, data.address_id))
        except WizamartException:
            raise InvalidStep("address_id", "checkout.validation.unknown_address") from None
    elif data.shipping_address is not None:
        shipping = data.shipping_address.model_dump()
    else:
        raise InvalidStep("shipping_address", "checkout.validation.address_required")
    if not shipping_service.serves_country(vendor.id, shipping["country"]):
        field_name = "address_id" if data.address_id is not None else "shipping_address.country"
        raise InvalidStep(
            field_name, "checkout.validation.no_shipping_to_country", country=shipping["country"]
        )
    if data.billing_same:
        billing = dict(shipping)
    elif data.billing_address is not None:
        billing = data.billing_address.model_dump()
    else:
        raise InvalidStep("billing_address", "checkout.validation.billing_required")

    if customer is None and data.password:
        customer = registered = _register(vendor, email, shipping, data, checkout.language)
    if customer is not None and (registered is not None or (data.save_address and data.address_id is None)):
        _save_to_address_book(customer, shipping)

    checkout.email = email
    checkout.customer_id = customer.id if customer is not None else None
    checkout.shipping_address = shipping
    checkout.billing_address = billing
    if not shipping_service.usable(vendor.id, checkout.shipping_method_id, shipping["country"]):
        checkout.shipping_method_id = None
    checkout.reviewed = None
    _commit()
    if registered is not None:
        _remember(vendor.id, checkout.token)
    return AddressSaved(checkout, registered)


def _register(vendor, email: str, shipping: dict, data: AddressStepIn, language: str):
    """Open the guest's account with customers (which commits it) and sign them in."""
    from modules.customers.schemas import RegisterIn

    registration = parse(
        RegisterIn,
        {
            "email": email,
            "name": shipping["name"],
            "password": data.password,
            "password_confirm": data.password_confirm,
            "language": language if language in ("en", "de", "fr", "lb") else None,
        },
    )
    accounts = _accounts()
    customer = accounts.register(vendor.id, registration)
    accounts.start_session(customer)
    return customer


def _save_to_address_book(customer, shipping: dict) -> None:
    """Keep the address in the customer's address book unless it is there already."""
    from modules.customers.schemas import AddressIn

    accounts = _accounts()
    known = {
        (a.name, a.street, a.postal_code, a.city, (a.country or "").upper())
        for a in accounts.addresses(customer)
    }
    key = (
        shipping["name"],
        shipping["street"],
        shipping["postal_code"],
        shipping["city"],
        shipping["country"],
    )
    if key in known:
        return
    fields = {k: shipping[k] for k in ("name", "street", "postal_code", "city", "country", "phone")}
    try:
        accounts.add_address(customer, AddressIn(**fields))
    except (ValueError, WizamartException):
        # Their address book is pickier than an order (a postal code it does not know): the
        # order still ships to what they typed.
        db.session.rollback()


def choose_shipping(vendor, checkout: CheckoutSession, method_id: int) -> CheckoutSession:
    """The shipping step: one of the shop's active methods that delivers to the shipping
    country (else the ``shipping_method_id`` field says it is not available). Commits."""
    _unplaced(checkout)
    if not checkout.shipping_address:
        raise StepMissing("address", "shipping_address", "checkout.validation.address_first")
    if shipping_service.usable(vendor.id, method_id, checkout.shipping_address["country"]) is None:
        raise InvalidStep("shipping_method_id", "checkout.validation.shipping_not_available")
    checkout.shipping_method_id = method_id
    checkout.reviewed = None
    _commit()
    return checkout


def choose_payment(vendor, checkout: CheckoutSession, provider: str) -> CheckoutSession:
    """The payment step: one of the providers the shop offers now (else the ``provider`` field
    says it is not available). Commits."""
    _unplaced(checkout)
    if not any(p.code == provider for p in _payments().providers_for(vendor.id)):
        raise InvalidStep("provider", "checkout.validation.provider_not_available")
    checkout.provider = provider
    checkout.reviewed = None
    _commit()
    return checkout


def missing_step(checkout: CheckoutSession, shipping=None, providers=None) -> str | None:
    """The first step not done, or None when the checkout can be reviewed. With the offered
    ``shipping`` option and ``providers`` (of ``state``), a choice that is no longer valid
    counts as not done (the pages send the customer back to it); without them, only what was
    never chosen does (placing reports invalid choices as problems instead)."""
    if not checkout.shipping_address or not checkout.email:
        return "address"
    if checkout.shipping_method_id is None or (providers is not None and shipping is None):
        return "shipping"
    if not checkout.provider or (
        providers is not None and not any(p.code == checkout.provider for p in providers)
    ):
        return "payment"
    return None


def advance(vendor, checkout: CheckoutSession, data: AdvanceIn, customer=None) -> AddressSaved:
    """Any of the steps at once (the API): the address when ``data`` carries one, then the
    shipping method, then the payment method; each as its own step does it (and commits), so
    an error names the field of the first step that refused and keeps the steps before it."""
    saved = AddressSaved(checkout)
    if data.has_address:
        saved = save_address(vendor, checkout, data, customer)
        if saved.registered is not None:
            customer = saved.registered
    if data.shipping_method_id is not None:
        choose_shipping(vendor, checkout, data.shipping_method_id)
    if data.provider is not None:
        choose_payment(vendor, checkout, data.provider)
    return saved


# ------------------------------------------------------------------ what it looks like now


def state(vendor, checkout: CheckoutSession, lang: str) -> CheckoutState:
    """The checkout as it stands now, against today's cart, prices, stock and methods."""
    cart = _cart_of(vendor, checkout)
    lines = _cart().lines_for_checkout(cart, lang) if cart is not None else []
    goods = sum(line.unit_price_cents * line.quantity for line in lines)
    country = (checkout.shipping_address or {}).get("country")
    options = shipping_service.options_for(vendor.id, country, goods, lang) if country else []
    chosen = next((o for o in options if o.id == checkout.shipping_method_id), None)
    providers = _payments().providers_for(vendor.id, lang)
    totals = _totals_of(lines, chosen) if chosen is not None and lines else None
    current = CheckoutState(
        session=checkout,
        lines=lines,
        shipping_options=options,
        shipping=chosen,
        providers=providers,
        totals=totals,
        problems=[],
    )
    if not checkout.is_placed:
        current.problems = _problems(vendor, current, lang)
    return current


def _totals_of(lines, option: shipping_service.ShippingOption):
    return _compute_totals(
        [
            {
                "unit_price_cents": ln.unit_price_cents,
                "quantity": ln.quantity,
                "vat_rate": _percent(ln.vat_rate),
            }
            for ln in lines
        ],
        {"rate_cents": option.price_cents, "vat_rate": option.vat_rate},
    )


def _percent(rate) -> int:
    """Orders speak whole percents (17, 14, 8, 3)."""
    return int(rate)


def review(vendor, checkout: CheckoutSession, lang: str) -> CheckoutState:
    """The review: every step done (else ``StepMissing`` naming the first missing one), the
    totals, and the problems placing would meet. Remembers what it showed — each line's
    quantity and unit price, the shipping and the total — so placing can tell what changed
    since. Commits that."""
    _unplaced(checkout)
    current = state(vendor, checkout, lang)
    step = missing_step(checkout, current.shipping, current.providers)
    if step is not None:
        raise StepMissing(step, *STEP_FIELDS[step])
    if current.totals is not None:
        checkout.reviewed = {
            "lines": {str(ln.variant_id): [ln.quantity, ln.unit_price_cents] for ln in current.lines},
            "shipping_cents": current.totals.shipping_cents,
            "total_gross_cents": current.totals.total_gross_cents,
        }
        # What was just shown is the reference now: only later changes are problems.
        current.problems = [p for p in current.problems if p.code not in SEEN_IN_REVIEW]
    _commit()
    return current


# Problems that only say "not as the last review showed": a new review shows it, so it settles them.
SEEN_IN_REVIEW = ("price_changed", "cart_changed", "shipping_changed", "total_changed")
STEP_FIELDS = {
    "address": ("shipping_address", "checkout.validation.address_first"),
    "shipping": ("shipping_method_id", "checkout.validation.shipping_first"),
    "payment": ("provider", "checkout.validation.payment_first"),
    "review": ("review", "checkout.validation.review_first"),
}


def _line_label(line) -> str:
    return f"{line.title} ({line.options_label})" if line.options_label else line.title


def _problems(vendor, current: CheckoutState, lang: str, expected_total: int | None = None) -> list[Problem]:
    """What stands in the way of placing ``current`` now, one problem per line where it is about one."""
    checkout = current.session
    found: list[Problem] = []
    if not current.lines:
        return [Problem("cart_empty", t("checkout.problem.cart_empty", locale=lang))]
    reviewed = (checkout.reviewed or {}).get("lines") or {}
    for line in current.lines:
        label = _line_label(line)
        note = line.problem.code if line.problem is not None else None
        if not line.available:
            if note in ("sold_out", "not_enough_stock"):
                available = max(0, line.stock_available or 0)
                key = "checkout.problem.sold_out" if available == 0 else "checkout.problem.not_enough_stock"
                found.append(
                    Problem(
                        "out_of_stock",
                        t(
                            key,
                            locale=lang,
                            label=label,
                            sku=line.sku,
                            available=available,
                            quantity=line.quantity,
                        ),
                        line.sku,
                        line.variant_id,
                        {"available": available, "requested": line.quantity},
                    )
                )
            else:
                found.append(
                    Problem(
                        "unavailable",
                        t("checkout.problem.unavailable", locale=lang, label=label, sku=line.sku or "—"),
                        line.sku or None,
                        line.variant_id,
                    )
                )
            continue
        if not checkout.reviewed:
            continue
        seen = reviewed.get(str(line.variant_id))
        if seen is None:
            found.append(
                Problem(
                    "cart_changed",
                    t("checkout.problem.added", locale=lang, label=label, sku=line.sku),
                    line.sku,
                    line.variant_id,
                )
            )
        elif seen[1] != line.unit_price_cents:
            found.append(
                Problem(
                    "price_changed",
                    t(
                        "checkout.problem.price_changed",
                        locale=lang,
                        label=label,
                        sku=line.sku,
                        old_price=_money(seen[1], lang),
                        new_price=_money(line.unit_price_cents, lang),
                    ),
                    line.sku,
                    line.variant_id,
                    {"old_price_cents": seen[1], "new_price_cents": line.unit_price_cents},
                )
            )
        elif seen[0] != line.quantity:
            found.append(
                Problem(
                    "cart_changed",
                    t(
                        "checkout.problem.quantity_changed",
                        locale=lang,
                        label=label,
                        sku=line.sku,
                        old_quantity=seen[0],
                        new_quantity=line.quantity,
                    ),
                    line.sku,
                    line.variant_id,
                )
            )
    if checkout.reviewed:
        here = {str(line.variant_id) for line in current.lines}
        for variant_id in reviewed:
            if variant_id not in here:
                found.append(
                    Problem(
                        "cart_changed", t("checkout.problem.removed", locale=lang), None, _int(variant_id)
                    )
                )
    country = (checkout.shipping_address or {}).get("country")
    if checkout.shipping_method_id is not None and current.shipping is None:
        method = db.session.get(ShippingMethod, checkout.shipping_method_id)
        name = method.name(lang) if method is not None and method.vendor_id == vendor.id else ""
        found.append(
            Problem(
                "shipping_invalid",
                t("checkout.problem.shipping_invalid", locale=lang, method=name, country=country or ""),
            )
        )
    if checkout.provider and not any(p.code == checkout.provider for p in current.providers):
        found.append(Problem("payment_invalid", t("checkout.problem.payment_invalid", locale=lang)))
    totals = current.totals
    if totals is not None and checkout.reviewed and not found:
        seen_shipping = checkout.reviewed.get("shipping_cents")
        if seen_shipping is not None and seen_shipping != totals.shipping_cents:
            found.append(
                Problem(
                    "shipping_changed",
                    t(
                        "checkout.problem.shipping_changed",
                        locale=lang,
                        method=current.shipping.name if current.shipping else "",
                        old_price=_money(seen_shipping, lang),
                        new_price=_money(totals.shipping_cents, lang),
                    ),
                    params={"old_price_cents": seen_shipping, "new_price_cents": totals.shipping_cents},
                )
            )
        elif totals.total_gross_cents != checkout.reviewed.get("total_gross_cents"):
            found.append(
                Problem(
                    "total_changed",
                    t(
                        "checkout.problem.total_changed",
                        locale=lang,
                        old_total=_money(checkout.reviewed.get("total_gross_cents") or 0, lang),
                        new_total=_money(totals.total_gross_cents, lang),
                    ),
                )
            )
    if (
        totals is not None
        and expected_total is not None
        and expected_total != totals.total_gross_cents
        and not found
    ):
        found.append(
            Problem(
                "total_changed",
                t(
                    "checkout.problem.total_changed",
                    locale=lang,
                    old_total=_money(expected_total, lang),
                    new_total=_money(totals.total_gross_cents, lang),
                ),
            )
        )
    return found


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _money(cents: int, lang: str) -> str:
    """Cents as money in ``lang`` (``12,50 €`` in French)."""
    amount = Decimal(cents) / 100
    try:
        return format_currency(amount, "EUR", locale=lang)
    except (ValueError, LookupError):  # a language Babel does not know
        return format_currency(amount, "EUR", locale="en")


# ------------------------------------------------------------------ placing


def _lock(checkout_id: int) -> CheckoutSession:
    """The session row, locked until the transaction ends, read fresh (a concurrent placing of
    the same checkout waits here and then finds the order)."""
    if db.session.get_bind().dialect.name == "sqlite":
        db.session.execute(
            update(CheckoutSession)
            .where(CheckoutSession.id == checkout_id)
            .values(updated_at=CheckoutSession.updated_at),
            execution_options={"synchronize_session": False},
        )
    return db.session.scalar(
        select(CheckoutSession)
        .where(CheckoutSession.id == checkout_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )


def _already(vendor, checkout: CheckoutSession) -> Placed:
    order = _orders().get(vendor.id, checkout.order_id) if checkout.order_id is not None else None
    return Placed(checkout, order, checkout.next_url, created=False)


def place(
    vendor,
    checkout: CheckoutSession,
    *,
    lang: str,
    return_url: str,
    idempotency_key: str = "",
    expected_total_cents: int | None = None,
) -> Placed:
    """Place the order (see the module docstring): one transaction, idempotent per checkout.

    ``idempotency_key`` (the API's ``Idempotency-Key``) may place one checkout only: the same
    key on another checkout of the shop is ``IdempotencyKeyReused`` (409). ``return_url`` is
    where a payment page sends the customer back. Raises ``StepMissing`` (422) before the
    review, ``CheckoutProblems`` (409, one problem per line) when anything changed, and the
    errors of orders and payments (a provider that cannot be reached: 502/503) — always after
    rolling everything back.
    """
    key = (idempotency_key or "").strip()[:100] or None
    current: CheckoutState | None = None
    try:
        checkout = _lock(checkout.id)
        if checkout.is_placed:
            result = _already(vendor, checkout)
            db.session.commit()
            return result
        if key is not None:
            other = db.session.scalar(
                select(CheckoutSession.id).where(
                    CheckoutSession.vendor_id == vendor.id,
                    CheckoutSession.idempotency_key == key,
                    CheckoutSession.id != checkout.id,
                )
            )
            if other is not None:
                raise IdempotencyKeyReused()
        step = missing_step(checkout)
        if step is not None:
            raise StepMissing(step, *STEP_FIELDS[step])
        current = state(vendor, checkout, lang)
        if current.lines and checkout.reviewed is None:
            raise StepMissing("review", *STEP_FIELDS["review"])
        problems = _problems(vendor, current, lang, expected_total_cents)
        if problems:
            raise CheckoutProblems([p.to_dict() for p in problems])
        cart = _cart_of(vendor, checkout)
        placed = _place_order(vendor, checkout, current, lang, return_url)
        checkout.order_id = placed.order.id
        checkout.placed_at = utcnow()
        checkout.next_url = placed.next_url
        checkout.idempotency_key = key
        _cart().clear(cart, commit=False)
        db.session.commit()
    except IntegrityError as exc:
        db.session.rollback()
        problem = str(exc.orig).lower()
        if key is not None and "checkout_sessions" in problem and "idempotency_key" in problem:
            # Another checkout took the same key at the same moment (the unique index saw it).
            raise IdempotencyKeyReused() from exc
        raise
    except WizamartException as exc:
        db.session.rollback()
        stock = _stock_problem(exc, current, lang)
        if stock is not None:
            raise stock from exc
        raise
    except Exception:
        db.session.rollback()
        raise
    return Placed(checkout, placed.order, placed.next_url, created=True)


def _place_order(vendor, checkout: CheckoutSession, current: CheckoutState, lang: str, return_url: str):
    schemas = _order_schemas()
    lines = [
        schemas.OrderLineIn(
            variant_id=line.variant_id,
            product_id=line.product_id,
            sku=line.sku,
            product_title=line.title,
            variant_label=line.options_label,
            unit_price_cents=line.unit_price_cents,
            quantity=line.quantity,
            vat_rate=_percent(line.vat_rate),
        )
        for line in current.lines
    ]
    option = current.shipping
    shipping = schemas.ShippingIn(
        method_id=option.id, name=option.name, rate_cents=option.price_cents, vat_rate=option.vat_rate
    )
    return _orders().place_order(
        vendor,
        lines=lines,
        email=checkout.email,
        customer_id=checkout.customer_id,
        language=lang,
        billing_address=schemas.AddressIn(**(checkout.billing_address or checkout.shipping_address)),
        shipping_address=schemas.AddressIn(**checkout.shipping_address),
        shipping=shipping,
        provider=checkout.provider,
        idempotency_key=f"checkout:{checkout.token}",
        return_url=return_url,
    )


def _stock_problem(
    exc: WizamartException, current: CheckoutState | None, lang: str
) -> CheckoutProblems | None:
    """Inventory's ``out_of_stock`` (raised while the order reserved its stock) as the checkout's
    problem for that line; None for any other error."""
    if getattr(exc, "error_code", None) != "out_of_stock" or isinstance(exc, CheckoutProblems):
        return None
    details = exc.details if isinstance(exc.details, dict) else {}
    sku = details.get("sku")
    available = max(0, int(details.get("available") or 0))
    line = next((ln for ln in (current.lines if current else []) if ln.sku == sku), None)
    label = _line_label(line) if line is not None else sku
    quantity = line.quantity if line is not None else details.get("requested")
    key = "checkout.problem.sold_out" if available == 0 else "checkout.problem.not_enough_stock"
    problem = Problem(
        "out_of_stock",
        t(key, locale=lang, label=label, sku=sku, available=available, quantity=quantity),
        sku,
        line.variant_id if line is not None else None,
        {"available": available, "requested": quantity},
    )
    return CheckoutProblems([problem.to_dict()])


# ------------------------------------------------------------------ after placing


def confirmation(vendor, checkout: CheckoutSession, lang: str) -> dict:
    """What the confirmation page shows: the order, its payment, for a bank transfer the
    instructions (IBAN, holder, reference), and the order's own page — the customer's account
    page when a customer placed it, else orders' signed link for the guest."""
    if not checkout.is_placed or checkout.order_id is None:
        raise CheckoutNotFound()
    orders = _orders()
    order = orders.get(vendor.id, checkout.order_id)
    payments = _payments()
    payment = payments.get(vendor.id, order.payment_id) if order.payment_id is not None else None
    if checkout.customer_id is not None and order.customer_id == checkout.customer_id:
        order_url = url_for(
            "orders.storefront_pages.account_order", vendor_code=vendor.code, order_id=order.id
        )
    else:
        order_url = orders.guest_url(order, vendor)
    return {
        "order": order,
        "payment": payment,
        "instructions": payments.instructions(payment, lang) if payment is not None else None,
        "order_url": order_url,
    }
