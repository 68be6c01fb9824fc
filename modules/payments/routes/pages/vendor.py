"""Vendor pages of payments, under /vendor/<vendor_code>/payments: the shop's payments, one
payment with its ledger (confirm a bank transfer, refund, cancel, ask the provider), and the
payment settings (which providers the shop offers, bank details, Stripe keys)."""

from __future__ import annotations

import secrets

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user

from wizamart import current_vendor, t
from wizamart.forms import parse_form, run_form_action
from wizamart.security import permission_required
from wizamart.web import safe_target

from ...models import PaymentStatus
from ...schemas import ConfirmIn, RefundIn
from ...services import payment_service

blueprint = Blueprint("payments_vendor_pages", __name__)

# Literal keys, so the language check finds every one.
STATUS_LABELS = {
    PaymentStatus.PENDING: "payments.status.pending",
    PaymentStatus.AUTHORISED: "payments.status.authorised",
    PaymentStatus.PAID: "payments.status.paid",
    PaymentStatus.PARTIALLY_REFUNDED: "payments.status.partially_refunded",
    PaymentStatus.REFUNDED: "payments.status.refunded",
    PaymentStatus.FAILED: "payments.status.failed",
    PaymentStatus.CANCELLED: "payments.status.cancelled",
}


def _vendor_id() -> int:
    return current_vendor().id


def _back(vendor_code: str, payment_id: int):
    """Back to where the form was (an order's page includes the ledger too), else the payment."""
    default = url_for(".payment", vendor_code=vendor_code, payment_id=payment_id)
    return redirect(safe_target(request.form.get("next", ""), default))


def _first_error(errors: dict) -> str:
    return next(iter(errors.values()))


# ------------------------------------------------------------------ payments


@blueprint.get("/payments/")
@permission_required("payments.view")
def payments(vendor_code: str):
    status = request.args.get("status", "")
    status = status if status in STATUS_LABELS else ""
    found = payment_service.search(
        _vendor_id(), status or None, request.args.get("q", ""), request.args.get("page", 1, type=int) or 1
    )
    return render_template(
        "payments/vendor/payments.html",
        page=found,
        statuses=[(s.value, t(key)) for s, key in STATUS_LABELS.items()],
        providers={p.code: p.name for p in payment_service.all_providers()},
        active_menu="payments",
    )


@blueprint.get("/payments/<int:payment_id>")
@permission_required("payments.view")
def payment(vendor_code: str, payment_id: int):
    found = payment_service.get(_vendor_id(), payment_id)
    return _payment_page(found)


def _payment_page(found, errors: dict | None = None, values=None, status: int = 200):
    return render_template(
        "payments/vendor/payment.html",
        summary=payment_service.summary(found),
        names=payment_service.staff_names(found.vendor_id),
        errors=errors or {},
        values=values or {},
        refund_key=secrets.token_urlsafe(12),
        active_menu="payments",
    ), status


@blueprint.post("/payments/<int:payment_id>/confirm")
@permission_required("payments.confirm")
def confirm(vendor_code: str, payment_id: int):
    found = payment_service.get(_vendor_id(), payment_id)
    data, errors = run_form_action(lambda: parse_form(ConfirmIn, request.form))
    if data:
        done, errors = run_form_action(
            lambda: payment_service.confirm_bank_transfer(
                _vendor_id(), payment_id, current_user.id, data.cents, note=data.note
            )
        )
        if done:
            flash(t("payments.confirm.done"), "success")
            return _back(vendor_code, payment_id)
    return _payment_page(payment_service.get(_vendor_id(), found.id), errors, request.form, 422)


@blueprint.post("/payments/<int:payment_id>/refund")
@permission_required("payments.refund")
def refund(vendor_code: str, payment_id: int):
    found = payment_service.get(_vendor_id(), payment_id)
    data, errors = run_form_action(lambda: parse_form(RefundIn, request.form))
    if data:
        done, errors = run_form_action(
            lambda: payment_service.refund(
                _vendor_id(),
                payment_id,
                data.required_cents("amount"),
                current_user.id,
                data.reason,
                idempotency_key=data.idempotency_key or None,
            )
        )
        if done:
            flash(t("payments.refund.done"), "success")
            return _back(vendor_code, payment_id)
    errors = {("amount" if k == "amount_cents" else k): v for k, v in errors.items()}
    return _payment_page(payment_service.get(_vendor_id(), found.id), errors, request.form, 422)


@blueprint.post("/payments/<int:payment_id>/cancel")
@permission_required("payments.refund")
def cancel(vendor_code: str, payment_id: int):
    found = payment_service.get(_vendor_id(), payment_id)
    done, errors = run_form_action(
        lambda: payment_service.cancel_payment(_vendor_id(), payment_id, current_user.id)
    )
    if done:
        flash(t("payments.cancel.done"), "success")
        return _back(vendor_code, payment_id)
    return _payment_page(payment_service.get(_vendor_id(), found.id), errors, request.form, 409)


@blueprint.post("/payments/<int:payment_id>/sync")
@permission_required("payments.view")
def sync(vendor_code: str, payment_id: int):
    found = payment_service.get(_vendor_id(), payment_id)
    done, errors = run_form_action(lambda: payment_service.sync_on_return(_vendor_id(), found.token))
    if done:
        flash(t("payments.sync.done"), "success")
        return _back(vendor_code, payment_id)
    return _payment_page(payment_service.get(_vendor_id(), found.id), errors, request.form, 502)


# ------------------------------------------------------------------ settings


@blueprint.get("/payments/settings")
@permission_required("payments.manage_settings")
def settings(vendor_code: str):
    return _settings_page()


def _settings_page(errors: dict | None = None, failed: str = "", values=None, status: int = 200):
    return render_template(
        "payments/vendor/settings.html",
        providers=payment_service.provider_settings(_vendor_id()),
        errors=errors or {},
        failed=failed,
        values=values or {},
        active_menu="payment_settings",
    ), status


@blueprint.post("/payments/settings/<provider>")
@permission_required("payments.manage_settings")
def save_provider(vendor_code: str, provider: str):
    form = request.form
    values = {k: v for k, v in form.items() if k not in ("csrf_token", "enabled")}
    done, errors = run_form_action(
        lambda: payment_service.set_provider(
            _vendor_id(),
            provider,
            # The checkbox macro sends a hidden "false" before the box's "true".
            enabled="true" in form.getlist("enabled"),
            values=values,
            user_id=current_user.id,
        )
    )
    if done:
        flash(t("payments.settings.saved"), "success")
        return redirect(url_for(".settings", vendor_code=vendor_code))
    return _settings_page(errors, provider, form, 422)


@blueprint.post("/payments/settings/<provider>/forget/<name>")
@permission_required("payments.manage_settings")
def forget_secret(vendor_code: str, provider: str, name: str):
    done, errors = run_form_action(lambda: payment_service.clear_secret(_vendor_id(), provider, name) or True)
    if done:
        flash(t("payments.settings.forgotten"), "success")
        return redirect(url_for(".settings", vendor_code=vendor_code))
    return _settings_page(errors, provider, None, 422)
