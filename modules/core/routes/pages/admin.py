"""Admin pages of the core module, mounted under /admin."""

from flask import Blueprint, g, render_template

from ...services import overview_service

blueprint = Blueprint("core_admin_pages", __name__)


@blueprint.get("/")
def dashboard():
    modules = overview_service.module_summaries(g.platform_id)
    return render_template("core/admin/dashboard.html", modules=modules)
