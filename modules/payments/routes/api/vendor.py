"""Vendor API of payments: /api/v1/vendor/payments/… (the shop from X-Vendor or the only one)."""

from __future__ import annotations

from flask import Blueprint, jsonify, request
from flask_login import current_user

from wizamart import current_vendor
from wizamart.forms import parse
from wizamart.security import permission_required

from ...output import payment_out, provider_settings_out, summary_out, transaction_out
from ...schemas import ConfirmIn, PaymentQuery, ProviderIn, RefundIn
from ...services import payment_service

blueprint = Blueprint("payments_vendor_api", __name__)


def _vendor_id() -> int:
    return current_vendor().id


def _summary(payment):
    return jsonify(
        summary_out(payment_service.summary(payment), payment_service.staff_names(payment.vendor_id))
    )


# ------------------------------------------------------------------ providers


@blueprint.get("/providers")
@permission_required("payments.manage_settings")
def providers():
    """Every installed provider with the shop's settings of it (secrets masked)."""
    return jsonify(items=[provider_settings_out(v) for v in payment_service.provider_settings(_vendor_id())])


@blueprint.get("/providers/enabled")
@permission_required("payments.view")
def enabled_providers():
    """The providers the shop's customers can choose, in order."""
    return jsonify(
        items=[
            {"code": v.code, "name": v.name, "description": v.description}
            for v in payment_service.providers_for(_vendor_id())
        ]
    )


@blueprint.put("/providers/<provider>")
@permission_required("payments.manage_settings")
def set_provider(provider: str):
    """``{"enabled": true, "settings": {"iban": "LU28…"}, "position": 0}``; a secret left out
    (or empty) keeps the saved one."""
    data = parse(ProviderIn, request.get_json(silent=True))
    payment_service.set_provider(
        _vendor_id(),
        provider,
        enabled=data.enabled,
        values={k: v for k, v in data.settings.items() if v is not None},
        user_id=current_user.id,
        position=data.position,
    )
    view = next(v for v in payment_service.provider_settings(_vendor_id()) if v.code == provider)
    return jsonify(provider_settings_out(view))


# ------------------------------------------------------------------ payments


@blueprint.get("/")
@permission_required("payments.view")
def payments():
    """``?status=``, ``?q=`` (reference, e-mail, provider id), ``?page``, ``?per_page``."""
    query = parse(PaymentQuery, request.args.to_dict())
    found = payment_service.search(_vendor_id(), query.status or None, query.q, query.page, query.per_page)
    return jsonify(items=[payment_out(p) for p in found.items], meta=found.meta())


@blueprint.get("/<int:payment_id>")
@permission_required("payments.view")
def payment(payment_id: int):
    """One payment with its ledger, totals and what the shop can still do."""
    return _summary(payment_service.get(_vendor_id(), payment_id))


@blueprint.get("/<int:payment_id>/transactions")
@permission_required("payments.view")
def transactions(payment_id: int):
    found = payment_service.get(_vendor_id(), payment_id)
    names = payment_service.staff_names(found.vendor_id)
    return jsonify(items=[transaction_out(row, names) for row in payment_service.transactions(found)])


@blueprint.post("/<int:payment_id>/confirm")
@permission_required("payments.confirm")
def confirm(payment_id: int):
    """The bank transfer arrived: ``{"amount_cents": …}`` (default: all that is open), ``"note"``."""
    data = parse(ConfirmIn, request.get_json(silent=True) or {})
    found = payment_service.confirm_bank_transfer(
        _vendor_id(), payment_id, current_user.id, data.cents, note=data.note
    )
    return _summary(found)


@blueprint.post("/<int:payment_id>/refund")
@permission_required("payments.refund")
def refund(payment_id: int):
    """``{"amount_cents": 500, "reason": "…", "idempotency_key": "…"}``."""
    data = parse(RefundIn, request.get_json(silent=True))
    payment_service.refund(
        _vendor_id(),
        payment_id,
        data.required_cents("amount_cents"),
        current_user.id,
        data.reason,
        idempotency_key=data.idempotency_key or None,
    )
    return _summary(payment_service.get(_vendor_id(), payment_id)), 201


@blueprint.post("/<int:payment_id>/cancel")
@permission_required("payments.refund")
def cancel(payment_id: int):
    return _summary(payment_service.cancel_payment(_vendor_id(), payment_id, current_user.id))


@blueprint.post("/<int:payment_id>/sync")
@permission_required("payments.view")
def sync(payment_id: int):
    """Ask the provider how the payment stands now and record what it says."""
    found = payment_service.get(_vendor_id(), payment_id)
    payment_service.sync_on_return(_vendor_id(), found.token)
    return _summary(payment_service.get(_vendor_id(), payment_id))
