"""The architecture validator: rules MOD-001…MOD-019 of the module-system spec, for our Flask layout.

Each rule is a small function registered in ``RULES`` with its id, severity and title;
its docstring states the rule. A module rule looks at one module folder (through a
``ModuleLayout``); a project rule looks at the project root for code living outside the
modules. Nothing is imported: files are read and parsed with ``ast``, so a module that
fails to import (a *broken* module) is still validated as far as its folder allows.

    findings = validate_module_tree(project_root, [project_root / "modules" / "core"])

``flask modules validate`` runs every rule on the current app's modules (``validate_app``).
"""

from __future__ import annotations

import ast
import enum
import importlib.util
import inspect
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from wizamart.modules.conventions import API_FRONTENDS, LOCALE_ALIASES, PAGE_PREFIXES
from wizamart.modules.definition import ModuleDefinition, package_of

if TYPE_CHECKING:
    from flask import Flask

LANGUAGES = ("en", "de", "fr", "lb")
CODE_PATH_FIELDS = ("services_path", "models_path", "schemas_path", "exceptions_path")
FOLDER_PATH_FIELDS = ("templates_path", "locales_path")
PACKAGE_FOLDERS = ("routes", "routes/api", "routes/pages", "services", "models", "schemas")
# Where the spec's FastAPI app kept code that now belongs in a module, mapped to our repo.
LEGACY_ROUTES = ("app/api/v1", "wizamart/api")
LEGACY_SERVICES = ("app/services", "wizamart/services")
LEGACY_TASKS = ("app/tasks", "wizamart/tasks")  # wizamart/tasks.py (the Celery set-up) is a file, not these
LEGACY_SCHEMAS = ("models/schema", "app/schemas", "wizamart/schemas")
LEGACY_IMPORTS = (
    "app.api",
    "app.services",
    "app.tasks",
    "app.schemas",
    "models.schema",
    "wizamart.api",
    "wizamart.services",
    "wizamart.schemas",  # not wizamart.tasks: that is the framework's Celery module (task, celery)
)
ROUTE_NAMES = ("blueprint", "router", "{frontend}_router", "bp")


class Severity(enum.StrEnum):
    ERROR = "ERROR"
    WARNING = "WARNING"
    INFO = "INFO"


@dataclass(frozen=True)
class Finding:
    """One broken rule: which, how bad, in which module and file, and what to do about it."""

    rule: str
    severity: Severity
    module: str | None  # the module code; None for a project-level finding
    path: Path
    message: str

    def line(self) -> str:
        """``MOD-007 ERROR core modules/core/definition.py: …`` as the CLI prints it."""
        return f"{self.rule} {self.severity.value} {self.module or '-'} {self.path}: {self.message}"

    def to_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "severity": self.severity.value,
            "module": self.module,
            "path": str(self.path),
            "message": self.message,
        }


@dataclass(frozen=True)
class ModuleLayout:
    """What the rules know of one module folder: its code, package and declared paths."""

    folder: Path
    code: str
    package: str  # import name ("modules.core"); the folder name when unknown
    has_definition: bool = True
    self_contained: bool = True
    declared: Mapping[str, str] = field(default_factory=dict)  # *_path fields the definition sets
    broken: bool = False

    @property
    def templates_path(self) -> str:
        return self.declared.get("templates_path", "templates")

    @property
    def locales_path(self) -> str:
        return self.declared.get("locales_path", "locales")

    @classmethod
    def from_definition(cls, definition: ModuleDefinition, folder: Path, package: str) -> ModuleLayout:
        """The layout of a module whose definition imported and validated."""
        declared = {name: getattr(definition, name) for name in CODE_PATH_FIELDS if getattr(definition, name)}
        explicit = set(FOLDER_PATH_FIELDS) & definition.model_fields_set  # defaults may be absent
        declared |= {name: getattr(definition, name) for name in explicit}
        return cls(Path(folder), definition.code, package, True, definition.is_self_contained, declared)

    @classmethod
    def from_folder(cls, folder: Path, package: str | None = None, broken: bool = False) -> ModuleLayout:
        """The layout read from the folder alone: ``definition.py`` parsed, never imported."""
        folder = Path(folder)
        fields = definition_literals(folder / "definition.py")
        code = fields.get("code") if isinstance(fields.get("code"), str) else folder.name.replace("_", "-")
        declared = {
            name: value
            for name in CODE_PATH_FIELDS + FOLDER_PATH_FIELDS
            if isinstance(value := fields.get(name), str)
        }
        return cls(
            folder=folder,
            code=code,
            package=package or folder.name,
            has_definition=(folder / "definition.py").is_file(),
            self_contained=fields.get("is_self_contained", True) is not False,
            declared=declared,
            broken=broken,
        )


