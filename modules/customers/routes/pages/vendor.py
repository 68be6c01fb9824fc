"""Vendor pages of customers, under /vendor/<vendor_code>: the shop's customers, a customer's
page with GDPR export and anonymisation, and segments with their live members."""

from __future__ import annotations

import json

from flask import Blueprint, Response, flash, redirect, render_template, request, url_for
from flask_login import current_user

from wizamart import current_vendor, t
from wizamart.forms import parse, run_form_action
from wizamart.security import permission_required

from ...schemas import RULE_FIELDS, SegmentIn
from ...segment_form import describe, field_options, op_options, rule_rows, segment_data
from ...services import customer_service, segment_service

blueprint = Blueprint("customers_vendor_pages", __name__)


def kind_options() -> list[tuple[str, str]]:
    return [
        ("registered", t("customers.kind.registered")),
        ("guest", t("customers.kind.guest")),
        ("anonymised", t("customers.kind.anonymised")),
    ]


@blueprint.get("/customers")
@permission_required("customers.view_customers")
def customers(vendor_code: str):
    kind = request.args.get("kind", "")
    kind = kind if kind in dict(kind_options()) else ""
    page = customer_service.search(
        current_vendor().id,
        q=request.args.get("q", ""),
        kind=kind,
        page=request.args.get("page", 1, type=int),
    )
    return render_template("customers/vendor/customers.html", page=page, kinds=kind_options())


@blueprint.get("/customers/<int:customer_id>")
@permission_required("customers.view_customers")
def customer(vendor_code: str, customer_id: int):
    vendor_id = current_vendor().id
    found = customer_service.get(vendor_id, customer_id)
    return render_template(
        "customers/vendor/customer.html",
        customer=found,
        segments=segment_service.segments_of(found),
        actions=customer_service.privacy_actions(vendor_id, customer_id),
    )


@blueprint.get("/customers/<int:customer_id>/export")
@permission_required("customers.export_customer_data")
def export_customer(vendor_code: str, customer_id: int):
    data = customer_service.export(current_vendor().id, customer_id, current_user)
    return Response(
        json.dumps(data, ensure_ascii=False, indent=2),
        mimetype="application/json",
        headers={"Content-Disposition": f'attachment; filename="customer-{customer_id}.json"'},
    )


@blueprint.post("/customers/<int:customer_id>/anonymise")
@permission_required("customers.manage_customers")
def anonymise_customer(vendor_code: str, customer_id: int):
    customer_service.get(current_vendor().id, customer_id)  # another shop's id: 404 before anything
    _, errors = run_form_action(
        lambda: customer_service.anonymise(current_vendor().id, customer_id, current_user)
    )
    flash(
        next(iter(errors.values())) if errors else t("customers.gdpr.anonymised"),
        "error" if errors else "success",
    )
    return redirect(url_for(".customer", vendor_code=vendor_code, customer_id=customer_id))


# ------------------------------------------------------------------ segments


@blueprint.get("/segments")
@permission_required("customers.view_customers")
def segments(vendor_code: str):
    vendor_id = current_vendor().id
    return render_template(
        "customers/vendor/segments.html",
        segments=segment_service.list(vendor_id),
        counts=segment_service.counts(vendor_id),
        describe=describe,
    )


def _form_page(segment, rows, errors, values, status=200):
    return render_template(
        "customers/vendor/segment_form.html",
        segment=segment,
        rows=rows,
        errors=errors,
        values=values,
        field_options=field_options(),
        op_options=op_options(),
        rule_fields={field: {"ops": list(ops), "kind": kind} for field, (ops, kind) in RULE_FIELDS.items()},
    ), status


def _save(segment_id: int | None):
    """(redirect, {}, data) when saved, else (None, errors by field, data)."""
    data = segment_data(request.form)
    vendor_id = current_vendor().id
    parsed, errors = run_form_action(lambda: parse(SegmentIn, data))
    saved = None
    if parsed:
        saved, errors = run_form_action(
            lambda: (
                segment_service.update(vendor_id, segment_id, parsed)
                if segment_id
                else segment_service.create(vendor_id, parsed)
            )
        )
    if saved is not None:
        flash(t("customers.segments.saved"), "success")
        return redirect(url_for(".segment", vendor_code=current_vendor().code, segment_id=saved.id)), {}, data
    return None, errors, data


@blueprint.route("/segments/new", methods=["GET", "POST"])
@permission_required("customers.manage_customers")
def new_segment(vendor_code: str):
    if request.method == "POST":
        response, errors, data = _save(None)
        if response is not None:
            return response
        return _form_page(None, rule_rows(data["rules"]), errors, request.form, 422)
    return _form_page(None, rule_rows([]), {}, {})


@blueprint.route("/segments/<int:segment_id>/edit", methods=["GET", "POST"])
@permission_required("customers.manage_customers")
def edit_segment(vendor_code: str, segment_id: int):
    segment = segment_service.get(current_vendor().id, segment_id)  # 404 for another shop's
    if request.method == "POST":
        response, errors, data = _save(segment_id)
        if response is not None:
            return response
        return _form_page(segment, rule_rows(data["rules"]), errors, request.form, 422)
    return _form_page(segment, rule_rows(segment.rules), {}, {"name": segment.name})


@blueprint.get("/segments/<int:segment_id>")
@permission_required("customers.view_customers")
def segment(vendor_code: str, segment_id: int):
    vendor_id = current_vendor().id
    found = segment_service.get(vendor_id, segment_id)
    members = segment_service.members(vendor_id, segment_id, page=request.args.get("page", 1, type=int))
    return render_template(
        "customers/vendor/segment.html",
        segment=found,
        members=members,
        rules=[describe(rule) for rule in found.rules],
    )


@blueprint.post("/segments/<int:segment_id>/delete")
@permission_required("customers.manage_customers")
def delete_segment(vendor_code: str, segment_id: int):
    segment_service.delete(current_vendor().id, segment_id)
    flash(t("customers.segments.deleted"), "success")
    return redirect(url_for(".segments", vendor_code=vendor_code))
