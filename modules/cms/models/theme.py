"""A shop's storefront look: a built-in theme, its colours, logo and banner."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from wizamart.database import db, utcnow


class ShopTheme(db.Model):
    """One row per shop that changed its look; shops without one use the default theme."""

    __tablename__ = "cms_themes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    vendor_id: Mapped[int] = mapped_column(
        ForeignKey("vendors.id", ondelete="CASCADE"), nullable=False, unique=True
    )
    theme: Mapped[str] = mapped_column(String(20), nullable=False, default="classic")
    # "#rrggbb"; empty: the theme's own colour.
    primary_color: Mapped[str] = mapped_column(String(7), nullable=False, default="")
    accent_color: Mapped[str] = mapped_column(String(7), nullable=False, default="")
    logo_media_id: Mapped[int | None] = mapped_column(
        ForeignKey("cms_media.id", ondelete="SET NULL"), nullable=True
    )
    banner_media_id: Mapped[int | None] = mapped_column(
        ForeignKey("cms_media.id", ondelete="SET NULL"), nullable=True
    )
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), nullable=False, default=utcnow, onupdate=utcnow
    )
