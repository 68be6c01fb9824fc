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
    surface: str  # cards and panels
    ink: str  # text on the primary colour
    font: str
    radius: str


# No quotes in the stacks: the values go into <style> elements and style attributes, where an
# escaped quote would break the declaration (unquoted multi-word family names are valid CSS).
SANS = "system-ui, -apple-system, Segoe UI, Roboto, sans-serif"
SERIF = "Georgia, Times New Roman, serif"

THEMES: dict[str, Theme] = {
    theme.key: theme
    for theme in (
        Theme(
            key="classic",
            label="cms.theme.classic",
            primary="#1f4e79",
            accent="#c0392b",
            text="#1d1d1f",
            background="#ffffff",
            surface="#f4f5f7",
            ink="#ffffff",
            font=SANS,
            radius="6px",
        ),
        Theme(
            key="fresh",
            label="cms.theme.fresh",
            primary="#2e7d32",
            accent="#f9a825",
            text="#1b2a1c",
            background="#fbfdf8",
            surface="#ffffff",
            ink="#ffffff",
            font=SANS,
            radius="14px",
        ),
        Theme(
            key="night",
            label="cms.theme.night",
            primary="#90caf9",
            accent="#ff7043",
            text="#eceff1",
            background="#121417",
            surface="#1e2228",
            ink="#0d1b2a",
            font=SANS,
            radius="8px",
        ),
        Theme(
            key="atelier",
            label="cms.theme.atelier",
            primary="#6d4c41",
            accent="#b8860b",
            text="#2b2118",
            background="#fbf7f1",
            surface="#fffdf9",
            ink="#ffffff",
            font=SERIF,
            radius="2px",
        ),
    )
}
DEFAULT_THEME = "classic"
