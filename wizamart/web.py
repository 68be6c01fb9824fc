"""Request-level framework behaviour: platform context, errors, and ``/health``."""

from __future__ import annotations

import logging
from urllib.parse import urlsplit

from flask import Blueprint, Flask, current_app, g, jsonify, redirect, render_template, request, url_for
from jinja2 import TemplateNotFound
from markupsafe import Markup, escape
from sqlalchemy.exc import IntegrityError
from werkzeug.exceptions import HTTPException, InternalServerError
from werkzeug.routing import BuildError

from hookspecs.markers import hookimpl
from wizamart.database import db
from wizamart.errors import WizamartException
from wizamart.i18n import LOCALE_COOKIE, error_text, t, t_or
from wizamart.modules.definition import FrontendType
from wizamart.modules.registry import ModuleStatus
from wizamart.modules.service import module_service
from wizamart.security import frontend_of

log = logging.getLogger("wizamart.web")


# ---------------------------------------------------------------- platform context


class PlatformDefaults:
    """Framework defaults for the platform hooks; tenancy answers them for real."""

    @hookimpl(trylast=True)
    def platform_from_request(self):
        return current_app.config["DEFAULT_PLATFORM_ID"]

    @hookimpl(trylast=True)
    def resolve_platform(self, ref):
        if ref == "default":
            return current_app.config["DEFAULT_PLATFORM_ID"]
        return int(ref) if str(ref).isdigit() else None


def set_platform_context() -> None:
    g.platform_id = current_app.extensions["wizamart"].pm.hook.platform_from_request(request=request)


def wants_json() -> bool:
    if request.path.startswith("/api/") or request.path == "/health":
        return True
    best = request.accept_mimetypes.best_match(["text/html", "application/json"])
    return (
        best == "application/json" and request.accept_mimetypes[best] > request.accept_mimetypes["text/html"]
    )


# ---------------------------------------------------------------------- errors


# The statuses an error page explains in the user's language (core.errors.<status> and .title_<status>).
TRANSLATED_ERRORS = (400, 401, 403, 404, 405, 409, 422, 429, 500)


def error_texts(status: int, message: str) -> tuple[str, str]:
    """An error page's heading and text in the user's language.

    A known status gets its translated explanation instead of ``message``: domain errors
    carry English messages written for API clients, which a German page must not show.
    """
    if status in TRANSLATED_ERRORS:
        return t(f"core.errors.title_{status}"), t(f"core.errors.{status}")
    return t("core.errors.title"), message


def render_error(status: int, code: str, message: str, details: dict | None = None):
    """One place that turns an error into JSON for the API or a page for the browser."""
    if wants_json():
        body = {"code": code, "message": message}
        if details:
            body["details"] = details
        return jsonify(error=body), status
    frontend = frontend_of(request.path).value
    title, text = error_texts(status, message)
    names = [f"{frontend}/errors/{status}.html", f"errors/{status}.html", "errors/error.html"]
    try:
        html = render_template(names, status=status, code=code, title=title, message=text, frontend=frontend)
    except TemplateNotFound:
        html = f"<h1>{escape(title)}</h1><p>{escape(text)}</p>"
    return html, status


def handle_wizamart_exception(exc: WizamartException):
    return render_error(exc.status_code, exc.error_code, error_text(exc), translated_details(exc))


def translated_details(exc: WizamartException) -> dict:
    """``details`` with its field errors in the request's language (they may be locale keys)."""
    fields = exc.details.get("fields") if isinstance(exc.details, dict) else None
    if not isinstance(fields, dict):
        return exc.details
    texts = {name: t_or(text, text) if isinstance(text, str) else text for name, text in fields.items()}
    return {**exc.details, "fields": texts}


def handle_integrity_error(exc: IntegrityError):
    """A uniqueness or reference the services' own checks missed (two requests racing)."""
    db.session.rollback()
    log.warning("integrity error on %s %s: %s", request.method, request.path, exc.orig)
    message = t_or("core.errors.conflict_record", "This conflicts with a record saved meanwhile.")
    return render_error(409, "conflict", message)