# ----------------------------------------------------------------- the rule registry


class Violation(NamedTuple):
    """What a rule's check yields: where, and what to do about it."""

    path: Path
    message: str


@dataclass(frozen=True)
class Rule:
    """A rule of the registry. ``check`` yields a ``Violation`` for each breach."""

    id: str
    severity: Severity
    title: str
    scope: str  # "module" or "project"
    check: Callable[[Any], Iterable[Violation]]

    @property
    def description(self) -> str:
        return inspect.getdoc(self.check) or self.title

    def run(self, target: ModuleLayout | Path) -> list[Finding]:
        module = target.code if isinstance(target, ModuleLayout) else None
        return [Finding(self.id, self.severity, module, path, msg) for path, msg in self.check(target)]


RULES: list[Rule] = []


def rule(rule_id: str, severity: Severity, title: str, scope: str = "module"):
    """Register the decorated check in ``RULES``."""

    def register(check):
        RULES.append(Rule(rule_id, severity, title, scope, check))
        return check

    return register


# ----------------------------------------------------------------- helpers


def definition_literals(path: Path) -> dict[str, Any]:
    """The literal keyword arguments of the first ``ModuleDefinition(...)`` call in ``path``."""
    tree = parse(path)
    if tree is None:
        return {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and _callee_name(node) == "ModuleDefinition":
            found = {}
            for keyword in node.keywords:
                try:
                    found[keyword.arg] = ast.literal_eval(keyword.value)
                except ValueError:  # not a literal (MenuItem(...), a variable): the rules don't need it
                    continue
            return found
    return {}


def parse(path: Path) -> ast.Module | None:
    """The file's syntax tree; ``None`` when it is missing or does not parse."""
    try:
        return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    except (OSError, SyntaxError, UnicodeDecodeError, ValueError):
        return None


def python_files(folder: Path) -> list[Path]:
    """Every ``.py`` file under ``folder``, caches left out."""
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.rglob("*.py") if "__pycache__" not in p.parts)


def top_level_names(tree: ast.Module) -> set[str]:
    """Names a module defines at its top level: assignments, imports, functions and classes."""
    names: set[str] = set()
    for node in tree.body:
        if isinstance(node, ast.Assign):
            names |= {t.id for t in node.targets if isinstance(t, ast.Name)}
        elif isinstance(node, ast.AnnAssign | ast.AugAssign) and isinstance(node.target, ast.Name):
            names.add(node.target.id)
        elif isinstance(node, ast.Import | ast.ImportFrom):
            names |= {(a.asname or a.name).split(".")[0] for a in node.names}
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            names.add(node.name)
    return names


def top_level_value(tree: ast.Module, name: str) -> ast.expr | None:
    """The expression last assigned to ``name`` at the top level."""
    value = None
    for node in tree.body:
        targets = node.targets if isinstance(node, ast.Assign) else [getattr(node, "target", None)]
        if isinstance(node, ast.Assign | ast.AnnAssign) and any(
            isinstance(t, ast.Name) and t.id == name for t in targets
        ):
            value = node.value
    return value


