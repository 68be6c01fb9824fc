"""Errors of the tenancy module; each names the field it is about where there is one."""

from wizamart.errors import ConflictError, NotFoundError, PermissionDenied, ValidationError, WizamartException


class TenancyException(WizamartException):
    """Base error of the tenancy module."""

    error_code = "tenancy_error"


class RecordNotFound(NotFoundError):
    """Not found."""

    def __init__(self, kind: str, ref):
        super().__init__(f"No {kind} {ref!r}", details={"kind": kind, "ref": ref})


class FieldTaken(ConflictError):
    """A value that must be unique is already used."""

    error_code = "already_used"

    def __init__(self, field: str, value: str):
        super().__init__(f"{field}: {value!r} is already used", details={"fields": {field: "already used"}})


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
        minutes = max(1, round(retry_after_seconds / 60))
        super().__init__(
            f"Too many failed sign-ins. Try again in {minutes} minute(s).",
            details={"retry_after": retry_after_seconds},
        )
        self.retry_after = retry_after_seconds


class InvalidLink(ValidationError):
    """The link is invalid or has expired."""

    error_code = "invalid_link"


class NotAllowed(PermissionDenied):
    """You are not allowed to do this."""
