"""Admin pages of tenancy, under /admin: sign-in, platforms, companies, vendors, users."""

from __future__ import annotations

from flask import Blueprint, flash, g, redirect, render_template, request, url_for
from flask_login import current_user

from wizamart import t
from wizamart.forms import parse_form, run_form_action
from wizamart.security import permission_required, public

from ...auth_routes import forgot_password_page, login_page, logout_page, reset_password_page
from ...exceptions import NotAllowed
from ...models import PlatformStatus, VendorStatus
from ...schemas import CompanyIn, PlatformIn, ReasonRequired, UserIn, UserUpdate, VendorIn, VendorUpdate
from ...services import (
    access_service,
    company_service,
    module_catalog_service,
    platform_service,
    user_service,
    vendor_service,
)

blueprint = Blueprint("tenancy_admin_pages", __name__)


def scope() -> set[int] | None:
    """The platforms the signed-in admin manages (``None``: all)."""
    return access_service.admin_platform_ids(current_user)


def listing_args() -> dict:
    return {
        "q": request.args.get("q", "").strip(),
        "page": request.args.get("page", 1, type=int),
        "per_page": request.args.get("per_page", 20, type=int),
    }


def options(statuses) -> list[tuple[str, str]]:
    return [(s.value, t(f"tenancy.status.{s.value}")) for s in statuses]


def form_page(template: str, errors: dict, **context):
    return render_template(template, errors=errors, **context), (422 if errors else 200)


# ------------------------------------------------------------------ sign-in


@blueprint.route("/login", methods=["GET", "POST"])
@public
def login():
    return login_page("admin", default_next=url_for("core.admin_pages.dashboard"))


@blueprint.post("/logout")
@public
def logout():
    return logout_page("admin")


@blueprint.route("/password/forgot", methods=["GET", "POST"])
@public
def forgot_password():
    return forgot_password_page("admin")


@blueprint.route("/password/reset/<token>", methods=["GET", "POST"])
@public
def reset_password(token: str):
    return reset_password_page("admin", token)


# ------------------------------------------------------------------ platforms


@blueprint.get("/platforms")
@permission_required("tenancy.manage_platforms")
def platforms():
    page = platform_service.search(status=request.args.get("status", ""), only_ids=scope(), **listing_args())
    return render_template("tenancy/admin/platforms.html", page=page, status_options=options(PlatformStatus))


@blueprint.route("/platforms/new", methods=["GET", "POST"])
@permission_required("tenancy.manage_platforms")
def platform_new():
    errors = {}
    if request.method == "POST":
        if scope() is not None:
            errors = {"__root__": t("tenancy.errors.super_admin_only")}
        else:
            platform, errors = run_form_action(
                lambda: platform_service.create(parse_form(PlatformIn, request.form))
            )
            if platform:
                flash(t("tenancy.flash.saved", name=platform.name), "success")
                return redirect(url_for(".platforms"))
    return form_page("tenancy/admin/platform_form.html", errors, platform=None, values=request.form)


@blueprint.route("/platforms/<int:platform_id>", methods=["GET", "POST"])
@permission_required("tenancy.manage_platforms")
def platform_edit(platform_id: int):
    platform = _managed_platform(platform_id)
    errors, values = {}, request.form
    if request.method == "POST":
        saved, errors = run_form_action(
            lambda: platform_service.update(platform_id, parse_form(PlatformIn, request.form))
        )
        if saved:
            flash(t("tenancy.flash.saved", name=saved.name), "success")
            return redirect(url_for(".platforms"))
    else:
        values = {
            "code": platform.code,
            "name": platform.name,
            "domains": " ".join(platform.domain_names),
            "default_language": platform.default_language,
            "currency": platform.currency,
        }
    return form_page("tenancy/admin/platform_form.html", errors, platform=platform, values=values)


@blueprint.post("/platforms/<int:platform_id>/status")
@permission_required("tenancy.manage_platforms")
def platform_status(platform_id: int):
    _managed_platform(platform_id)
    if scope() is not None:
        flash(t("tenancy.errors.super_admin_only"), "error")
        return redirect(url_for(".platforms"))
    if request.form.get("action") == "suspend":
        _, errors = run_form_action(
            lambda: platform_service.suspend(platform_id, parse_form(ReasonRequired, request.form).reason)
        )
    else:
        _, errors = run_form_action(lambda: platform_service.reactivate(platform_id))
    _flash_outcome(errors)
    return redirect(url_for(".platform_edit", platform_id=platform_id))


