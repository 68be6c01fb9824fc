"""The request's platform and vendor, available to every module.

``g.platform_id`` is set before every request from the ``platform_from_request`` hook;
the vendor is resolved on first use through ``vendor_from_request``. Tasks take the ids
as arguments instead (``platform_id=`` also lets a task refuse a disabled module).
"""

from __future__ import annotations

from typing import Any

from flask import current_app, g, has_request_context, request


def current_platform_id() -> int | None:
    """The id of the platform this request came to, or ``None`` outside a request."""
    return g.get("platform_id") if has_request_context() else None


def current_vendor() -> Any | None:
    """The vendor this request acts for (``/vendor/<code>/``, ``/storefront/<code>/``…), or ``None``."""
    if not has_request_context():
        return None
    if "vendor" not in g:
        g.vendor = current_app.extensions["wizamart"].pm.hook.vendor_from_request(request=request)
    return g.vendor


def storefront_shop(module_code: str | None = None) -> Any | None:
    """The open shop a storefront page is for (``/storefront/<code>/…`` or the shop's own
    domain), or ``None``: not a storefront request, no shop, a shop that is not open, or
    ``module_code`` disabled on the shop's platform. What a module's context processor for the
    storefront shell asks first."""
    if not has_request_context() or not (request.path.startswith("/storefront/") or g.get("storefront")):
        return None
    vendor = current_vendor()
    if vendor is None or getattr(vendor.status, "value", vendor.status) != "active":
        return None
    if module_code is not None:
        from wizamart.modules.service import module_service  # late: the service imports the app's state

        if not module_service.is_module_enabled(g.get("platform_id"), module_code):
            return None
    return vendor