def is_reexport_only(tree: ast.Module) -> bool:
    """True when the module holds only a docstring, imports, ``__all__`` and ``pass``."""
    for index, node in enumerate(tree.body):
        if index == 0 and isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant):
            continue
        if isinstance(node, ast.Import | ast.ImportFrom | ast.Pass):
            continue
        targets = node.targets if isinstance(node, ast.Assign) else [getattr(node, "target", None)]
        if isinstance(node, ast.Assign | ast.AnnAssign | ast.AugAssign) and all(
            isinstance(t, ast.Name) and t.id == "__all__" for t in targets
        ):
            continue
        return False
    return True


def module_relative(layout: ModuleLayout, dotted: str) -> Path | None:
    """The folder-relative path a dotted path names, or ``None`` when it points outside the module.

    ``modules.core.services`` -> ``services`` for the module in folder ``core``, whatever
    package the folder was imported under (local, extra path or distribution).
    """
    parts, package = dotted.split("."), layout.package.split(".")
    if parts[: len(package)] == package:
        rest = parts[len(package) :]
    elif layout.folder.name in parts:
        rest = parts[len(parts) - parts[::-1].index(layout.folder.name) :]
    else:
        return None
    return Path(*rest) if rest else Path(".")


def code_exists(path: Path) -> bool:
    """A package folder or a ``.py`` file at ``path``."""
    return path.is_dir() or path.with_suffix(".py").is_file()


def code_target(layout: ModuleLayout, field_name: str, default: str) -> Path:
    """Where the module keeps its services/schemas/…: the declared path if inside, else the default."""
    declared = layout.declared.get(field_name)
    relative = module_relative(layout, declared) if declared else None
    return layout.folder / (relative if relative is not None else default)


def files_of(target: Path) -> list[Path]:
    """The Python files of a package folder or single-file module."""
    if target.is_dir():
        return python_files(target)
    single = target.with_suffix(".py")
    return [single] if single.is_file() else []


def route_files(layout: ModuleLayout, kind: str) -> list[Path]:
    """``routes/<kind>/*.py`` of a module, ``__init__.py`` left out."""
    folder = layout.folder / "routes" / kind
    return sorted(p for p in folder.glob("*.py") if p.name != "__init__.py") if folder.is_dir() else []


def is_legacy_import(dotted: str) -> bool:
    return any(dotted == legacy or dotted.startswith(legacy + ".") for legacy in LEGACY_IMPORTS)


def _callee_name(call: ast.Call) -> str:
    func = call.func
    return func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")


def _rel(layout: ModuleLayout, path: Path) -> str:
    return path.relative_to(layout.folder).as_posix()


# ----------------------------------------------------------------- module rules


@rule("MOD-001", Severity.ERROR, "Self-contained modules must have required directories")
def required_structure(layout: ModuleLayout) -> Iterator[Violation]:
    """A self-contained module is a Python package with its code in the conventional folders.

    Required: ``__init__.py`` at the module root, and ``__init__.py`` in each code folder the
    module has (``routes/``, ``routes/api/``, ``routes/pages/``, ``services/``, ``models/``,
    ``schemas/``). Route files live in ``routes/api/`` or ``routes/pages/``: a ``.py`` file
    directly in ``routes/`` is never mounted. (``definition.py`` is MOD-009, the folders the
    definition names MOD-007, ``tasks/`` MOD-011 and ``migrations/`` MOD-015.)
    """
    if not layout.self_contained:
        return
    if not (layout.folder / "__init__.py").is_file():
        yield Violation(
            layout.folder / "__init__.py", "the module folder is not a package: add an empty __init__.py"
        )
    for relative in PACKAGE_FOLDERS:
        folder = layout.folder / relative
        if folder.is_dir() and not (folder / "__init__.py").is_file():
            yield Violation(
                folder / "__init__.py", f"{relative}/ is not a package: add an empty {relative}/__init__.py"
            )
    routes = layout.folder / "routes"
    for stray in sorted(p for p in routes.glob("*.py") if p.name != "__init__.py") if routes.is_dir() else []:
        yield Violation(
            stray,
            f"routes/{stray.name} is never mounted: route files live in routes/api/<frontend>.py "
            f"or routes/pages/<frontend>.py",
        )


