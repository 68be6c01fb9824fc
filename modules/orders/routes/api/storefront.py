"""Storefront API of orders: /api/v1/storefront/orders/… for shop apps (the shop from the
``X-Vendor`` header). ``GET /`` and ``GET /<id>`` answer the signed-in customer's own orders
(401 when nobody is signed in to this shop; another customer's order is 404);
``GET /by-link/<token>`` answers the order a guest's signed link names."""

from __future__ import annotations

from flask import Blueprint, jsonify, request

from wizamart import current_vendor
from wizamart.errors import NotFoundError
from wizamart.security import AuthenticationRequired

from ...output import order_out, order_summary
from ...services import order_service

blueprint = Blueprint("orders_storefront_api", __name__)


def _shop():
    vendor = current_vendor()
    if vendor is None or getattr(vendor.status, "value", vendor.status) != "active":
        raise NotFoundError("orders.errors.no_shop")
    return vendor


def _customer():
    from modules.customers.services import customer_service

    customer = customer_service.current_customer()
    if customer is None:
        raise AuthenticationRequired(realm="storefront")
    return customer


def _customer_view(order) -> dict:
    data = order_out(order, payment=order_service.payment_of(order), staff=False)
    data["instructions"] = order_service.instructions(order, order.language)
    data["pay_url"] = order.payment_next_url if order.status == "pending" else None
    return data


@blueprint.get("/")
def orders():
    vendor, customer = _shop(), _customer()
    page = order_service.for_customer(
        vendor.id,
        customer.id,
        request.args.get("page", 1, type=int) or 1,
        request.args.get("per_page", 20, type=int) or 20,
    )
    return jsonify(items=[order_summary(o) for o in page.items], meta=page.meta())


@blueprint.get("/<int:order_id>")
def order(order_id: int):
    vendor, customer = _shop(), _customer()
    return jsonify(_customer_view(order_service.get_for_customer(vendor.id, customer.id, order_id)))


@blueprint.get("/by-link/<token>")
def by_link(token: str):
    return jsonify(_customer_view(order_service.by_guest_token(_shop().id, token)))
