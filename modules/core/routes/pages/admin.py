"""Admin pages of the core module, under /admin: dashboard, platform settings, profile."""

from flask import Blueprint, g, render_template, url_for

from wizamart.modules.definition import FrontendType
from wizamart.security import permission_required

from ...profile_views import profile_page, settings_page
from ...services import dashboard_service, overview_service

blueprint = Blueprint("core_admin_pages", __name__)


@blueprint.get("/")
@permission_required("core.view_dashboard")
def dashboard():
    return render_template(
        "core/admin/dashboard.html",
        widgets=dashboard_service.widgets(FrontendType.ADMIN),
        modules=overview_service.module_summaries(g.platform_id),
    )


@blueprint.route("/settings", methods=["GET", "POST"])
@permission_required("core.manage_settings")
def settings():
    return settings_page("platform", g.platform_id, url_for(".settings"), "core/admin/settings.html")


@blueprint.route("/profile", methods=["GET", "POST"])
def profile():
    return profile_page("admin", url_for(".profile"))
