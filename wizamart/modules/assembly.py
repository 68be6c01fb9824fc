"""Turning discovered modules into a working app.

Three phases, so that a module failing half-way leaves nothing behind:
1. discover and order (definitions, dependencies);
2. register each module's plugins, *collect* what its hooks answer and import its task
   modules (the Celery app exists by then);
3. *apply* the collections of the modules that survived: blueprints, static files,
   templates, translations, menus, permissions, migrations and commands.
Every step of phases 2 and 3 runs under one guard: in strict mode the first failure
stops startup with the module named; otherwise the module is marked broken, the
modules requiring it blocked, and startup goes on.
"""

from __future__ import annotations

import importlib
import logging
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import click
from flask import Blueprint, Flask, current_app, g, request, send_from_directory
from jinja2 import ChoiceLoader, FileSystemLoader

from wizamart.errors import ModuleDisabledError, ModuleLoadError
from wizamart.modules import dependencies, discovery
from wizamart.modules.definition import FrontendType, MenuItem, ModuleDefinition, Permission
from wizamart.modules.registry import LoadedModule, ModuleRegistry, ModuleStatus
from wizamart.modules.service import module_service
from wizamart.plugins import ask, check_unknown_hooks, register_module, unregister_module
from wizamart.security import authorize_current_request, frontend_of

log = logging.getLogger("wizamart.modules")

ADMIN_PREFIXES = ("/admin", "/api/v1/admin/")


@dataclass
class Contributions:
    """Everything one module brings, collected before anything is applied."""

    config: Any = None
    mounts: list[tuple[Blueprint, dict]] = field(default_factory=list)
    locales: dict[str, dict[str, str]] = field(default_factory=dict)
    menus: dict[FrontendType, list[MenuItem]] = field(default_factory=dict)
    permissions: list[Permission] = field(default_factory=list)
    migrations: list[str] = field(default_factory=list)
    task_modules: list[str] = field(default_factory=list)
    commands: list[click.Command] = field(default_factory=list)
    templates: Path | None = None
    static: Path | None = None


# ----------------------------------------------------------------- phase 1


def discover(config) -> list[LoadedModule]:
    """Every module candidate, imported and validated (broken ones included)."""
    candidates = discovery.local_candidates()
    for folder in config["WIZAMART_MODULE_PATHS"]:
        candidates += discovery.path_candidates(folder)
    if config["WIZAMART_ENTRY_POINTS"]:
        candidates += discovery.entry_point_candidates()
    entries = [discovery.load_candidate(c) for c in candidates]
    wanted = config["WIZAMART_MODULES"]
    if wanted is None:
        return entries
    # The named modules, plus the core ones: a platform does not run without its core.
    return [m for m in entries if m.code in wanted or (m.definition is not None and m.definition.is_core)]


def order_modules(entries: list[LoadedModule], strict: bool) -> list[LoadedModule]:
    if strict:
        broken = next((m for m in entries if not m.loaded), None)
        if broken is not None:
            raise ModuleLoadError(broken.code, _with_trace(broken.reason, broken.traceback))
    dependencies.check_dependencies(entries, strict)
    return dependencies.load_order(entries)


# ----------------------------------------------------------------- phase 2


def collect(app: Flask, pm, module: LoadedModule) -> Contributions:
    """Ask the module's hooks (its own first, then the conventions) what it brings."""
    definition, code = module.definition, module.code
    found = Contributions()
    _import_models(module)
    config = ask(pm, "module_config", code, definition=definition)
    found.config = _instantiate_config(app, definition, config[0]) if config else None
    for answer in ask(pm, "register_routes", code, app=app, definition=definition):
        found.mounts += [m if isinstance(m, tuple) else (m, {}) for m in answer]
    if definition.is_internal:
        _refuse_non_admin_routes(definition, found.mounts)
    for answer in ask(pm, "locales", code, definition=definition):
        for lang, messages in answer.items():
            found.locales.setdefault(lang, {}).update(messages)
    for frontend in FrontendType:
        items = [i for a in ask(pm, "menu_items", code, frontend=frontend, definition=definition) for i in a]
        found.menus[frontend] = [i if i.module else i.model_copy(update={"module": code}) for i in items]
    if definition.is_internal:
        _refuse_non_admin_menus(found.menus)
    found.permissions = [p for a in ask(pm, "register_permissions", code, definition=definition) for p in a]
    found.migrations = [str(p) for a in ask(pm, "migrations", code, definition=definition) for p in a]
    found.commands = [c for a in ask(pm, "register_commands", code, definition=definition) for c in a]
    found.task_modules = _import_task_modules(app, pm, module)
    templates, static = module.path / definition.templates_path, module.path / "static"
    found.templates = templates if templates.is_dir() else None
    found.static = static if static.is_dir() else None
    return found


def _import_task_modules(app: Flask, pm, module: LoadedModule) -> list[str]:
    """Import the module's task modules, so Celery knows their tasks; return their names."""
    celery = app.extensions["celery"]
    answers = ask(pm, "register_tasks", module.code, celery=celery, definition=module.definition)
    names = [name for answer in answers for name in answer]
    for dotted in names:
        importlib.import_module(dotted)
    return names


def _import_models(module: LoadedModule) -> None:
    """Import the module's models so their tables are in the metadata."""
    dotted = module.definition.models_path or f"{module.package}.models"
    if dotted.startswith(module.package) and not _exists(module, dotted):
        return
    importlib.import_module(dotted)


def _exists(module: LoadedModule, dotted: str) -> bool:
    relative = Path(*dotted[len(module.package) + 1 :].split("."))
    return (module.path / relative).is_dir() or (module.path / relative).with_suffix(".py").is_file()


