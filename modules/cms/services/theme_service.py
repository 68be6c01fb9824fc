"""Storefront themes: a shop picks a built-in theme and sets its colours, logo and banner.

The storefront reads ``storefront_theme(vendor)`` (one query) through the ``shell_theme``
template variable; the CSS under ``modules/cms/static/storefront/`` is driven by the
variables ``--shop-primary``, ``--shop-accent``, ``--shop-text``, ``--shop-bg``,
``--shop-surface`` (also as ``--shop-card``), ``--shop-primary-ink`` (text on the primary colour),
``--shop-font`` and ``--shop-radius`` that ``ShopThemeView.css_variables`` lists.
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup, escape
from sqlalchemy import select
from sqlalchemy.orm import aliased
from werkzeug.datastructures import FileStorage

from wizamart.database import db

from ..exceptions import FieldInvalid, MediaNotFound
from ..models import MediaFile, MediaKind, ShopTheme
from ..schemas import ThemeIn
from ..themes import DEFAULT_THEME, THEMES, Theme
from . import media_service
from .media_service import MEDIA_URL_PREFIX, MediaView


@dataclass(frozen=True)
class ShopThemeView:
    """What a storefront page needs to look like the shop (``shell_theme`` in templates)."""

    name: str
    theme: str
    primary_color: str
    accent_color: str
    text_color: str
    background_color: str
    surface_color: str
    ink_color: str
    font: str
    radius: str
    logo_url: str | None = None
    banner_url: str | None = None
    logo_alt: str = ""
    banner_alt: str = ""
    stylesheet_url: str | None = None  # the CSS these variables drive (set per request)

    @property
    def css_variables(self) -> dict[str, str]:
        return {
            "--shop-primary": self.primary_color,
            "--shop-accent": self.accent_color,
            "--shop-text": self.text_color,
            "--shop-bg": self.background_color,
            "--shop-surface": self.surface_color,
            "--shop-card": self.surface_color,
            "--shop-primary-ink": self.ink_color,
            "--shop-font": self.font,
            "--shop-radius": self.radius,
        }

    @property
    def style(self) -> Markup:
        """``--shop-primary:#…;…`` for a ``style`` attribute or a ``:root {}`` rule."""
        return Markup(";".join(f"{name}:{escape(value)}" for name, value in self.css_variables.items()))

    @property
    def style_block(self) -> Markup:
        """A ``<style>`` element setting the variables on the page's root."""
        return Markup(f'<style data-shop-theme="{escape(self.theme)}">:root{{{self.style}}}</style>')


@dataclass(frozen=True)
class ThemeSettings:
    """A shop's theme as its form shows it."""

    theme: str
    primary_color: str
    accent_color: str
    logo: MediaView | None
    banner: MediaView | None

    def form_values(self) -> dict:
        return {
            "theme": self.theme,
            "primary_color": self.primary_color,
            "accent_color": self.accent_color,
            "logo_media_id": self.logo.id if self.logo else "",
            "banner_media_id": self.banner.id if self.banner else "",
        }


def themes() -> list[Theme]:
    return list(THEMES.values())


def view_for(name: str, theme_key: str, primary: str = "", accent: str = "", **extra) -> ShopThemeView:
    theme = THEMES.get(theme_key) or THEMES[DEFAULT_THEME]
    return ShopThemeView(
        name=name,
        theme=theme.key,
        primary_color=primary or theme.primary,
        accent_color=accent or theme.accent,
        text_color=theme.text,
        background_color=theme.background,
        surface_color=theme.surface,
        ink_color=theme.ink,
        font=theme.font,
        radius=theme.radius,
        **extra,
    )


