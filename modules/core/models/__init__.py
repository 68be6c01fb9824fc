"""core's tables: the settings of platforms and vendors."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, DateTime, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from wizamart.database import db, utcnow


class Setting(db.Model):
    """One value of a setting a module declared, for one platform or one vendor."""

    __tablename__ = "settings"
    __table_args__ = (UniqueConstraint("scope", "scope_id", "key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    scope: Mapped[str] = mapped_column(String(16), nullable=False)  # "platform" | "vendor"
    scope_id: Mapped[int] = mapped_column(Integer, nullable=False)
    key: Mapped[str] = mapped_column(String(100), nullable=False)
    value: Mapped[object] = mapped_column(JSON, nullable=True)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False, default=utcnow)
    updated_by: Mapped[int | None] = mapped_column(Integer, nullable=True)
