"""``flask db``: Flask-Migrate's commands, made aware of one Alembic branch per module.

* ``flask db upgrade`` goes to every head (``heads``), so nobody has to remember it.
* ``flask db downgrade`` takes one step back when the database has a single branch
  applied; with several it asks for ``--module CODE`` (one step back on that branch) or
  a revision.
* ``flask db migrate --module CODE -m "…"`` autogenerates into that module's
  ``migrations/versions/`` a file ``<code>_<NNN>_<slug>.py``, touching only its tables.
"""

from __future__ import annotations

from pathlib import Path

import click
import flask_migrate
from alembic import command
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util import CommandError
from flask import current_app, g
from flask.cli import with_appcontext
from flask_migrate.cli import db as flask_migrate_db

from wizamart.database import db
from wizamart.migrations import (
    FRAMEWORK_BRANCH,
    branches_referenced_by,
    next_revision_id,
    reconcile_applied_revisions,
)


class ModuleDbGroup(click.Group):
    """Flask-Migrate's ``db`` commands, with ``upgrade``, ``downgrade`` and ``migrate`` replaced."""

    def list_commands(self, ctx):
        return sorted(set(flask_migrate_db.list_commands(ctx)) | set(self.commands))

    def get_command(self, ctx, name):
        return self.commands.get(name) or flask_migrate_db.get_command(ctx, name)


@click.group("db", cls=ModuleDbGroup)
@with_appcontext
def db_group() -> None:
    """Database migrations, one Alembic branch per module."""
    # Flask-Migrate's own commands (heads, current, history, stamp…) read these from ``g``;
    # its group callback sets them, and this group replaces that group.
    g.directory = None
    g.x_arg = ()


@db_group.command("upgrade")
@click.argument("revision", default="heads")
@click.option("--sql", is_flag=True, help="Print the SQL instead of running it")
@with_appcontext
def upgrade(revision: str, sql: bool) -> None:
    """Upgrade the database to REVISION (default: every module's head).

    Revisions of modules no longer installed are set aside first (their data stays) and
    put back when the module returns, so removing a module never blocks an upgrade.
    """
    if not sql:
        detached, reattached = reconcile_applied_revisions(_script())
        for name in detached:
            click.echo(f"revision {name} belongs to no installed module: set aside, its tables are kept")
        for name in reattached:
            click.echo(f"revision {name} is installed again: put back")
    flask_migrate.upgrade(revision=revision, sql=sql)


@db_group.command("downgrade")
@click.argument("revision", required=False)
@click.option("--module", "module_code", help="Step back on this module's branch")
@click.option("--sql", is_flag=True, help="Print the SQL instead of running it")
@with_appcontext
def downgrade(revision: str | None, module_code: str | None, sql: bool) -> None:
    """Revert REVISION (e.g. ``base``, ``orders@-1``); with --module, that module's last step."""
    if module_code:
        revision = f"{module_code}@{revision or '-1'}"
    elif revision is None:
        applied = _applied_heads()
        if not applied:
            raise click.ClickException("no revision is applied: nothing to downgrade")
        if len(applied) > 1:
            raise click.UsageError(
                f"several branches are applied ({', '.join(applied)}); "
                "say which: --module CODE, a revision, or 'base'"
            )
        revision = "-1"
    flask_migrate.downgrade(revision=revision, sql=sql)


@db_group.command("migrate")
@click.option("--module", "module_code", required=True, help="The module whose tables changed")
@click.option("-m", "--message", required=True, help="What the migration does")
@with_appcontext
def migrate_module(module_code: str, message: str) -> None:
    """Autogenerate a migration for one module's tables, into that module's folder."""
    state = current_app.extensions["wizamart"]
    if module_code == FRAMEWORK_BRANCH:
        versions = Path(state.migration_dirs[0])
    else:
        versions = state.registry.entry(module_code).path / "migrations" / "versions"
    first = not any(p.name != "__init__.py" for p in versions.glob("*.py"))  # no revision yet
    for folder in (versions.parent, versions):
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "__init__.py").touch()
    current_app.config["_MIGRATION_EXTRA_DIR"] = str(versions)
    config = current_app.extensions["migrate"].migrate.get_config(
        opts=["autogenerate"], x_arg=[f"module={module_code}"]
    )
    try:
        command.revision(
            config,
            message,
            autogenerate=True,
            head="base" if first else f"{module_code}@head",
            branch_label=module_code if first else None,
            version_path=str(versions),
            rev_id=next_revision_id(module_code, versions),
            # Tables of other modules this one points at by foreign key: their branches
            # must be migrated first, whatever order Alembic would pick on its own.
            depends_on=branches_referenced_by(module_code) or None,
        )
    except CommandError as exc:
        raise click.ClickException(str(exc)) from exc


def _script() -> ScriptDirectory:
    return ScriptDirectory.from_config(current_app.extensions["migrate"].migrate.get_config())


def _applied_heads() -> list[str]:
    """The revisions the database stands at, one per applied branch (its ``alembic_version`` rows)."""
    with db.engine.connect() as connection:
        return sorted(MigrationContext.configure(connection).get_current_heads())
