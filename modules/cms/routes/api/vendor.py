"""Vendor API of the cms: /api/v1/vendor/cms/… (the shop from X-Vendor or the only one)."""

from __future__ import annotations

from flask import Blueprint, jsonify, request
from flask_login import current_user

from wizamart import current_vendor
from wizamart.forms import parse
from wizamart.security import permission_required

from ...output import theme_out
from ...schemas import AltTextIn, ThemeIn
from ...services import media_service, page_service, theme_service
from .pages import add_page_routes

blueprint = Blueprint("cms_vendor_api", __name__)


def _owner():
    return page_service.shop(current_vendor())


# ------------------------------------------------------------------ pages


add_page_routes(blueprint, _owner)


# ------------------------------------------------------------------ media


@blueprint.get("/media")
@permission_required("cms.manage_media")
def media():
    result = media_service.search(
        current_vendor().id,
        q=request.args.get("q", "").strip(),
        kind=request.args.get("kind", ""),
        page=request.args.get("page", 1, type=int),
        per_page=request.args.get("per_page", 24, type=int),
    )
    return jsonify(items=[m.to_dict() for m in result.items], meta=result.meta())


@blueprint.post("/media")
@permission_required("cms.manage_media")
def upload():
    """multipart/form-data: ``file`` and optional ``alt_en`` … ``alt_lb``."""
    vendor = current_vendor()
    alt = parse(AltTextIn, request.form.to_dict())
    view = media_service.store_upload(
        vendor.id, vendor.platform_id, request.files.get("file"), alt.texts, current_user.id
    )
    return jsonify(view.to_dict()), 201


@blueprint.get("/media/<int:media_id>")
@permission_required("cms.manage_media")
def media_file(media_id: int):
    return jsonify(media_service.get(current_vendor().id, media_id).to_dict())


@blueprint.put("/media/<int:media_id>")
@permission_required("cms.manage_media")
def update_media(media_id: int):
    vendor_id = current_vendor().id
    media_service.get(vendor_id, media_id)
    data = parse(AltTextIn, request.get_json(silent=True))
    return jsonify(media_service.update_alt_text(vendor_id, media_id, data.texts).to_dict())


@blueprint.delete("/media/<int:media_id>")
@permission_required("cms.manage_media")
def delete_media(media_id: int):
    media_service.delete(current_vendor().id, media_id)
    return "", 204


# ------------------------------------------------------------------ theme


@blueprint.get("/theme")
@permission_required("cms.manage_theme")
def theme():
    return jsonify(theme_out(theme_service.settings(current_vendor().id)))


@blueprint.put("/theme")
@permission_required("cms.manage_theme")
def update_theme():
    vendor = current_vendor()
    data = parse(ThemeIn, request.get_json(silent=True))
    return jsonify(theme_out(theme_service.update(vendor.id, vendor.platform_id, data)))
