"""A shop's own domain: ``www.velo-lux.lu/p/city-bike`` is ``/storefront/velo-lux/p/city-bike``.

A WSGI middleware, because Flask matches the URL before any request handler runs. Only
the storefront answers on a shop's domain: other paths (``/admin``) become storefront
paths too, and so find nothing. Static files, media, the storefront API and ``/health``
pass through untouched (the API learns the shop from the host, as ``X-Vendor``).
"""

from __future__ import annotations

from flask import Flask

from wizamart import get_module_config

from .services.platform_service import platform_service

PASS_THROUGH = ("/static/", "/media/", "/storefront/", "/health", "/language")


class ShopDomains:
    def __init__(self, app: Flask):
        self.app = app
        self.wsgi_app = app.wsgi_app

    def __call__(self, environ, start_response):
        host = environ.get("HTTP_HOST") or environ.get("SERVER_NAME", "")
        with self.app.app_context():
            code = platform_service.shop_for_host(host, get_module_config("tenancy").default_platform)
        if code:
            path = environ.get("PATH_INFO") or "/"
            if path.startswith("/api/"):
                environ.setdefault("HTTP_X_VENDOR", code)
            elif not path.startswith(PASS_THROUGH):
                environ["PATH_INFO"] = f"/storefront/{code}{path}"
        return self.wsgi_app(environ, start_response)


def install(app: Flask) -> None:
    app.wsgi_app = ShopDomains(app)