def _instantiate_config(app: Flask, definition: ModuleDefinition, config: Any) -> Any:
    if not isinstance(config, type):
        return config
    prefix = definition.settings_prefix
    overrides = {k[len(prefix) :].lower(): v for k, v in app.config.items() if k.startswith(prefix)}
    fields = getattr(config, "model_fields", {})
    return config(**{k: v for k, v in overrides.items() if k in fields})


def _refuse_non_admin_routes(definition: ModuleDefinition, mounts) -> None:
    for bp, options in mounts:
        prefix = options.get("url_prefix", bp.url_prefix) or "/"
        if not prefix.startswith(ADMIN_PREFIXES):
            raise ValueError(
                f"internal modules are admin-only, but blueprint '{bp.name}' is mounted at {prefix!r}"
            )


def _refuse_non_admin_menus(menus: dict[FrontendType, list[MenuItem]]) -> None:
    for frontend, items in menus.items():
        if items and frontend is not FrontendType.ADMIN:
            raise ValueError(f"internal modules are admin-only, but they add menu items to {frontend.value}")


# ----------------------------------------------------------------- phase 3


def apply(app: Flask, state, module: LoadedModule, found: Contributions) -> None:
    """Wire one module's contributions into the app and the framework's state.

    Flask's registrations come first: they are what can fail (a blueprint name used twice,
    an endpoint clash). Routes a failing module left registered stay behind its gate, which
    refuses them because the module is not in the registry.
    """
    code = module.code
    if found.mounts:
        parent = Blueprint(code, module.package)
        parent.before_request(_module_gate(code))
        for bp, options in found.mounts:
            parent.register_blueprint(bp, **options)
        app.register_blueprint(parent)
    if found.static is not None:
        app.add_url_rule(
            f"/static/modules/{code}/<path:path>",
            endpoint=f"{code}_static",
            view_func=_static_view(found.static),
        )
    state.module_configs[code] = found.config
    if found.templates is not None:
        state.template_dirs.append(found.templates)
    state.translations.merge(code, found.locales)
    for frontend, items in found.menus.items():
        state.menus.setdefault(frontend, []).extend(items)
    for permission in found.permissions:
        state.permissions[permission.code] = permission
    state.migration_dirs += found.migrations
    for command in found.commands:
        app.cli.add_command(command)


def _module_gate(code: str):
    """The one check before every route of a module: enabled on this platform, then allowed."""

    def check_module_access():
        if current_app.config["MODULE_ENABLEMENT_CHECK"]:
            platform_id = g.get("platform_id")
            if not module_service.is_module_enabled(platform_id, code):
                raise ModuleDisabledError(code, platform_id)
        authorize_current_request(code, frontend_of(request.path))

    check_module_access.__name__ = f"check_{code.replace('-', '_')}_access"
    return check_module_access


def _static_view(folder: Path):
    def module_static(path: str):
        return send_from_directory(folder, path)

    return module_static


# ----------------------------------------------------------------- driver


def assemble_modules(app: Flask, state) -> None:
    """Discover, order, register, collect and apply every module into ``app``."""
    strict = app.config["WIZAMART_STRICT_MODULES"]
    pm = state.pm
    entries = discover(app.config)
    order = order_modules(entries, strict)
    pm.hook.add_hookspecs.call_historic(kwargs={"plugin_manager": pm})

    for module in order:
        _guard(strict, pm, module, lambda m=module: register_module(pm, m))
    _check_hooks(strict, pm, entries)

    collected: dict[str, Contributions] = {}
    for module in order:
        if module.loaded:
            _guard(strict, pm, module, lambda m=module: collected.__setitem__(m.code, collect(app, pm, m)))
    _block_and_unregister(pm, entries)

    for module in order:
        if module.loaded:  # checked again: a module whose dependency failed to apply is blocked
            _guard(strict, pm, module, lambda m=module: apply(app, state, m, collected[m.code]))
            if not module.loaded:
                _block_and_unregister(pm, entries)
    state.registry = ModuleRegistry(_display_order(entries, order))
    app.jinja_env.loader = ChoiceLoader(
        [FileSystemLoader(str(Path(app.root_path) / "templates"))]
        + [FileSystemLoader(str(path)) for path in state.template_dirs]
    )


def _guard(strict: bool, pm, module: LoadedModule, step) -> None:
    try:
        step()
    except Exception as exc:
        ours = isinstance(exc, ModuleLoadError)  # already says what is wrong; no traceback needed
        problem = exc.problem if ours else f"failed to load: {exc!r}"
        if strict:
            trace = "" if ours else traceback.format_exc()
            raise ModuleLoadError(module.code, _with_trace(problem, trace)) from exc
        log.error("module %s is broken: %s", module.code, problem)
        module.fail(ModuleStatus.BROKEN, problem, traceback.format_exc())
        unregister_module(pm, module.code)


def _check_hooks(strict: bool, pm, entries: list[LoadedModule]) -> None:
    while True:
        try:
            check_unknown_hooks(pm)
            return
        except ModuleLoadError as exc:
            if strict:
                raise
            module = next(m for m in entries if m.code == exc.module_code)
            module.fail(ModuleStatus.BROKEN, exc.problem)
            unregister_module(pm, module.code)


def _block_and_unregister(pm, entries: list[LoadedModule]) -> None:
    dependencies.block_dependents(entries)
    for module in entries:
        if not module.loaded:
            unregister_module(pm, module.code)


def _display_order(entries: list[LoadedModule], order: list[LoadedModule]) -> list[LoadedModule]:
    ordered = [m for m in order if m.loaded]
    return ordered + sorted((m for m in entries if not m.loaded), key=lambda m: m.code)


def _with_trace(problem: str, trace: str) -> str:
    return f"{problem}\n{trace}" if trace else problem
