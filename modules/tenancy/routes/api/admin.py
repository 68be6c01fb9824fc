"""Admin API of tenancy: /api/v1/admin/tenancy/…"""

from __future__ import annotations

from flask import Blueprint, g, jsonify, request
from flask_login import current_user

from wizamart.errors import PermissionDenied
from wizamart.forms import parse
from wizamart.security import permission_required

from ...schemas import (
    CompanyIn,
    PlatformIn,
    ReasonRequired,
    StatusChange,
    UserIn,
    UserUpdate,
    VendorIn,
    VendorUpdate,
)
from ...schemas.output import company_out, page_out, platform_out, user_out, vendor_out
from ...services import access_service, company_service, platform_service, user_service, vendor_service

blueprint = Blueprint("tenancy_admin_api", __name__)


def scope() -> set[int] | None:
    return access_service.admin_platform_ids(current_user)


def body(schema):
    return parse(schema, request.get_json(silent=True))


def listing() -> dict:
    return {
        "q": request.args.get("q", "").strip(),
        "page": request.args.get("page", 1, type=int),
        "per_page": request.args.get("per_page", 20, type=int),
    }


def super_admin_only() -> None:
    if scope() is not None:
        raise PermissionDenied("tenancy.errors.super_admin_platforms")


# ------------------------------------------------------------------ platforms


@blueprint.get("/platforms")
@permission_required("tenancy.manage_platforms")
def list_platforms():
    page = platform_service.search(status=request.args.get("status", ""), only_ids=scope(), **listing())
    return jsonify(page_out(page, platform_out))


@blueprint.post("/platforms")
@permission_required("tenancy.manage_platforms")
def create_platform():
    super_admin_only()
    return jsonify(platform_out(platform_service.create(body(PlatformIn)))), 201


@blueprint.get("/platforms/<int:platform_id>")
@permission_required("tenancy.manage_platforms")
def get_platform(platform_id: int):
    if not access_service.admin_may_manage(current_user, platform_id):
        raise PermissionDenied("tenancy.errors.not_your_platform")
    return jsonify(platform_out(platform_service.get(platform_id)))


@blueprint.put("/platforms/<int:platform_id>")
@permission_required("tenancy.manage_platforms")
def update_platform(platform_id: int):
    if not access_service.admin_may_manage(current_user, platform_id):
        raise PermissionDenied("tenancy.errors.not_your_platform")
    return jsonify(platform_out(platform_service.update(platform_id, body(PlatformIn))))


@blueprint.post("/platforms/<int:platform_id>/suspend")
@permission_required("tenancy.manage_platforms")
def suspend_platform(platform_id: int):
    super_admin_only()
    return jsonify(platform_out(platform_service.suspend(platform_id, body(ReasonRequired).reason)))


@blueprint.post("/platforms/<int:platform_id>/reactivate")
@permission_required("tenancy.manage_platforms")
def reactivate_platform(platform_id: int):
    super_admin_only()
    return jsonify(platform_out(platform_service.reactivate(platform_id)))


# ------------------------------------------------------------------ companies


@blueprint.get("/companies")
@permission_required("tenancy.manage_vendors")
def list_companies():
    return jsonify(page_out(company_service.search(platform_ids=scope(), **listing()), company_out))


@blueprint.post("/companies")
@permission_required("tenancy.manage_vendors")
def create_company():
    data = body(CompanyIn)
    platform_id = data.platform_id or g.platform_id
    if not access_service.admin_may_manage(current_user, platform_id):
        raise PermissionDenied("tenancy.errors.not_your_platform")
    return jsonify(company_out(company_service.create(data, platform_id))), 201


@blueprint.get("/companies/<int:company_id>")
@permission_required("tenancy.manage_vendors")
def get_company(company_id: int):
    return jsonify(company_out(company_service.get(company_id, scope())))


@blueprint.put("/companies/<int:company_id>")
@permission_required("tenancy.manage_vendors")
def update_company(company_id: int):
    company_service.get(company_id, scope())  # out of scope is 404, whatever the body says
    return jsonify(company_out(company_service.update(company_id, body(CompanyIn), scope())))


# ------------------------------------------------------------------ vendors


@blueprint.get("/vendors")
@permission_required("tenancy.manage_vendors")
def list_vendors():
    page = vendor_service.search(
        status=request.args.get("status", ""),
        company_id=request.args.get("company_id", type=int),
        platform_ids=scope(),
        **listing(),
    )
    return jsonify(page_out(page, vendor_out))


@blueprint.post("/vendors")
@permission_required("tenancy.manage_vendors")
def create_vendor():
    return jsonify(vendor_out(vendor_service.create(body(VendorIn), scope()))), 201


@blueprint.get("/vendors/<int:vendor_id>")
@permission_required("tenancy.manage_vendors")
def get_vendor(vendor_id: int):
    return jsonify(vendor_out(vendor_service.get(vendor_id, scope())))


@blueprint.put("/vendors/<int:vendor_id>")
@permission_required("tenancy.manage_vendors")
def update_vendor(vendor_id: int):
    vendor_service.get(vendor_id, scope())
    return jsonify(vendor_out(vendor_service.update(vendor_id, body(VendorUpdate), scope())))


@blueprint.post("/vendors/<int:vendor_id>/<any(activate, suspend, reject):action>")
@permission_required("tenancy.manage_vendors")
def change_vendor_status(vendor_id: int, action: str):
    vendor_service.get(vendor_id, scope())
    reason = parse(StatusChange, request.get_json(silent=True) or {}).reason
    return jsonify(vendor_out(vendor_service.change_status(vendor_id, action, reason, scope())))


# ------------------------------------------------------------------ users


@blueprint.get("/users")
@permission_required("tenancy.manage_users")
def list_users():
    page = user_service.search(kind=request.args.get("kind", ""), platform_ids=scope(), **listing())
    return jsonify(page_out(page, user_out))


@blueprint.post("/users")
@permission_required("tenancy.manage_users")
def create_user():
    return jsonify(user_out(user_service.create(body(UserIn), scope()))), 201


@blueprint.get("/users/<int:user_id>")
@permission_required("tenancy.manage_users")
def get_user(user_id: int):
    return jsonify(user_out(user_service.get(user_id, scope())))


@blueprint.put("/users/<int:user_id>")
@permission_required("tenancy.manage_users")
def update_user(user_id: int):
    user_service.get(user_id, scope())
    return jsonify(user_out(user_service.update(user_id, body(UserUpdate), scope(), current_user.id)))
