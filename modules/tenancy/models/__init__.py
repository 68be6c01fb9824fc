"""Tenancy's tables: platforms, companies, vendors, users and who may do what where."""

from __future__ import annotations

import enum
from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import Boolean, DateTime, Enum, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from wizamart.database import db, utcnow


def _enum(cls: type[enum.Enum], name: str) -> Enum:
    return Enum(cls, name=name, native_enum=False, length=16, values_callable=lambda e: [m.value for m in e])


class PlatformStatus(enum.StrEnum):
    ACTIVE = "active"
    SUSPENDED = "suspended"


class VendorStatus(enum.StrEnum):
    PENDING = "pending"
    ACTIVE = "active"
    SUSPENDED = "suspended"
    REJECTED = "rejected"


class VendorRole(enum.StrEnum):
    OWNER = "owner"
    MANAGER = "manager"
    STAFF = "staff"


class Platform(db.Model):
    """A marketplace run by platform admins, reached through its domains."""

    __tablename__ = "platforms"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True, nullable=False)
    name: Mapped[str] = mapped_column(String(120), nullable=False)
    default_language: Mapped[str] = mapped_column(String(5), nullable=False, default="en")
    currency: Mapped[str] = mapped_column(String(3), nullable=False, default="EUR")
    status: Mapped[PlatformStatus] = mapped_column(
        _enum(PlatformStatus, "platform_status"), nullable=False, default=PlatformStatus.ACTIVE
    )
    status_reason: Mapped[str] = mapped_column(String(500), nullable=False, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False, default=utcnow)

    domains: Mapped[list[PlatformDomain]] = relationship(
        back_populates="platform", cascade="all, delete-orphan", order_by="PlatformDomain.domain"
    )

    @property
    def domain_names(self) -> list[str]:
        return [d.domain for d in self.domains]


class PlatformDomain(db.Model):
    """A host name that leads to a platform (``shop.lu``, ``localhost``)."""

    __tablename__ = "platform_domains"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    platform_id: Mapped[int] = mapped_column(ForeignKey("platforms.id", ondelete="CASCADE"), nullable=False)
    domain: Mapped[str] = mapped_column(String(255), unique=True, nullable=False)

    platform: Mapped[Platform] = relationship(back_populates="domains")


class Company(db.Model):
    """The legal entity that owns vendors."""

    __tablename__ = "companies"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    platform_id: Mapped[int] = mapped_column(ForeignKey("platforms.id"), nullable=False, index=True)
    legal_name: Mapped[str] = mapped_column(String(200), nullable=False)
    vat_number: Mapped[str] = mapped_column(String(20), nullable=False, default="")
    rcs_number: Mapped[str] = mapped_column(String(20), nullable=False, default="")
    street: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    postal_code: Mapped[str] = mapped_column(String(20), nullable=False, default="")
    city: Mapped[str] = mapped_column(String(100), nullable=False, default="")
    country: Mapped[str] = mapped_column(String(2), nullable=False, default="LU")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False, default=utcnow)

    platform: Mapped[Platform] = relationship()


class Vendor(db.Model):
    """A shop: sells on one platform, owned by a company, reached at /vendor/<code>/."""

    __tablename__ = "vendors"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True, nullable=False)
    name: Mapped[str] = mapped_column(String(120), nullable=False)
    company_id: Mapped[int] = mapped_column(ForeignKey("companies.id"), nullable=False, index=True)
    platform_id: Mapped[int] = mapped_column(ForeignKey("platforms.id"), nullable=False, index=True)
    status: Mapped[VendorStatus] = mapped_column(
        _enum(VendorStatus, "vendor_status"), nullable=False, default=VendorStatus.PENDING
    )
    status_reason: Mapped[str] = mapped_column(String(500), nullable=False, default="")
    has_traded: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    default_language: Mapped[str] = mapped_column(String(5), nullable=False, default="en")
    # The shop's own domain (``www.velo-lux.lu``): its storefront answers there at ``/``.
    custom_domain: Mapped[str | None] = mapped_column(String(255), unique=True, nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False, default=utcnow)

    company: Mapped[Company] = relationship()
    platform: Mapped[Platform] = relationship()


