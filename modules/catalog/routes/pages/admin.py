"""Admin pages of the catalog, under /admin/catalog: products of the shops on the admin's
platforms, read-only, filtered by shop."""

from __future__ import annotations

from flask import Blueprint, render_template, request
from flask_login import current_user

from wizamart import t
from wizamart.security import permission_required

from ...services import admin_service, product_service
from .vendor import STATUS_LABELS, status_options

blueprint = Blueprint("catalog_admin_pages", __name__)


@blueprint.get("/catalog/products")
@permission_required("catalog.view_products")
def products():
    from modules.tenancy.services import access_service

    vendors = admin_service.vendors_in_scope(access_service.admin_platform_ids(current_user))
    page = admin_service.search(
        [v.id for v in vendors],
        vendor_id=request.args.get("vendor_id", type=int),
        q=request.args.get("q", ""),
        status=request.args.get("status", ""),
        page=request.args.get("page", 1, type=int),
    )
    return render_template(
        "catalog/admin/products.html",
        page=page,
        vendor_names={v.id: v.name for v in vendors},
        title_of=product_service.title_of,
        status_labels=STATUS_LABELS,
        filters=[
            ("vendor_id", t("catalog.field.shop"), [(v.id, v.name) for v in vendors]),
            ("status", t("catalog.field.status"), status_options(with_archived=True)),
        ],
    )
