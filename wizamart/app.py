"""The application factory: ``create_app(config_override=None)``.

A short, ordered list of named steps. Tests call it directly, e.g.
``create_app({"WIZAMART_MODULES": ["core"], "DATABASE_URL": "sqlite://"})`` for an app
with exactly the modules they name.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from flask import Flask

import wizamart.migrations  # noqa: F401  (registers the version-locations callback)
from wizamart import cli, web
from wizamart.database import db, migrate
from wizamart.i18n import Translations, init_i18n
from wizamart.modules.assembly import assemble_modules
from wizamart.modules.definition import FrontendType, MenuItem, Permission
from wizamart.modules.registry import ModuleRegistry
from wizamart.modules.service import EnablementCache
from wizamart.plugins import create_plugin_manager
from wizamart.routing import LazyBuildRule
from wizamart.security import init_security
from wizamart.settings import INSTANCE_PATH, PROJECT_ROOT, flask_config
from wizamart.tasks import init_celery


@dataclass
class WizamartState:
    """Everything the framework keeps per app, at ``app.extensions["wizamart"]``."""

    pm: Any
    enablement: EnablementCache
    translations: Translations
    registry: ModuleRegistry = field(default_factory=lambda: ModuleRegistry([]))
    module_configs: dict[str, Any] = field(default_factory=dict)
    menus: dict[FrontendType, list[MenuItem]] = field(default_factory=dict)
    permissions: dict[str, Permission] = field(default_factory=dict)
    migration_dirs: list[str] = field(default_factory=list)
    template_dirs: list[Path] = field(default_factory=list)


def create_app(config_override: dict[str, Any] | None = None) -> Flask:
    app = Flask(
        "wizamart",
        root_path=str(PROJECT_ROOT),
        instance_path=str(INSTANCE_PATH),
        static_folder="static",
        template_folder="templates",
    )
    app.url_rule_class = LazyBuildRule
    init_config(app, config_override)
    init_logging(app)
    init_database(app)
    init_plugins(app)
    init_security(app)
    init_tasks(app)
    init_modules(app)
    init_i18n(app)
    register_request_handlers(app)
    register_error_handlers(app)
    register_commands(app)
    app.extensions["wizamart"].pm.hook.init_app(app=app)
    return app


def init_config(app: Flask, config_override: dict[str, Any] | None) -> None:
    app.config.update(flask_config(config_override))
    engine_options = app.config.setdefault("SQLALCHEMY_ENGINE_OPTIONS", {"pool_pre_ping": True})
    if app.config["DATABASE_URL"].startswith("postgresql") and not app.config["DATABASE_PARALLEL_QUERY"]:
        # A web request's query spread over parallel workers takes the cores the other requests
        # need: on the storefront benchmark, turning it off took deep listing pages from 25 to
        # 40 requests a second at 2 connections, p99 95 -> 71 ms (benchmarks/README.md).
        connect_args = engine_options.setdefault("connect_args", {})
        connect_args.setdefault("options", "-c max_parallel_workers_per_gather=0")
    if app.config["DATABASE_URL"].startswith("sqlite:///") and "instance" in app.config["DATABASE_URL"]:
        Path(app.instance_path).mkdir(parents=True, exist_ok=True)


def init_logging(app: Flask) -> None:
    logging.getLogger("wizamart").setLevel(app.config.get("LOG_LEVEL", "INFO"))


def init_database(app: Flask) -> None:
    from wizamart.modules import models  # noqa: F401  (the framework's own tables)

    db.init_app(app)
    migrate.init_app(app, db, directory=str(Path(__file__).parent / "migrations"))


def init_plugins(app: Flask) -> None:
    pm = create_plugin_manager()
    pm.register(web.PlatformDefaults(), name="wizamart.platform")
    app.extensions["wizamart"] = WizamartState(
        pm=pm,
        enablement=EnablementCache(app.config["MODULE_STATE_REFRESH_SECONDS"]),
        translations=Translations(app.config["LANGUAGES"]),
    )


def init_modules(app: Flask) -> None:
    state = app.extensions["wizamart"]
    state.migration_dirs.append(str(Path(__file__).parent / "migrations" / "versions"))
    assemble_modules(app, state)


def init_tasks(app: Flask) -> None:
    """The Celery app, before the modules: assembly imports their tasks into it."""
    init_celery(app)


def register_request_handlers(app: Flask) -> None:
    app.before_request(web.set_platform_context)
    app.register_blueprint(web.framework_routes)
    app.jinja_env.globals.update(menu=web.build_menu, crumbs=web.breadcrumbs, languages=web.languages)


def register_error_handlers(app: Flask) -> None:
    web.register_error_handlers(app)


def register_commands(app: Flask) -> None:
    cli.register(app)