class User(UserMixin, db.Model):
    """A person who signs in: platform admin, vendor staff, or both (separate realms)."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    email: Mapped[str] = mapped_column(String(255), unique=True, nullable=False)
    name: Mapped[str] = mapped_column(String(120), nullable=False, default="")
    password_hash: Mapped[str] = mapped_column(String(255), nullable=False, default="")
    locale: Mapped[str | None] = mapped_column(String(5), nullable=True)
    is_active: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True)
    is_super_admin: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    # Bumped when the password changes: sessions and reset links made before are void.
    session_version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False, default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)

    admin_platforms: Mapped[list[PlatformAdmin]] = relationship(cascade="all, delete-orphan")
    memberships: Mapped[list[VendorMembership]] = relationship(
        back_populates="user", cascade="all, delete-orphan"
    )

    @property
    def display_name(self) -> str:
        return self.name or self.email

    def get_id(self) -> str:  # Flask-Login: sessions are per realm, see services.auth_service
        return str(self.id)


class PlatformAdmin(db.Model):
    """A platform admin scoped to one platform (super admins need no rows)."""

    __tablename__ = "platform_admins"
    __table_args__ = (UniqueConstraint("user_id", "platform_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), nullable=False)
    platform_id: Mapped[int] = mapped_column(ForeignKey("platforms.id", ondelete="CASCADE"), nullable=False)


class VendorMembership(db.Model):
    """A user's role in one vendor's team."""

    __tablename__ = "vendor_memberships"
    __table_args__ = (UniqueConstraint("user_id", "vendor_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), nullable=False)
    vendor_id: Mapped[int] = mapped_column(
        ForeignKey("vendors.id", ondelete="CASCADE"), nullable=False, index=True
    )
    role: Mapped[VendorRole] = mapped_column(_enum(VendorRole, "vendor_role"), nullable=False)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False, default=utcnow)

    user: Mapped[User] = relationship(back_populates="memberships")
    vendor: Mapped[Vendor] = relationship()


class Invitation(db.Model):
    """An invitation to join a vendor's team, accepted through a signed, expiring link."""

    __tablename__ = "vendor_invitations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    vendor_id: Mapped[int] = mapped_column(
        ForeignKey("vendors.id", ondelete="CASCADE"), nullable=False, index=True
    )
    email: Mapped[str] = mapped_column(String(255), nullable=False)
    role: Mapped[VendorRole] = mapped_column(_enum(VendorRole, "vendor_role"), nullable=False)
    invited_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True
    )
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False)
    accepted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)

    vendor: Mapped[Vendor] = relationship()


class ApiToken(db.Model):
    """A bearer token for API clients; only its SHA-256 is stored."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True
    )
    name: Mapped[str] = mapped_column(String(100), nullable=False)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True, nullable=False)
    prefix: Mapped[str] = mapped_column(String(12), nullable=False)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False)
    last_used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)

    user: Mapped[User] = relationship()


class LoginAttempt(db.Model):
    """A failed sign-in, counted per account and per address to throttle guessing."""

    __tablename__ = "login_attempts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    email: Mapped[str] = mapped_column(String(255), nullable=False, index=True)
    address: Mapped[str] = mapped_column(String(64), nullable=False, index=True)
    realm: Mapped[str] = mapped_column(String(16), nullable=False)
    created_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), nullable=False, default=utcnow, index=True
    )


__all__ = [
    "ApiToken",
    "Company",
    "Invitation",
    "LoginAttempt",
    "Platform",
    "PlatformAdmin",
    "PlatformDomain",
    "PlatformStatus",
    "User",
    "Vendor",
    "VendorMembership",
    "VendorRole",
    "VendorStatus",
]
