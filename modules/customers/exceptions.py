"""Errors of the customers module; each names the field it is about where there is one.

Messages are locale keys (``customers.errors.<name>``) shown in the reader's language.
"""

from wizamart.errors import ConflictError, NotFoundError, PermissionDenied, ValidationError, WizamartException


class CustomersException(WizamartException):
    """Base error of the customers module."""

    error_code = "customers_error"


class CustomerNotFound(NotFoundError):
    """No such customer in this shop."""

    error_code = "customer_not_found"

    def __init__(self, ref):
        super().__init__("customers.errors.customer_not_found", details={"ref": ref}, params={"ref": ref})


class AddressNotFound(NotFoundError):
    """No such address among the customer's."""

    error_code = "address_not_found"

    def __init__(self, ref):
        super().__init__("customers.errors.address_not_found", details={"ref": ref}, params={"ref": ref})


class SegmentNotFound(NotFoundError):
    """No such segment in this shop."""

    error_code = "segment_not_found"

    def __init__(self, ref):
        super().__init__("customers.errors.segment_not_found", details={"ref": ref}, params={"ref": ref})


class EmailTaken(ConflictError):
    """An account with this e-mail already exists in this shop."""

    error_code = "already_used"

    def __init__(self):
        super().__init__(
            "customers.errors.email_taken", details={"fields": {"email": "customers.validation.email_taken"}}
        )


class SegmentNameTaken(ConflictError):
    """Another segment of the shop has this name."""

    error_code = "already_used"

    def __init__(self):
        super().__init__(
            "customers.errors.segment_name_taken",
            details={"fields": {"name": "customers.validation.segment_name_taken"}},
        )


class InvalidCredentials(CustomersException):
    """Wrong e-mail or password."""

    status_code = 401
    error_code = "invalid_credentials"


class EmailNotVerified(PermissionDenied):
    """The account's e-mail address has not been confirmed yet."""

    error_code = "email_not_verified"


class WrongPassword(ValidationError):
    """The current password given does not match."""

    error_code = "wrong_password"

    def __init__(self, field: str = "current_password"):
        super().__init__(
            "customers.errors.wrong_password",
            details={"fields": {field: "customers.validation.wrong_password"}},
        )


class LoginThrottled(CustomersException):
    """Too many failed sign-ins; wait before trying again."""

    status_code = 429
    error_code = "too_many_attempts"

    def __init__(self, retry_after_seconds: int):
        super().__init__(
            "customers.login.throttled",
            details={"retry_after": retry_after_seconds},
            params={"minutes": max(1, round(retry_after_seconds / 60))},
        )
        self.retry_after = retry_after_seconds


class InvalidLink(ValidationError):
    """The link is invalid or has expired."""

    error_code = "invalid_link"


class AlreadyAnonymised(ConflictError):
    """The customer's data was already erased."""

    error_code = "already_anonymised"
