"""Admin API of the cms: the platform's own pages, /api/v1/admin/cms/pages…"""

from __future__ import annotations

from flask import Blueprint, g, jsonify, request

from wizamart.forms import parse
from wizamart.security import permission_required

from ...output import page_out
from ...schemas import PageIn
from ...services import page_service

blueprint = Blueprint("cms_admin_api", __name__)


def _owner():
    """The platform of the request's domain (the access check made sure the admin manages it)."""
    return page_service.platform(g.platform_id)


@blueprint.get("/pages")
@permission_required("cms.manage_pages")
def pages():
    result = page_service.search(
        _owner(),
        q=request.args.get("q", "").strip(),
        page=request.args.get("page", 1, type=int),
        per_page=request.args.get("per_page", 20, type=int),
    )
    return jsonify(items=[page_out(p) for p in result.items], meta=result.meta())


@blueprint.post("/pages")
@permission_required("cms.manage_pages")
def create_page():
    data = parse(PageIn, request.get_json(silent=True))
    return jsonify(page_out(page_service.create(_owner(), data))), 201


@blueprint.get("/pages/<int:page_id>")
@permission_required("cms.manage_pages")
def page(page_id: int):
    return jsonify(page_out(page_service.get(_owner(), page_id)))


@blueprint.put("/pages/<int:page_id>")
@permission_required("cms.manage_pages")
def update_page(page_id: int):
    owner = _owner()
    page_service.get(owner, page_id)
    data = parse(PageIn, request.get_json(silent=True))
    return jsonify(page_out(page_service.update(owner, page_id, data)))


@blueprint.delete("/pages/<int:page_id>")
@permission_required("cms.manage_pages")
def delete_page(page_id: int):
    page_service.delete(_owner(), page_id)
    return "", 204
