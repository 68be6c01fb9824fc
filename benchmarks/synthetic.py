"""Synthetic modules for the benchmarks: the spec's 16 modules, on disk, for the codes that
have no real module yet.

To measure an app "with every module present" (the spec's 16), the benchmarks write a
synthetic module for every spec code that no real module (``modules/``, extra paths,
entry points) provides, into a folder the app loads through ``WIZAMART_MODULE_PATHS``:
real + synthetic = 16, and no code is loaded twice (``create_app`` refuses duplicates).
Each synthetic module follows the file conventions (no hook code): a definition with the
spec's dependencies and tier, a page route, API routes, a template, static files,
locales in en/de/fr/lb, a task, a config and a service.

Routes: optional and core modules answer ``GET /api/v1/vendor/<code>/ping`` (vendor
staff: signed in or a bearer token, the shop from ``X-Vendor`` or the caller's only
shop), ``GET /api/v1/storefront/<code>/ping`` (open, but through the same module gate)
and ``/vendor/<vendor_code>/<code>/``; internal modules (admin-only) answer
``GET /api/v1/admin/<code>/ping`` and ``/admin/<code>/``.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class SyntheticModule:
    code: str
    tier: str  # "core", "optional" or "internal"
    requires: tuple[str, ...] = ()

    @property
    def package(self) -> str:
        return self.code.replace("-", "_")

    @property
    def frontend(self) -> str:
        """Internal modules are admin-only; the others face vendors."""
        return "admin" if self.tier == "internal" else "vendor"

    @property
    def api_path(self) -> str:
        return f"/api/v1/{self.frontend}/{self.code}/ping"

    @property
    def storefront_api_path(self) -> str | None:
        """The open storefront API route; internal modules have none."""
        return None if self.tier == "internal" else f"/api/v1/storefront/{self.code}/ping"


# The spec's 16 modules and their dependency graph.
SPEC_MODULES = (
    SyntheticModule("core", "core"),
    SyntheticModule("tenancy", "core"),
    SyntheticModule("cms", "core"),
    SyntheticModule("customers", "core"),
    SyntheticModule("cart", "optional"),
    SyntheticModule("catalog", "optional"),
    SyntheticModule("checkout", "optional", ("cart", "orders", "payments")),
    SyntheticModule("payments", "optional"),
    SyntheticModule("billing", "optional", ("payments",)),
    SyntheticModule("inventory", "optional"),
    SyntheticModule("orders", "optional", ("payments",)),
    SyntheticModule("marketplace", "optional", ("inventory",)),
    SyntheticModule("analytics", "optional"),
    SyntheticModule("messaging", "optional"),
    SyntheticModule("dev-tools", "internal"),
    SyntheticModule("monitoring", "internal"),
)

LANGUAGES = {"en": "", "de": "(de) ", "fr": "(fr) ", "lb": "(lb) "}
LOCALE_KEYS = (
    "title",
    "lead",
    "menu.overview",
    "status.ok",
    "status.failed",
    "action.save",
    "action.cancel",
    "action.delete",
    "field.name",
    "field.code",
    "field.created",
    "field.updated",
    "empty",
    "error.not_found",
    "error.invalid",
    "help",
    "count.one",
    "count.other",
    "confirm",
    "saved",
)


def missing_modules(present: set[str] | frozenset[str]) -> tuple[SyntheticModule, ...]:
    """The spec's modules whose code is not in ``present`` (the codes real modules take)."""
    return tuple(m for m in SPEC_MODULES if m.code not in present)


def write_modules(root: Path, modules: tuple[SyntheticModule, ...]) -> Path:
    """Write every module of ``modules`` into ``root`` and return ``root``."""
    root.mkdir(parents=True, exist_ok=True)
    for module in modules:
        for relative, text in module_files(module).items():
            path = root / module.package / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
    return root


def module_files(m: SyntheticModule) -> dict[str, str]:
    """Path (relative to the module folder) -> file content, for one module."""
    files = {
        "__init__.py": f'"""The synthetic {m.code} module."""\n',
        "definition.py": _definition(m),
        "config.py": _config(m),
        "exceptions.py": _exceptions(m),
        "services/__init__.py": "",
        "services/status_service.py": _service(m),
        "routes/__init__.py": "",
        "routes/api/__init__.py": "",
        f"routes/api/{m.frontend}.py": _api_route(m, m.frontend),
        "routes/pages/__init__.py": "",
        f"routes/pages/{m.frontend}.py": _page_route(m),
        f"templates/{m.package}/{m.frontend}/overview.html": _template(m),
        f"static/{m.frontend}/js/{m.package}.js": f"console.debug('{m.code} page loaded');\n",
        f"static/shared/css/{m.package}.css": f".{m.package}-overview {{ display: block; }}\n",
        "tasks/__init__.py": f"from .jobs import refresh_{m.package}\n\n__all__ = ['refresh_{m.package}']\n",
        "tasks/jobs.py": _task(m),
    }
    if m.storefront_api_path:
        files["routes/api/storefront.py"] = _api_route(m, "storefront")
    for lang, marker in LANGUAGES.items():
        messages = {f"{m.code}.{key}": f"{marker}{m.code} {key}" for key in LOCALE_KEYS}
        files[f"locales/{lang}.json"] = json.dumps(messages, indent=2, sort_keys=True) + "\n"
    return files


