"""Platform users as admins manage them: accounts, super-admin rights and platform scopes."""

from __future__ import annotations

from sqlalchemy import or_, select

from wizamart.database import db
from wizamart.errors import ValidationError
from wizamart.pagination import Page, paginate

from ..exceptions import FieldTaken, NotAllowed, RecordNotFound
from ..models import Platform, PlatformAdmin, User, Vendor, VendorMembership
from ..schemas import UserIn, UserUpdate
from .auth_service import hash_password
from .filters import choice


class UserService:
    """Create, find, edit and deactivate users."""

    def get(self, user_id: int, platform_ids: set[int] | None = None) -> User:
        """The user, if the acting admin's scope (``platform_ids``; ``None``: all) covers them."""
        user = db.session.get(User, user_id)
        if user is None or (platform_ids is not None and not self._in_scope(user.id, platform_ids)):
            raise RecordNotFound("user", user_id)
        return user

    def _in_scope(self, user_id: int, platform_ids: set[int]) -> bool:
        """A scoped admin sees the admins and vendor staff of their platforms."""
        admins, staff = self._people_of(platform_ids)
        return bool(
            db.session.scalar(
                select(User.id).where(User.id == user_id, or_(User.id.in_(admins), User.id.in_(staff)))
            )
        )

    def _people_of(self, platform_ids: set[int] | None):
        """Subqueries of the admin ids and staff ids of ``platform_ids`` (every platform on ``None``)."""
        admins = select(PlatformAdmin.user_id)
        staff = select(VendorMembership.user_id).join(Vendor, Vendor.id == VendorMembership.vendor_id)
        if platform_ids is not None:
            admins = admins.where(PlatformAdmin.platform_id.in_(platform_ids))
            staff = staff.where(Vendor.platform_id.in_(platform_ids))
        return admins, staff

    def search(
        self,
        q: str = "",
        kind: str = "",
        platform_ids: set[int] | None = None,
        page: int = 1,
        per_page: int = 20,
    ) -> Page:
        """Users matching ``q`` (e-mail or name); ``kind`` is ``admin`` or ``vendor``.

        A scoped admin (``platform_ids``) sees the admins and vendor staff of those platforms.
        """
        query = select(User).order_by(User.email)
        if q:
            like = f"%{q}%"
            query = query.where(or_(User.email.ilike(like), User.name.ilike(like)))
        if kind:
            choice(("admin", "vendor"), "kind", kind)
        admins, staff = self._people_of(platform_ids)
        if platform_ids is not None:
            query = query.where(or_(User.id.in_(admins), User.id.in_(staff)))
        if kind == "admin":
            query = query.where(or_(User.is_super_admin.is_(True), User.id.in_(admins)))
        elif kind == "vendor":
            query = query.where(User.id.in_(staff))
        return paginate(query, page, per_page)

    def create(self, data: UserIn, acting_scope: set[int] | None) -> User:
        """Create an account; a scoped admin may only grant platforms in their own scope."""
        if db.session.scalar(select(User.id).where(User.email == data.email)):
            raise FieldTaken("email", data.email)
        self._check_grant(data.is_super_admin, data.platform_ids, acting_scope)
        self._check_platforms_exist(data.platform_ids)
        user = User(
            email=data.email,
            name=data.name,
            password_hash=hash_password(data.password),
            is_super_admin=data.is_super_admin,
        )
        user.admin_platforms = [PlatformAdmin(platform_id=pid) for pid in sorted(set(data.platform_ids))]
        db.session.add(user)
        db.session.commit()
        return user

    def update(
        self, user_id: int, data: UserUpdate, acting_scope: set[int] | None, acting_user_id: int
    ) -> User:
        user = self.get(user_id, acting_scope)
        if acting_scope is not None and user.is_super_admin:
            raise NotAllowed("tenancy.errors.super_admin_account")
        self._check_grant(data.is_super_admin, data.platform_ids, acting_scope)
        self._check_platforms_exist(data.platform_ids)
        if user.id == acting_user_id and (
            not data.is_active or (user.is_super_admin and not data.is_super_admin)
        ):
            raise NotAllowed("tenancy.errors.own_rights")
        user.name, user.is_active, user.is_super_admin = data.name, data.is_active, data.is_super_admin
        kept = {pa.platform_id: pa for pa in user.admin_platforms}
        # A scoped admin's form only shows their own platforms: grants elsewhere stay as they are.
        wanted = set(data.platform_ids) | {
            pid for pid in kept if acting_scope is not None and pid not in acting_scope
        }
        user.admin_platforms = [kept.get(pid) or PlatformAdmin(platform_id=pid) for pid in sorted(wanted)]
        if not data.is_active:
            user.session_version += 1  # sign them out everywhere
        db.session.commit()
        return user

    def count(self) -> int:
        from sqlalchemy import func

        return db.session.scalar(select(func.count()).select_from(User)) or 0

    def _check_platforms_exist(self, platform_ids: list[int]) -> None:
        known = set(db.session.scalars(select(Platform.id).where(Platform.id.in_(platform_ids))))
        unknown = sorted(set(platform_ids) - known)
        if unknown:
            raise ValidationError(
                "tenancy.errors.unknown_platforms",
                details={"fields": {"platform_ids": "tenancy.validation.unknown_platform"}},
                params={"ids": ", ".join(map(str, unknown))},
            )

    def _check_grant(self, super_admin: bool, platform_ids: list[int], acting_scope: set[int] | None) -> None:
        if acting_scope is None:
            return
        if super_admin or not set(platform_ids) <= acting_scope:
            raise NotAllowed("tenancy.errors.grant_outside_scope")


user_service = UserService()
