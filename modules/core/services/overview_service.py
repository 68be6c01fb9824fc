"""What a platform runs: the figures behind the admin dashboard and the status API."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import text

from wizamart import db, module_service
from wizamart.modules.registry import current_registry


@dataclass(frozen=True)
class ModuleSummary:
    code: str
    name: str
    tier: str
    version: str
    enabled: bool


class OverviewService:
    """Reads of the module system for one platform."""

    def module_summaries(self, platform_id: int) -> list[ModuleSummary]:
        """Every loaded module with its tier and whether it is enabled on the platform."""
        return [
            ModuleSummary(
                code=code,
                name=definition.name,
                tier=definition.tier.value,
                version=definition.version,
                enabled=module_service.is_module_enabled(platform_id, code),
            )
            for code, definition in current_registry().modules.items()
        ]

    def database_reachable(self) -> bool:
        """True when the database answers a trivial query."""
        db.session.execute(text("SELECT 1"))
        return True


overview_service = OverviewService()
