"""Storefront API of the cart: /api/v1/storefront/cart/… for shop apps and the shop's own scripts.

The shop comes from the ``X-Vendor`` header (tenancy's ``vendor_from_request``), like the
catalog's storefront API; a shop that is not found or not open answers 404. Whose cart: the
signed-in customer's (session cookie), else the guest cart of the ``X-Cart-Token`` header, else
the guest cart of the session. An app without cookies keeps the ``token`` of the first answer
and sends it as ``X-Cart-Token``; a token of another shop or of a customer's cart is a 404 and
changes nothing. Every answer is the whole cart (``CartView.to_dict``). Bad input is a 4xx whose
``error.details.fields`` names the field.

CSRF: a browser that holds a session cookie sends the CSRF token (``X-CSRFToken``) as on every
page; a client sending ``X-Cart-Token``, or no cookie at all, has nothing another site could
ride on and needs none.
"""

from __future__ import annotations

from flask import Blueprint, jsonify, request

from wizamart import csrf_exempt, current_vendor
from wizamart.errors import NotFoundError
from wizamart.forms import parse
from wizamart.i18n import current_locale
from wizamart.security import csrf_for_cookie_sessions

from ...schemas import AddIn, QuantityIn
from ...services import cart_service
from ...services.cart_service import TOKEN_HEADER

blueprint = Blueprint("cart_storefront_api", __name__)


blueprint.before_request(csrf_for_cookie_sessions(TOKEN_HEADER))


def _shop():
    vendor = current_vendor()
    if vendor is None or getattr(vendor.status, "value", vendor.status) != "active":
        raise NotFoundError("cart.errors.no_shop")
    return vendor


def _answer(vendor, status: int = 200):
    lang = current_locale()
    view = cart_service.view(vendor, lang)
    response = jsonify(view.to_dict(lang))
    response.status_code = status
    if view.token:
        response.headers[TOKEN_HEADER] = view.token
    return response


@blueprint.get("/")
def show():
    """The cart, re-checked now: lines, ``notes`` about what changed (told once), subtotal."""
    return _answer(_shop())


@blueprint.post("/lines")
@csrf_exempt
def add_line():
    """``{"variant_id": 12, "quantity": 2}``: add units (to the line already there, if any)."""
    vendor = _shop()
    data = parse(AddIn, request.get_json(silent=True))
    cart_service.add(vendor, data.variant_id, data.quantity)
    return _answer(vendor, 201)


@blueprint.patch("/lines/<int:variant_id>")
@csrf_exempt
def change_line(variant_id: int):
    """``{"quantity": 3}``: set a line's quantity (0 removes it)."""
    vendor = _shop()
    data = parse(QuantityIn, request.get_json(silent=True))
    cart_service.set_quantity(vendor, variant_id, data.quantity)
    return _answer(vendor)


@blueprint.delete("/lines/<int:variant_id>")
@csrf_exempt
def remove_line(variant_id: int):
    vendor = _shop()
    cart_service.remove(vendor, variant_id)
    return _answer(vendor)


@blueprint.delete("/")
@csrf_exempt
def clear():
    """Empty the cart."""
    vendor = _shop()
    cart_service.clear(cart_service.current_cart(vendor))
    return _answer(vendor)
