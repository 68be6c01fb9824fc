"""Storefront pages of orders: the signed-in customer's order history and order pages (in the
account area, /storefront/<vendor_code>/account/orders), and the page a guest reaches through
the signed link of the confirmation page and e-mails (/storefront/<vendor_code>/orders/view/<token>).

A customer sees only their own orders: another customer's order id answers 404, exactly like
an id that does not exist; a link made for another order or shop, or altered, answers 404 too.
"""

from __future__ import annotations

from functools import wraps

from flask import Blueprint, redirect, render_template, request, url_for

from wizamart import current_vendor
from wizamart.errors import NotFoundError

from ...labels import STATUS_LABELS
from ...services import order_service

blueprint = Blueprint("orders_storefront_pages", __name__)


def _shop():
    vendor = current_vendor()
    if vendor is None or getattr(vendor.status, "value", vendor.status) != "active":
        raise NotFoundError("orders.errors.no_shop")
    return vendor


def _customers():
    from modules.customers.services import customer_service

    return customer_service


def signed_in(view):
    """Account pages: the customer signed in to this shop, else customers' sign-in page (with
    ``next`` back here)."""

    @wraps(view)
    def wrapper(vendor_code: str, **kwargs):
        _shop()
        customer = _customers().current_customer()
        if customer is None:
            return redirect(
                url_for(
                    "customers.storefront_pages.login",
                    vendor_code=vendor_code,
                    next=request.full_path.rstrip("?"),
                )
            )
        return view(customer, vendor_code=vendor_code, **kwargs)

    return wrapper


def _order_page(order, *, guest: bool):
    return render_template(
        "orders/storefront/order.html",
        order=order,
        guest=guest,
        status_labels=STATUS_LABELS,
        instructions=order_service.instructions(order, order.language),
        pay_url=order.payment_next_url if order.status == "pending" else None,
    )


@blueprint.get("/account/orders")
@signed_in
def account_orders(customer, vendor_code: str):
    page = order_service.for_customer(
        current_vendor().id, customer.id, request.args.get("page", 1, type=int) or 1
    )
    return render_template(
        "orders/storefront/orders.html", customer=customer, page=page, status_labels=STATUS_LABELS
    )


@blueprint.get("/account/orders/<int:order_id>")
@signed_in
def account_order(customer, vendor_code: str, order_id: int):
    order = order_service.get_for_customer(current_vendor().id, customer.id, order_id)
    return _order_page(order, guest=False)


@blueprint.get("/orders/view/<token>")
def guest_order(vendor_code: str, token: str):
    """The order behind a signed link, for whoever holds it (the guest who placed it)."""
    order = order_service.by_guest_token(_shop().id, token)
    return _order_page(order, guest=True)