# ------------------------------------------------------------------ modules per platform


@blueprint.get("/modules")
@permission_required("tenancy.manage_modules")
def modules_home():
    """The module page of the platform this admin is on."""
    return redirect(url_for(".platform_modules", platform_id=g.platform_id))


@blueprint.get("/platforms/<int:platform_id>/modules")
@permission_required("tenancy.manage_modules")
def platform_modules(platform_id: int):
    platform = _managed_platform(platform_id)
    return render_template(
        "tenancy/admin/modules.html",
        platform=platform,
        tiers=module_catalog_service.by_tier(platform.id),
        history=module_catalog_service.history(platform.id),
        plan=None,
    )


@blueprint.post("/platforms/<int:platform_id>/modules/<code>")
@permission_required("tenancy.manage_modules")
def change_module(platform_id: int, code: str):
    """First a preview of the cascade; applied only when the form says ``confirm``."""
    platform = _managed_platform(platform_id)
    action = request.form.get("action", "")
    if request.form.get("confirm") == "yes":
        changed, errors = run_form_action(
            lambda: module_catalog_service.apply(platform.id, code, action, current_user.id)
        )
        if errors:
            flash(next(iter(errors.values())), "error")
        else:
            flash(t(f"tenancy.modules.{action}d", modules=", ".join(changed)), "success")
        return redirect(url_for(".platform_modules", platform_id=platform.id))
    plan, errors = run_form_action(lambda: module_catalog_service.preview(platform.id, code, action))
    if errors:
        flash(next(iter(errors.values())), "error")
        return redirect(url_for(".platform_modules", platform_id=platform.id))
    return render_template(
        "tenancy/admin/modules.html",
        platform=platform,
        tiers=module_catalog_service.by_tier(platform.id),
        history=module_catalog_service.history(platform.id),
        plan=plan,
    )


def _managed_platform(platform_id: int):
    platform = platform_service.get(platform_id)
    if not access_service.admin_may_manage(current_user, platform.id):
        raise NotAllowed("tenancy.errors.not_your_platform")
    return platform


# ------------------------------------------------------------------ companies


@blueprint.get("/companies")
@permission_required("tenancy.manage_vendors")
def companies():
    page = company_service.search(platform_ids=scope(), **listing_args())
    return render_template("tenancy/admin/companies.html", page=page)


@blueprint.route("/companies/new", methods=["GET", "POST"])
@permission_required("tenancy.manage_vendors")
def company_new():
    errors = {}
    if request.method == "POST":
        company, errors = run_form_action(
            lambda: company_service.create(parse_form(CompanyIn, request.form), g.platform_id)
        )
        if company:
            flash(t("tenancy.flash.saved", name=company.legal_name), "success")
            return redirect(url_for(".companies"))
    return form_page("tenancy/admin/company_form.html", errors, company=None, values=request.form)


@blueprint.route("/companies/<int:company_id>", methods=["GET", "POST"])
@permission_required("tenancy.manage_vendors")
def company_edit(company_id: int):
    company = company_service.get(company_id, scope())
    errors, values = {}, request.form
    if request.method == "POST":
        saved, errors = run_form_action(
            lambda: company_service.update(company_id, parse_form(CompanyIn, request.form), scope())
        )
        if saved:
            flash(t("tenancy.flash.saved", name=saved.legal_name), "success")
            return redirect(url_for(".companies"))
    else:
        values = {
            field: getattr(company, field) for field in CompanyIn.model_fields if field != "platform_id"
        }
    vendors = vendor_service.search(company_id=company.id, platform_ids=scope(), per_page=100).items
    return form_page(
        "tenancy/admin/company_form.html", errors, company=company, values=values, vendors=vendors
    )


# ------------------------------------------------------------------ vendors


@blueprint.get("/vendors")
@permission_required("tenancy.manage_vendors")
def vendors():
    page = vendor_service.search(
        status=request.args.get("status", ""), platform_ids=scope(), **listing_args()
    )
    return render_template("tenancy/admin/vendors.html", page=page, status_options=options(VendorStatus))


