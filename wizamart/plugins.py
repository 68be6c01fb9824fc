"""The plugin manager: one per app, holding the hook contract and every module's plugins.

A module's plugins are its ``definition.py``, its optional ``hooks.py`` and the
framework's file conventions for it; they are registered under the names ``<code>``,
``<code>:hooks`` and ``<code>:conventions`` so that every answer to a module hook can
be attributed to the module that gave it.
"""

from __future__ import annotations

import importlib
import importlib.util
from typing import Any

import pluggy

import hookspecs
from hookspecs.markers import PROJECT_NAME
from wizamart.errors import ModuleLoadError
from wizamart.modules.conventions import ModuleConventions
from wizamart.modules.registry import LoadedModule

hookimpl = hookspecs.hookimpl


def create_plugin_manager() -> pluggy.PluginManager:
    pm = pluggy.PluginManager(PROJECT_NAME)
    pm.add_hookspecs(hookspecs.specs)
    return pm


def owner_of(plugin_name: str) -> str:
    """The module code a plugin name belongs to (``orders:hooks`` -> ``orders``)."""
    return plugin_name.split(":", 1)[0]


def register_module(pm: pluggy.PluginManager, module: LoadedModule) -> None:
    """Register a module's plugins and hookspecs; raise ModuleLoadError naming what is wrong."""
    code = module.code
    own_specs = _import_optional(f"{module.package}.hookspecs")
    if own_specs is not None:
        pm.add_hookspecs(own_specs)
    plugins = [(code, module.plugin), (f"{code}:hooks", _import_optional(f"{module.package}.hooks"))]
    plugins.append((f"{code}:conventions", ModuleConventions(module)))
    for name, plugin in plugins:
        if plugin is None:
            continue
        try:
            pm.register(plugin, name=name)
        except pluggy.PluginValidationError as exc:
            raise ModuleLoadError(code, f"hook refused: {' '.join(str(exc).split())}") from exc
    module.hooks = sorted(
        {
            hook.name
            for name, plugin in plugins[:2]
            if plugin is not None
            for hook in pm.get_hookcallers(plugin) or []
        }
    )


def check_unknown_hooks(pm: pluggy.PluginManager) -> None:
    """Refuse hook implementations that match no hookspec (a misspelled hook name)."""
    for name, hook in vars(pm.hook).items():
        if hook.spec is not None:
            continue
        for impl in hook.get_hookimpls():
            if impl.optionalhook:
                continue
            raise ModuleLoadError(
                owner_of(impl.plugin_name),
                f"hook '{name}' (in {impl.plugin_name}, function {impl.function.__qualname__}) "
                f"matches no hookspec; check its spelling against docs/module-authors-guide.md",
            )


def ask(pm: pluggy.PluginManager, hook_name: str, code: str, **kwargs: Any) -> list[Any]:
    """Call one module's implementations of a module hook, its own before the conventions'.

    Returns the non-``None`` answers in call order.
    """
    hook = getattr(pm.hook, hook_name)
    answers = []
    for impl in reversed(hook.get_hookimpls()):  # pluggy's own call order
        if owner_of(impl.plugin_name) != code or impl.hookwrapper or impl.wrapper:
            continue
        answer = impl.function(*(kwargs[arg] for arg in impl.argnames))
        if answer is not None:
            answers.append(answer)
    return answers


def unregister_module(pm: pluggy.PluginManager, code: str) -> None:
    for name in (code, f"{code}:hooks", f"{code}:conventions"):
        plugin = pm.get_plugin(name)
        if plugin is not None:
            pm.unregister(plugin, name=name)


def _import_optional(dotted: str):
    """Import ``dotted`` if that file exists; a failure inside it propagates."""
    parent, _, _ = dotted.rpartition(".")
    try:
        found = importlib.util.find_spec(dotted)
    except ModuleNotFoundError:
        found = None
    return importlib.import_module(dotted) if found is not None and parent else None
