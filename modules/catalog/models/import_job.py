"""A CSV import of one shop: its file (until processed), progress and the rows it refused."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Boolean, DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from wizamart.database import db, utcnow


class ImportJob(db.Model):
    """One upload of the product CSV. The page polls ``processed_rows`` / ``total_rows``;
    ``errors`` lists ``{"line", "column", "error", "params"}`` (locale keys, shown translated)."""

    __tablename__ = "catalog_import_jobs"
    __table_args__ = (Index("ix_catalog_import_jobs_vendor", "vendor_id", "created_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    vendor_id: Mapped[int] = mapped_column(ForeignKey("vendors.id"), nullable=False)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    filename: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    # pending -> running -> done | failed (failed: nothing imported)
    status: Mapped[str] = mapped_column(String(16), nullable=False, default="pending")
    skip_invalid: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    default_language: Mapped[str] = mapped_column(String(5), nullable=False, default="en")
    total_rows: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    processed_rows: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    created_count: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    updated_count: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    error_count: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    errors: Mapped[list] = mapped_column(JSON, nullable=False, default=list)
    # The uploaded text, kept only until the job has run (a worker on another machine reads it).
    payload: Mapped[str | None] = mapped_column(Text, nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False, default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
