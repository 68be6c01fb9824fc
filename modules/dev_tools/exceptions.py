"""Errors of the dev-tools module."""

from wizamart.errors import WizamartException


class DevToolsException(WizamartException):
    """Base error of the dev-tools module."""

    error_code = "dev_tools_error"