def handle_http_exception(exc: HTTPException):
    code = (exc.name or "error").lower().replace(" ", "_")
    message = t(f"core.errors.{exc.code}") if exc.code in (403, 404, 500) else exc.description
    if exc.code == 413:  # Werkzeug refuses a body over MAX_CONTENT_LENGTH before any view reads it
        message = t("core.errors.413", limit=current_app.config["MAX_CONTENT_LENGTH"] // (1024 * 1024))
    if message.startswith("core.errors."):
        message = exc.description
    return render_error(exc.code or 500, code, message)


def handle_unexpected(exc: Exception):
    if isinstance(exc, HTTPException):
        return handle_http_exception(exc)
    log.exception("unhandled error on %s %s", request.method, request.path)
    return handle_http_exception(InternalServerError())


def register_error_handlers(app: Flask) -> None:
    app.register_error_handler(WizamartException, handle_wizamart_exception)
    app.register_error_handler(IntegrityError, handle_integrity_error)
    app.register_error_handler(HTTPException, handle_http_exception)
    if not app.config.get("PROPAGATE_EXCEPTIONS"):
        app.register_error_handler(Exception, handle_unexpected)


# ---------------------------------------------------------------------- health

framework_routes = Blueprint("wizamart", __name__)


@framework_routes.get("/health")
def health_report():
    """Each enabled module's health, broken and blocked modules, and an overall status."""
    state = current_app.extensions["wizamart"]
    report = run_health_checks(state, g.get("platform_id"))
    return jsonify(report), (503 if report["status"] == "fail" else 200)


def run_health_checks(state, platform_id: int | None) -> dict:
    from wizamart.plugins import ask

    modules, status = {}, "ok"
    for entry in state.registry.entries:
        if not entry.loaded:
            modules[entry.code] = {"status": entry.status.value, "reason": entry.reason.splitlines()[0]}
            status = "degraded" if status == "ok" else status
            continue
        if not module_service.is_module_enabled(platform_id, entry.code):
            continue
        try:
            results = ask(state.pm, "health_check", entry.code, definition=entry.definition)
        except Exception as exc:  # a check that crashes is a failed check
            log.exception("health check of %s crashed", entry.code)
            results = [_crashed(exc)]
        if not results:
            modules[entry.code] = {"status": "ok"}
            continue
        result = results[0]
        modules[entry.code] = {
            "status": "ok" if result.ok else "fail",
            "detail": result.detail,
            "critical": result.critical,
        }
        if not result.ok:
            status = "fail" if result.critical else ("degraded" if status == "ok" else status)
    return {"status": status, "modules": modules, "broken": _count(state, ModuleStatus.BROKEN)}


def _crashed(exc: Exception):
    from wizamart.modules.definition import HealthResult

    return HealthResult(ok=False, detail=f"health check crashed: {exc!r}", critical=True)


def _count(state, status: ModuleStatus) -> int:
    return sum(1 for m in state.registry.entries if m.status is status)


# ----------------------------------------------------------------------- menus


def build_menu(frontend: str) -> list[dict]:
    """The frontend's menu for this request: enabled modules only, grouped and ordered."""
    state = current_app.extensions["wizamart"]
    platform_id = g.get("platform_id")
    granted = g.get("permissions")  # set by the access check of an allowed request
    if granted is None and frontend in (FrontendType.ADMIN, FrontendType.VENDOR):
        return []  # nobody was let in on this request (sign-in or error pages): no menu
    params = {k: v for k, v in (request.view_args or {}).items() if k == "vendor_code"}
    entries = []
    for item in sorted(state.menus.get(FrontendType(frontend), []), key=lambda i: (i.group, i.order, i.id)):
        if not module_service.is_module_enabled(platform_id, item.module):
            continue
        if granted is not None and item.permission and item.permission not in granted:
            continue
        try:
            url = url_for(item.endpoint, **params)
        except BuildError:
            log.warning(
                "menu item %s of %s points at unknown endpoint %s", item.id, item.module, item.endpoint
            )
            continue
        entries.append(
            {"id": item.id, "label": item.label, "url": url, "icon": item.icon, "group": item.group}
        )
    return entries


# ------------------------------------------------------------------ shell helpers

LANGUAGE_NAMES = {"en": "English", "de": "Deutsch", "fr": "Français", "lb": "Lëtzebuergesch"}


def languages() -> list[tuple[str, str]]:
    """The configured languages as (code, name in that language)."""
    return [(code, LANGUAGE_NAMES.get(code, code)) for code in current_app.config["LANGUAGES"]]


def breadcrumbs(items) -> Markup:
    """Render a trail of (label, url) pairs; the last one is the current page (url None)."""
    return Markup(render_template("shared/breadcrumbs.html", items=items))


@framework_routes.post("/language")
def choose_language():
    """The language switcher: remember the choice in a cookie (and, via the hook, the profile)."""
    lang = request.form.get("lang", "")
    if lang not in current_app.config["LANGUAGES"]:
        return render_error(
            422,
            "validation_error",
            t_or("core.validation.language", "lang: not a supported language"),
            {"fields": {"lang": t_or("core.validation.language", "not a supported language")}},
        )
    response = redirect(safe_target(request.form.get("next", ""), "/"))
    response.set_cookie(LOCALE_COOKIE, lang, max_age=365 * 24 * 3600, samesite="Lax", httponly=True)
    current_app.extensions["wizamart"].pm.hook.on_language_chosen(locale=lang)
    return response


def safe_target(target: str, default: str) -> str:
    """``target`` if it is a path on this site, else ``default`` (no open redirects)."""
    # Browsers read a backslash as "/" and drop tabs and newlines, so "/<backslash>evil.example"
    # would leave the site.
    if any(ch == "\\" or ord(ch) < 32 for ch in target):
        return default
    if target.startswith("/") and not target.startswith("//") and not urlsplit(target).netloc:
        return target
    return default
