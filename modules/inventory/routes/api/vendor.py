"""Vendor API of inventory: /api/v1/vendor/inventory/… (the shop from X-Vendor or the only one)."""

from __future__ import annotations

from flask import Blueprint, jsonify, request
from flask_login import current_user

from wizamart import current_vendor
from wizamart.forms import parse
from wizamart.security import permission_required

from ...models import ReservationStatus
from ...output import adjustment_out, location_out, reservation_out, stock_out
from ...schemas import AdjustmentIn, CountIn, LocationIn, ReceiptIn, ReservationQuery, SettingsIn, TransferIn
from ...services import location_service, stock_service

blueprint = Blueprint("inventory_vendor_api", __name__)


def _vendor_id() -> int:
    return current_vendor().id


def _page_args() -> tuple[int, int]:
    page = request.args.get("page", 1, type=int) or 1
    per_page = request.args.get("per_page", 20, type=int) or 20
    return page, per_page


def _stock_page(found):
    return jsonify(items=[stock_out(row) for row in found.items], meta=found.meta())


# ------------------------------------------------------------------ stock


@blueprint.get("/stock")
@permission_required("inventory.view_stock")
def stock():
    """The shop's stock: ``?q=`` (SKU or title), ``?low=1`` (low stock only), ``?page``, ``?per_page``."""
    page, per_page = _page_args()
    return _stock_page(
        stock_service.overview(
            _vendor_id(), request.args.get("q", ""), request.args.get("low") in ("1", "true"), page, per_page
        )
    )


@blueprint.get("/low-stock")
@permission_required("inventory.view_stock")
def low_stock():
    page, per_page = _page_args()
    return _stock_page(stock_service.low_stock(_vendor_id(), page, per_page))


@blueprint.get("/availability")
@permission_required("inventory.view_stock")
def availability():
    """``?variant_id=1&variant_id=2`` -> ``{"1": 4, "2": null}`` (null: not tracked)."""
    ids = request.args.getlist("variant_id", type=int)[:500]
    return jsonify({str(k): v for k, v in stock_service.available(_vendor_id(), ids).items()})


@blueprint.get("/variants")
@permission_required("inventory.view_stock")
def variants():
    """Variants for a picker: ``?q=`` SKU prefix or title."""
    found = stock_service.find_variants(_vendor_id(), request.args.get("q", ""))
    return jsonify(items=[v.to_dict() for v in found])


@blueprint.get("/stock/<int:variant_id>")
@permission_required("inventory.view_stock")
def stock_of(variant_id: int):
    return jsonify(stock_out(stock_service.stock_of(_vendor_id(), variant_id)))


@blueprint.get("/stock/<int:variant_id>/adjustments")
@permission_required("inventory.view_stock")
def history(variant_id: int):
    page, per_page = _page_args()
    found = stock_service.history(_vendor_id(), variant_id, page, per_page)
    names = stock_service.staff_names(current_vendor())
    return jsonify(items=[adjustment_out(a, names) for a in found.items], meta=found.meta())


@blueprint.put("/stock/<int:variant_id>/settings")
@permission_required("inventory.adjust_stock")
def settings(variant_id: int):
    data = parse(SettingsIn, request.get_json(silent=True))
    stock_service.update_settings(_vendor_id(), variant_id, data.track_inventory, data.low_stock_threshold)
    return jsonify(stock_out(stock_service.stock_of(_vendor_id(), variant_id)))


@blueprint.post("/stock/<int:variant_id>/count")
@permission_required("inventory.adjust_stock")
def count(variant_id: int):
    """A count at one location: ``{"location_id", "on_hand", "note"}``; the difference is a correction."""
    data = parse(CountIn, request.get_json(silent=True))
    adjustment = stock_service.set_on_hand(
        _vendor_id(), variant_id, data.location_id, data.on_hand, current_user.id, data.note
    )
    return jsonify(adjustment=adjustment_out(adjustment) if adjustment else None), 201 if adjustment else 200


@blueprint.post("/stock/<int:variant_id>/transfer")
@permission_required("inventory.adjust_stock")
def transfer(variant_id: int):
    data = parse(TransferIn, request.get_json(silent=True))
    out, into = stock_service.transfer(
        _vendor_id(),
        variant_id,
        data.from_location_id,
        data.to_location_id,
        data.quantity,
        current_user.id,
        data.note,
    )
    return jsonify(adjustments=[adjustment_out(out), adjustment_out(into)]), 201


@blueprint.post("/receipts")
@permission_required("inventory.adjust_stock")
def receive():
    """Goods in: ``{"variant_id" or "sku", "location_id", "quantity", "note"}``."""
    data = parse(ReceiptIn, request.get_json(silent=True))
    return jsonify(adjustment_out(stock_service.record_receipt(_vendor_id(), data, current_user.id))), 201


@blueprint.post("/adjustments")
@permission_required("inventory.adjust_stock")
def adjust():
    """A change with a reason: ``{"variant_id" or "sku", "location_id", "delta", "reason", "note"}``."""
    data = parse(AdjustmentIn, request.get_json(silent=True))
    return jsonify(adjustment_out(stock_service.record_adjustment(_vendor_id(), data, current_user.id))), 201


@blueprint.get("/reservations")
@permission_required("inventory.view_stock")
def reservations():
    """``?variant_id=``, ``?status=active|consumed|released|expired|all`` (default active)."""
    query = parse(ReservationQuery, request.args.to_dict())
    chosen = None if query.status == "all" else ReservationStatus(query.status)
    found = stock_service.reservations(_vendor_id(), query.variant_id, chosen)
    return jsonify(items=[reservation_out(r) for r in found])


# ------------------------------------------------------------------ locations


@blueprint.get("/locations")
@permission_required("inventory.view_stock")
def locations():
    return jsonify(items=[location_out(loc) for loc in location_service.list_locations(_vendor_id())])


@blueprint.post("/locations")
@permission_required("inventory.manage_locations")
def create_location():
    data = parse(LocationIn, request.get_json(silent=True))
    return jsonify(location_out(location_service.create(_vendor_id(), data))), 201


@blueprint.get("/locations/<int:location_id>")
@permission_required("inventory.view_stock")
def location(location_id: int):
    return jsonify(location_out(location_service.get(_vendor_id(), location_id)))


@blueprint.put("/locations/<int:location_id>")
@permission_required("inventory.manage_locations")
def update_location(location_id: int):
    data = parse(LocationIn, request.get_json(silent=True))
    return jsonify(location_out(location_service.update_location(_vendor_id(), location_id, data)))


@blueprint.delete("/locations/<int:location_id>")
@permission_required("inventory.manage_locations")
def delete_location(location_id: int):
    location_service.delete(_vendor_id(), location_id)
    return "", 204
