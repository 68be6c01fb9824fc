"""Hooks the cms module implements beyond the file conventions: the storefront's theme and
footer for every storefront page, dashboard figures, and demo data."""

from __future__ import annotations

from dataclasses import replace

from flask import Flask, g, request, url_for

from wizamart import DashboardWidget, FrontendType, current_vendor, hookimpl
from wizamart.i18n import current_locale


@hookimpl
def init_app(app: Flask):
    app.context_processor(storefront_shell)


def storefront_shell() -> dict:
    """``shell_theme`` and ``shell_footer_links`` for storefront pages: two queries at most, once
    per request (every template rendered in it shares them)."""
    if not (request.path.startswith("/storefront/") or g.get("storefront")):
        return {}
    if "cms_shell" not in g:
        g.cms_shell = _shell_for(current_vendor())
    return g.cms_shell


def _shell_for(vendor) -> dict:
    from .services import page_service, theme_service

    if vendor is None:
        return {"shell_theme": None, "shell_footer_links": []}
    links = page_service.footer_links(page_service.shop(vendor), current_locale(), vendor.default_language)
    theme = theme_service.storefront_theme(vendor)
    return {
        "shell_theme": replace(theme, stylesheet_url=url_for("cms_static", path="storefront/theme.css")),
        "shell_footer_links": [
            {"title": title, "url": url_for("cms.storefront_pages.page", vendor_code=vendor.code, slug=slug)}
            for slug, title in links
        ],
    }


@hookimpl
def dashboard_widgets(frontend):
    """Vendors: how many pages and media files the shop has."""
    if frontend is not FrontendType.VENDOR:
        return None

    from .services import media_service, page_service

    vendor = current_vendor()
    granted = g.get("permissions") or set()
    widgets = []
    if "cms.manage_pages" in granted:
        widgets.append(
            DashboardWidget(
                id="pages",
                label="cms.widget.pages",
                value=page_service.count(page_service.shop(vendor)),
                endpoint="cms.vendor_pages.pages",
                order=60,
            )
        )
    if "cms.manage_media" in granted:
        widgets.append(
            DashboardWidget(
                id="media",
                label="cms.widget.media",
                value=media_service.count(vendor.id),
                endpoint="cms.vendor_pages.media",
                order=61,
            )
        )
    return widgets or None


@hookimpl
def load_demo_data(demo):
    from .demo import load

    load(demo)