@rule("MOD-002", Severity.WARNING, "Services must contain actual code, not re-exports")
def services_have_code(layout: ModuleLayout) -> Iterator[Violation]:
    """The services package (``services/`` or the definition's ``services_path``) holds code.

    A package whose every file is only imports and ``__all__`` re-exports services that live
    somewhere else: move the service classes into the module.
    """
    yield from _package_has_code(layout, "services_path", "services", "service classes")


@rule("MOD-003", Severity.WARNING, "Schemas must contain actual code, not re-exports")
def schemas_have_code(layout: ModuleLayout) -> Iterator[Violation]:
    """The schemas package (``schemas/`` or the definition's ``schemas_path``) holds code.

    A package whose every file is only imports and ``__all__`` re-exports schemas that live
    somewhere else: move the pydantic models into the module.
    """
    yield from _package_has_code(layout, "schemas_path", "schemas", "pydantic schema classes")


def _package_has_code(layout: ModuleLayout, field_name: str, default: str, what: str):
    if not layout.self_contained:
        return
    target = code_target(layout, field_name, default)
    files = files_of(target)
    trees = [parse(f) for f in files]
    if files and all(tree is not None and is_reexport_only(tree) for tree in trees):
        shown = _rel(layout, target if target.is_dir() else files[0])
        yield Violation(
            target if target.is_dir() else files[0],
            f"{shown} only re-exports (imports and __all__, no code of its own): "
            f"move the {what} into it, or delete it",
        )


@rule("MOD-004", Severity.WARNING, "Routes must import from module, not legacy locations")
def routes_import_from_modules(layout: ModuleLayout) -> Iterator[Violation]:
    """Route files import services, schemas and tasks from a module, never from a legacy location.

    Legacy locations: ``app.api``, ``app.services``, ``app.tasks``, ``app.schemas``,
    ``models.schema``, ``wizamart.api``, ``wizamart.services``, ``wizamart.schemas``.
    """
    for path in python_files(layout.folder / "routes"):
        tree = parse(path)
        for node in ast.walk(tree) if tree else []:
            if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                dotted = [node.module]
            elif isinstance(node, ast.Import):
                dotted = [alias.name for alias in node.names]
            else:
                continue
            for name in filter(is_legacy_import, dotted):
                yield Violation(
                    path,
                    f"line {node.lineno} imports {name}, a legacy location: import from this module's "
                    f"package (from ...services import …) or from the owning module's package",
                )


@rule("MOD-005", Severity.WARNING, "Modules with UI must have templates and static")
def ui_has_templates_and_static(layout: ModuleLayout) -> Iterator[Violation]:
    """A module with page routes (``routes/pages/*.py``) has ``templates/`` and ``static/``.

    Templates go in ``templates/<code>/<frontend>/…``; page scripts and styles in
    ``static/<frontend>/js/…``, served at ``/static/modules/<code>/…``.
    """
    pages = route_files(layout, "pages")
    if not pages:
        return
    shown = ", ".join(_rel(layout, p) for p in pages)
    templates = layout.folder / layout.templates_path
    if not templates.is_dir():
        yield Violation(
            templates,
            f"the module has pages ({shown}) but no {layout.templates_path}/: "
            f"add {layout.templates_path}/{package_of(layout.code)}/<frontend>/<page>.html",
        )
    if not (layout.folder / "static").is_dir():
        yield Violation(
            layout.folder / "static",
            f"the module has pages ({shown}) but no static/: add static/<frontend>/js/ for its scripts",
        )


