"""``ModuleService``: which modules are enabled on which platform, and changing that.

Rules: core modules are always enabled; enabling a module enables what it requires;
disabling one disables what requires it; disabling never deletes data; every change is
recorded with who, when, what and the cascade.

Reads are served from a per-process cache, so a warm request costs no query. Every
``MODULE_STATE_REFRESH_SECONDS`` a worker compares the newest change id with the one
it cached from, so a change made through any worker holds on all within a second.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass

from flask import current_app
from sqlalchemy import func, select

from wizamart.database import db, utcnow
from wizamart.errors import CoreModuleError, UnknownModuleError
from wizamart.modules.definition import ModuleDefinition
from wizamart.modules.models import ModuleChange, PlatformModule


class EnablementCache:
    """Per-process memory of each platform's explicit module states."""

    def __init__(self, refresh_seconds: float):
        self.refresh_seconds = refresh_seconds
        self._states: dict[int, dict[str, bool]] = {}
        self._version: int | None = None
        self._checked_at = float("-inf")
        self._lock = threading.Lock()

    def states(self, platform_id: int) -> dict[str, bool]:
        if time.monotonic() - self._checked_at >= self.refresh_seconds and self._claim_refresh():
            version = db.session.execute(select(func.max(ModuleChange.id))).scalar()
            with self._lock:
                if version != self._version:
                    self._states = {}
                    self._version = version
        states = self._states.get(platform_id)
        if states is None:
            rows = db.session.execute(
                select(PlatformModule.module_code, PlatformModule.is_enabled).where(
                    PlatformModule.platform_id == platform_id
                )
            )
            states = dict(rows.all())
            with self._lock:
                self._states[platform_id] = states
        return states

    def _claim_refresh(self) -> bool:
        """True for the one thread that re-reads the version this period.

        Without the claim, every thread of a gthread worker that saw the period expire
        ran the query at once; the others keep the cached states meanwhile.
        """
        with self._lock:
            now = time.monotonic()
            if now - self._checked_at < self.refresh_seconds:
                return False
            self._checked_at = now
            return True

    def invalidate(self) -> None:
        with self._lock:
            self._states = {}
            self._checked_at = float("-inf")


@dataclass(frozen=True)
class ModuleChangePlan:
    """What enabling or disabling one module would change (a dry run's answer)."""

    platform_id: int
    module_code: str
    action: str
    cascade: list[str]  # every code whose state changes, in the order it changes


class ModuleService:
    """Per-platform enablement, working on the current app's registry and database."""

    @property
    def _state(self):
        return current_app.extensions["wizamart"]

    def _definition(self, code: str) -> ModuleDefinition:
        definition = self._state.registry.get(code)
        if definition is None:
            raise UnknownModuleError(code)
        return definition

    # ------------------------------------------------------------------ reads

    def is_module_enabled(self, platform_id: int | None, code: str) -> bool:
        """True when module ``code`` is loaded and enabled on ``platform_id``."""
        state = self._state  # one lookup through current_app: this runs on every gated request
        definition = state.registry.get(code)
        if definition is None:
            return False
        if definition.is_core:
            return True
        if platform_id is None:
            return False
        return state.enablement.states(platform_id).get(code, True)

    def get_platform_modules(self, platform_id: int) -> list[ModuleDefinition]:
        """Definitions of every module enabled on the platform, in load order."""
        return [
            d for code, d in self._state.registry.modules.items() if self.is_module_enabled(platform_id, code)
        ]

    def get_history(self, platform_id: int, limit: int = 100) -> list[ModuleChange]:
        """The platform's module changes, newest first."""
        return list(
            db.session.scalars(
                select(ModuleChange)
                .where(ModuleChange.platform_id == platform_id)
                .order_by(ModuleChange.id.desc())
                .limit(limit)
            )
        )

    # ----------------------------------------------------------------- changes

    def plan_enable(self, platform_id: int, code: str) -> ModuleChangePlan:
        """What ``enable_module`` would enable: missing dependencies first, then ``code``."""
        self._definition(code)
        registry = self._state.registry
        needed = registry.dependencies_of(code) | {code}
        order = [c for c in registry.modules if c in needed]  # load order puts deps first
        cascade = [c for c in order if not self.is_module_enabled(platform_id, c)]
        return ModuleChangePlan(platform_id, code, "enable", cascade)

    def plan_disable(self, platform_id: int, code: str) -> ModuleChangePlan:
        """What ``disable_module`` would disable: ``code``, then every enabled dependent."""
        if self._definition(code).is_core:
            raise CoreModuleError(code)
        registry = self._state.registry
        dependents = registry.dependents_of(code)
        order = [code] + [c for c in reversed(list(registry.modules)) if c in dependents]
        cascade = [c for c in order if self.is_module_enabled(platform_id, c)]
        return ModuleChangePlan(platform_id, code, "disable", cascade)

    def enable_module(
        self, platform_id: int, code: str, user_id: int | None = None, dry_run: bool = False
    ) -> list[str]:
        """Enable ``code`` and what it requires; return the codes it enabled."""
        return self._apply(self.plan_enable(platform_id, code), user_id, dry_run)

    def disable_module(
        self, platform_id: int, code: str, user_id: int | None = None, dry_run: bool = False
    ) -> list[str]:
        """Disable ``code`` and what requires it; return the codes it disabled. Deletes no data."""
        return self._apply(self.plan_disable(platform_id, code), user_id, dry_run)

    def _apply(self, plan: ModuleChangePlan, user_id: int | None, dry_run: bool) -> list[str]:
        if dry_run or not plan.cascade:
            return list(plan.cascade)
        enabled = plan.action == "enable"
        now = utcnow()
        try:
            for code in plan.cascade:
                row = db.session.get(PlatformModule, (plan.platform_id, code))
                if row is None:
                    row = PlatformModule(platform_id=plan.platform_id, module_code=code)
                    db.session.add(row)
                row.is_enabled, row.updated_at, row.updated_by = enabled, now, user_id
            db.session.add(
                ModuleChange(
                    platform_id=plan.platform_id,
                    module_code=plan.module_code,
                    action=plan.action,
                    cascade=list(plan.cascade),
                    user_id=user_id,
                    created_at=now,
                )
            )
            db.session.commit()
        except Exception:
            db.session.rollback()
            raise
        finally:
            self._state.enablement.invalidate()
        event = self._state.pm.hook.on_module_enabled if enabled else self._state.pm.hook.on_module_disabled
        for code in plan.cascade:
            event(platform_id=plan.platform_id, module_code=code, user_id=user_id, cascade=list(plan.cascade))
        return list(plan.cascade)


module_service = ModuleService()
