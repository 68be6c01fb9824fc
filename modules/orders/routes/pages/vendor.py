"""Vendor pages of orders, under /vendor/<vendor_code>/orders: the list with its filters, and
one order with its actions (confirm payment, processing, ship a parcel, delivered, cancel,
refund, a note) and its payment ledger."""

from __future__ import annotations

import secrets

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user

from wizamart import current_vendor, t
from wizamart.forms import parse_form, run_form_action
from wizamart.security import permission_required

from ...labels import (
    EVENT_KIND_LABELS,
    LANGUAGE_NAMES,
    PAYMENT_STATUS_LABELS,
    STATUS_LABELS,
    TRANSACTION_LABELS,
)
from ...models import OrderStatus
from ...schemas import CancelIn, NoteIn, OrderFilters, RefundIn, ShipIn
from ...services import order_service, state_machine

blueprint = Blueprint("orders_vendor_pages", __name__)


def _vendor_id() -> int:
    return current_vendor().id


def _staff_names() -> dict[int, str]:
    from modules.tenancy.services import team_service

    return {m.user_id: (m.user.name or m.user.email) for m in team_service.members(current_vendor())}


@blueprint.get("/orders/")
@permission_required("orders.view")
def orders(vendor_code: str):
    """The list: ``?status``, ``?date_from``/``?date_to`` (YYYY-MM-DD), ``?customer_id``, ``?q``."""
    filters, errors = run_form_action(lambda: parse_form(OrderFilters, request.args))
    if filters is None:
        filters = OrderFilters()
    page = order_service.search(_vendor_id(), filters)
    return render_template(
        "orders/vendor/orders.html",
        page=page,
        filters=filters,
        errors=errors,
        statuses=[(s.value, t(STATUS_LABELS[s])) for s in OrderStatus],
        status_labels=STATUS_LABELS,
        counts=order_service.counts(_vendor_id()),
        active_menu="orders",
    ), 422 if errors else 200


def _order_page(order_id: int, errors: dict | None = None, form: str = "", values=None, status: int = 200):
    order = order_service.get(_vendor_id(), order_id)
    payment = order_service.payment_of(order)
    return render_template(
        "orders/vendor/order.html",
        order=order,
        payment=payment,
        provider_name=order_service.provider_name(order),
        language_names=LANGUAGE_NAMES,
        ledger=order_service.ledger(order),
        refundable=order_service.refundable_cents(order),
        can_confirm=order_service.can_confirm(order),
        instructions=order_service.instructions(order),
        next_statuses=state_machine.next_statuses(order.status),
        refund_allowed=state_machine.can_refund(order.status),
        status_labels=STATUS_LABELS,
        payment_status_labels=PAYMENT_STATUS_LABELS,
        transaction_labels=TRANSACTION_LABELS,
        event_labels=EVENT_KIND_LABELS,
        names=_staff_names(),
        refund_key=secrets.token_urlsafe(16),
        errors=errors or {},
        form=form,
        values=values or {},
        active_menu="orders",
    ), status


@blueprint.get("/orders/<int:order_id>")
@permission_required("orders.view")
def order(vendor_code: str, order_id: int):
    return _order_page(order_id)


def _act(vendor_code: str, order_id: int, form: str, action, done_key: str, **params):
    """Run one action of the order page: back to the page with a message, or the page again with
    the error next to the form that caused it (422)."""
    order_service.get(_vendor_id(), order_id)  # another shop's order: 404 before anything
    result, errors = run_form_action(action)
    if errors:
        return _order_page(order_id, errors, form, request.form, 422)
    flash(t(done_key, **params), "success")
    return redirect(url_for(".order", vendor_code=vendor_code, order_id=order_id))


@blueprint.post("/orders/<int:order_id>/confirm-payment")
@permission_required("orders.manage")
def confirm_payment(vendor_code: str, order_id: int):
    return _act(
        vendor_code,
        order_id,
        "payment",
        lambda: order_service.confirm_payment(_vendor_id(), order_id, current_user.id),
        "orders.action.payment_confirmed",
    )


@blueprint.post("/orders/<int:order_id>/processing")
@permission_required("orders.manage")
def processing(vendor_code: str, order_id: int):
    return _act(
        vendor_code,
        order_id,
        "status",
        lambda: order_service.mark_processing(_vendor_id(), order_id, current_user.id),
        "orders.action.processing_done",
    )


@blueprint.post("/orders/<int:order_id>/ship")
@permission_required("orders.manage")
def ship(vendor_code: str, order_id: int):
    def action():
        data = parse_form(ShipIn, request.form)
        return order_service.ship(_vendor_id(), order_id, data.carrier, data.tracking_number, current_user.id)

    return _act(vendor_code, order_id, "ship", action, "orders.action.shipped")


@blueprint.post("/orders/<int:order_id>/delivered")
@permission_required("orders.manage")
def delivered(vendor_code: str, order_id: int):
    return _act(
        vendor_code,
        order_id,
        "status",
        lambda: order_service.mark_delivered(_vendor_id(), order_id, current_user.id),
        "orders.action.delivered_done",
    )


@blueprint.post("/orders/<int:order_id>/cancel")
@permission_required("orders.manage")
def cancel(vendor_code: str, order_id: int):
    def action():
        data = parse_form(CancelIn, request.form)
        return order_service.cancel(_vendor_id(), order_id, current_user.id, data.reason)

    return _act(vendor_code, order_id, "cancel", action, "orders.action.cancelled")


@blueprint.post("/orders/<int:order_id>/refund")
@permission_required("orders.refund")
def refund(vendor_code: str, order_id: int):
    def action():
        data = parse_form(RefundIn, request.form)
        key = (request.form.get("refund_key") or "").strip()[:60] or None
        return order_service.refund(
            _vendor_id(), order_id, data.amount_cents, current_user.id, data.reason, idempotency_key=key
        )

    return _act(vendor_code, order_id, "refund", action, "orders.action.refunded")


@blueprint.post("/orders/<int:order_id>/notes")
@permission_required("orders.manage")
def note(vendor_code: str, order_id: int):
    def action():
        data = parse_form(NoteIn, request.form)
        return order_service.add_note(_vendor_id(), order_id, data.note, current_user.id)

    return _act(vendor_code, order_id, "note", action, "orders.action.noted")
