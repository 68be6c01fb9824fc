"""The profile page, the same for admins (/admin/profile) and vendor staff
(/vendor/<code>/profile): name, language, password and API tokens."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, session
from flask_login import current_user

from modules.tenancy.services import auth_service
from wizamart import t
from wizamart.forms import parse_form, run_form_action

from .services.profile_service import PasswordChange, ProfileIn, TokenIn, profile_service

NEW_TOKEN_KEY = "core.new_token"


def profile_page(realm: str, self_url: str):
    """GET shows the page; POST runs the action named by the ``action`` field."""
    errors: dict = {}
    section = request.form.get("action", "")
    if request.method == "POST":
        if section == "profile":
            _, errors = run_form_action(
                lambda: profile_service.update(current_user, parse_form(ProfileIn, request.form))
            )
            message = "core.profile.saved"
        elif section == "password":
            _, errors = run_form_action(
                lambda: profile_service.change_password(
                    current_user, parse_form(PasswordChange, request.form)
                )
            )
            if not errors:
                auth_service.start_session(current_user, realm)  # stay signed in here, out everywhere else
            message = "core.profile.password_changed"
        elif section == "token":
            created, errors = run_form_action(
                lambda: profile_service.create_token(current_user, parse_form(TokenIn, request.form))
            )
            if created:
                session[NEW_TOKEN_KEY] = created[1]  # shown once, on the next page
            message = "core.profile.token_created"
        elif section == "revoke":
            _, errors = run_form_action(
                lambda: profile_service.revoke_token(
                    current_user, request.form.get("token_id", type=int) or 0
                )
            )
            message = "core.profile.token_revoked"
        else:
            errors, message = {"__root__": t("core.profile.unknown_action")}, ""
        if not errors:
            flash(t(message), "success")
            return redirect(self_url)
    return render_template(
        "core/shared/profile.html",
        realm=realm,
        errors=errors,
        section=section,
        values=request.form
        if request.method == "POST"
        else {"name": current_user.name, "locale": current_user.locale or ""},
        tokens=profile_service.tokens(current_user),
        new_token=session.pop(NEW_TOKEN_KEY, None),
        self_url=self_url,
    ), (422 if errors else 200)


def settings_page(scope: str, scope_id: int, self_url: str, template: str):
    from .services.settings_service import settings_service

    errors: dict = {}
    if request.method == "POST":
        data = {
            f.key: request.form.getlist(f.key)[-1]
            for f in settings_service.fields(scope)
            if f.key in request.form
        }
        _, errors = run_form_action(lambda: settings_service.update(scope, scope_id, data, current_user.id))
        if not errors:
            flash(t("core.settings.saved"), "success")
            return redirect(self_url)
    values = settings_service.values(scope, scope_id)
    if request.method == "POST":
        values.update(request.form.to_dict())
    return render_template(template, fields=settings_service.fields(scope), values=values, errors=errors), (
        422 if errors else 200
    )