@rule("MOD-006", Severity.INFO, "Modules should have locales for i18n")
def has_locales(layout: ModuleLayout) -> Iterator[Violation]:
    """A module has a ``locales/`` folder (or its ``locales_path``) with ``<lang>.json`` files."""
    folder = layout.folder / layout.locales_path
    if not (folder.is_dir() and any(folder.glob("*.json"))):
        yield Violation(
            folder,
            f"no translations: add {layout.locales_path}/en.json, de.json, fr.json and lb.json "
            f'with keys like "{layout.code}.title"',
        )


@rule("MOD-007", Severity.ERROR, "Definition paths must match directory structure")
def definition_paths_exist(layout: ModuleLayout) -> Iterator[Violation]:
    """Every path the definition declares names something in the module folder.

    ``services_path``, ``models_path``, ``schemas_path`` and ``exceptions_path`` are dotted
    (``modules.<package>.services``) and must name a package folder or ``.py`` file inside
    the module; ``templates_path`` and ``locales_path``, when set, name existing folders
    relative to the module.
    """
    definition = layout.folder / "definition.py"
    for name in CODE_PATH_FIELDS:
        dotted = layout.declared.get(name)
        if not dotted:
            continue
        relative = module_relative(layout, dotted)
        if relative is None:
            yield Violation(
                definition,
                f"{name}={dotted!r} points outside the module: "
                f"use {layout.package}.{name.removesuffix('_path')}",
            )
        elif not code_exists(layout.folder / relative):
            yield Violation(
                definition,
                f"{name}={dotted!r} names {relative.as_posix()}/ (or .py), which does not exist: "
                f"create it or fix the path",
            )
    for name in FOLDER_PATH_FIELDS:
        value = layout.declared.get(name)
        if value is None:
            continue
        if Path(value).is_absolute() or ".." in Path(value).parts:
            yield Violation(
                definition, f"{name}={value!r} must be a folder inside the module, relative to it"
            )
        elif not (layout.folder / value).is_dir():
            yield Violation(
                definition, f"{name}={value!r}: the folder {value}/ does not exist: create it or fix it"
            )


@rule("MOD-008", Severity.WARNING, "Self-contained modules must have exceptions.py")
def has_exceptions(layout: ModuleLayout) -> Iterator[Violation]:
    """A self-contained module defines its errors in ``exceptions.py``, subclassing WizamartException."""
    if not layout.self_contained:
        return
    target = code_target(layout, "exceptions_path", "exceptions")
    if not code_exists(layout.folder / "exceptions") and not code_exists(target):
        yield Violation(
            layout.folder / "exceptions.py",
            "no exceptions.py: add one with the module's errors, e.g. "
            f"class {layout.code.title().replace('-', '')}Exception(WizamartException)",
        )


@rule("MOD-009", Severity.ERROR, "Modules must have definition.py for auto-discovery")
def has_definition(layout: ModuleLayout) -> Iterator[Violation]:
    """A folder among the modules holding Python files has a ``definition.py`` and an importable name.

    Discovery only looks at ``<folder>/definition.py``, and only in folders whose name is a
    Python identifier (``dev_tools`` for the code ``dev-tools``): anything else is skipped
    silently. This rule alone runs on a folder without ``definition.py``.
    """
    if not layout.has_definition:
        yield Violation(
            layout.folder / "definition.py",
            "Python files but no definition.py, so discovery skips this folder: add a definition.py "
            f"with ModuleDefinition(code={layout.code!r}, …), or move the code into a module",
        )
    elif not layout.folder.name.isidentifier():
        yield Violation(
            layout.folder,
            f"folder name {layout.folder.name!r} is not a Python identifier, so discovery skips it: "
            f"rename the folder to {package_of(layout.code)!r}",
        )


