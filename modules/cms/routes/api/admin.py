"""Admin API of the cms: the platform's own pages, /api/v1/admin/cms/pages…"""

from __future__ import annotations

from flask import Blueprint, g

from ...services import page_service
from .pages import add_page_routes

blueprint = Blueprint("cms_admin_api", __name__)


def _owner():
    """The platform of the request's domain (the access check made sure the admin manages it)."""
    return page_service.platform(g.platform_id)


add_page_routes(blueprint, _owner)
