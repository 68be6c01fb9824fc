"""The e-mails customers get about their order, in the order's language: the confirmation when
it is placed (with the bank transfer details when they pay that way) and one per parcel shipped
(carrier and tracking number).

Both are rendered while the order's transaction is open (the data is at hand) and sent by
``after_commit`` once it is committed — never for an order that was rolled back.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from babel.dates import format_datetime
from babel.numbers import format_currency
from flask import current_app

from wizamart import t
from wizamart.mail import send_mail

from .models import Order, Shipment
from .services import after_commit, order_service

# Where a parcel can be followed, for the carriers Luxembourg shops use most.
TRACKING_URLS = {
    "post": "https://www.post.lu/particuliers/colis-courrier/track-and-trace#/search?code={number}",
    "post luxembourg": "https://www.post.lu/particuliers/colis-courrier/track-and-trace#/search?code={number}",
    "dhl": "https://www.dhl.com/lu-en/home/tracking.html?tracking-id={number}",
    "dpd": "https://tracking.dpd.de/status/en_LU/parcel/{number}",
    "gls": "https://gls-group.com/LU/en/parcel-tracking?match={number}",
    "ups": "https://www.ups.com/track?tracknum={number}",
    "fedex": "https://www.fedex.com/fedextrack/?trknbr={number}",
    "bpost": "https://track.bpost.cloud/btr/web/#/search?itemCode={number}",
}


def money(cents: int, locale: str, currency: str = "EUR") -> str:
    """Cents as money in ``locale`` (the customer's language, not the request's)."""
    return format_currency(Decimal(cents) / 100, currency, locale=locale)


def when(moment: datetime | None, locale: str) -> str:
    return format_datetime(moment, "medium", locale=locale) if moment else ""


def tracking_url(carrier: str, number: str) -> str | None:
    pattern = TRACKING_URLS.get((carrier or "").strip().lower())
    return pattern.format(number=number) if pattern else None


def _render(name: str, **context) -> str:
    # Straight from the Jinja environment: no request's context processors, so an e-mail renders
    # the same from a vendor's click, a payment webhook or a task.
    return current_app.jinja_env.get_template(name).render(**context)


def _queue(to: str, subject: str, text: str) -> None:
    after_commit.after_commit(lambda: send_mail(to, subject, text))


def queue_confirmation(order: Order, vendor, payment=None) -> None:
    """The order confirmation, sent once the order is committed."""
    locale = order.language
    instructions = None
    if payment is not None:
        instructions = order_service._payments().instructions(payment, locale)
    text = _render(
        "orders/emails/confirmation.txt",
        order=order,
        shop=vendor,
        locale=locale,
        money=lambda cents: money(cents, locale, order.currency),
        when=lambda moment: when(moment, locale),
        instructions=instructions,
        link=order_service.guest_url(order, vendor),
    )
    subject = t(
        "orders.mail.confirmation_subject", locale=locale, number=order.display_number, shop=vendor.name
    )
    _queue(order.email, subject, text)


def queue_shipped(order: Order, shipment: Shipment) -> None:
    """The parcel's e-mail (carrier, tracking number and where to follow it), after the commit."""
    vendor = order_service._vendor(order.vendor_id)
    locale = order.language
    text = _render(
        "orders/emails/shipped.txt",
        order=order,
        shop=vendor,
        shipment=shipment,
        locale=locale,
        tracking_url=tracking_url(shipment.carrier, shipment.tracking_number),
        parcels=len(order.shipments),
        link=order_service.guest_url(order, vendor),
    )
    subject = t("orders.mail.shipped_subject", locale=locale, number=order.display_number, shop=vendor.name)
    _queue(order.email, subject, text)
