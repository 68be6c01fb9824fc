"""Admin pages of the cms, under /admin/cms: the platform's own content pages."""

from __future__ import annotations

from flask import Blueprint, flash, g, redirect, render_template, request, url_for

from wizamart import t
from wizamart.forms import parse_form, run_form_action
from wizamart.security import permission_required

from ...schemas import PageIn
from ...services import page_service
from .shared import kind_options, page_rows

blueprint = Blueprint("cms_admin_pages", __name__)


def _owner():
    return page_service.platform(g.platform_id)


def _form(errors: dict, **context):
    return (
        render_template("cms/admin/page_form.html", errors=errors, kinds=kind_options(), **context),
        422 if errors else 200,
    )


@blueprint.get("/cms/pages")
@permission_required("cms.manage_pages")
def pages():
    result = page_service.search(
        _owner(), q=request.args.get("q", "").strip(), page=request.args.get("page", 1, type=int)
    )
    return render_template("cms/admin/pages.html", page=result, rows=page_rows(result.items))


@blueprint.route("/cms/pages/new", methods=["GET", "POST"])
@permission_required("cms.manage_pages")
def page_new():
    errors, values = {}, request.form if request.method == "POST" else {"kind": "page"}
    if request.method == "POST":
        saved, errors = run_form_action(
            lambda: page_service.create(_owner(), parse_form(PageIn, request.form))
        )
        if saved:
            flash(t("cms.flash.page_saved", slug=saved.slug), "success")
            return redirect(url_for(".pages"))
    return _form(errors, record=None, values=values)


@blueprint.route("/cms/pages/<int:page_id>", methods=["GET", "POST"])
@permission_required("cms.manage_pages")
def page_edit(page_id: int):
    owner = _owner()
    record = page_service.get(owner, page_id)
    errors, values = {}, request.form
    if request.method == "POST":
        saved, errors = run_form_action(
            lambda: page_service.update(owner, page_id, parse_form(PageIn, request.form))
        )
        if saved:
            flash(t("cms.flash.page_saved", slug=saved.slug), "success")
            return redirect(url_for(".pages"))
        record = page_service.get(owner, page_id)
    else:
        values = page_service.form_values(record)
    return _form(errors, record=record, values=values)


@blueprint.post("/cms/pages/<int:page_id>/delete")
@permission_required("cms.manage_pages")
def page_delete(page_id: int):
    page_service.delete(_owner(), page_id)
    flash(t("cms.flash.page_deleted"), "success")
    return redirect(url_for(".pages"))