def _source(text: str) -> str:
    return textwrap.dedent(text).lstrip()


def _definition(m: SyntheticModule) -> str:
    return _source(
        f'''
        from wizamart import FrontendType, ModuleDefinition, Permission

        {m.package}_module = ModuleDefinition(
            code={m.code!r},
            name={m.code.replace("-", " ").title()!r},
            description="Synthetic {m.code} module for the benchmarks.",
            version="1.0.0",
            is_core={m.tier == "core"},
            is_internal={m.tier == "internal"},
            requires={list(m.requires)!r},
            features=["{m.package}_basic", "{m.package}_advanced"],
            menu_items={{FrontendType.{m.frontend.upper()}: ["overview"]}},
            permissions=[Permission(code="{m.code}.view", description="See {m.code}")],
        )
        '''
    )


def _config(m: SyntheticModule) -> str:
    cls = m.package.title().replace("_", "") + "Config"
    return _source(
        f'''
        from pydantic import Field
        from pydantic_settings import BaseSettings, SettingsConfigDict


        class {cls}(BaseSettings):
            """Settings of the {m.code} module."""

            model_config = SettingsConfigDict(env_prefix="{m.package.upper()}_")

            page_size: int = Field(default=25, description="Rows per page")
            enabled_features: list[str] = Field(default_factory=list)


        config_class = {cls}
        '''
    )


def _exceptions(m: SyntheticModule) -> str:
    return _source(
        f'''
        from wizamart import WizamartException


        class {m.package.title().replace("_", "")}Error(WizamartException):
            """Something the {m.code} module refuses."""
        '''
    )


def _service(m: SyntheticModule) -> str:
    return _source(
        f'''
        """What the {m.code} module reports about itself (no database access)."""


        def status(platform_id):
            return {{"module": {m.code!r}, "platform_id": platform_id, "ok": True}}
        '''
    )


def _api_route(m: SyntheticModule, frontend: str) -> str:
    return _source(
        f'''
        from flask import Blueprint, g, jsonify

        from ...services import status_service

        blueprint = Blueprint("{m.package}_{frontend}_api", __name__)


        @blueprint.get("/ping")
        def ping():
            return jsonify(status_service.status(g.platform_id))
        '''
    )


def _page_route(m: SyntheticModule) -> str:
    path = f"/{m.code}/"
    args = "" if m.frontend == "admin" else "vendor_code"
    return _source(
        f'''
        from flask import Blueprint, render_template

        blueprint = Blueprint("{m.package}_{m.frontend}_pages", __name__)


        @blueprint.get({path!r})
        def overview({args}):
            return render_template("{m.package}/{m.frontend}/overview.html")
        '''
    )


def _template(m: SyntheticModule) -> str:
    return _source(
        f"""
        {{% extends "{m.frontend}/base.html" %}}
        {{% block title %}}{{{{ t("{m.code}.title") }}}}{{% endblock %}}
        {{% block head %}}
          <link rel="stylesheet"
                href="{{{{ url_for('{m.code}_static', path='shared/css/{m.package}.css') }}}}">
        {{% endblock %}}
        {{% block content %}}
          <h1 class="{m.package}-overview">{{{{ t("{m.code}.title") }}}}</h1>
          <p>{{{{ t("{m.code}.lead") }}}}</p>
        {{% endblock %}}
        """
    )


def _task(m: SyntheticModule) -> str:
    return _source(
        f'''
        from wizamart import task


        @task
        def refresh_{m.package}(platform_id: int) -> str:
            """A cheap task, so the module has one to discover."""
            return "{m.code} refreshed on platform %d" % platform_id
        '''
    )


PRESENT_CODES_SCRIPT = """
import json
from wizamart import create_app

app = create_app()
print(json.dumps([entry.code for entry in app.extensions["wizamart"].registry.entries]))
"""


def run_checked(cmd: list[str], env: dict[str, str], cwd: Path, timeout: int, what: str) -> str:
    """Run ``cmd`` and return its stdout; stop the benchmark with its output if it fails."""
    done = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout, check=False)
    if done.returncode != 0:
        raise SystemExit(f"{what} failed ({done.returncode}):\n{done.stdout}{done.stderr}")
    return done.stdout


def present_codes(env: dict[str, str], cwd: Path) -> list[str]:
    """The codes the app finds without synthetic modules (``modules/``, extra paths, entry
    points), read from its registry in a separate process; broken modules count too, as
    their codes are taken as well."""
    env = {**env, "WIZAMART_MODULE_PATHS": ""}
    cmd = [sys.executable, "-c", PRESENT_CODES_SCRIPT]
    out = run_checked(cmd, env, cwd, 120, "reading the module registry")
    return json.loads(out.strip().splitlines()[-1])
