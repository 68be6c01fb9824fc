"""Admin API of the core module: /api/v1/admin/core/…"""

from dataclasses import asdict

from flask import Blueprint, g, jsonify

from ...services import overview_service

blueprint = Blueprint("core_admin_api", __name__)


@blueprint.get("/modules")
def list_modules():
    """The platform's modules and whether each is enabled."""
    summaries = overview_service.module_summaries(g.platform_id)
    return jsonify(platform_id=g.platform_id, modules=[asdict(s) for s in summaries])
