"""List filters taken from query strings: an unknown value is the caller's mistake (422)."""

from __future__ import annotations

import enum

from wizamart.errors import ValidationError


def choice(options: type[enum.Enum] | tuple[str, ...], field: str, value: str):
    """``value`` as one of ``options`` (an enum or a tuple of strings), or a 422 naming ``field``."""
    allowed = [o.value for o in options] if isinstance(options, type) else list(options)
    if value not in allowed:
        raise ValidationError(
            "tenancy.errors.choice",
            details={"fields": {field: "core.validation.enum"}},
            params={"field": field, "choices": ", ".join(allowed)},
        )
    return options(value) if isinstance(options, type) else value
