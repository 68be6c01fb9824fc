"""Storefront API of checkout: /api/v1/storefront/checkout/… — the same steps as the pages, for
shop apps and scripts.

The shop comes from the ``X-Vendor`` header (tenancy's ``vendor_from_request``), like the
catalog's and the cart's storefront APIs; a shop that is not found or not open answers 404.
The cart is the request's (cart's rules: the signed-in customer's, else the ``X-Cart-Token``
header's, else the session's). A guest's checkout opens for whoever holds its cart (or the
browser that started it), a customer's only for that customer: anyone else gets 404.

    POST  /sessions                 start (or continue) the checkout of the cart; the body may
                                    already carry steps (as PATCH)          -> 201, the checkout
    GET   /sessions/<token>         the checkout as it stands now
    PATCH /sessions/<token>         advance: ``email``, ``shipping_address`` {name, company,
                                    street, postal_code, city, country, phone},
                                    ``billing_same``/``billing_address``, ``address_id`` (a
                                    saved address), ``password`` (open an account),
                                    ``shipping_method_id``, ``provider``
    GET   /sessions/<token>/review  the review (every step done; 422 naming the missing one)
    POST  /sessions/<token>/place   place it; ``Idempotency-Key`` header (or body
                                    ``idempotency_key``), optional ``expected_total_cents``
                                    -> 201 the order; the same checkout again -> 200 the same

Every answer with a complete checkout includes its review (lines, totals, problems) and
remembers it as seen, so ``place`` can tell a price change since. Out of stock at placing is a
409 ``out_of_stock`` naming the line's SKU (``error.details.problems[].sku``); other problems
are 409 ``checkout_problems``, one per line; bad input is 422 naming the field.

CSRF: as the cart's API, a client sending ``X-Cart-Token`` (or a bearer token, or no cookie at
all) needs none; a browser holding a session cookie sends ``X-CSRFToken``.
"""

from __future__ import annotations

from flask import Blueprint, jsonify, request, url_for

from wizamart import csrf_exempt, current_vendor
from wizamart.errors import NotFoundError, WizamartException
from wizamart.forms import parse
from wizamart.i18n import current_locale
from wizamart.security import csrf_for_cookie_sessions

from ...exceptions import StepMissing
from ...output import checkout_out
from ...schemas import AdvanceIn, PlaceIn
from ...services import checkout_service

blueprint = Blueprint("checkout_storefront_api", __name__)

CART_TOKEN_HEADER = "X-Cart-Token"  # the cart module's header for a guest cart


blueprint.before_request(csrf_for_cookie_sessions(CART_TOKEN_HEADER))


def _shop():
    vendor = current_vendor()
    if vendor is None or getattr(vendor.status, "value", vendor.status) != "active":
        raise NotFoundError("checkout.errors.no_shop")
    return vendor


def _customer():
    from modules.customers.services import customer_service

    return customer_service.current_customer()


def _answer(vendor, checkout, status: int = 200):
    """The checkout now; with its review (remembered as seen) once every step is done."""
    lang = current_locale()
    try:
        current = (
            checkout_service.state(vendor, checkout, lang)
            if checkout.is_placed
            else checkout_service.review(vendor, checkout, lang)
        )
    except StepMissing:
        current = checkout_service.state(vendor, checkout, lang)
    order = None
    if checkout.is_placed and checkout.order_id is not None:
        from modules.orders.services import order_service

        order = order_service.get(vendor.id, checkout.order_id)
    return jsonify(checkout_out(current, order)), status


def _load(vendor, token: str):
    return checkout_service.load(vendor, token, _customer())


@blueprint.post("/sessions")
@csrf_exempt
def start():
    """Start (or continue) the checkout of the request's cart, with any steps in the body."""
    vendor = _shop()
    data = parse(AdvanceIn, request.get_json(silent=True) or {})
    checkout = checkout_service.start(vendor, _customer(), current_locale())
    try:
        checkout_service.advance(vendor, checkout, data, _customer())
    except WizamartException as exc:
        # The checkout exists (the steps before the refused one are kept): say which it is.
        exc.details = {**(exc.details or {}), "token": checkout.token}
        raise
    return _answer(vendor, checkout, 201)


@blueprint.get("/sessions/<token>")
def show(token: str):
    vendor = _shop()
    return _answer(vendor, _load(vendor, token))


@blueprint.patch("/sessions/<token>")
@csrf_exempt
def advance(token: str):
    vendor = _shop()
    checkout = _load(vendor, token)
    data = parse(AdvanceIn, request.get_json(silent=True))
    checkout_service.advance(vendor, checkout, data, _customer())
    return _answer(vendor, checkout)


@blueprint.get("/sessions/<token>/review")
def review(token: str):
    vendor = _shop()
    checkout = _load(vendor, token)
    current = checkout_service.review(vendor, checkout, current_locale())
    return jsonify(checkout_out(current))


@blueprint.post("/sessions/<token>/place")
@csrf_exempt
def place(token: str):
    """Place the order: 201 with the order and ``next_url`` (Stripe's payment page; null for a
    bank transfer, whose ``instructions`` come along); the same checkout again answers 200 with
    the same order."""
    vendor = _shop()
    checkout = _load(vendor, token)
    data = parse(PlaceIn, request.get_json(silent=True) or {})
    key = request.headers.get("Idempotency-Key", "") or data.idempotency_key
    placed = checkout_service.place(
        vendor,
        checkout,
        lang=current_locale(),
        return_url=url_for(
            "checkout.storefront_pages.complete", vendor_code=vendor.code, token=token, _external=True
        ),
        idempotency_key=key,
        expected_total_cents=data.expected_total_cents,
    )
    done = checkout_service.confirmation(vendor, placed.session, current_locale())
    body = {
        "token": placed.session.token,
        "order": {
            "id": placed.order.id,
            "number": placed.order.number,
            "display_number": placed.order.display_number,
            "status": placed.order.status,
            "total_gross_cents": placed.order.total_gross_cents,
            "currency": placed.order.currency,
        },
        "next_url": placed.next_url,
        "order_url": done["order_url"],
        "instructions": done["instructions"],
        "created": placed.created,
    }
    return jsonify(body), 201 if placed.created else 200
