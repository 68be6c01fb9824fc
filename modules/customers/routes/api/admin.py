"""Admin API of customers: /api/v1/admin/customers/… — read-only, the shops of the admin's platforms."""

from __future__ import annotations

from flask import Blueprint, jsonify, request
from flask_login import current_user

from modules.tenancy.services import access_service
from wizamart.security import permission_required

from ...schemas.output import customer_out
from ...services import customer_service

blueprint = Blueprint("customers_admin_api", __name__)


@blueprint.get("/customers")
@permission_required("customers.view_customers")
def list_customers():
    """Customers of every shop on the admin's platforms: ?q, ?kind, ?page, ?per_page."""
    page = customer_service.search_all(
        access_service.admin_platform_ids(current_user),
        q=request.args.get("q", ""),
        kind=request.args.get("kind", ""),
        page=request.args.get("page", 1, type=int),
        per_page=request.args.get("per_page", 20, type=int),
    )
    items = [{**customer_out(customer), "vendor_name": shop} for customer, shop in page.items]
    return jsonify(items=items, **page.meta())
