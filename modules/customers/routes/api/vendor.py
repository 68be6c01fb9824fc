"""Vendor API of customers: /api/v1/vendor/customers/… (the shop from X-Vendor or the only one)."""

from __future__ import annotations

from flask import Blueprint, jsonify, request
from flask_login import current_user

from wizamart import current_vendor
from wizamart.forms import parse
from wizamart.security import permission_required

from ...schemas import SegmentIn
from ...schemas.output import customer_out, page_out, privacy_action_out, segment_out
from ...services import customer_service, segment_service

blueprint = Blueprint("customers_vendor_api", __name__)


def _vendor_id() -> int:
    return current_vendor().id


@blueprint.get("/customers")
@permission_required("customers.view_customers")
def list_customers():
    """?q= (name, e-mail, city), ?kind=guest|registered|anonymised, ?page, ?per_page."""
    page = customer_service.search(
        _vendor_id(),
        q=request.args.get("q", ""),
        kind=request.args.get("kind", ""),
        page=request.args.get("page", 1, type=int),
        per_page=request.args.get("per_page", 20, type=int),
    )
    return jsonify(page_out(page, customer_out))


@blueprint.get("/customers/<int:customer_id>")
@permission_required("customers.view_customers")
def get_customer(customer_id: int):
    vendor_id = _vendor_id()
    customer = customer_service.get(vendor_id, customer_id)
    data = customer_out(customer, addresses=True)
    data["segments"] = [{"id": s.id, "name": s.name} for s in segment_service.segments_of(customer)]
    data["privacy_actions"] = [
        privacy_action_out(a) for a in customer_service.privacy_actions(vendor_id, customer_id)
    ]
    return jsonify(data)


@blueprint.get("/customers/<int:customer_id>/export")
@permission_required("customers.export_customer_data")
def export_customer(customer_id: int):
    return jsonify(customer_service.export(_vendor_id(), customer_id, current_user))


@blueprint.post("/customers/<int:customer_id>/anonymise")
@permission_required("customers.manage_customers")
def anonymise_customer(customer_id: int):
    return jsonify(customer_out(customer_service.anonymise(_vendor_id(), customer_id, current_user)))


@blueprint.get("/segments")
@permission_required("customers.view_customers")
def list_segments():
    vendor_id = _vendor_id()
    counts = segment_service.counts(vendor_id)
    return jsonify(items=[segment_out(s, counts.get(s.id, 0)) for s in segment_service.list(vendor_id)])


@blueprint.post("/segments")
@permission_required("customers.manage_customers")
def create_segment():
    data = parse(SegmentIn, request.get_json(silent=True))
    return jsonify(segment_out(segment_service.create(_vendor_id(), data))), 201


@blueprint.get("/segments/<int:segment_id>")
@permission_required("customers.view_customers")
def get_segment(segment_id: int):
    vendor_id = _vendor_id()
    segment = segment_service.get(vendor_id, segment_id)
    return jsonify(segment_out(segment, segment_service.members(vendor_id, segment_id, per_page=1).total))


@blueprint.put("/segments/<int:segment_id>")
@permission_required("customers.manage_customers")
def update_segment(segment_id: int):
    vendor_id = _vendor_id()
    segment_service.get(vendor_id, segment_id)  # another shop's id: 404 before the body's errors
    data = parse(SegmentIn, request.get_json(silent=True))
    return jsonify(segment_out(segment_service.update(vendor_id, segment_id, data)))


@blueprint.delete("/segments/<int:segment_id>")
@permission_required("customers.manage_customers")
def delete_segment(segment_id: int):
    segment_service.delete(_vendor_id(), segment_id)
    return "", 204


@blueprint.get("/segments/<int:segment_id>/members")
@permission_required("customers.view_customers")
def segment_members(segment_id: int):
    """The segment's members right now (evaluated live), ?page, ?per_page."""
    page = segment_service.members(
        _vendor_id(),
        segment_id,
        page=request.args.get("page", 1, type=int),
        per_page=request.args.get("per_page", 20, type=int),
    )
    return jsonify(page_out(page, customer_out))
