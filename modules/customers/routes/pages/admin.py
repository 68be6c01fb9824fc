"""Admin page of customers: the customers of every shop on the admin's platforms (read-only)."""

from __future__ import annotations

from flask import Blueprint, render_template, request
from flask_login import current_user

from modules.tenancy.services import access_service
from wizamart import t
from wizamart.security import permission_required

from ...services import customer_service

blueprint = Blueprint("customers_admin_pages", __name__)


@blueprint.get("/customers")
@permission_required("customers.view_customers")
def customers():
    kinds = [
        ("registered", t("customers.kind.registered")),
        ("guest", t("customers.kind.guest")),
        ("anonymised", t("customers.kind.anonymised")),
    ]
    kind = request.args.get("kind", "")
    page = customer_service.search_all(
        access_service.admin_platform_ids(current_user),
        q=request.args.get("q", ""),
        kind=kind if kind in dict(kinds) else "",
        page=request.args.get("page", 1, type=int),
    )
    return render_template("customers/admin/customers.html", page=page, kinds=kinds)
