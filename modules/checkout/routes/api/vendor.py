"""Vendor API of checkout: /api/v1/vendor/checkout/… (the shop from X-Vendor or the only one):
the shop's shipping methods."""

from __future__ import annotations

from flask import Blueprint, jsonify, request

from wizamart import current_vendor
from wizamart.forms import parse
from wizamart.i18n import current_locale
from wizamart.security import permission_required

from ...output import shipping_method_out
from ...schemas import ShippingMethodIn
from ...services import shipping_service

blueprint = Blueprint("checkout_vendor_api", __name__)


def _vendor_id() -> int:
    return current_vendor().id


@blueprint.get("/shipping-methods")
@permission_required("checkout.view_shipping")
def shipping_methods():
    """The shop's shipping methods in their order; ``?active=1`` only the offered ones."""
    active_only = request.args.get("active") in ("1", "true")
    methods = shipping_service.list_methods(_vendor_id(), active_only=active_only)
    return jsonify(items=[shipping_method_out(m, current_locale()) for m in methods])


@blueprint.post("/shipping-methods")
@permission_required("checkout.manage_shipping")
def create_shipping_method():
    """``{"names": {"en": …, "de": …}, "countries": ["LU", "BE"], "rate_cents": 490,
    "free_above_cents": 5000, "active": true, "position": 0}``."""
    data = parse(ShippingMethodIn, request.get_json(silent=True))
    method = shipping_service.create(_vendor_id(), data)
    return jsonify(shipping_method_out(method, current_locale())), 201


@blueprint.get("/shipping-methods/<int:method_id>")
@permission_required("checkout.view_shipping")
def shipping_method(method_id: int):
    return jsonify(shipping_method_out(shipping_service.get(_vendor_id(), method_id), current_locale()))


@blueprint.put("/shipping-methods/<int:method_id>")
@permission_required("checkout.manage_shipping")
def update_shipping_method(method_id: int):
    shipping_service.get(_vendor_id(), method_id)  # another shop's: 404 before the body is judged
    data = parse(ShippingMethodIn, request.get_json(silent=True))
    method = shipping_service.update(_vendor_id(), method_id, data)
    return jsonify(shipping_method_out(method, current_locale()))


@blueprint.delete("/shipping-methods/<int:method_id>")
@permission_required("checkout.manage_shipping")
def delete_shipping_method(method_id: int):
    shipping_service.delete(_vendor_id(), method_id)
    return "", 204
