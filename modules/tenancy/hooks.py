"""Hooks tenancy implements beyond the file conventions: the platform and vendor of each
request, who the user is, whether they may pass, and the sign-in pages' own URLs."""

from __future__ import annotations

from flask import Flask, g, redirect, request, url_for

from wizamart import current_vendor, get_module_config, hookimpl
from wizamart.database import db
from wizamart.errors import NotFoundError, PermissionDenied
from wizamart.i18n import error_text
from wizamart.modules.definition import FrontendType
from wizamart.security import AuthenticationRequired, frontend_of
from wizamart.web import render_error, wants_json

from .models import Platform, VendorStatus
from .services import access_service, auth_service, platform_service, user_service, vendor_service

# ------------------------------------------------------------------ context


@hookimpl
def platform_from_request(request):
    """The platform whose domain the request came to; the default one on other hosts."""
    return platform_service.id_for_host(request.host, get_module_config("tenancy").default_platform)


@hookimpl
def resolve_platform(ref):
    platform = platform_service.by_code(ref)
    return platform.id if platform else None


@hookimpl
def vendor_from_request(request):
    """From ``/vendor/<code>/``, ``/storefront/<code>/`` or, on the vendor API, the ``X-Vendor``
    header; another platform's shop does not exist here."""
    code = (request.view_args or {}).get("vendor_code") or request.headers.get("X-Vendor")
    vendor = vendor_service.by_code(code) if code else None
    if vendor is not None and vendor.platform_id != g.get("platform_id"):
        return None
    return vendor


# ------------------------------------------------------------------ identity


@hookimpl
def user_from_request(request, realm):
    """A bearer token on the API, else the realm's session."""
    if realm not in ("admin", "vendor"):
        return None
    header = request.headers.get("Authorization", "")
    if header.startswith("Bearer "):
        user = auth_service.user_for_bearer(header[7:].strip())
        return user if user and auth_service.can_enter(user, realm) else None
    return auth_service.session_user(realm)


@hookimpl
def authorize_request(frontend, permissions, public):
    """Admins on platforms they manage; vendor staff in their own shops, by role."""
    from flask_login import current_user

    suspended = _platform_suspended()
    if frontend is FrontendType.STOREFRONT:
        vendor = current_vendor()
        if "vendor_code" in (request.view_args or {}) and (
            suspended or vendor is None or vendor.status is not VendorStatus.ACTIVE
        ):
            raise NotFoundError("tenancy.errors.no_shop")
        return None
    if public or frontend not in (FrontendType.ADMIN, FrontendType.VENDOR):
        return None
    if not current_user.is_authenticated:
        raise AuthenticationRequired("tenancy.errors.sign_in", realm=frontend.value)
    if suspended and frontend is FrontendType.VENDOR:
        # Shops of a suspended platform keep their data but cannot work until it is reactivated.
        raise PermissionDenied("tenancy.errors.platform_suspended")
    if frontend is FrontendType.ADMIN:
        if not access_service.admin_may_manage(current_user, g.get("platform_id")):
            raise PermissionDenied("tenancy.errors.not_your_platform")
        granted = access_service.admin_permissions()
    else:
        vendor = current_vendor()
        if vendor is None:
            # A shop named in the URL or the X-Vendor header that is not found here is an
            # answer in itself: never fall back to the caller's own shop.
            if "vendor_code" in (request.view_args or {}) or request.headers.get("X-Vendor"):
                raise NotFoundError("tenancy.errors.no_shop")
            vendors = access_service.vendors_of(current_user)
            if len(vendors) != 1:
                raise PermissionDenied("tenancy.errors.which_shop")
            g.vendor = vendor = vendors[0]
        membership = access_service.membership(current_user, vendor)
        if membership is None or vendor.status is VendorStatus.REJECTED:
            raise PermissionDenied("tenancy.errors.not_a_member")
        g.vendor_role = membership.role
        granted = access_service.role_permissions(membership.role)
    g.permissions = granted
    missing = [p for p in permissions if p not in granted]
    if missing:
        raise PermissionDenied(
            "tenancy.errors.permission_missing", params={"permissions": ", ".join(missing)}
        )
    return True


def _platform_suspended() -> bool:
    default = get_module_config("tenancy").default_platform
    return platform_service.is_suspended(g.get("platform_id"), default)


@hookimpl
def init_app(app: Flask):
    from .shop_domains import install

    install(app)
    app.register_error_handler(AuthenticationRequired, _ask_to_sign_in)
    app.context_processor(_template_context)
    app.before_request(_remember_user_locale)


def _ask_to_sign_in(exc: AuthenticationRequired):
    if wants_json():
        return render_error(exc.status_code, exc.error_code, error_text(exc), exc.details)
    endpoint = "tenancy.admin_pages.login" if exc.realm == "admin" else "tenancy.vendor_auth.login"
    return redirect(url_for(endpoint, next=request.full_path.rstrip("?")))


def _template_context():
    platform_id = g.get("platform_id")
    return {
        "current_platform": db.session.get(Platform, platform_id) if platform_id else None,
        "current_vendor": current_vendor(),
    }


def _remember_user_locale():
    """The signed-in user's saved language wins over cookie and browser."""
    realm = frontend_of(request.path).value
    if realm in ("admin", "vendor"):
        user = auth_service.session_user(realm)
        if user is not None and user.locale:
            g.user_locale = user.locale


# ------------------------------------------------------------------ dashboards


@hookimpl
def dashboard_widgets(frontend):
    from wizamart import DashboardWidget

    if frontend is FrontendType.ADMIN:
        from flask_login import current_user

        scope = access_service.admin_platform_ids(current_user)
        counts = vendor_service.count(scope)
        return [
            DashboardWidget(
                id="vendors",
                label="tenancy.widget.vendors",
                value=sum(counts.values()),
                detail="tenancy.widget.vendors_pending",
                detail_value=counts.get("pending", 0),
                endpoint="tenancy.admin_pages.vendors",
                order=10,
            ),
            DashboardWidget(
                id="users",
                label="tenancy.widget.users",
                value=user_service.search(platform_ids=scope, per_page=1).total,
                endpoint="tenancy.admin_pages.users",
                order=20,
            ),
        ]
    if frontend is FrontendType.VENDOR:
        from .services import team_service

        vendor = current_vendor()
        return [
            DashboardWidget(
                id="team",
                label="tenancy.widget.team",
                value=len(team_service.members(vendor)),
                endpoint="tenancy.vendor_pages.team",
                order=90,
            ),
        ]
    return None


# ------------------------------------------------------------------ routes outside the conventions


@hookimpl
def register_routes():
    """Sign-in pages for vendor staff at /vendor/… and the token API at /api/v1/auth/…"""
    from .auth_routes import api_auth, vendor_auth

    return [
        (vendor_auth, {"url_prefix": "/vendor", "name": "vendor_auth"}),
        (api_auth, {"url_prefix": "/api/v1/auth", "name": "auth_api"}),
    ]


@hookimpl
def on_language_chosen(locale):
    """The switcher's choice becomes the signed-in user's saved language."""
    realm = frontend_of(request.form.get("next", "/")).value
    user = auth_service.session_user(realm) if realm in ("admin", "vendor") else None
    if user is not None:
        user.locale = locale
        db.session.commit()


@hookimpl
def load_demo_data(demo):
    from .demo import load

    load(demo)
