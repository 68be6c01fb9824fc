"""``get_module_config(code)``: a module's settings, read through its ``config.py``."""

from __future__ import annotations

from typing import Any

from flask import current_app

from wizamart.errors import UnknownModuleError


def get_module_config(code: str) -> Any:
    """The settings instance of module ``code`` (``None`` if it declares none).

    Values come from environment variables ``<CODE>_<FIELD>`` and from Flask config keys
    of the same name, which win (tests pass them to ``create_app``).
    """
    configs = current_app.extensions["wizamart"].module_configs
    if code not in configs:
        raise UnknownModuleError(code)
    return configs[code]
