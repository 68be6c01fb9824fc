"""Errors of the core module."""

from wizamart.errors import WizamartException


class CoreException(WizamartException):
    """Base error of the core module."""

    error_code = "core_error"
