"""Who may do what where: admin scopes, vendor roles and the permissions they carry."""

from __future__ import annotations

from flask import current_app
from sqlalchemy import select

from wizamart.database import db

from ..models import PlatformAdmin, User, Vendor, VendorMembership, VendorRole


class AccessService:
    """Answers permission questions from admin scopes and vendor roles."""

    def admin_platform_ids(self, user: User) -> set[int] | None:
        """The platforms an admin may manage; ``None`` for a super admin (all of them)."""
        if user.is_super_admin:
            return None
        return set(
            db.session.scalars(select(PlatformAdmin.platform_id).where(PlatformAdmin.user_id == user.id))
        )

    def admin_may_manage(self, user: User, platform_id: int | None) -> bool:
        scope = self.admin_platform_ids(user)
        return scope is None or platform_id in scope

    def membership(self, user: User, vendor: Vendor) -> VendorMembership | None:
        return db.session.scalar(
            select(VendorMembership).where(
                VendorMembership.user_id == user.id, VendorMembership.vendor_id == vendor.id
            )
        )

    def vendors_of(self, user: User) -> list[Vendor]:
        return list(
            db.session.scalars(
                select(Vendor)
                .join(VendorMembership, VendorMembership.vendor_id == Vendor.id)
                .where(VendorMembership.user_id == user.id)
                .order_by(Vendor.name)
            )
        )

    def admin_permissions(self) -> set[str]:
        """Platform admins hold every permission on the platforms they manage."""
        return set(current_app.extensions["wizamart"].permissions)

    def role_permissions(self, role: VendorRole) -> set[str]:
        """An owner holds every permission; other roles those that name them."""
        permissions = current_app.extensions["wizamart"].permissions.values()
        if role is VendorRole.OWNER:
            return {p.code for p in permissions}
        return {p.code for p in permissions if role.value in p.roles}


access_service = AccessService()