@blueprint.route("/vendors/new", methods=["GET", "POST"])
@permission_required("tenancy.manage_vendors")
def vendor_new():
    errors = {}
    if request.method == "POST":
        vendor, errors = run_form_action(
            lambda: vendor_service.create(parse_form(VendorIn, request.form), scope())
        )
        if vendor:
            flash(t("tenancy.flash.saved", name=vendor.name), "success")
            return redirect(url_for(".vendor_edit", vendor_id=vendor.id))
    values = request.form if request.method == "POST" else {"company_id": request.args.get("company_id", "")}
    return form_page(
        "tenancy/admin/vendor_form.html",
        errors,
        vendor=None,
        values=values,
        company_options=[(c.id, c.legal_name) for c in company_service.choices(g.platform_id)],
    )


@blueprint.route("/vendors/<int:vendor_id>", methods=["GET", "POST"])
@permission_required("tenancy.manage_vendors")
def vendor_edit(vendor_id: int):
    vendor = vendor_service.get(vendor_id, scope())
    errors, values = {}, request.form
    if request.method == "POST":
        saved, errors = run_form_action(
            lambda: vendor_service.update(vendor_id, parse_form(VendorUpdate, request.form), scope())
        )
        if saved:
            flash(t("tenancy.flash.saved", name=saved.name), "success")
            return redirect(url_for(".vendors"))
    else:
        values = {
            "name": vendor.name,
            "default_language": vendor.default_language,
            "custom_domain": vendor.custom_domain or "",
        }
    return form_page(
        "tenancy/admin/vendor_form.html", errors, vendor=vendor, values=values, company_options=[]
    )


@blueprint.post("/vendors/<int:vendor_id>/status")
@permission_required("tenancy.manage_vendors")
def vendor_status(vendor_id: int):
    vendor_service.get(vendor_id, scope())  # another platform's vendor is a 404, not a flash
    action, reason = request.form.get("action", ""), request.form.get("reason", "")
    _, errors = run_form_action(lambda: vendor_service.change_status(vendor_id, action, reason, scope()))
    _flash_outcome(errors)
    return redirect(url_for(".vendor_edit", vendor_id=vendor_id))


# ------------------------------------------------------------------ users


@blueprint.get("/users")
@permission_required("tenancy.manage_users")
def users():
    page = user_service.search(kind=request.args.get("kind", ""), platform_ids=scope(), **listing_args())
    return render_template("tenancy/admin/users.html", page=page)


@blueprint.route("/users/new", methods=["GET", "POST"])
@permission_required("tenancy.manage_users")
def user_new():
    errors = {}
    if request.method == "POST":
        user, errors = run_form_action(lambda: user_service.create(parse_form(UserIn, request.form), scope()))
        if user:
            flash(t("tenancy.flash.saved", name=user.email), "success")
            return redirect(url_for(".users"))
    return form_page(
        "tenancy/admin/user_form.html", errors, user=None, values=request.form, platforms=_platform_choices()
    )


@blueprint.route("/users/<int:user_id>", methods=["GET", "POST"])
@permission_required("tenancy.manage_users")
def user_edit(user_id: int):
    user = user_service.get(user_id, scope())
    errors, values = {}, request.form
    if request.method == "POST":
        saved, errors = run_form_action(
            lambda: user_service.update(
                user_id, parse_form(UserUpdate, request.form), scope(), current_user.id
            )
        )
        if saved:
            flash(t("tenancy.flash.saved", name=saved.email), "success")
            return redirect(url_for(".users"))
    else:
        values = {
            "name": user.name,
            "is_active": user.is_active,
            "is_super_admin": user.is_super_admin,
            "platform_ids": [pa.platform_id for pa in user.admin_platforms],
        }
    return form_page(
        "tenancy/admin/user_form.html", errors, user=user, values=values, platforms=_platform_choices()
    )


def _platform_choices() -> list[tuple[int, str]]:
    allowed = scope()
    return [(p.id, p.name) for p in platform_service.all() if allowed is None or p.id in allowed]


def _flash_outcome(errors: dict) -> None:
    if errors:
        flash(first_error(errors), "error")
    else:
        flash(t("tenancy.flash.status_changed"), "success")


def first_error(errors: dict) -> str:
    """A form's first error as a flash message, naming its field ("Reason: ...")."""
    field, message = next(iter(errors.items()))
    label = t(f"tenancy.field.{field}")
    return message if field == "__root__" or label.startswith("tenancy.") else f"{label}: {message}"
