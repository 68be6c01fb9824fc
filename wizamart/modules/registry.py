"""The module registry: every module the app found, in load order, with its status.

The spec's API (``MODULES``, ``CORE_MODULES``, ``get_module``…) reads the registry of
the *current app*, so two apps built with different modules never see each other's.
"""

from __future__ import annotations

import enum
import types
from dataclasses import dataclass, field
from pathlib import Path

from flask import current_app
from werkzeug.local import LocalProxy

from wizamart.errors import UnknownModuleError
from wizamart.modules.definition import ModuleDefinition, ModuleTier


class ModuleStatus(enum.StrEnum):
    LOADED = "loaded"
    BROKEN = "broken"  # failed to import, validate or wire in
    BLOCKED = "blocked"  # requires a module that is broken, blocked or missing


@dataclass
class LoadedModule:
    """A discovered module: its definition, where it came from and how it fared."""

    definition: ModuleDefinition | None
    package: str
    path: Path
    source: str
    status: ModuleStatus = ModuleStatus.LOADED
    reason: str = ""
    traceback: str = ""
    plugin: types.ModuleType | None = None
    fallback_code: str = ""
    hooks: list[str] = field(default_factory=list)

    @property
    def code(self) -> str:
        return self.definition.code if self.definition else self.fallback_code

    @property
    def loaded(self) -> bool:
        return self.status is ModuleStatus.LOADED

    def fail(self, status: ModuleStatus, reason: str, trace: str = "") -> None:
        self.status, self.reason, self.traceback = status, reason, trace


class ModuleRegistry:
    """All modules of one app. ``modules`` holds the loaded ones in load order."""

    def __init__(self, entries: list[LoadedModule]):
        self.entries = entries
        # Built once: statuses are final when the registry is made, and ``get`` runs on
        # every gated request.
        self._modules = {m.code: m.definition for m in entries if m.loaded}

    @property
    def modules(self) -> dict[str, ModuleDefinition]:
        """Loaded modules by code, in load order (do not mutate)."""
        return self._modules

    def loaded(self) -> list[LoadedModule]:
        return [m for m in self.entries if m.loaded]

    def entry(self, code: str) -> LoadedModule:
        for entry in self.entries:
            if entry.code == code:
                return entry
        raise UnknownModuleError(code)

    def get(self, code: str) -> ModuleDefinition | None:
        return self._modules.get(code)

    def by_tier(self, tier: ModuleTier) -> dict[str, ModuleDefinition]:
        return {c: d for c, d in self.modules.items() if d.tier is tier}

    def owner_of_import(self, dotted: str) -> str | None:
        """The code of the module whose package holds ``dotted`` (a task or view name)."""
        for entry in self.loaded():
            if dotted == entry.package or dotted.startswith(entry.package + "."):
                return entry.code
        return None

    def dependents_of(self, code: str) -> set[str]:
        """Every loaded module that requires ``code``, directly or not."""
        found: set[str] = set()
        frontier = {code}
        while frontier:
            frontier = {
                other
                for other, d in self.modules.items()
                if other not in found and frontier & set(d.requires)
            }
            found |= frontier
        return found

    def dependencies_of(self, code: str) -> set[str]:
        """Every module ``code`` requires, directly or not."""
        found: set[str] = set()
        frontier = set(self.modules[code].requires)
        while frontier:
            found |= frontier
            frontier = {r for c in frontier for r in self.modules[c].requires} - found
        return found


def current_registry() -> ModuleRegistry:
    return current_app.extensions["wizamart"].registry


# ------------------------------------------------------------------ the spec's API

MODULES = LocalProxy(lambda: current_registry().modules)
CORE_MODULES = LocalProxy(lambda: current_registry().by_tier(ModuleTier.CORE))
OPTIONAL_MODULES = LocalProxy(lambda: current_registry().by_tier(ModuleTier.OPTIONAL))
INTERNAL_MODULES = LocalProxy(lambda: current_registry().by_tier(ModuleTier.INTERNAL))


def get_module(code: str) -> ModuleDefinition | None:
    """The definition of a loaded module, or ``None``."""
    return current_registry().get(code)


def get_core_module_codes() -> set[str]:
    """Codes of the core modules, e.g. ``{"core", "tenancy", "cms", "customers"}``."""
    return set(CORE_MODULES.keys())


def get_module_tier(code: str) -> str | None:
    """``"core"``, ``"optional"`` or ``"internal"``; ``None`` for an unknown module."""
    definition = get_module(code)
    return definition.tier.value if definition else None
