"""The media library: images and files a shop (or a platform) uploaded once and uses anywhere."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import JSON, DateTime, Enum, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from wizamart.database import db, utcnow


class MediaKind(enum.StrEnum):
    IMAGE = "image"
    FILE = "file"


class MediaFile(db.Model):
    """One uploaded file; ``vendor_id`` is empty for the platform's own media."""

    __tablename__ = "cms_media"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    platform_id: Mapped[int] = mapped_column(ForeignKey("platforms.id"), nullable=False, index=True)
    vendor_id: Mapped[int | None] = mapped_column(ForeignKey("vendors.id"), nullable=True, index=True)
    kind: Mapped[MediaKind] = mapped_column(
        Enum(
            MediaKind,
            name="cms_media_kind",
            native_enum=False,
            length=8,
            values_callable=lambda e: [m.value for m in e],
        ),
        nullable=False,
    )
    filename: Mapped[str] = mapped_column(String(255), nullable=False)
    content_type: Mapped[str] = mapped_column(String(100), nullable=False)
    size_bytes: Mapped[int] = mapped_column(Integer, nullable=False)
    width: Mapped[int | None] = mapped_column(Integer, nullable=True)
    height: Mapped[int | None] = mapped_column(Integer, nullable=True)
    # {"en": "...", "fr": "..."}: alt text is read aloud, so it is written per language.
    alt_text: Mapped[dict] = mapped_column(JSON, nullable=False, default=dict)
    storage_key: Mapped[str] = mapped_column(String(255), nullable=False, unique=True)
    thumbnail_key: Mapped[str | None] = mapped_column(String(255), nullable=True)
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False, default=utcnow)
