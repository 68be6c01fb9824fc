"""Public pages of the cms: the platform's content pages at /pages/<slug>, and media files."""

from __future__ import annotations

from flask import Blueprint, current_app, g, render_template, send_from_directory
from werkzeug.exceptions import NotFound

from wizamart import get_module_config
from wizamart.i18n import current_locale

from ...exceptions import MediaNotFound
from ...services import page_service
from ...services.media_service import media_root

blueprint = Blueprint("cms_public_pages", __name__)


@blueprint.get("/pages/<slug>")
def page(slug: str):
    default = current_app.config.get("BABEL_DEFAULT_LOCALE", "en")
    view = page_service.published(page_service.platform(g.platform_id), slug, current_locale(), default)
    return render_template("cms/public/page.html", content_page=view)


@blueprint.get("/media/<path:path>")
def media(path: str):
    """A stored file. Names are random and never reused, so browsers may keep them for a year."""
    try:
        response = send_from_directory(
            media_root(), path, max_age=get_module_config("cms").media_cache_seconds, conditional=True
        )
    except NotFound:
        raise MediaNotFound(path) from None
    response.cache_control.public = True
    response.cache_control.immutable = True
    response.headers["X-Content-Type-Options"] = "nosniff"
    if response.mimetype.startswith("image/"):
        # An image opened on its own runs nothing (PDFs keep the browser's viewer, which a
        # sandbox would block; the library only ever stores sniffed images and PDFs).
        response.headers["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; sandbox"
    return response
