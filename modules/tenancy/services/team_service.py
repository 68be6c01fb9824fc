"""A vendor's team: invitations by e-mail (signed, expiring links) and roles."""

from __future__ import annotations

from datetime import UTC, timedelta

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import func, select

from wizamart import get_module_config
from wizamart.database import db, utcnow

from ..exceptions import FieldTaken, InvalidLink, LastOwnerError, RecordNotFound
from ..models import Invitation, User, Vendor, VendorMembership, VendorRole
from .auth_service import auth_service, hash_password

INVITE_SALT = "tenancy.invitation"


class TeamService:
    """Invite, accept, change roles and remove members of one vendor's team."""

    def members(self, vendor: Vendor) -> list[VendorMembership]:
        return list(
            db.session.scalars(
                select(VendorMembership)
                .join(User)
                .where(VendorMembership.vendor_id == vendor.id)
                .order_by(VendorMembership.role, User.email)
            )
        )

    def pending_invitations(self, vendor: Vendor) -> list[Invitation]:
        return list(
            db.session.scalars(
                select(Invitation)
                .where(
                    Invitation.vendor_id == vendor.id,
                    Invitation.accepted_at.is_(None),
                    Invitation.revoked_at.is_(None),
                    Invitation.expires_at > utcnow(),
                )
                .order_by(Invitation.created_at.desc())
            )
        )

    def invite(
        self, vendor: Vendor, email: str, role: VendorRole, invited_by: User | None
    ) -> tuple[Invitation, str]:
        """Record an invitation and return it with its signed link token (to e-mail).

        Inviting an address that has a pending invitation replaces it (a new link, maybe a new
        role): the old link stops working, so one person never holds two.
        """
        existing = db.session.scalar(
            select(VendorMembership)
            .join(User)
            .where(VendorMembership.vendor_id == vendor.id, User.email == email)
        )
        if existing is not None:
            raise FieldTaken("email", email)
        for pending in self.pending_invitations(vendor):
            if pending.email == email:
                pending.revoked_at = utcnow()
        days = get_module_config("tenancy").invitation_days
        invitation = Invitation(
            vendor_id=vendor.id,
            email=email,
            role=role,
            invited_by_id=invited_by.id if invited_by else None,
            expires_at=utcnow() + timedelta(days=days),
        )
        db.session.add(invitation)
        db.session.commit()
        return invitation, self._serializer().dumps(invitation.id)

    def revoke_invitation(self, vendor: Vendor, invitation_id: int) -> None:
        invitation = db.session.get(Invitation, invitation_id)
        if invitation is None or invitation.vendor_id != vendor.id or invitation.accepted_at:
            raise RecordNotFound("invitation", invitation_id)
        invitation.revoked_at = utcnow()
        db.session.commit()

    def invitation_for(self, token: str) -> Invitation:
        """The live invitation behind a link token, or InvalidLink."""
        try:
            invitation_id = self._serializer().loads(token)
        except (BadSignature, SignatureExpired) as exc:
            raise InvalidLink("tenancy.errors.invitation_invalid") from exc
        invitation = db.session.get(Invitation, invitation_id)
        if invitation is None or invitation.revoked_at or invitation.accepted_at:
            raise InvalidLink("tenancy.errors.invitation_used")
        expires = (
            invitation.expires_at
            if invitation.expires_at.tzinfo
            else invitation.expires_at.replace(tzinfo=UTC)
        )
        if expires <= utcnow():
            raise InvalidLink("tenancy.errors.invitation_expired")
        return invitation

    def accept(self, token: str, name: str = "", password: str | None = None) -> User:
        """Join the team: an existing account is linked, a new one is created with ``password``."""
        invitation = self.invitation_for(token)
        user = auth_service.user_by_email(invitation.email)
        if user is None:
            if not password:
                raise InvalidLink("tenancy.errors.password_needed")
            user = User(email=invitation.email, name=name, password_hash=hash_password(password))
            db.session.add(user)
            db.session.flush()
        if (
            db.session.scalar(
                select(VendorMembership).where(
                    VendorMembership.vendor_id == invitation.vendor_id, VendorMembership.user_id == user.id
                )
            )
            is None
        ):
            db.session.add(
                VendorMembership(user_id=user.id, vendor_id=invitation.vendor_id, role=invitation.role)
            )
        invitation.accepted_at = utcnow()
        db.session.commit()
        return user

    def change_role(self, vendor: Vendor, user_id: int, role: VendorRole) -> VendorMembership:
        membership = self._membership(vendor, user_id)
        if membership.role is VendorRole.OWNER and role is not VendorRole.OWNER:
            self._keep_an_owner(vendor)
        membership.role = role
        db.session.commit()
        return membership

    def remove(self, vendor: Vendor, user_id: int) -> None:
        membership = self._membership(vendor, user_id)
        if membership.role is VendorRole.OWNER:
            self._keep_an_owner(vendor)
        db.session.delete(membership)
        db.session.commit()

    def add_member(self, vendor: Vendor, user: User, role: VendorRole) -> VendorMembership:
        """Add a user to the team directly (admins, demo data)."""
        membership = VendorMembership(user_id=user.id, vendor_id=vendor.id, role=role)
        db.session.add(membership)
        db.session.commit()
        return membership

    def _membership(self, vendor: Vendor, user_id: int) -> VendorMembership:
        membership = db.session.scalar(
            select(VendorMembership).where(
                VendorMembership.vendor_id == vendor.id, VendorMembership.user_id == user_id
            )
        )
        if membership is None:
            raise RecordNotFound("team_member", user_id)
        return membership

    def _keep_an_owner(self, vendor: Vendor) -> None:
        owners = db.session.scalar(
            select(func.count()).where(
                VendorMembership.vendor_id == vendor.id, VendorMembership.role == VendorRole.OWNER
            )
        )
        if owners <= 1:
            raise LastOwnerError("tenancy.errors.last_owner")

    def _serializer(self) -> URLSafeTimedSerializer:
        return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=INVITE_SALT)


team_service = TeamService()
