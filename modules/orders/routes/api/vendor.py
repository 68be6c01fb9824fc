"""Vendor API of orders: /api/v1/vendor/orders/… (the shop from X-Vendor or the only one).

``GET /`` lists (``?status``, ``?date_from``, ``?date_to``, ``?customer_id``, ``?q``, ``?page``,
``?per_page``), ``GET /<id>`` gives one order with its history and payment ledger, and the
actions are ``POST /<id>/confirm-payment``, ``/processing``, ``/ship`` (``{"carrier",
"tracking_number"}``), ``/delivered``, ``/cancel`` (``{"reason"}``), ``/refund``
(``{"amount_cents", "reason", "idempotency_key"}``) and ``/notes`` (``{"note"}``).
"""

from __future__ import annotations

from flask import Blueprint, jsonify, request
from flask_login import current_user

from wizamart import current_vendor
from wizamart.forms import parse, parse_form
from wizamart.security import permission_required

from ...output import event_out, order_out, order_summary, shipment_out
from ...schemas import CancelIn, NoteIn, OrderFilters, RefundIn, ShipIn
from ...services import order_service

blueprint = Blueprint("orders_vendor_api", __name__)


def _vendor_id() -> int:
    return current_vendor().id


def _body() -> dict:
    """The JSON body (an action without one, like ``/processing``, may send none)."""
    body = request.get_json(silent=True)
    return body if isinstance(body, dict) else {}


def _order_json(order_id: int):
    order = order_service.get(_vendor_id(), order_id)
    return jsonify(
        order_out(order, payment=order_service.payment_of(order), ledger=order_service.ledger(order))
    )


@blueprint.get("/")
@permission_required("orders.view")
def orders():
    filters = parse_form(OrderFilters, request.args)
    page = order_service.search(_vendor_id(), filters)
    return jsonify(items=[order_summary(o) for o in page.items], meta=page.meta())


@blueprint.get("/<int:order_id>")
@permission_required("orders.view")
def order(order_id: int):
    return _order_json(order_id)


@blueprint.post("/<int:order_id>/confirm-payment")
@permission_required("orders.manage")
def confirm_payment(order_id: int):
    order_service.confirm_payment(_vendor_id(), order_id, current_user.id)
    return _order_json(order_id)


@blueprint.post("/<int:order_id>/processing")
@permission_required("orders.manage")
def processing(order_id: int):
    order_service.mark_processing(_vendor_id(), order_id, current_user.id)
    return _order_json(order_id)


@blueprint.post("/<int:order_id>/ship")
@permission_required("orders.manage")
def ship(order_id: int):
    order_service.get(_vendor_id(), order_id)  # another shop's order: 404 before the body's 422
    data = parse(ShipIn, request.get_json(silent=True))
    shipment = order_service.ship(_vendor_id(), order_id, data.carrier, data.tracking_number, current_user.id)
    return jsonify(shipment_out(shipment)), 201


@blueprint.post("/<int:order_id>/delivered")
@permission_required("orders.manage")
def delivered(order_id: int):
    order_service.mark_delivered(_vendor_id(), order_id, current_user.id)
    return _order_json(order_id)


@blueprint.post("/<int:order_id>/cancel")
@permission_required("orders.manage")
def cancel(order_id: int):
    order_service.get(_vendor_id(), order_id)
    data = parse(CancelIn, _body())
    order_service.cancel(_vendor_id(), order_id, current_user.id, data.reason)
    return _order_json(order_id)


@blueprint.post("/<int:order_id>/refund")
@permission_required("orders.refund")
def refund(order_id: int):
    order_service.get(_vendor_id(), order_id)
    body = request.get_json(silent=True)
    data = parse(RefundIn, body)
    key = str(body.get("idempotency_key") or "").strip()[:60] or None
    order_service.refund(
        _vendor_id(), order_id, data.amount_cents, current_user.id, data.reason, idempotency_key=key
    )
    return _order_json(order_id)


@blueprint.post("/<int:order_id>/notes")
@permission_required("orders.manage")
def note(order_id: int):
    order_service.get(_vendor_id(), order_id)
    data = parse(NoteIn, request.get_json(silent=True))
    return jsonify(event_out(order_service.add_note(_vendor_id(), order_id, data.note, current_user.id))), 201
