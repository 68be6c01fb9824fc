"""The file conventions, as default implementations of the module hooks.

One ``ModuleConventions`` plugin is registered per module at ``trylast=True``. It looks
at the module's folder and answers each hook from the files the spec names, so a module
that follows the layout writes no hook code at all.
"""

from __future__ import annotations

import importlib
import json
import pkgutil
from pathlib import Path
from typing import TYPE_CHECKING

import click
from flask import Blueprint

from hookspecs.markers import hookimpl
from wizamart.modules.definition import FrontendType, MenuItem

if TYPE_CHECKING:
    from wizamart.modules.registry import LoadedModule

API_FRONTENDS = ("admin", "vendor", "storefront")
PAGE_PREFIXES = {
    "admin": "/admin",
    "vendor": "/vendor/<vendor_code>",
    "storefront": "/storefront/<vendor_code>",
    "public": "",
}
LOCALE_ALIASES = {"lu": "lb"}  # the spec's lu.json is Luxembourgish


def api_prefix(frontend: str, code: str) -> str:
    return f"/api/v1/{frontend}/{code}"


def exported_blueprint(module, frontend: str) -> Blueprint | None:
    """The blueprint a route file exports: ``blueprint``, ``router``, ``<frontend>_router`` or ``bp``."""
    for name in ("blueprint", "router", f"{frontend}_router", "bp"):
        value = getattr(module, name, None)
        if isinstance(value, Blueprint):
            return value
    return None


class ModuleConventions:
    """Answers the module hooks from the files of one module's folder."""

    def __init__(self, module: LoadedModule):
        self.module = module
        self.path = Path(module.path)
        self.package = module.package

    def _has(self, relative: str) -> bool:
        return (self.path / relative).exists()

    def _import(self, relative_dotted: str):
        return importlib.import_module(f"{self.package}.{relative_dotted}")

    @hookimpl(trylast=True)
    def module_config(self):
        if not self._has("config.py"):
            return None
        config_module = self._import("config")
        cls = getattr(config_module, "config_class", None)
        if cls is None and getattr(config_module, "config", None) is not None:
            cls = type(config_module.config)
        return cls

    @hookimpl(trylast=True)
    def register_routes(self, definition):
        mounts = []
        for frontend in API_FRONTENDS:
            if self._has(f"routes/api/{frontend}.py"):
                bp = exported_blueprint(self._import(f"routes.api.{frontend}"), frontend)
                if bp is not None:
                    mounts.append(
                        (bp, {"url_prefix": api_prefix(frontend, definition.code), "name": f"{frontend}_api"})
                    )
        for frontend, prefix in PAGE_PREFIXES.items():
            if self._has(f"routes/pages/{frontend}.py"):
                bp = exported_blueprint(self._import(f"routes.pages.{frontend}"), frontend)
                if bp is not None:
                    mounts.append((bp, {"url_prefix": prefix or None, "name": f"{frontend}_pages"}))
        return mounts

    @hookimpl(trylast=True)
    def register_tasks(self):
        if not self._has("tasks/__init__.py"):
            return None
        tasks = self._import("tasks")
        names = [tasks.__name__]
        names += [info.name for info in pkgutil.iter_modules(tasks.__path__, tasks.__name__ + ".")]
        return names

    @hookimpl(trylast=True)
    def menu_items(self, frontend, definition):
        items = []
        for entry in definition.menu_items.get(FrontendType(frontend), []):
            if isinstance(entry, MenuItem):
                items.append(entry if entry.module else entry.model_copy(update={"module": definition.code}))
            else:
                items.append(
                    MenuItem(
                        id=entry,
                        label=f"{definition.code}.menu.{entry}",
                        endpoint=f"{definition.code}.{FrontendType(frontend).value}_pages.{entry}",
                        module=definition.code,
                    )
                )
        return items

    @hookimpl(trylast=True)
    def migrations(self):
        versions = self.path / "migrations" / "versions"
        return [str(versions)] if versions.is_dir() else None

    @hookimpl(trylast=True)
    def locales(self, definition):
        folder = self.path / definition.locales_path
        if not folder.is_dir():
            return None
        messages = {}
        for file in sorted(folder.glob("*.json")):
            lang = LOCALE_ALIASES.get(file.stem, file.stem)
            try:
                messages[lang] = json.loads(file.read_text(encoding="utf-8"))
            except json.JSONDecodeError as exc:
                raise ValueError(f"{file}: not valid JSON ({exc})") from exc
        return messages

    @hookimpl(trylast=True)
    def register_commands(self):
        if not self._has("cli.py"):
            return None
        cli = self._import("cli")
        commands = list(getattr(cli, "commands", []))
        single = getattr(cli, "cli", None)
        if isinstance(single, click.Command):
            commands.append(single)
        return commands

    @hookimpl(trylast=True)
    def register_permissions(self, definition):
        return list(definition.permissions)
