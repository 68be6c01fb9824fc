"""Finding modules: folders holding ``definition.py`` and the ``wizamart.modules`` entry points.

Discovery imports each candidate's definition and turns it into a ``LoadedModule``; a
candidate that fails to import or validate becomes a *broken* ``LoadedModule`` with the
reason, and the caller decides (strict or not) whether that stops startup.
"""

from __future__ import annotations

import hashlib
import importlib
import importlib.metadata
import importlib.util
import sys
import traceback
import types
from dataclasses import dataclass
from pathlib import Path

import pydantic

from hookspecs.markers import PROJECT_NAME
from wizamart.modules.definition import ModuleDefinition
from wizamart.modules.registry import LoadedModule, ModuleStatus

ENTRY_POINT_GROUP = "wizamart.modules"
DEFINITION_FILE = "definition.py"


@dataclass(frozen=True)
class Candidate:
    """A place a module may live, before its definition is imported."""

    folder_code: str  # the code the folder name implies ("dev_tools" -> "dev-tools")
    package: str  # import name of the module's package
    path: Path
    source: str  # "local", "path <dir>" or "entry point <dist>"
    entry_point: importlib.metadata.EntryPoint | None = None


def local_candidates(modules_package: str = "modules") -> list[Candidate]:
    """Every ``modules/<name>/definition.py`` of the project's ``modules`` package."""
    spec = importlib.util.find_spec(modules_package)
    if spec is None or not spec.submodule_search_locations:
        return []
    found = []
    for root in spec.submodule_search_locations:
        found += _folder_candidates(Path(root), modules_package, "local")
    return found


def path_candidates(folder: str | Path) -> list[Candidate]:
    """Modules in an extra folder, imported under a package name of their own."""
    folder = Path(folder).resolve()
    package = "_wizamart_modules_" + hashlib.sha1(str(folder).encode()).hexdigest()[:10]
    if package not in sys.modules:
        namespace = types.ModuleType(package)
        namespace.__path__ = [str(folder)]
        sys.modules[package] = namespace
    return _folder_candidates(folder, package, f"path {folder}")


def _folder_candidates(root: Path, parent_package: str, source: str) -> list[Candidate]:
    if not root.is_dir():
        return []
    return [
        Candidate(
            folder_code=child.name.replace("_", "-"),
            package=f"{parent_package}.{child.name}",
            path=child,
            source=source,
        )
        for child in sorted(root.iterdir())
        if (child / DEFINITION_FILE).is_file() and child.name.isidentifier()
    ]


def entry_point_candidates() -> list[Candidate]:
    """Modules shipped in other distributions, declared in the ``wizamart.modules`` group.

    The entry point names the module code and points at its definition module, e.g.
    ``loyalty = wizamart_loyalty.definition``.
    """
    found = []
    for ep in importlib.metadata.entry_points(group=ENTRY_POINT_GROUP):
        package = ep.module.rsplit(".", 1)[0] if ep.module.endswith(".definition") else ep.module
        spec = importlib.util.find_spec(package)
        path = Path(spec.origin).parent if spec and spec.origin else Path(".")
        dist = ep.dist.name if ep.dist else "?"
        found.append(Candidate(ep.name, package, path, f"entry point {dist}", ep))
    return found


def load_candidate(candidate: Candidate) -> LoadedModule:
    """Import a candidate's definition; never raises, a failure is a broken module."""
    where = _where(candidate)
    try:
        if candidate.entry_point is not None:
            target = candidate.entry_point.load()
        else:
            target = importlib.import_module(f"{candidate.package}.definition")
        definition = definition_from(target)
    except pydantic.ValidationError as exc:
        return _broken(candidate, f"invalid definition ({where}): {describe_validation_error(exc)}")
    except Exception as exc:  # any import-time failure of third-party code
        return _broken(candidate, f"failed to import ({where}): {exc!r}", traceback.format_exc())
    if definition is None:
        return _broken(candidate, f"{where} defines no ModuleDefinition")
    if candidate.entry_point is None and definition.code != candidate.folder_code:
        return _broken(
            candidate,
            f"invalid definition ({where}): field 'code': {definition.code!r} does not match "
            f"its folder '{candidate.path.name}' (expected {candidate.folder_code!r})",
        )
    return LoadedModule(
        definition=definition,
        package=candidate.package,
        path=candidate.path,
        source=candidate.source,
        plugin=target if isinstance(target, types.ModuleType) else None,
    )


def definition_from(target: object) -> ModuleDefinition | None:
    """The ModuleDefinition a definition module (or entry point target) provides."""
    if isinstance(target, ModuleDefinition):
        return target
    hook = getattr(target, "module_definition", None)
    if hook is not None and hasattr(hook, f"{PROJECT_NAME}_impl"):
        return hook()
    found = [value for value in vars(target).values() if isinstance(value, ModuleDefinition)]
    if len(found) > 1:
        codes = ", ".join(repr(d.code) for d in found)
        raise ValueError(f"defines {len(found)} ModuleDefinitions ({codes}); keep one")
    return found[0] if found else None


def describe_validation_error(exc: pydantic.ValidationError) -> str:
    """``field 'version': must be …; field 'name': …`` from a pydantic error."""
    parts = []
    for error in exc.errors():
        field = ".".join(str(p) for p in error["loc"]) or "definition"
        message = error["msg"].removeprefix("Value error, ")
        parts.append(f"field '{field}': {message}")
    return "; ".join(parts)


def _where(candidate: Candidate) -> str:
    if candidate.entry_point is not None:
        return f"entry point {candidate.entry_point.value}"
    return str(candidate.path / DEFINITION_FILE)


def _broken(candidate: Candidate, reason: str, trace: str = "") -> LoadedModule:
    return LoadedModule(
        definition=None,
        package=candidate.package,
        path=candidate.path,
        source=candidate.source,
        status=ModuleStatus.BROKEN,
        reason=reason,
        traceback=trace,
        fallback_code=candidate.folder_code,
    )
