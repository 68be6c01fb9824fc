"""The modules of a platform as an admin manages them: grouped by tier, with the cascade
an enable or disable would cause, and the history of changes. Wraps the framework's
``module_service``; no data is ever deleted by disabling."""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app
from sqlalchemy import select

from wizamart import module_service
from wizamart.database import db
from wizamart.errors import ValidationError
from wizamart.modules.definition import ModuleDefinition, ModuleTier

from ..models import User

ACTIONS = ("enable", "disable")


@dataclass(frozen=True)
class ModuleRow:
    definition: ModuleDefinition
    enabled: bool
    required_by: list[str]


@dataclass(frozen=True)
class ChangePreview:
    code: str
    action: str
    cascade: list[str]


@dataclass(frozen=True)
class HistoryEntry:
    change: object
    user_email: str | None


class ModuleCatalogService:
    """What the module management page shows and does."""

    def by_tier(self, platform_id: int) -> dict[str, list[ModuleRow]]:
        registry = current_app.extensions["wizamart"].registry
        tiers: dict[str, list[ModuleRow]] = {tier.value: [] for tier in ModuleTier}
        for code, definition in registry.modules.items():
            tiers[definition.tier.value].append(
                ModuleRow(
                    definition=definition,
                    enabled=module_service.is_module_enabled(platform_id, code),
                    required_by=sorted(registry.dependents_of(code)),
                )
            )
        return tiers

    def preview(self, platform_id: int, code: str, action: str) -> ChangePreview:
        return ChangePreview(code, action, self._change(platform_id, code, action, dry_run=True))

    def apply(self, platform_id: int, code: str, action: str, user_id: int | None) -> list[str]:
        return self._change(platform_id, code, action, user_id=user_id)

    def _change(self, platform_id: int, code: str, action: str, **options) -> list[str]:
        """The framework's change; its refusals carry their own translations."""
        self._check_action(action)
        change = module_service.enable_module if action == "enable" else module_service.disable_module
        return change(platform_id, code, **options)

    def history(self, platform_id: int, limit: int = 50) -> list[HistoryEntry]:
        changes = module_service.get_history(platform_id, limit)
        ids = {c.user_id for c in changes if c.user_id}
        emails = (
            dict(db.session.execute(select(User.id, User.email).where(User.id.in_(ids))).all()) if ids else {}
        )
        return [HistoryEntry(change=c, user_email=emails.get(c.user_id)) for c in changes]

    def _check_action(self, action: str) -> None:
        if action not in ACTIONS:
            raise ValidationError(
                "tenancy.errors.module_action",
                details={"fields": {"action": "tenancy.validation.module_action"}},
            )


module_catalog_service = ModuleCatalogService()
