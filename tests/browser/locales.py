"""The strings the browser tests look for, read from the modules' locale files.

Tests compare against the translations the app ships rather than copies of them, so a
reworded translation does not break a test while a missing one still does.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

MODULES = Path(__file__).resolve().parents[2] / "modules"


@cache
def messages(module: str, lang: str) -> dict[str, str]:
    return json.loads((MODULES / module / "locales" / f"{lang}.json").read_text(encoding="utf-8"))


def text(key: str, lang: str = "en") -> str:
    """The translation of ``key`` (``<module>.…``) in ``lang``; a missing one fails the test."""
    module = key.split(".", 1)[0].replace("-", "_")
    found = messages(module, lang).get(key)
    assert found, f"{key} has no {lang} translation in modules/{module}/locales/{lang}.json"
    return found
