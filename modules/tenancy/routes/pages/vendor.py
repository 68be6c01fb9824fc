"""Vendor pages of tenancy, under /vendor/<vendor_code>: the shop's team."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user

from wizamart import current_vendor, t
from wizamart.forms import parse_form, run_form_action
from wizamart.mail import send_mail
from wizamart.security import permission_required

from ...models import VendorRole
from ...schemas import InvitationIn, RoleChange
from ...services import team_service

blueprint = Blueprint("tenancy_vendor_pages", __name__)


def role_options() -> list[tuple[str, str]]:
    return [(role.value, t(f"tenancy.role.{role.value}")) for role in VendorRole]


@blueprint.get("/team")
@permission_required("tenancy.view_team")
def team(vendor_code: str):
    vendor = current_vendor()
    return render_template(
        "tenancy/vendor/team.html",
        members=team_service.members(vendor),
        invitations=team_service.pending_invitations(vendor),
        roles=list(VendorRole),
        role_options=role_options(),
        errors={},
        values={},
    )


@blueprint.post("/team/invitations")
@permission_required("tenancy.manage_team")
def invite(vendor_code: str):
    vendor = current_vendor()
    data, errors = run_form_action(lambda: parse_form(InvitationIn, request.form))
    if data:
        sent, errors = run_form_action(
            lambda: team_service.invite(vendor, data.email, data.role, current_user)
        )
        if sent:
            invitation, token = sent
            send_invitation(invitation, token)
            flash(t("tenancy.team.invited", email=invitation.email), "success")
            return redirect(url_for(".team", vendor_code=vendor_code))
    return render_template(
        "tenancy/vendor/team.html",
        members=team_service.members(vendor),
        invitations=team_service.pending_invitations(vendor),
        roles=list(VendorRole),
        role_options=role_options(),
        errors=errors,
        values=request.form,
    ), 422


def send_invitation(invitation, token: str) -> None:
    link = url_for("tenancy.vendor_auth.accept_invitation", token=token, _external=True)
    locale = invitation.vendor.default_language
    send_mail(
        invitation.email,
        t("tenancy.mail.invite_subject", locale=locale, shop=invitation.vendor.name),
        render_template("tenancy/emails/invitation.txt", invitation=invitation, link=link, locale=locale),
    )


@blueprint.post("/team/invitations/<int:invitation_id>/revoke")
@permission_required("tenancy.manage_team")
def revoke_invitation(vendor_code: str, invitation_id: int):
    _, errors = run_form_action(lambda: team_service.revoke_invitation(current_vendor(), invitation_id))
    flash(
        next(iter(errors.values())) if errors else t("tenancy.team.invitation_revoked"),
        "error" if errors else "success",
    )
    return redirect(url_for(".team", vendor_code=vendor_code))


@blueprint.post("/team/<int:user_id>/role")
@permission_required("tenancy.manage_team")
def change_role(vendor_code: str, user_id: int):
    _, errors = run_form_action(
        lambda: team_service.change_role(current_vendor(), user_id, parse_form(RoleChange, request.form).role)
    )
    flash(
        next(iter(errors.values())) if errors else t("tenancy.team.role_changed"),
        "error" if errors else "success",
    )
    return redirect(url_for(".team", vendor_code=vendor_code))


@blueprint.post("/team/<int:user_id>/remove")
@permission_required("tenancy.manage_team")
def remove_member(vendor_code: str, user_id: int):
    _, errors = run_form_action(lambda: team_service.remove(current_vendor(), user_id))
    flash(
        next(iter(errors.values())) if errors else t("tenancy.team.removed"), "error" if errors else "success"
    )
    return redirect(url_for(".team", vendor_code=vendor_code))