@rule("MOD-010", Severity.WARNING, "Route files must export a Blueprint")
def route_files_export_blueprint(layout: ModuleLayout) -> Iterator[Violation]:
    """``routes/api/<frontend>.py`` and ``routes/pages/<frontend>.py`` export a Flask Blueprint.

    The Blueprint is named ``blueprint``, ``router``, ``<frontend>_router`` or ``bp``; a file
    exporting none of them (or a FastAPI ``APIRouter``) is silently not mounted. Frontends:
    admin, vendor, storefront for the API; admin, vendor, storefront, public for pages.
    """
    for kind, frontends in (("api", API_FRONTENDS), ("pages", tuple(PAGE_PREFIXES))):
        for frontend in frontends:
            path = layout.folder / "routes" / kind / f"{frontend}.py"
            tree = parse(path) if path.is_file() else None
            if tree is None:
                continue
            names = [n.format(frontend=frontend) for n in ROUTE_NAMES]
            exported = [n for n in names if n in top_level_names(tree)]
            value = top_level_value(tree, exported[0]) if exported else None
            if not exported:
                yield Violation(
                    path,
                    f"exports no Blueprint, so it is not mounted: add "
                    f'blueprint = Blueprint("{package_of(layout.code)}_{frontend}_{kind}", __name__) '
                    f"(or name it router, {frontend}_router or bp)",
                )
            elif isinstance(value, ast.Call) and _callee_name(value) == "APIRouter":
                yield Violation(path, f"{exported[0]} is a FastAPI APIRouter: make it a flask.Blueprint")


@rule("MOD-011", Severity.WARNING, "Tasks directory must have __init__.py")
def tasks_are_a_package(layout: ModuleLayout) -> Iterator[Violation]:
    """Celery tasks live in a ``tasks/`` package whose ``__init__.py`` is what discovery imports.

    A ``tasks/`` folder without ``__init__.py``, or a single ``tasks.py`` file, is not discovered.
    """
    tasks = layout.folder / "tasks"
    if tasks.is_dir() and python_files(tasks) and not (tasks / "__init__.py").is_file():
        yield Violation(
            tasks / "__init__.py",
            "tasks/ has no __init__.py, so its tasks are not registered: add one importing the task modules",
        )
    if (layout.folder / "tasks.py").is_file():
        yield Violation(
            layout.folder / "tasks.py", "tasks.py is not discovered: move it to tasks/__init__.py"
        )


@rule("MOD-012", Severity.INFO, "Locales should have all language files")
def locales_cover_languages(layout: ModuleLayout) -> Iterator[Violation]:
    """The locales folder has a file per platform language: en, de, fr and lb (``lu.json`` counts as lb)."""
    folder = layout.folder / layout.locales_path
    present = {LOCALE_ALIASES.get(p.stem, p.stem) for p in folder.glob("*.json")}  # empty without a folder
    missing = [lang for lang in LANGUAGES if lang not in present]
    if present and missing:
        yield Violation(folder, f"missing languages: add {', '.join(f'{lang}.json' for lang in missing)}")


@rule("MOD-013", Severity.INFO, "config.py should export config or config_class")
def config_exports(layout: ModuleLayout) -> Iterator[Violation]:
    """A module's ``config.py`` exports ``config_class`` (a BaseSettings class) or ``config`` (instance)."""
    path = layout.folder / "config.py"
    tree = parse(path) if path.is_file() else None
    if tree is not None and not {"config", "config_class"} & top_level_names(tree):
        yield Violation(
            path, "exports neither config_class nor config, so no settings are loaded: add config_class"
        )


MIGRATION_NAME = re.compile(r"^(?P<revision>(?P<package>[a-z][a-z0-9_]*?)_\d{3,})_[a-z0-9_]+\.py$")