def storefront_theme(vendor) -> ShopThemeView:
    """The shop's look, logo and banner included, in one query; the default theme if none is set."""
    logo, banner = aliased(MediaFile), aliased(MediaFile)
    row = db.session.execute(
        select(ShopTheme, logo, banner)
        .outerjoin(logo, (logo.id == ShopTheme.logo_media_id) & (logo.vendor_id == ShopTheme.vendor_id))
        .outerjoin(
            banner, (banner.id == ShopTheme.banner_media_id) & (banner.vendor_id == ShopTheme.vendor_id)
        )
        .where(ShopTheme.vendor_id == vendor.id)
    ).first()
    if row is None:
        return view_for(vendor.name, DEFAULT_THEME)
    theme, logo_file, banner_file = row
    logo_view = media_service.view_of(logo_file) if logo_file else None
    banner_view = media_service.view_of(banner_file) if banner_file else None
    return view_for(
        vendor.name,
        theme.theme,
        theme.primary_color,
        theme.accent_color,
        logo_url=logo_view.url if logo_view else None,
        banner_url=banner_view.url if banner_view else None,
        logo_alt=logo_view.alt() if logo_view else "",
        banner_alt=banner_view.alt() if banner_view else "",
    )


def settings(vendor_id: int) -> ThemeSettings:
    """The shop's theme choice for its form (defaults when it never chose)."""
    theme = db.session.scalar(select(ShopTheme).where(ShopTheme.vendor_id == vendor_id))
    if theme is None:
        return ThemeSettings(DEFAULT_THEME, "", "", None, None)
    media = media_service.media_for(vendor_id, [theme.logo_media_id, theme.banner_media_id])
    return ThemeSettings(
        theme=theme.theme,
        primary_color=theme.primary_color,
        accent_color=theme.accent_color,
        logo=media.get(theme.logo_media_id),
        banner=media.get(theme.banner_media_id),
    )


def update(
    vendor_id: int,
    platform_id: int,
    data: ThemeIn,
    uploads: dict[str, FileStorage | None] | None = None,
    user_id: int | None = None,
) -> ThemeSettings:
    """Save the shop's theme. ``uploads`` may bring a new ``logo`` or ``banner`` file: it joins the
    media library and is used at once — in the same unit of work, so a refusal keeps nothing."""
    stored: list[MediaView] = []
    try:
        media_ids = {"logo": data.logo_media_id, "banner": data.banner_media_id}
        for role, upload in (uploads or {}).items():
            if upload is not None and upload.filename:
                view = media_service.store_upload(
                    vendor_id, platform_id, upload, {}, user_id, field=f"{role}_file", commit=False
                )
                stored.append(view)
                if not view.is_image:
                    raise FieldInvalid(f"{role}_file", "cms.validation.image_required")
                media_ids[role] = view.id
        _check_images(vendor_id, media_ids)
        theme = db.session.scalar(select(ShopTheme).where(ShopTheme.vendor_id == vendor_id))
        if theme is None:
            theme = ShopTheme(vendor_id=vendor_id)
            db.session.add(theme)
        theme.theme = data.theme
        theme.primary_color = data.primary_color
        theme.accent_color = data.accent_color
        theme.logo_media_id = media_ids["logo"]
        theme.banner_media_id = media_ids["banner"]
        db.session.commit()
    except BaseException:
        db.session.rollback()
        media_service.discard_files(
            key for view in stored for key in (_key(view.url), _key(view.thumbnail_url))
        )
        raise
    return settings(vendor_id)


def _key(url: str) -> str:
    return url.removeprefix(MEDIA_URL_PREFIX)


def _check_images(vendor_id: int, media_ids: dict[str, int | None]) -> None:
    """Each chosen id is an image of this shop's library (another shop's id: not found)."""
    wanted = {role: media_id for role, media_id in media_ids.items() if media_id}
    if not wanted:
        return
    kinds = dict(
        db.session.execute(
            select(MediaFile.id, MediaFile.kind).where(
                MediaFile.vendor_id == vendor_id, MediaFile.id.in_(wanted.values())
            )
        ).all()
    )
    for role, media_id in wanted.items():
        if media_id not in kinds:
            raise MediaNotFound(media_id, field=f"{role}_media_id")
        if kinds[media_id] is not MediaKind.IMAGE:
            raise FieldInvalid(f"{role}_media_id", "cms.validation.image_required")
