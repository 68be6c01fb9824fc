"""The icons of the framework's sprite (static/icons/icons.svg), for the icon browser."""

from __future__ import annotations

import re
from pathlib import Path

from flask import current_app

SYMBOL = re.compile(r'<symbol\s+id="([^"]+)"')


class IconService:
    """Reads the symbol ids of the icon sprite."""

    def icon_names(self) -> list[str]:
        sprite = Path(current_app.static_folder) / "icons" / "icons.svg"
        return sorted(SYMBOL.findall(sprite.read_text(encoding="utf-8")))


icon_service = IconService()