@rule("MOD-014", Severity.WARNING, "Migrations must follow naming convention")
def migrations_are_named(layout: ModuleLayout) -> Iterator[Violation]:
    """Migration files are ``<package>_<NNN>_<description>.py`` with ``revision = "<package>_<NNN>"``.

    The module's first revision (``down_revision = None``) opens its branch with
    ``branch_labels = ("<code>",)``.
    """
    package = package_of(layout.code)
    for path in python_files(layout.folder / "migrations" / "versions"):
        if path.name == "__init__.py":
            continue
        match = MIGRATION_NAME.match(path.name)
        if not match or match["package"] != package:
            yield Violation(
                path, f"rename to {package}_<NNN>_<description>.py (e.g. {package}_001_create_tables.py)"
            )
            continue
        tree = parse(path)
        if tree is None:
            continue
        revision = _literal(top_level_value(tree, "revision"))
        if revision != match["revision"]:
            yield Violation(
                path, f"revision = {revision!r}: use {match['revision']!r}, as the file name says"
            )
        if is_first_revision(tree):
            labels = _literal(top_level_value(tree, "branch_labels"))
            labels = (labels,) if isinstance(labels, str) else tuple(labels or ())
            if labels != (layout.code,):
                yield Violation(
                    path,
                    f"the module's first revision must open its branch: branch_labels = ({layout.code!r},)",
                )


def is_first_revision(tree: ast.Module) -> bool:
    """``down_revision = None``: the revision that opens a branch."""
    down = top_level_value(tree, "down_revision")
    return isinstance(down, ast.Constant) and down.value is None


def _literal(node: ast.expr | None) -> Any:
    try:
        return ast.literal_eval(node) if node is not None else None
    except ValueError:
        return None


@rule("MOD-015", Severity.WARNING, "Migrations directory must have __init__.py files")
def migrations_are_packages(layout: ModuleLayout) -> Iterator[Violation]:
    """A module's ``migrations/`` has ``__init__.py`` and a ``versions/`` folder with ``__init__.py``."""
    migrations = layout.folder / "migrations"
    if not migrations.is_dir():
        return
    for folder in (migrations, migrations / "versions"):
        if not (folder / "__init__.py").is_file():
            yield Violation(
                folder / "__init__.py", f"add {_rel(layout, folder)}/__init__.py (discovery needs it)"
            )


# ----------------------------------------------------------------- project rules


def _legacy_folders(root: Path, folders: tuple[str, ...], what: str, target: str):
    for relative in folders:
        files = python_files(root / relative)
        if files:
            yield Violation(
                root / relative,
                f"{len(files)} Python file(s) of {what} outside the modules: move them to {target}",
            )


@rule(
    "MOD-016", Severity.ERROR, "Routes must be in modules, not app/api/v1/ or wizamart/api/", scope="project"
)
def no_legacy_routes(root: Path) -> Iterator[Violation]:
    """No route code in ``app/api/v1/`` or ``wizamart/api/``: routes belong to a module."""
    yield from _legacy_folders(
        root, LEGACY_ROUTES, "routes", "modules/<package>/routes/api/<frontend>.py or routes/pages/"
    )


@rule(
    "MOD-017",
    Severity.ERROR,
    "Services must be in modules, not app/services/ or wizamart/services/",
    scope="project",
)
def no_legacy_services(root: Path) -> Iterator[Violation]:
    """No service code in ``app/services/`` or ``wizamart/services/``: services belong to a module."""
    yield from _legacy_folders(root, LEGACY_SERVICES, "services", "modules/<package>/services/")


@rule(
    "MOD-018", Severity.ERROR, "Tasks must be in modules, not app/tasks/ or wizamart/tasks/", scope="project"
)
def no_legacy_tasks(root: Path) -> Iterator[Violation]:
    """No task code in ``app/tasks/`` or a ``wizamart/tasks/`` package: tasks belong to a module."""
    yield from _legacy_folders(root, LEGACY_TASKS, "tasks", "modules/<package>/tasks/")


@rule(
    "MOD-019",
    Severity.ERROR,
    "Schemas must be in modules, not models/schema/ or wizamart/schemas/",
    scope="project",
)
def no_legacy_schemas(root: Path) -> Iterator[Violation]:
    """No schema code in ``models/schema/``, ``app/schemas/`` or ``wizamart/schemas/``."""
    yield from _legacy_folders(root, LEGACY_SCHEMAS, "schemas", "modules/<package>/schemas/")


