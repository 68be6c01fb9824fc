"""Admin API of the catalog: /api/v1/admin/catalog/… — products of the shops on the admin's
platforms, read-only."""

from __future__ import annotations

from flask import Blueprint, jsonify, request
from flask_login import current_user

from wizamart.security import permission_required

from ...schemas import product_out
from ...services import admin_service


def scope_vendor_ids() -> list[int]:
    from modules.tenancy.services import access_service

    return [v.id for v in admin_service.vendors_in_scope(access_service.admin_platform_ids(current_user))]


blueprint = Blueprint("catalog_admin_api", __name__)


@blueprint.get("/products")
@permission_required("catalog.view_products")
def products():
    """?vendor_id=, ?q= (title or SKU), ?status=, ?page=, ?per_page=."""
    page = admin_service.search(
        scope_vendor_ids(),
        vendor_id=request.args.get("vendor_id", type=int),
        q=request.args.get("q", ""),
        status=request.args.get("status", ""),
        page=request.args.get("page", 1, type=int),
        per_page=request.args.get("per_page", 20, type=int),
    )
    return jsonify(items=[product_out(p) for p in page.items], meta=page.meta())
