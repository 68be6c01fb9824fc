"""Content pages: a shop's (or the platform's) own pages, legal pages among them."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import JSON, Boolean, DateTime, Enum, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from wizamart.database import db, utcnow


class PageKind(enum.StrEnum):
    PAGE = "page"
    LEGAL_TERMS = "legal_terms"
    LEGAL_WITHDRAWAL = "legal_withdrawal"
    LEGAL_IMPRINT = "legal_imprint"

    @property
    def is_legal(self) -> bool:
        return self is not PageKind.PAGE


class ContentPage(db.Model):
    """A page with a title and a body per language; ``vendor_id`` is empty for platform pages."""

    __tablename__ = "cms_pages"
    __table_args__ = (
        # A slug names one page of a shop, or one page of the platform itself. NULL vendor ids
        # never collide in a plain unique index, hence two partial ones.
        Index(
            "uq_cms_pages_vendor_slug",
            "vendor_id",
            "slug",
            unique=True,
            sqlite_where=db.text("vendor_id IS NOT NULL"),
            postgresql_where=db.text("vendor_id IS NOT NULL"),
        ),
        Index(
            "uq_cms_pages_platform_slug",
            "platform_id",
            "slug",
            unique=True,
            sqlite_where=db.text("vendor_id IS NULL"),
            postgresql_where=db.text("vendor_id IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    platform_id: Mapped[int] = mapped_column(ForeignKey("platforms.id"), nullable=False, index=True)
    vendor_id: Mapped[int | None] = mapped_column(ForeignKey("vendors.id"), nullable=True, index=True)
    slug: Mapped[str] = mapped_column(String(80), nullable=False)
    kind: Mapped[PageKind] = mapped_column(
        Enum(
            PageKind,
            name="cms_page_kind",
            native_enum=False,
            length=20,
            values_callable=lambda e: [m.value for m in e],
        ),
        nullable=False,
        default=PageKind.PAGE,
    )
    # {"en": "About us", "fr": "À propos"}: a page need not exist in every language.
    title: Mapped[dict] = mapped_column(JSON, nullable=False, default=dict)
    body: Mapped[dict] = mapped_column(JSON, nullable=False, default=dict)
    published: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    show_in_footer: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    position: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), nullable=False, default=utcnow, onupdate=utcnow
    )
