"""The content-page API, the same for a shop's pages (vendor) and a platform's own (admin):
only who owns the pages differs."""

from __future__ import annotations

from collections.abc import Callable

from flask import Blueprint, jsonify, request

from wizamart.forms import parse
from wizamart.security import permission_required

from ...output import page_out
from ...schemas import PageIn
from ...services import page_service


def add_page_routes(blueprint: Blueprint, owner: Callable[[], object]) -> None:
    """``/pages`` (list, create) and ``/pages/<id>`` (read, update, delete) on ``blueprint``,
    working on the pages of ``owner()``."""

    @blueprint.get("/pages")
    @permission_required("cms.manage_pages")
    def pages():
        result = page_service.search(
            owner(),
            q=request.args.get("q", "").strip(),
            page=request.args.get("page", 1, type=int),
            per_page=request.args.get("per_page", 20, type=int),
        )
        return jsonify(items=[page_out(p) for p in result.items], meta=result.meta())

    @blueprint.post("/pages")
    @permission_required("cms.manage_pages")
    def create_page():
        data = parse(PageIn, request.get_json(silent=True))
        return jsonify(page_out(page_service.create(owner(), data))), 201

    @blueprint.get("/pages/<int:page_id>")
    @permission_required("cms.manage_pages")
    def page(page_id: int):
        return jsonify(page_out(page_service.get(owner(), page_id)))

    @blueprint.put("/pages/<int:page_id>")
    @permission_required("cms.manage_pages")
    def update_page(page_id: int):
        pages_owner = owner()
        page_service.get(pages_owner, page_id)  # another owner's id: 404 before any validation
        data = parse(PageIn, request.get_json(silent=True))
        return jsonify(page_out(page_service.update(pages_owner, page_id, data)))

    @blueprint.delete("/pages/<int:page_id>")
    @permission_required("cms.manage_pages")
    def delete_page(page_id: int):
        page_service.delete(owner(), page_id)
        return "", 204
