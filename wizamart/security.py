"""Access control in one place: route markers, and the check every module route passes.

Routes declare what they need; the module gate (run before every module route, after the
enablement check) asks the ``authorize_request`` hook, which the identity module
(tenancy) answers. With no identity module loaded, admin and vendor routes are refused:
access fails closed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from flask import Flask, current_app, request
from flask_login import LoginManager
from flask_wtf.csrf import CSRFProtect

from hookspecs.markers import hookimpl
from wizamart.errors import WizamartException
from wizamart.modules.definition import FrontendType

ViewT = TypeVar("ViewT", bound=Callable)

PERMISSIONS_ATTR = "_wizamart_permissions"
PUBLIC_ATTR = "_wizamart_public"
CSRF_EXEMPT_ATTR = "_wizamart_csrf_exempt"


class AuthenticationRequired(WizamartException):
    """Please sign in to continue."""

    status_code = 401
    error_code = "authentication_required"

    def __init__(self, message: str = "", *, realm: str = "admin"):
        super().__init__(
            message or "Please sign in to continue.",
            details={"realm": realm},
            key=None if message else "core.errors.sign_in",
        )
        self.realm = realm


def permission_required(*codes: str) -> Callable[[ViewT], ViewT]:
    """Mark a view as needing every permission in ``codes`` (``<module>.<action>``)."""

    def mark(view: ViewT) -> ViewT:
        setattr(view, PERMISSIONS_ATTR, tuple(getattr(view, PERMISSIONS_ATTR, ())) + codes)
        return view

    return mark


def public(view: ViewT) -> ViewT:
    """Mark a view of the admin or vendor frontend as open without signing in (login, reset)."""
    setattr(view, PUBLIC_ATTR, True)
    return view


def csrf_exempt(view: ViewT) -> ViewT:
    """Mark an API view that sets no cookie and reads none (``POST /api/v1/auth/token``) as
    needing no CSRF token: an API client calling it has no page to take a token from."""
    setattr(view, CSRF_EXEMPT_ATTR, True)
    return view


def authorize_current_request(module_code: str, frontend: FrontendType) -> None:
    """Ask the identity plugins whether this request may reach this module's view."""
    view = current_app.view_functions.get(request.endpoint)
    current_app.extensions["wizamart"].pm.hook.authorize_request(
        request=request,
        frontend=frontend,
        module_code=module_code,
        permissions=tuple(getattr(view, PERMISSIONS_ATTR, ())),
        public=bool(getattr(view, PUBLIC_ATTR, False)),
    )


class FailClosed:
    """Framework default of ``authorize_request``: storefront and public pages are open;
    admin and vendor routes need an identity module to say yes."""

    @hookimpl(trylast=True)
    def authorize_request(self, frontend, public):
        if public or frontend in (FrontendType.STOREFRONT, FrontendType.PUBLIC):
            return True
        raise AuthenticationRequired("No identity module is loaded to sign you in.", realm=frontend.value)


# ------------------------------------------------------------------ set-up

login_manager = LoginManager()
csrf = CSRFProtect()
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})


def frontend_of(path: str) -> FrontendType:
    """Which frontend (and so which sign-in realm) a URL path belongs to."""
    parts = path.strip("/").split("/")
    head = parts[2] if parts[:2] == ["api", "v1"] and len(parts) > 2 else parts[0]
    try:
        return FrontendType(head)
    except ValueError:
        return FrontendType.PUBLIC


def init_security(app: Flask) -> None:
    """Flask-Login (users come from the ``user_from_request`` hook, per realm) and CSRF."""
    app.config.setdefault("WTF_CSRF_CHECK_DEFAULT", False)  # checked below, bearer requests excepted
    app.config.setdefault("WTF_CSRF_TIME_LIMIT", None)  # the token lives as long as the session
    csrf.init_app(app)
    login_manager.init_app(app)
    login_manager.request_loader(_user_from_request)
    app.before_request(_protect_from_csrf)
    app.extensions["wizamart"].pm.register(FailClosed(), name="wizamart.security")


def csrf_for_cookie_sessions(*token_headers: str) -> Callable[[], None]:
    """A ``before_request`` for an API that shop apps call with a token header and browsers
    call with their session cookie (a storefront's cart and checkout): the CSRF token is
    checked only on requests that carry the session cookie and neither a bearer token nor one
    of ``token_headers`` — only a cookie can be ridden on. Its views are ``@csrf_exempt``, so
    the framework's own check (which would ask every cookie-less app too) steps aside."""

    def protect() -> None:
        if request.method in SAFE_METHODS or not current_app.config.get("WTF_CSRF_ENABLED", True):
            return
        if request.headers.get("Authorization", "").startswith("Bearer "):
            return
        if any(request.headers.get(name) for name in token_headers):
            return
        if current_app.config.get("SESSION_COOKIE_NAME", "session") not in request.cookies:
            return
        csrf.protect()

    return protect


def _user_from_request(req):
    realm = frontend_of(req.path).value
    return current_app.extensions["wizamart"].pm.hook.user_from_request(request=req, realm=realm)


def _protect_from_csrf() -> None:
    """Every state-changing browser request carries the CSRF token; API clients sending a
    bearer token carry no cookie to forge, so they are exempt."""
    if request.method in SAFE_METHODS or not current_app.config.get("WTF_CSRF_ENABLED", True):
        return
    if request.headers.get("Authorization", "").startswith("Bearer "):
        return
    if getattr(current_app.view_functions.get(request.endpoint), CSRF_EXEMPT_ATTR, False):
        return
    csrf.protect()
