"""Platform users as admins manage them: accounts, super-admin rights and platform scopes."""

from __future__ import annotations

from sqlalchemy import or_, select

from wizamart.database import db
from wizamart.pagination import Page, paginate

from ..exceptions import FieldTaken, NotAllowed, RecordNotFound
from ..models import PlatformAdmin, User, VendorMembership
from ..schemas import UserIn, UserUpdate
from .auth_service import hash_password


class UserService:
    """Create, find, edit and deactivate users."""

    def get(self, user_id: int) -> User:
        user = db.session.get(User, user_id)
        if user is None:
            raise RecordNotFound("user", user_id)
        return user

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
        from ..models import Vendor

        query = select(User).order_by(User.email)
        if q:
            like = f"%{q}%"
            query = query.where(or_(User.email.ilike(like), User.name.ilike(like)))
        admins = select(PlatformAdmin.user_id)
        staff = select(VendorMembership.user_id).join(Vendor, Vendor.id == VendorMembership.vendor_id)
        if platform_ids is not None:
            admins = admins.where(PlatformAdmin.platform_id.in_(platform_ids))
            staff = staff.where(Vendor.platform_id.in_(platform_ids))
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
        user = self.get(user_id)
        self._check_grant(data.is_super_admin, data.platform_ids, acting_scope)
        if user.id == acting_user_id and (
            not data.is_active or (user.is_super_admin and not data.is_super_admin)
        ):
            raise NotAllowed("You cannot deactivate yourself or drop your own super-admin rights.")
        user.name, user.is_active, user.is_super_admin = data.name, data.is_active, data.is_super_admin
        kept = {pa.platform_id: pa for pa in user.admin_platforms}
        user.admin_platforms = [
            kept.get(pid) or PlatformAdmin(platform_id=pid) for pid in sorted(set(data.platform_ids))
        ]
        if not data.is_active:
            user.session_version += 1  # sign them out everywhere
        db.session.commit()
        return user

    def count(self) -> int:
        from sqlalchemy import func

        return db.session.scalar(select(func.count()).select_from(User)) or 0

    def _check_grant(self, super_admin: bool, platform_ids: list[int], acting_scope: set[int] | None) -> None:
        if acting_scope is None:
            return
        if super_admin or not set(platform_ids) <= acting_scope:
            raise NotAllowed("You can only grant admin rights on the platforms you manage.")


user_service = UserService()
