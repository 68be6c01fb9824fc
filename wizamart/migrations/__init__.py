"""Alembic wiring: one version directory per module, discovered through the ``migrations`` hook.

The framework's own tables live in the ``wizamart`` branch (``versions/`` beside this
file); each module's in its own branch labelled with its code.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from flask import current_app

from wizamart.database import db, migrate

FRAMEWORK_BRANCH = "wizamart"


@migrate.configure
def _version_locations(config):
    """Point Alembic at the framework's and every loaded module's version directories."""
    dirs = list(dict.fromkeys(current_app.extensions["wizamart"].migration_dirs))
    extra = current_app.config.get("_MIGRATION_EXTRA_DIR")
    if extra and extra not in dirs:
        dirs.append(extra)
    config.set_main_option("version_locations", os.pathsep.join(dirs))
    config.set_main_option("path_separator", "os")
    return config


def table_owners() -> dict[str, str]:
    """Which module owns each table: the module whose package holds the mapped class.

    Tables not mapped by a class (association tables) name their module in
    ``Table(..., info={"module": "<code>"})``; anything else is the framework's.
    """
    registry = current_app.extensions["wizamart"].registry
    owners = {}
    for mapper in db.Model.registry.mappers:
        for table in mapper.tables:
            owners[table.name] = registry.owner_of_import(mapper.class_.__module__) or FRAMEWORK_BRANCH
    for name, table in db.metadata.tables.items():
        owners.setdefault(name, table.info.get("module", FRAMEWORK_BRANCH))
    return owners


def next_revision_id(code: str, versions_dir: Path) -> str:
    """``<package>_<NNN>``: one more than the highest number in the module's folder."""
    prefix = code.replace("-", "_")
    numbers = [
        int(match.group(1))
        for path in versions_dir.glob(f"{prefix}_*.py")
        if (match := re.match(rf"{re.escape(prefix)}_(\d+)_", path.name))
    ]
    return f"{prefix}_{max(numbers, default=0) + 1:03d}"
