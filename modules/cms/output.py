"""What the cms API answers: pages, media and themes as JSON-ready dicts."""

from __future__ import annotations

from .models import ContentPage


def page_out(page: ContentPage) -> dict:
    return {
        "id": page.id,
        "slug": page.slug,
        "kind": page.kind.value,
        "published": page.published,
        "show_in_footer": page.show_in_footer,
        "position": page.position,
        "title": dict(page.title or {}),
        "body": dict(page.body or {}),
        "vendor_id": page.vendor_id,
        "created_at": page.created_at.isoformat() if page.created_at else None,
        "updated_at": page.updated_at.isoformat() if page.updated_at else None,
    }


def theme_out(settings) -> dict:
    return {
        "theme": settings.theme,
        "primary_color": settings.primary_color,
        "accent_color": settings.accent_color,
        "logo": settings.logo.to_dict() if settings.logo else None,
        "banner": settings.banner.to_dict() if settings.banner else None,
    }
