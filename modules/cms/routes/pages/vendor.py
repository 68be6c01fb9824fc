"""Vendor pages of the cms, under /vendor/<vendor_code>/cms: pages, media library and theme."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user

from wizamart import current_vendor, get_module_config, t
from wizamart.forms import parse_form, run_form_action
from wizamart.security import permission_required

from ...exceptions import MediaTooLarge
from ...schemas import LANGUAGES, AltTextIn, PageIn, ThemeIn
from ...services import media_service, page_service, theme_service
from ...themes import THEMES
from .shared import kind_options, page_rows

blueprint = Blueprint("cms_vendor_pages", __name__)


def _owner():
    return page_service.shop(current_vendor())


def _form(template: str, errors: dict, **context):
    return render_template(template, errors=errors, **context), (422 if errors else 200)


# ------------------------------------------------------------------ pages


@blueprint.get("/cms/pages")
@permission_required("cms.manage_pages")
def pages(vendor_code: str):
    result = page_service.search(
        _owner(), q=request.args.get("q", "").strip(), page=request.args.get("page", 1, type=int)
    )
    return render_template("cms/vendor/pages.html", page=result, rows=page_rows(result.items))


@blueprint.route("/cms/pages/new", methods=["GET", "POST"])
@permission_required("cms.manage_pages")
def page_new(vendor_code: str):
    errors, values = (
        {},
        request.form if request.method == "POST" else {"kind": request.args.get("kind", "page")},
    )
    if request.method == "POST":
        saved, errors = run_form_action(
            lambda: page_service.create(_owner(), parse_form(PageIn, request.form))
        )
        if saved:
            flash(t("cms.flash.page_saved", slug=saved.slug), "success")
            return redirect(url_for(".pages", vendor_code=vendor_code))
    return _form("cms/vendor/page_form.html", errors, record=None, values=values, kinds=kind_options())


@blueprint.route("/cms/pages/<int:page_id>", methods=["GET", "POST"])
@permission_required("cms.manage_pages")
def page_edit(vendor_code: str, page_id: int):
    owner = _owner()
    record = page_service.get(owner, page_id)
    errors, values = {}, request.form
    if request.method == "POST":
        saved, errors = run_form_action(
            lambda: page_service.update(owner, page_id, parse_form(PageIn, request.form))
        )
        if saved:
            flash(t("cms.flash.page_saved", slug=saved.slug), "success")
            return redirect(url_for(".pages", vendor_code=vendor_code))
        record = page_service.get(owner, page_id)
    else:
        values = page_service.form_values(record)
    return _form("cms/vendor/page_form.html", errors, record=record, values=values, kinds=kind_options())


@blueprint.post("/cms/pages/<int:page_id>/delete")
@permission_required("cms.manage_pages")
def page_delete(vendor_code: str, page_id: int):
    page_service.delete(_owner(), page_id)
    flash(t("cms.flash.page_deleted"), "success")
    return redirect(url_for(".pages", vendor_code=vendor_code))


# ------------------------------------------------------------------ media


def _media_page(errors: dict, values, status: int = 200):
    vendor = current_vendor()
    config = get_module_config("cms")
    result = media_service.search(
        vendor.id,
        q=request.args.get("q", "").strip(),
        kind=request.args.get("kind", ""),
        page=request.args.get("page", 1, type=int),
    )
    return (
        render_template(
            "cms/vendor/media.html",
            page=result,
            errors=errors,
            values=values,
            limits={
                "image_mb": round(config.image_max_bytes / 1024 / 1024, 1),
                "file_mb": round(config.file_max_bytes / 1024 / 1024, 1),
            },
        ),
        status,
    )


@blueprint.get("/cms/media")
@permission_required("cms.manage_media")
def media(vendor_code: str):
    return _media_page({}, {})


@blueprint.post("/cms/media")
@permission_required("cms.manage_media")
def upload(vendor_code: str):
    vendor = current_vendor()
    refusal = {"status": 422}

    def store():
        alt = parse_form(AltTextIn, request.form)
        try:
            return media_service.store_upload(
                vendor.id, vendor.platform_id, request.files.get("file"), alt.texts, current_user.id
            )
        except MediaTooLarge:
            refusal["status"] = 413  # as the API answers: the page says so too
            raise

    stored, errors = run_form_action(store)
    if stored:
        flash(t("cms.flash.uploaded", name=stored.filename), "success")
        return redirect(url_for(".media_edit", vendor_code=vendor_code, media_id=stored.id))
    return _media_page(errors, request.form, refusal["status"])


@blueprint.route("/cms/media/<int:media_id>", methods=["GET", "POST"])
@permission_required("cms.manage_media")
def media_edit(vendor_code: str, media_id: int):
    vendor_id = current_vendor().id
    item = media_service.get(vendor_id, media_id)
    errors, values = {}, request.form
    if request.method == "POST":
        saved, errors = run_form_action(
            lambda: media_service.update_alt_text(
                vendor_id, media_id, parse_form(AltTextIn, request.form).texts
            )
        )
        if saved:
            flash(t("cms.flash.alt_saved"), "success")
            return redirect(url_for(".media_edit", vendor_code=vendor_code, media_id=media_id))
    else:
        values = {f"alt_{lang}": item.alt_text.get(lang, "") for lang in LANGUAGES}
    return _form("cms/vendor/media_edit.html", errors, item=item, values=values)


@blueprint.post("/cms/media/<int:media_id>/delete")
@permission_required("cms.manage_media")
def media_delete(vendor_code: str, media_id: int):
    vendor_id = current_vendor().id
    media_service.get(vendor_id, media_id)  # another shop's id: 404, not a flash
    _, errors = run_form_action(lambda: media_service.delete(vendor_id, media_id))
    if errors:
        flash(next(iter(errors.values())), "error")
        return redirect(url_for(".media_edit", vendor_code=vendor_code, media_id=media_id))
    flash(t("cms.flash.media_deleted"), "success")
    return redirect(url_for(".media", vendor_code=vendor_code))


# ------------------------------------------------------------------ theme


@blueprint.route("/cms/theme", methods=["GET", "POST"])
@permission_required("cms.manage_theme")
def theme(vendor_code: str):
    vendor = current_vendor()
    errors, values = {}, request.form
    if request.method == "POST":
        saved, errors = run_form_action(
            lambda: theme_service.update(
                vendor.id,
                vendor.platform_id,
                parse_form(ThemeIn, request.form),
                uploads={"logo": request.files.get("logo_file"), "banner": request.files.get("banner_file")},
                user_id=current_user.id,
            )
        )
        if saved:
            flash(t("cms.flash.theme_saved"), "success")
            return redirect(url_for(".theme", vendor_code=vendor_code))
    current = theme_service.settings(vendor.id)
    if request.method == "GET":
        values = current.form_values()
    return _form(
        "cms/vendor/theme.html",
        errors,
        values=values,
        current=current,
        themes=list(THEMES.values()),
        image_options=[("", t("cms.theme.no_image"))]
        + [(image.id, image.filename) for image in media_service.images_of(vendor.id)],
        preview=theme_service.view_for(
            vendor.name,
            values.get("theme", "classic"),
            values.get("primary_color", "") if not errors.get("primary_color") else "",
            values.get("accent_color", "") if not errors.get("accent_color") else "",
        ),
    )
