"""Sign-in pages shared by both realms, vendor staff's own sign-in URLs, and the token API.

Admins sign in at /admin/login, vendor staff at /vendor/login; each realm keeps its own
session. API clients trade an e-mail and password for a bearer token at
``POST /api/v1/auth/token``.
"""

from __future__ import annotations

from flask import Blueprint, flash, jsonify, redirect, render_template, request, url_for

from wizamart import get_module_config, t
from wizamart.errors import WizamartException
from wizamart.forms import parse, parse_form, run_form_action
from wizamart.i18n import error_text
from wizamart.mail import send_mail
from wizamart.security import csrf_exempt, public
from wizamart.web import safe_target

from .exceptions import InvalidCredentials, LoginThrottled
from .schemas import InvitationAccept, LoginIn, PasswordForgot, PasswordReset, TokenRequest
from .services import access_service, auth_service, team_service

LOGIN_ENDPOINTS = {"admin": "tenancy.admin_pages", "vendor": "tenancy.vendor_auth"}


def _endpoint(realm: str, name: str) -> str:
    return f"{LOGIN_ENDPOINTS[realm]}.{name}"


def safe_next(default: str) -> str:
    """The ``next`` target if it stays on this site, else ``default``."""
    return safe_target(request.values.get("next", ""), default)


def client_address() -> str:
    return request.remote_addr or "unknown"


