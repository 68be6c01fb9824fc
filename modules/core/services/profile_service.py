"""The signed-in person's own profile: name, language, password and API tokens.

Accounts belong to tenancy; core changes them only through tenancy's public services.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, field_validator
from werkzeug.security import check_password_hash

from modules.tenancy.schemas import Language, PasswordReset
from modules.tenancy.services import auth_service
from wizamart.database import db
from wizamart.errors import ValidationError


class ProfileIn(BaseModel):
    model_config = ConfigDict(str_strip_whitespace=True, extra="forbid")

    name: str = Field(default="", max_length=120)
    locale: Language | None = None

    @field_validator("locale", mode="before")
    @classmethod
    def _blank_is_none(cls, value):
        return value or None


class PasswordChange(PasswordReset):
    """A new password (checked as on reset), proven by the current one."""

    current_password: str = Field(min_length=1)


class TokenIn(BaseModel):
    model_config = ConfigDict(str_strip_whitespace=True, extra="forbid")

    name: str = Field(min_length=1, max_length=100)
    days: int = Field(default=90, ge=1, le=365)


class ProfileService:
    """Changes a user makes to their own account."""

    def update(self, user, data: ProfileIn):
        user.name, user.locale = data.name, data.locale
        db.session.commit()
        return user

    def change_password(self, user, data: PasswordChange) -> None:
        if not check_password_hash(user.password_hash, data.current_password):
            raise ValidationError(
                "core.errors.current_password",
                details={"fields": {"current_password": "core.validation.current_password"}},
            )
        auth_service.set_password(user, data.password)

    def create_token(self, user, data: TokenIn):
        return auth_service.create_token(user, data.name, data.days)

    def tokens(self, user):
        return auth_service.tokens_of(user)

    def revoke_token(self, user, token_id: int) -> None:
        auth_service.revoke_token(user, token_id)


profile_service = ProfileService()
