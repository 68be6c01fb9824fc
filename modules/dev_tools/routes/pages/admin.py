"""Admin pages of dev-tools, under /admin/dev-tools/."""

from flask import Blueprint, render_template, request

from wizamart.pagination import Page
from wizamart.security import permission_required

from ...services import icon_service

blueprint = Blueprint("dev_tools_admin_pages", __name__)


@blueprint.get("/dev-tools/components")
@permission_required("dev-tools.use")
def components():
    """Every shared macro, rendered with sample data and its per-field errors."""
    sample_errors = {"email": "is not a valid e-mail address"} if request.args.get("errors") else {}
    sample_page = Page(items=["a", "b"], total=45, page=2, per_page=20)
    return render_template(
        "dev_tools/admin/components.html", sample_errors=sample_errors, sample_page=sample_page
    )


@blueprint.get("/dev-tools/icons")
@permission_required("dev-tools.use")
def icons():
    return render_template("dev_tools/admin/icons.html", icons=icon_service.icon_names())
