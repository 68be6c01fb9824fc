"""Alembic environment of Wizamart (run by ``flask db …``).

``-x module=<code>`` (set by ``flask db migrate --module <code>``) limits autogenerate to
the tables that module owns, so a module's migration never touches another's tables.
"""

import logging
from logging.config import fileConfig

from alembic import context
from flask import current_app

from wizamart.migrations import DETACHED_TABLE, table_owners

config = context.config
if config.config_file_name and not current_app.config.get("TESTING"):
    fileConfig(config.config_file_name, disable_existing_loggers=False)
logger = logging.getLogger("alembic.env")

target_db = current_app.extensions["migrate"].db
only_module = context.get_x_argument(as_dictionary=True).get("module")


def include_object(obj, name, type_, reflected, compare_to):
    """With ``-x module=<code>``, compare only the tables that module owns; never the
    framework's bookkeeping of set-aside revisions."""
    if name == DETACHED_TABLE:
        return False
    if only_module is None:
        return True
    table = obj if type_ == "table" else getattr(obj, "table", None)
    table_name = name if type_ == "table" else getattr(table, "name", None)
    return table_owners().get(table_name) == only_module


def process_revision_directives(context_, revision, directives):
    """Write no empty migration when autogenerate finds nothing to change."""
    if getattr(config.cmd_opts, "autogenerate", False) and directives[0].upgrade_ops.is_empty():
        directives[:] = []
        logger.info("No changes in schema detected.")


def run_migrations_offline():
    context.configure(url=str(target_db.engine.url), target_metadata=target_db.metadata, literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online():
    conf_args = dict(current_app.extensions["migrate"].configure_args)
    conf_args.setdefault("process_revision_directives", process_revision_directives)
    with target_db.engine.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=target_db.metadata,
            include_object=include_object,
            **conf_args,
        )
        with context.begin_transaction():
            context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
