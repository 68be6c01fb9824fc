"""Vendor pages of inventory, under /vendor/<vendor_code>/inventory: the stock overview and
low-stock list, receiving and adjusting stock, one variant's stock with its history and
settings, and the shop's stock locations."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user

from wizamart import current_vendor, t
from wizamart.forms import parse_form, run_form_action
from wizamart.security import permission_required

from ...models import AdjustmentReason, ReservationStatus
from ...schemas import AdjustmentIn, CountIn, LocationIn, ReceiptIn, SettingsIn, TransferIn
from ...services import location_service, stock_service

blueprint = Blueprint("inventory_vendor_pages", __name__)

# Labels of the enums the pages show (literal keys, so the language check finds every one).
REASON_LABELS = {
    AdjustmentReason.RECEIPT: "inventory.reason.receipt",
    AdjustmentReason.CORRECTION: "inventory.reason.correction",
    AdjustmentReason.SALE: "inventory.reason.sale",
    AdjustmentReason.RETURN: "inventory.reason.return",
    AdjustmentReason.TRANSFER: "inventory.reason.transfer",
}
STATUS_LABELS = {
    ReservationStatus.ACTIVE: "inventory.reservation.active",
    ReservationStatus.CONSUMED: "inventory.reservation.consumed",
    ReservationStatus.RELEASED: "inventory.reservation.released",
    ReservationStatus.EXPIRED: "inventory.reservation.expired",
}
# Reasons a person picks on the adjustment form (receipts have their own form, transfers two sides).
MANUAL_REASONS = (AdjustmentReason.CORRECTION, AdjustmentReason.RETURN, AdjustmentReason.SALE)


def _vendor_id() -> int:
    return current_vendor().id


def _page() -> int:
    return request.args.get("page", 1, type=int) or 1


def _location_options(active_only: bool = True) -> list[tuple[int, str]]:
    return [
        (loc.id, loc.name) for loc in location_service.list_locations(_vendor_id(), active_only=active_only)
    ]


def _first_error(errors: dict) -> str:
    return next(iter(errors.values()))


# ------------------------------------------------------------------ stock lists


@blueprint.get("/inventory/")
@permission_required("inventory.view_stock")
def overview(vendor_code: str):
    low_only = request.args.get("low") == "1"
    return render_template(
        "inventory/vendor/overview.html",
        page=stock_service.overview(_vendor_id(), request.args.get("q", ""), low_only, _page()),
        locations=location_service.list_locations(_vendor_id()),
        low_only=low_only,
        title_key="inventory.stock.title",
        active_menu="stock",
    )


@blueprint.get("/inventory/low-stock")
@permission_required("inventory.view_stock")
def low_stock(vendor_code: str):
    return render_template(
        "inventory/vendor/overview.html",
        page=stock_service.low_stock(_vendor_id(), _page()),
        locations=location_service.list_locations(_vendor_id()),
        low_only=True,
        low_list=True,
        title_key="inventory.low.title",
        active_menu="low_stock",
    )


# ------------------------------------------------------------------ receiving and adjusting


def _stock_form(template: str, errors: dict, values, status: int = 200):
    query = request.args.get("q", "")
    return render_template(
        template,
        errors=errors,
        values=values,
        locations=_location_options(),
        reasons=[(r.value, t(REASON_LABELS[r])) for r in MANUAL_REASONS],
        query=query,
        matches=stock_service.find_variants(_vendor_id(), query),
        active_menu="stock",
    ), status


@blueprint.get("/inventory/receive")
@permission_required("inventory.adjust_stock")
def receive_form(vendor_code: str):
    default = location_service.default_location(_vendor_id())
    values = {"sku": request.args.get("sku", ""), "location_id": default.id if default else ""}
    return _stock_form("inventory/vendor/receive.html", {}, values)


@blueprint.post("/inventory/receive")
@permission_required("inventory.adjust_stock")
def receive(vendor_code: str):
    data, errors = run_form_action(lambda: parse_form(ReceiptIn, request.form))
    if data:
        adjustment, errors = run_form_action(
            lambda: stock_service.record_receipt(_vendor_id(), data, current_user.id)
        )
        if adjustment:
            flash(
                t("inventory.receive.done", quantity=adjustment.delta, sku=data.sku or adjustment.variant_id),
                "success",
            )
            return redirect(url_for(".item", vendor_code=vendor_code, variant_id=adjustment.variant_id))
    return _stock_form("inventory/vendor/receive.html", errors, request.form, 422)


@blueprint.get("/inventory/adjust")
@permission_required("inventory.adjust_stock")
def adjust_form(vendor_code: str):
    default = location_service.default_location(_vendor_id())
    values = {
        "sku": request.args.get("sku", ""),
        "location_id": default.id if default else "",
        "reason": AdjustmentReason.CORRECTION.value,
    }
    return _stock_form("inventory/vendor/adjust.html", {}, values)


@blueprint.post("/inventory/adjust")
@permission_required("inventory.adjust_stock")
def adjust(vendor_code: str):
    data, errors = run_form_action(lambda: parse_form(AdjustmentIn, request.form))
    if data:
        adjustment, errors = run_form_action(
            lambda: stock_service.record_adjustment(_vendor_id(), data, current_user.id)
        )
        if adjustment:
            flash(t("inventory.adjust.done"), "success")
            return redirect(url_for(".item", vendor_code=vendor_code, variant_id=adjustment.variant_id))
    return _stock_form("inventory/vendor/adjust.html", errors, request.form, 422)


# ------------------------------------------------------------------ one variant


def _item_page(variant_id: int, errors: dict | None = None, form: str = "", values=None, status: int = 200):
    vendor = current_vendor()
    row = stock_service.stock_of(vendor.id, variant_id)
    return render_template(
        "inventory/vendor/item.html",
        row=row,
        history=stock_service.history(vendor.id, variant_id, _page()),
        reservations=stock_service.reservations(vendor.id, variant_id),
        locations=location_service.list_locations(vendor.id),
        location_options=_location_options(),
        names=stock_service.staff_names(vendor),
        reason_labels=REASON_LABELS,
        status_labels=STATUS_LABELS,
        errors=errors or {},
        form=form,
        values=values or {},
        active_menu="stock",
    ), status


@blueprint.get("/inventory/items/<int:variant_id>")
@permission_required("inventory.view_stock")
def item(vendor_code: str, variant_id: int):
    return _item_page(variant_id)


@blueprint.post("/inventory/items/<int:variant_id>/settings")
@permission_required("inventory.adjust_stock")
def item_settings(vendor_code: str, variant_id: int):
    stock_service.stock_of(_vendor_id(), variant_id)  # another shop's variant: 404 before anything
    data, errors = run_form_action(lambda: parse_form(SettingsIn, request.form))
    if data:
        _, errors = run_form_action(
            lambda: stock_service.update_settings(
                _vendor_id(), variant_id, data.track_inventory, data.low_stock_threshold
            )
        )
        if not errors:
            flash(t("inventory.item.settings_saved"), "success")
            return redirect(url_for(".item", vendor_code=vendor_code, variant_id=variant_id))
    return _item_page(variant_id, errors, "settings", request.form, 422)


@blueprint.post("/inventory/items/<int:variant_id>/count")
@permission_required("inventory.adjust_stock")
def item_count(vendor_code: str, variant_id: int):
    stock_service.stock_of(_vendor_id(), variant_id)
    data, errors = run_form_action(lambda: parse_form(CountIn, request.form))
    if data:
        _, errors = run_form_action(
            lambda: stock_service.set_on_hand(
                _vendor_id(), variant_id, data.location_id, data.on_hand, current_user.id, data.note
            )
        )
        if not errors:
            flash(t("inventory.item.counted"), "success")
            return redirect(url_for(".item", vendor_code=vendor_code, variant_id=variant_id))
    return _item_page(variant_id, errors, "count", request.form, 422)


@blueprint.post("/inventory/items/<int:variant_id>/transfer")
@permission_required("inventory.adjust_stock")
def item_transfer(vendor_code: str, variant_id: int):
    stock_service.stock_of(_vendor_id(), variant_id)
    data, errors = run_form_action(lambda: parse_form(TransferIn, request.form))
    if data:
        _, errors = run_form_action(
            lambda: stock_service.transfer(
                _vendor_id(),
                variant_id,
                data.from_location_id,
                data.to_location_id,
                data.quantity,
                current_user.id,
                data.note,
            )
        )
        if not errors:
            flash(t("inventory.item.transferred"), "success")
            return redirect(url_for(".item", vendor_code=vendor_code, variant_id=variant_id))
    return _item_page(variant_id, errors, "transfer", request.form, 422)


# ------------------------------------------------------------------ locations


def _locations_page(errors: dict | None = None, values=None, status: int = 200):
    return render_template(
        "inventory/vendor/locations.html",
        locations=location_service.list_locations(_vendor_id()),
        location=None,
        errors=errors or {},
        values=values or {},
        active_menu="locations",
    ), status


@blueprint.get("/inventory/locations")
@permission_required("inventory.manage_locations")
def locations(vendor_code: str):
    return _locations_page()


@blueprint.post("/inventory/locations")
@permission_required("inventory.manage_locations")
def create_location(vendor_code: str):
    data, errors = run_form_action(lambda: parse_form(LocationIn, request.form))
    if data:
        created, errors = run_form_action(lambda: location_service.create(_vendor_id(), data))
        if created:
            flash(t("inventory.location.created", name=created.name), "success")
            return redirect(url_for(".locations", vendor_code=vendor_code))
    return _locations_page(errors, request.form, 422)


@blueprint.get("/inventory/locations/<int:location_id>")
@permission_required("inventory.manage_locations")
def edit_location(vendor_code: str, location_id: int):
    location = location_service.get(_vendor_id(), location_id)
    return render_template(
        "inventory/vendor/location_form.html",
        location=location,
        errors={},
        values=None,
        active_menu="locations",
    )


@blueprint.post("/inventory/locations/<int:location_id>")
@permission_required("inventory.manage_locations")
def update_location(vendor_code: str, location_id: int):
    location = location_service.get(_vendor_id(), location_id)
    data, errors = run_form_action(lambda: parse_form(LocationIn, request.form))
    if data:
        saved, errors = run_form_action(
            lambda: location_service.update_location(_vendor_id(), location_id, data)
        )
        if saved:
            flash(t("inventory.location.saved", name=saved.name), "success")
            return redirect(url_for(".locations", vendor_code=vendor_code))
    location = location_service.get(_vendor_id(), location_id)
    return render_template(
        "inventory/vendor/location_form.html",
        location=location,
        errors=errors,
        values=request.form,
        active_menu="locations",
    ), 422


@blueprint.post("/inventory/locations/<int:location_id>/delete")
@permission_required("inventory.manage_locations")
def delete_location(vendor_code: str, location_id: int):
    location_service.get(_vendor_id(), location_id)  # another shop's: 404
    _, errors = run_form_action(lambda: location_service.delete(_vendor_id(), location_id))
    flash(
        _first_error(errors) if errors else t("inventory.location.deleted"), "error" if errors else "success"
    )
    return redirect(url_for(".locations", vendor_code=vendor_code))
