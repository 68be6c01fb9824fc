"""Errors of the tenancy module; each names the field it is about where there is one.

Messages are locale keys (``tenancy.errors.<name>``, with ``params`` for their placeholders),
so people read them in their own language; the ``error_code``s stay as API clients know them.
"""

from flask_babel import LazyString

from wizamart import t
from wizamart.errors import ConflictError, NotFoundError, PermissionDenied, ValidationError, WizamartException

# The record kinds RecordNotFound names, each with its message ``tenancy.errors.not_found_<kind>``.
RECORD_KINDS = ("platform", "company", "vendor", "user", "token", "invitation", "team_member")
# The fields FieldTaken names, each with its label ``tenancy.field.<field>``.
UNIQUE_FIELDS = ("code", "email", "domains", "custom_domain")


def label(key: str) -> LazyString:
    """A locale key as an error's parameter (a status, a role), translated when the message is shown."""
    return LazyString(t, key)


class TenancyException(WizamartException):
    """Base error of the tenancy module."""

    error_code = "tenancy_error"


class RecordNotFound(NotFoundError):
    """Not found."""

    def __init__(self, kind: str, ref):
        """``kind`` is one of RECORD_KINDS; ``ref`` the id or code asked for."""
        super().__init__(
            f"tenancy.errors.not_found_{kind}", details={"kind": kind, "ref": ref}, params={"ref": ref}
        )


class FieldTaken(ConflictError):
    """A value that must be unique is already used."""

    error_code = "already_used"

    def __init__(self, field: str, value: str):
        super().__init__(
            "tenancy.errors.taken",
            details={"fields": {field: "tenancy.validation.taken"}},
            params={"field": label(f"tenancy.field.{field}"), "value": value},
        )


class InvalidTransition(ConflictError):
    """The record cannot move to that status from where it is."""

    error_code = "invalid_transition"


class LastOwnerError(ConflictError):
    """A vendor keeps at least one owner."""

    error_code = "last_owner"


class InvalidCredentials(TenancyException):
    """Wrong e-mail or password."""

    status_code = 401
    error_code = "invalid_credentials"


class LoginThrottled(TenancyException):
    """Too many failed sign-ins; wait before trying again."""

    status_code = 429
    error_code = "too_many_attempts"

    def __init__(self, retry_after_seconds: int):
        super().__init__(
            "tenancy.login.throttled",
            details={"retry_after": retry_after_seconds},
            params={"minutes": max(1, round(retry_after_seconds / 60))},
        )
        self.retry_after = retry_after_seconds


class InvalidLink(ValidationError):
    """The link is invalid or has expired."""

    error_code = "invalid_link"


class NotAllowed(PermissionDenied):
    """You are not allowed to do this."""
