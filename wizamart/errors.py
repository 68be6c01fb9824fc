"""The error tree. Each class carries its HTTP status and a stable error code; the
framework turns any of them into JSON for the API and a page for the browser, once."""

from __future__ import annotations

from typing import Any


class WizamartException(Exception):
    """Base of every domain error. Modules subclass it (or a child) in ``exceptions.py``."""

    status_code = 400
    error_code = "bad_request"

    def __init__(
        self,
        message: str = "",
        *,
        details: dict[str, Any] | None = None,
        params: dict[str, Any] | None = None,
        key: str | None = None,
    ):
        super().__init__(message or self.__class__.__doc__ or self.error_code)
        # ``message`` may be a locale key (``<code>.errors.<name>``) with ``params`` for its
        # placeholders: it is shown translated into the request's language.
        self.message = message or (self.__class__.__doc__ or self.error_code).strip()
        self.details = details or {}
        self.params = params or {}
        # A locale key for a message kept in English here (logs, str()): the framework's own
        # errors name the key their translation lives under.
        self.key = key

    def to_dict(self) -> dict[str, Any]:
        body: dict[str, Any] = {"code": self.error_code, "message": self.message}
        if self.details:
            body["details"] = self.details
        return body


class ValidationError(WizamartException):
    """The input is not valid."""

    status_code = 422
    error_code = "validation_error"


class NotFoundError(WizamartException):
    """Not found."""

    status_code = 404
    error_code = "not_found"


class PermissionDenied(WizamartException):
    """You are not allowed to do this."""

    status_code = 403
    error_code = "forbidden"


class ConflictError(WizamartException):
    """The request conflicts with the current state."""

    status_code = 409
    error_code = "conflict"


# ------------------------------------------------------------------ module system


class ModuleSystemError(WizamartException):
    """An error of the module system itself."""

    error_code = "module_error"


class ModuleDisabledError(NotFoundError):
    """The module is not enabled on this platform."""

    error_code = "module_disabled"

    def __init__(self, module_code: str, platform_id: int | None = None):
        super().__init__(
            f"Module '{module_code}' is not enabled on this platform",
            details={"module": module_code, "platform_id": platform_id},
            params={"module": module_code},
            key="core.errors.module_disabled",
        )
        self.module_code = module_code
        # The constructor's arguments, so the error survives pickling and a Celery result
        # backend (both rebuild an exception as ``cls(*args)``).
        self.args = (module_code, platform_id)

    def __str__(self) -> str:
        return self.message


class UnknownModuleError(NotFoundError):
    """No such module."""

    error_code = "unknown_module"

    def __init__(self, module_code: str):
        super().__init__(
            f"Unknown module '{module_code}'",
            details={"module": module_code},
            params={"module": module_code},
            key="core.errors.unknown_module",
        )


class CoreModuleError(ConflictError):
    """Core modules are always enabled."""

    error_code = "core_module"

    def __init__(self, module_code: str):
        super().__init__(
            f"Module '{module_code}' is a core module and cannot be disabled",
            details={"module": module_code},
            params={"module": module_code},
            key="core.errors.core_module",
        )


class ModuleLoadError(RuntimeError):
    """A module could not be discovered, validated or wired in; stops a strict startup.

    Not a ``WizamartException``: it happens before there is a request to answer.
    """

    def __init__(self, module_code: str, problem: str):
        super().__init__(f"Module '{module_code}': {problem}")
        self.module_code = module_code
        self.problem = problem


class DependencyError(ModuleLoadError):
    """A missing dependency, a cycle, or a core module requiring an optional one."""
