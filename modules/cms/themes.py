"""The built-in storefront themes: each a set of CSS variable values a shop starts from."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Theme:
    key: str
    label: str  # locale key
    primary: str
    accent: str
    text: str
    background: str
    surface: str
    font: str
    radius: str


SANS = 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif'
SERIF = 'Georgia, "Times New Roman", serif'

THEMES: dict[str, Theme] = {
    theme.key: theme
    for theme in (
        Theme(
            "classic", "cms.theme.classic", "#1f4e79", "#c0392b", "#1d1d1f", "#ffffff", "#f4f5f7", SANS, "6px"
        ),
        Theme(
            "fresh", "cms.theme.fresh", "#2e7d32", "#f9a825", "#1b2a1c", "#fbfdf8", "#eef6e9", SANS, "14px"
        ),
        Theme("night", "cms.theme.night", "#90caf9", "#ff7043", "#eceff1", "#121417", "#1e2228", SANS, "8px"),
        Theme(
            "atelier",
            "cms.theme.atelier",
            "#6d4c41",
            "#b8860b",
            "#2b2118",
            "#fbf7f1",
            "#f1e9dd",
            SERIF,
            "2px",
        ),
    )
}
DEFAULT_THEME = "classic"