def login_page(realm: str, default_next: str):
    errors, status = {}, 200
    if request.method == "POST":
        try:
            data = parse_form(LoginIn, request.form)
            user = auth_service.authenticate(data.email, data.password, realm, client_address())
        except LoginThrottled as exc:
            errors, status = (
                {"__root__": t("tenancy.login.throttled", minutes=max(1, exc.retry_after // 60))},
                429,
            )
        except InvalidCredentials:
            errors, status = {"__root__": t("tenancy.login.invalid")}, 401
        except WizamartException as exc:
            errors, status = exc.details.get("fields", {"__root__": error_text(exc)}), 422
        else:
            auth_service.start_session(user, realm)
            return redirect(safe_next(default_next))
    return render_template(
        "tenancy/auth/login.html",
        realm=realm,
        errors=errors,
        values=request.form,
        next=request.values.get("next", ""),
    ), status


def logout_page(realm: str):
    auth_service.end_session(realm)
    flash(t("tenancy.login.signed_out"), "success")
    return redirect(url_for(_endpoint(realm, "login")))


def forgot_password_page(realm: str):
    errors, sent = {}, False
    if request.method == "POST":
        data, errors = run_form_action(lambda: parse_form(PasswordForgot, request.form))
        if data:
            user = auth_service.user_by_email(data.email)
            if user is not None and auth_service.can_enter(user, realm):
                link = url_for(
                    _endpoint(realm, "reset_password"), token=auth_service.reset_token(user), _external=True
                )
                send_mail(
                    user.email,
                    t("tenancy.mail.reset_subject", locale=user.locale),
                    render_template(
                        "tenancy/emails/reset_password.txt", user=user, link=link, locale=user.locale
                    ),
                )
            sent = True  # the same answer whether or not the account exists
    return render_template(
        "tenancy/auth/forgot.html", realm=realm, errors=errors, sent=sent, values=request.form
    ), (422 if errors else 200)


def reset_password_page(realm: str, token: str):
    user, errors = run_form_action(lambda: auth_service.user_for_reset(token))
    if user is None:
        return render_template("tenancy/auth/link_invalid.html", realm=realm, message=errors["__root__"]), 400
    if request.method == "POST":
        data, errors = run_form_action(lambda: parse_form(PasswordReset, request.form))
        if data:
            auth_service.set_password(user, data.password)
            flash(t("tenancy.reset.done"), "success")
            return redirect(url_for(_endpoint(realm, "login")))
    return render_template("tenancy/auth/reset.html", realm=realm, errors=errors, token=token), (
        422 if errors else 200
    )


# ------------------------------------------------------------------ vendor staff, /vendor/…

vendor_auth = Blueprint("tenancy_vendor_auth", __name__)


@vendor_auth.get("/")
@public
def choose_shop():
    """After sign-in: the shops this person works for (straight in when there is one)."""
    user = auth_service.session_user("vendor")
    if user is None:
        return redirect(url_for(".login"))
    shops = access_service.vendors_of(user)
    if len(shops) == 1:
        return redirect(url_for("core.vendor_pages.dashboard", vendor_code=shops[0].code))
    return render_template("tenancy/vendor/choose_shop.html", shops=shops)


@vendor_auth.route("/login", methods=["GET", "POST"])
@public
def login():
    return login_page("vendor", default_next=url_for(".choose_shop"))


@vendor_auth.post("/logout")
@public
def logout():
    return logout_page("vendor")


@vendor_auth.route("/password/forgot", methods=["GET", "POST"])
@public
def forgot_password():
    return forgot_password_page("vendor")


@vendor_auth.route("/password/reset/<token>", methods=["GET", "POST"])
@public
def reset_password(token: str):
    return reset_password_page("vendor", token)


@vendor_auth.route("/invitations/<token>", methods=["GET", "POST"])
@public
def accept_invitation(token: str):
    invitation, errors = run_form_action(lambda: team_service.invitation_for(token))
    if invitation is None:
        return render_template(
            "tenancy/auth/link_invalid.html", realm="vendor", message=errors["__root__"]
        ), 400
    existing = auth_service.user_by_email(invitation.email)
    if request.method == "POST":
        if existing is not None:
            user, errors = run_form_action(lambda: team_service.accept(token))
        else:
            data, errors = run_form_action(lambda: parse_form(InvitationAccept, request.form))
            user = team_service.accept(token, data.name, data.password) if data else None
        if user is not None:
            auth_service.start_session(user, "vendor")
            flash(t("tenancy.team.joined", shop=invitation.vendor.name), "success")
            return redirect(url_for("core.vendor_pages.dashboard", vendor_code=invitation.vendor.code))
    return render_template(
        "tenancy/auth/accept_invitation.html",
        invitation=invitation,
        existing=existing,
        errors=errors,
        token=token,
    ), (422 if errors else 200)


# ------------------------------------------------------------------ tokens, /api/v1/auth/…

api_auth = Blueprint("tenancy_api_auth", __name__)


@api_auth.post("/token")
@public
@csrf_exempt
def create_token():
    """Trade ``{"email", "password"}`` for a bearer token (admin or vendor realm)."""
    data = parse(TokenRequest, request.get_json(silent=True))
    user = auth_service.authenticate(data.email, data.password, "api", client_address())
    days = min(data.days, get_module_config("tenancy").api_token_days)
    token, secret = auth_service.create_token(user, data.name, days)
    return jsonify(
        token=secret,
        token_type="Bearer",
        expires_at=token.expires_at.isoformat(),
        id=token.id,
        name=token.name,
    ), 201


def bearer_user():
    """The user of this API request's bearer token, or a 401."""
    header = request.headers.get("Authorization", "")
    user = auth_service.user_for_bearer(header[7:].strip()) if header.startswith("Bearer ") else None
    if user is None:
        from wizamart.security import AuthenticationRequired

        raise AuthenticationRequired("tenancy.errors.bearer_required", realm="api")
    return user


@api_auth.get("/tokens")
@public
def list_tokens():
    """The caller's live tokens (never their secrets)."""
    from .schemas.output import token_out

    return jsonify(items=[token_out(tk) for tk in auth_service.tokens_of(bearer_user())])


@api_auth.delete("/tokens/<int:token_id>")
@public
def revoke_token(token_id: int):
    auth_service.revoke_token(bearer_user(), token_id)
    return "", 204
