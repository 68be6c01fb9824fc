"""The framework's own tables: per-platform module state and its audit trail."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Boolean, DateTime, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from wizamart.database import db, utcnow


class PlatformModule(db.Model):
    """Whether a module is enabled on a platform. No row: the module's default (enabled)."""

    __tablename__ = "platform_modules"

    platform_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    module_code: Mapped[str] = mapped_column(String(64), primary_key=True)
    is_enabled: Mapped[bool] = mapped_column(Boolean, nullable=False)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False, default=utcnow)
    updated_by: Mapped[int | None] = mapped_column(Integer, nullable=True)


class ModuleChange(db.Model):
    """One enable or disable, with who, when and the whole cascade. Never updated."""

    __tablename__ = "module_changes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    platform_id: Mapped[int] = mapped_column(Integer, nullable=False, index=True)
    module_code: Mapped[str] = mapped_column(String(64), nullable=False)
    action: Mapped[str] = mapped_column(String(16), nullable=False)  # "enable" | "disable"
    cascade: Mapped[list] = mapped_column(JSON, nullable=False)
    user_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False, default=utcnow)

    def to_dict(self) -> dict:
        return {
            "id": self.id,
            "platform_id": self.platform_id,
            "module": self.module_code,
            "action": self.action,
            "cascade": self.cascade,
            "user_id": self.user_id,
            "created_at": self.created_at.isoformat() if self.created_at else None,
        }
