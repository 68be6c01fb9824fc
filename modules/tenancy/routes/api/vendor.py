"""Vendor API of tenancy: /api/v1/vendor/tenancy/… (the shop from X-Vendor or the only one)."""

from __future__ import annotations

from flask import Blueprint, jsonify, request
from flask_login import current_user

from wizamart import current_vendor
from wizamart.forms import parse
from wizamart.security import permission_required

from ...schemas import InvitationIn, RoleChange
from ...schemas.output import invitation_out, member_out, vendor_out
from ...services import team_service
from ..pages.vendor import send_invitation

blueprint = Blueprint("tenancy_vendor_api", __name__)


@blueprint.get("/shop")
def shop():
    """The shop this request acts for."""
    return jsonify(vendor_out(current_vendor()))


@blueprint.get("/team")
@permission_required("tenancy.view_team")
def team():
    vendor = current_vendor()
    return jsonify(
        members=[member_out(m) for m in team_service.members(vendor)],
        invitations=[invitation_out(i) for i in team_service.pending_invitations(vendor)],
    )


@blueprint.post("/team/invitations")
@permission_required("tenancy.manage_team")
def invite():
    data = parse(InvitationIn, request.get_json(silent=True))
    invitation, token = team_service.invite(current_vendor(), data.email, data.role, current_user)
    send_invitation(invitation, token)
    return jsonify(invitation_out(invitation)), 201


@blueprint.put("/team/<int:user_id>")
@permission_required("tenancy.manage_team")
def change_role(user_id: int):
    data = parse(RoleChange, request.get_json(silent=True))
    return jsonify(member_out(team_service.change_role(current_vendor(), user_id, data.role)))


@blueprint.delete("/team/<int:user_id>")
@permission_required("tenancy.manage_team")
def remove(user_id: int):
    team_service.remove(current_vendor(), user_id)
    return "", 204