# ----------------------------------------------------------------- running the rules


@dataclass
class Report:
    """The findings of one validation run and the modules it looked at."""

    findings: list[Finding]
    modules: list[ModuleLayout]

    def count(self, severity: Severity) -> int:
        return sum(1 for f in self.findings if f.severity is severity)

    def failed(self, strict: bool = False) -> bool:
        """Any ERROR; with ``strict``, any WARNING too."""
        worst = {Severity.ERROR, Severity.WARNING} if strict else {Severity.ERROR}
        return any(f.severity in worst for f in self.findings)


def validate_layouts(project_root: Path, layouts: Iterable[ModuleLayout]) -> list[Finding]:
    """Run the module rules on each layout and the project rules on the root, sorted by module and rule."""
    project_root = Path(project_root)
    findings = [f for r in RULES if r.scope == "project" for f in r.run(project_root)]
    for layout in layouts:
        for module_rule in (r for r in RULES if r.scope == "module"):
            if layout.has_definition or module_rule.id == "MOD-009":
                findings += module_rule.run(layout)
    findings = [replace(f, path=_shown_path(f.path, project_root)) for f in findings]
    return sorted(findings, key=lambda f: (f.module or "", f.rule, str(f.path)))


def validate_module_tree(project_root: Path, module_dirs: list[Path]) -> list[Finding]:
    """Validate module folders (read, never imported) and the project root they belong to.

    A folder without Python files is no module and is left alone.
    """
    layouts = [ModuleLayout.from_folder(Path(d)) for d in module_dirs if is_module_candidate(Path(d))]
    return validate_layouts(project_root, layouts)


def module_dirs_in(root: Path) -> list[Path]:
    """The folders of a modules directory that hold Python code (module or not)."""
    root = Path(root)
    if not root.is_dir():
        return []
    return [child for child in sorted(root.iterdir()) if is_module_candidate(child)]


def is_module_candidate(folder: Path) -> bool:
    return (
        folder.is_dir()
        and not folder.name.startswith((".", "_"))
        and ((folder / "definition.py").is_file() or bool(python_files(folder)))
    )


def validate_app(app: Flask, extra_roots: Iterable[Path] = ()) -> Report:
    """Validate the modules of ``app``: its registry (broken modules from their folders), the
    folders of its module roots that discovery skipped (MOD-009), and ``extra_roots``."""
    state = app.extensions["wizamart"]
    wanted = app.config.get("WIZAMART_MODULES")
    layouts: dict[Path, ModuleLayout] = {}
    for entry in state.registry.entries:
        folder = Path(entry.path)
        if not folder.is_dir():
            continue
        if entry.definition is not None:
            layout = ModuleLayout.from_definition(entry.definition, folder, entry.package)
        else:
            layout = ModuleLayout.from_folder(folder, entry.package, broken=True)
        layouts[folder.resolve()] = layout
    roots = list(local_module_roots()) + [Path(p) for p in app.config.get("WIZAMART_MODULE_PATHS", [])]
    for root in roots:
        for folder in module_dirs_in(root):
            skipped = wanted is not None and folder.name.replace("_", "-") not in wanted
            if not skipped:
                layouts.setdefault(folder.resolve(), ModuleLayout.from_folder(folder))
    for root in extra_roots:
        for folder in module_dirs_in(root):
            layouts.setdefault(folder.resolve(), ModuleLayout.from_folder(folder))
    modules = list(layouts.values())
    return Report(validate_layouts(Path(app.root_path), modules), modules)


def local_module_roots(modules_package: str = "modules") -> list[Path]:
    """The folders of the project's ``modules`` package (where discovery looks first)."""
    spec = importlib.util.find_spec(modules_package)
    if spec is None or not spec.submodule_search_locations:
        return []
    return [Path(p) for p in spec.submodule_search_locations]


def _shown_path(path: Path, root: Path) -> Path:
    try:
        return path.resolve().relative_to(root.resolve())
    except ValueError:
        return path
