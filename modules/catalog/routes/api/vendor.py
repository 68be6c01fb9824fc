"""Vendor API of the catalog: /api/v1/vendor/catalog/… (the shop from X-Vendor or the only one)."""

from __future__ import annotations

from flask import Blueprint, Response, jsonify, request
from flask_login import current_user

from wizamart import current_vendor
from wizamart.forms import parse
from wizamart.i18n import error_text
from wizamart.security import permission_required

from ...exceptions import InvalidImport
from ...schemas import BulkEditIn, CategoryIn, ProductIn, category_out, product_out
from ...services import category_service, import_service, product_service

blueprint = Blueprint("catalog_vendor_api", __name__)


def _product_json(product, status: int = 200):
    media = product_service.media_views(product.vendor_id, [product])
    return jsonify(product_out(product, media)), status


# ------------------------------------------------------------------ products


@blueprint.get("/products")
@permission_required("catalog.view_products")
def products():
    """The shop's products: ?q= (title or SKU), ?status=, ?category_id=, ?brand=, ?page=, ?per_page=."""
    vendor = current_vendor()
    page = product_service.search(
        vendor.id,
        q=request.args.get("q", ""),
        status=request.args.get("status", ""),
        category_id=request.args.get("category_id", type=int),
        brand=request.args.get("brand", ""),
        page=request.args.get("page", 1, type=int),
        per_page=request.args.get("per_page", 20, type=int),
    )
    media = product_service.media_views(vendor.id, page.items)
    return jsonify(items=[product_out(p, media) for p in page.items], meta=page.meta())


@blueprint.post("/products")
@permission_required("catalog.manage_products")
def create_product():
    data = parse(ProductIn, request.get_json(silent=True))
    return _product_json(product_service.create(current_vendor(), data, user_id=current_user.id), 201)


@blueprint.get("/products/<int:product_id>")
@permission_required("catalog.view_products")
def product(product_id: int):
    return _product_json(product_service.get(current_vendor().id, product_id))


@blueprint.put("/products/<int:product_id>")
@permission_required("catalog.manage_products")
def update_product(product_id: int):
    vendor = current_vendor()
    product_service.get(vendor.id, product_id)  # another shop's id: 404 before the body is read
    data = parse(ProductIn, request.get_json(silent=True))
    return _product_json(product_service.update(vendor, product_id, data, user_id=current_user.id))


@blueprint.post("/products/<int:product_id>/archive")
@permission_required("catalog.manage_products")
def archive_product(product_id: int):
    return _product_json(product_service.archive(current_vendor().id, product_id))


@blueprint.post("/products/<int:product_id>/restore")
@permission_required("catalog.manage_products")
def restore_product(product_id: int):
    return _product_json(product_service.restore(current_vendor().id, product_id))


@blueprint.post("/products/bulk")
@permission_required("catalog.manage_products")
def bulk_edit():
    """``{"product_ids": [...], "action": "set_status|set_category|change_price|set_vat|archive|restore",
    "status"|"category_id"|"percent"|"vat_rate": ...}``"""
    data = parse(BulkEditIn, request.get_json(silent=True))
    return jsonify(changed=product_service.bulk_edit(current_vendor().id, data))


@blueprint.get("/variants")
@permission_required("catalog.view_products")
def variants():
    """Variants for pickers: ?q= (SKU prefix or title), ?limit= (at most 100)."""
    found = product_service.search_variants(
        current_vendor().id, request.args.get("q", ""), request.args.get("limit", 20, type=int)
    )
    return jsonify(items=[v.to_dict() for v in found])


# ------------------------------------------------------------------ categories


@blueprint.get("/categories")
@permission_required("catalog.view_products")
def categories():
    return jsonify(items=[category_out(c) for c in category_service.all_of(current_vendor().id)])


@blueprint.post("/categories")
@permission_required("catalog.manage_products")
def create_category():
    data = parse(CategoryIn, request.get_json(silent=True))
    return jsonify(category_out(category_service.create(current_vendor(), data))), 201


@blueprint.get("/categories/<int:category_id>")
@permission_required("catalog.view_products")
def category(category_id: int):
    return jsonify(category_out(category_service.get(current_vendor().id, category_id)))


@blueprint.put("/categories/<int:category_id>")
@permission_required("catalog.manage_products")
def update_category(category_id: int):
    vendor = current_vendor()
    category_service.get(vendor.id, category_id)
    data = parse(CategoryIn, request.get_json(silent=True))
    return jsonify(category_out(category_service.update(vendor, category_id, data)))


@blueprint.delete("/categories/<int:category_id>")
@permission_required("catalog.manage_products")
def delete_category(category_id: int):
    category_service.delete(current_vendor().id, category_id)
    return "", 204


# ------------------------------------------------------------------ CSV


@blueprint.post("/import")
@permission_required("catalog.import_products")
def import_products():
    """Multipart ``file`` (CSV) and ``skip_invalid`` (1/0). 202 with the job (finished already
    when tasks run eagerly); 422 listing the rows by line and column when nothing was imported."""
    vendor = current_vendor()
    skip = request.form.get("skip_invalid", "").lower() in ("1", "true", "yes", "on")
    job = import_service.start_import(vendor, request.files.get("file"), skip, user_id=current_user.id)
    body = import_service.job_out(job)
    if job.status == "failed":
        exc = InvalidImport(body["errors"])
        error = {"code": exc.error_code, "message": error_text(exc), "details": {"rows": body["errors"]}}
        error["details"]["fields"] = {"file": error_text(exc)}
        return jsonify(error=error, job=body), 422
    return jsonify(body), 202


@blueprint.get("/import/<int:job_id>")
@permission_required("catalog.import_products")
def import_job(job_id: int):
    return jsonify(import_service.job_out(import_service.get_job(current_vendor().id, job_id)))


@blueprint.get("/export")
@permission_required("catalog.import_products")
def export_products():
    vendor = current_vendor()
    return Response(
        import_service.export_csv(vendor.id),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{vendor.code}-products.csv"'},
    )
