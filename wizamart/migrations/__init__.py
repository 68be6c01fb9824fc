"""Alembic wiring: one version directory per module, discovered through the ``migrations`` hook.

The framework's own tables live in the ``wizamart`` branch (``versions/`` beside this
file); each module's in its own branch labelled with its code.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import sqlalchemy as sa
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


def branches_referenced_by(code: str) -> list[str]:
    """The other branches owning tables that ``code``'s tables point at by foreign key."""
    owners = table_owners()
    referenced = {
        owners.get(fk.column.table.name)
        for name, table in db.metadata.tables.items()
        if owners.get(name) == code
        for fk in table.foreign_keys
    }
    return sorted(owner for owner in referenced if owner and owner != code)


def next_revision_id(code: str, versions_dir: Path) -> str:
    """``<package>_<NNN>``: one more than the highest number in the module's folder."""
    prefix = code.replace("-", "_")
    numbers = [
        int(match.group(1))
        for path in versions_dir.glob(f"{prefix}_*.py")
        if (match := re.match(rf"{re.escape(prefix)}_(\d+)_", path.name))
    ]
    return f"{prefix}_{max(numbers, default=0) + 1:03d}"


DETACHED_TABLE = "wizamart_detached_revisions"


def reconcile_applied_revisions(script) -> tuple[list[str], list[str]]:
    """Keep ``alembic_version`` to the branches of the modules installed now.

    A module deleted after its migrations ran leaves its revision behind, and Alembic would
    refuse to upgrade anything ("can't locate revision"). That revision is parked in
    ``wizamart_detached_revisions`` (its tables and data stay as they are) and put back
    when the module returns. Returns ``(detached, reattached)``.
    """
    known = {revision.revision for revision in script.walk_revisions()}
    with db.engine.begin() as connection:
        run = connection.execute
        tables = set(sa.inspect(connection).get_table_names())
        if "alembic_version" not in tables:
            return [], []
        applied = set(run(sa.text("SELECT version_num FROM alembic_version")).scalars())
        parked = set()
        if DETACHED_TABLE in tables:
            parked = set(run(sa.text(f"SELECT version_num FROM {DETACHED_TABLE}")).scalars())
        detached, reattached = sorted(applied - known), sorted(parked & known)
        if detached and DETACHED_TABLE not in tables:
            run(sa.text(f"CREATE TABLE {DETACHED_TABLE} (version_num VARCHAR(64) PRIMARY KEY)"))
        for revision in detached:
            run(sa.text("DELETE FROM alembic_version WHERE version_num = :r"), {"r": revision})
            run(sa.text(f"INSERT INTO {DETACHED_TABLE} VALUES (:r)"), {"r": revision})
        for revision in reattached:
            run(sa.text(f"DELETE FROM {DETACHED_TABLE} WHERE version_num = :r"), {"r": revision})
            run(sa.text("INSERT INTO alembic_version VALUES (:r)"), {"r": revision})
    return detached, reattached
