"""Signing in and proving who you are: passwords, realm sessions, throttling, reset links,
and API bearer tokens.

Admins and vendor staff sign in to separate realms: each realm keeps its own entry in
the session, so signing in to the vendor area grants nothing in the admin area.
"""

from __future__ import annotations

import functools
import hashlib
import secrets
from datetime import UTC, datetime, timedelta

from flask import current_app, g, session
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import delete, func, select
from werkzeug.security import check_password_hash, generate_password_hash

from wizamart import get_module_config
from wizamart.database import db, utcnow

from ..exceptions import InvalidCredentials, InvalidLink, LoginThrottled, RecordNotFound
from ..models import ApiToken, LoginAttempt, PlatformAdmin, User, VendorMembership

REALMS = ("admin", "vendor")
TOKEN_PREFIX = "wz_"
RESET_SALT = "tenancy.password-reset"
RESET_MAX_AGE = 3600


# A hash to compare against when the account does not exist, so timing tells nothing.
@functools.cache
def _dummy_hash() -> str:
    # Made on first use: a scrypt hash costs ~80 ms, which every process would pay at start.
    return generate_password_hash("not-a-real-password")


def hash_password(password: str) -> str:
    """scrypt, Werkzeug's default key-derivation function."""
    return generate_password_hash(password)


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


class AuthService:
    """Authentication for the admin and vendor realms."""

    # ------------------------------------------------------------ realms

    def can_enter(self, user: User, realm: str) -> bool:
        """Admins enter the admin realm, vendor staff the vendor realm, either the ``api``."""
        if not user.is_active:
            return False
        if realm == "api":
            return self.can_enter(user, "admin") or self.can_enter(user, "vendor")
        if realm == "admin":
            return user.is_super_admin or bool(
                db.session.scalar(select(PlatformAdmin.id).where(PlatformAdmin.user_id == user.id).limit(1))
            )
        if realm == "vendor":
            return bool(
                db.session.scalar(
                    select(VendorMembership.id).where(VendorMembership.user_id == user.id).limit(1)
                )
            )
        return False

    # ------------------------------------------------------------ passwords

    def authenticate(self, email: str, password: str, realm: str, address: str) -> User:
        """The user behind ``email``/``password`` in ``realm``, or InvalidCredentials.

        Refuses with LoginThrottled once an account or an address has failed too often.
        """
        email = email.strip().lower()
        self._check_throttle(email, address)
        user = db.session.scalar(select(User).where(User.email == email))
        valid = check_password_hash(
            user.password_hash if user and user.password_hash else _dummy_hash(), password
        )
        if not (user and valid and self.can_enter(user, realm)):
            db.session.add(LoginAttempt(email=email, address=address, realm=realm))
            db.session.commit()
            raise InvalidCredentials("tenancy.login.invalid")
        db.session.execute(delete(LoginAttempt).where(LoginAttempt.email == email))
        user.last_login_at = utcnow()
        db.session.commit()
        return user

    def _check_throttle(self, email: str, address: str) -> None:
        config = get_module_config("tenancy")
        since = utcnow() - timedelta(minutes=config.login_window_minutes)
        for column, value, limit in (
            (LoginAttempt.email, email, config.login_max_failures_per_account),
            (LoginAttempt.address, address, config.login_max_failures_per_address),
        ):
            count, oldest = db.session.execute(
                select(func.count(), func.min(LoginAttempt.created_at)).where(
                    column == value, LoginAttempt.created_at >= since
                )
            ).one()
            if count >= limit:
                free_at = _aware(oldest) + timedelta(minutes=config.login_window_minutes)
                raise LoginThrottled(max(1, int((free_at - utcnow()).total_seconds())))

    def set_password(self, user: User, password: str) -> None:
        """Change the password; every session and reset link made before stops working."""
        user.password_hash = hash_password(password)
        user.session_version += 1
        db.session.commit()

    # ------------------------------------------------------------ sessions

    def start_session(self, user: User, realm: str) -> None:
        session.permanent = True
        auth = dict(session.get("auth", {}))
        auth[realm] = {"uid": user.id, "v": user.session_version}
        session["auth"] = auth
        g.pop(f"tenancy_user_{realm}", None)

    def end_session(self, realm: str) -> None:
        auth = dict(session.get("auth", {}))
        auth.pop(realm, None)
        session["auth"] = auth
        g.pop(f"tenancy_user_{realm}", None)

    def session_user(self, realm: str) -> User | None:
        entry = session.get("auth", {}).get(realm)
        if not entry:
            return None
        user = db.session.get(User, entry.get("uid"))
        if user is None or not user.is_active or user.session_version != entry.get("v"):
            return None
        return user

    # ------------------------------------------------------------ reset links

    def _serializer(self) -> URLSafeTimedSerializer:
        return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=RESET_SALT)

    def reset_token(self, user: User) -> str:
        return self._serializer().dumps({"u": user.id, "v": user.session_version})

    def user_for_reset(self, token: str) -> User:
        try:
            data = self._serializer().loads(token, max_age=RESET_MAX_AGE)
        except SignatureExpired as exc:
            raise InvalidLink("tenancy.errors.reset_link_expired") from exc
        except BadSignature as exc:
            raise InvalidLink("tenancy.errors.reset_link_invalid") from exc
        user = db.session.get(User, data.get("u"))
        if user is None or user.session_version != data.get("v") or not user.is_active:
            raise InvalidLink("tenancy.errors.reset_link_used")
        return user

    def user_by_email(self, email: str) -> User | None:
        return db.session.scalar(select(User).where(User.email == email.strip().lower()))

    # ------------------------------------------------------------ API tokens

    def create_token(self, user: User, name: str, days: int = 90) -> tuple[ApiToken, str]:
        """A new bearer token; the plain value is returned once and never stored."""
        secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
        token = ApiToken(
            user_id=user.id,
            name=name,
            token_hash=hashlib.sha256(secret.encode()).hexdigest(),
            prefix=secret[: len(TOKEN_PREFIX) + 6],
            expires_at=utcnow() + timedelta(days=days),
        )
        db.session.add(token)
        db.session.commit()
        return token, secret

    def tokens_of(self, user: User) -> list[ApiToken]:
        return list(
            db.session.scalars(
                select(ApiToken)
                .where(ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None))
                .order_by(ApiToken.created_at.desc())
            )
        )

    def revoke_token(self, user: User, token_id: int) -> None:
        token = db.session.get(ApiToken, token_id)
        if token is None or token.user_id != user.id or token.revoked_at is not None:
            raise RecordNotFound("token", token_id)
        token.revoked_at = utcnow()
        db.session.commit()

    def user_for_bearer(self, secret: str) -> User | None:
        """The user a bearer token belongs to, if it is live."""
        if not secret.startswith(TOKEN_PREFIX):
            return None
        digest = hashlib.sha256(secret.encode()).hexdigest()
        token = db.session.scalar(select(ApiToken).where(ApiToken.token_hash == digest))
        now = utcnow()
        if token is None or token.revoked_at is not None or _aware(token.expires_at) <= now:
            return None
        if token.last_used_at is None or now - _aware(token.last_used_at) > timedelta(minutes=1):
            token.last_used_at = now
            db.session.commit()
        user = token.user
        return user if user.is_active else None


auth_service = AuthService()
