"""Vendor pages of the core module, under /vendor/<vendor_code>: dashboard, settings, profile."""

from flask import Blueprint, render_template, url_for

from wizamart import current_vendor
from wizamart.modules.definition import FrontendType
from wizamart.security import permission_required

from ...profile_views import profile_page, settings_page
from ...services import dashboard_service

blueprint = Blueprint("core_vendor_pages", __name__)


@blueprint.get("/")
def dashboard(vendor_code: str):
    return render_template(
        "core/vendor/dashboard.html", widgets=dashboard_service.widgets(FrontendType.VENDOR)
    )


@blueprint.route("/settings", methods=["GET", "POST"])
@permission_required("core.manage_vendor_settings")
def settings(vendor_code: str):
    return settings_page(
        "vendor",
        current_vendor().id,
        url_for(".settings", vendor_code=vendor_code),
        "core/vendor/settings.html",
    )


@blueprint.route("/profile", methods=["GET", "POST"])
def profile(vendor_code: str):
    return profile_page("vendor", url_for(".profile", vendor_code=vendor_code))
