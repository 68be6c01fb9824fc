"""Migrations: one Alembic branch per module, ``flask db upgrade`` to every head, and
models that agree with their migrations — on SQLite by default, on PostgreSQL when
``DATABASE_URL`` points there (the fixtures give each test an empty database)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory

from wizamart.database import db

FRAMEWORK_TABLES = {"platform_modules", "module_changes"}

WIDGETS_MODEL = """
from wizamart import db


class Widget(db.Model):
    __tablename__ = "widgets"

    id = db.Column(db.Integer, primary_key=True)
    name = db.Column(db.String(80), nullable=False)
"""

WIDGETS_MODEL_WITH_PRICE = WIDGETS_MODEL + "    price_cents = db.Column(db.Integer, nullable=True)\n"

# A hand-written migration, as a module author ships it next to the model above.
WIDGETS_MIGRATION = '''
"""create widgets"""

import sqlalchemy as sa
from alembic import op

revision = "widgets_001"
down_revision = None
branch_labels = ("widgets",)
depends_on = None


def upgrade():
    op.create_table(
        "widgets",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_widgets")),
    )


def downgrade():
    op.drop_table("widgets")
'''


# ----------------------------------------------------------------- helpers


def flask_db(app, *args: str):
    """Run ``flask db ARGS`` against ``app``; fail with the output when it does not succeed."""
    result = app.test_cli_runner().invoke(args=["db", *args])
    assert result.exit_code == 0, f"flask db {' '.join(args)} failed:\n{result.output}\n{result.exception!r}"
    return result


def table_names(app) -> set[str]:
    with app.app_context():
        return set(sa.inspect(db.engine).get_table_names())


def applied_revisions(app) -> set[str]:
    with app.app_context(), db.engine.connect() as conn:
        return {row[0] for row in conn.execute(sa.text("SELECT version_num FROM alembic_version"))}


def reached_revisions(app) -> set[str]:
    """The applied revisions and all they build on: Alembic keeps no row for a head that
    another branch ``depends_on`` (tenancy_001 once cms_001 is applied)."""
    applied = applied_revisions(app)
    with app.app_context():
        script = ScriptDirectory.from_config(app.extensions["migrate"].migrate.get_config())
        return {rev.revision for head in applied for rev in script.iterate_revisions(head, "base")}


def script_heads(app) -> set[str]:
    """The heads of every version directory the app's modules bring."""
    with app.app_context():
        config = app.extensions["migrate"].migrate.get_config()
        return set(ScriptDirectory.from_config(config).get_heads())


def schema_differences(app, only_tables: set[str] | None = None) -> list:
    """What autogenerate would change to make the database match the models."""

    def include(obj, name, type_, reflected, compare_to):
        table = name if type_ == "table" else getattr(getattr(obj, "table", None), "name", None)
        return only_tables is None or table in only_tables

    with app.app_context(), db.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"include_object": include})
        return compare_metadata(context, metadata_on(conn.dialect.name))


def metadata_on(dialect: str) -> sa.MetaData:
    """The models' metadata as ``create_all`` builds it on ``dialect``: without the indexes a
    model declares for another database only (``Index(...).ddl_if(dialect="postgresql")``, e.g.
    catalog's full-text index, which its migration creates on PostgreSQL alone). Alembic's
    comparison does not read ``ddl_if``: it would report such an index missing, or (SQLite)
    warn that it cannot compare expression indexes."""
    metadata = sa.MetaData(naming_convention=db.metadata.naming_convention)
    for table in db.metadata.tables.values():
        elsewhere = {index.name for index in table.indexes if not _built_on(index, dialect)}
        copy = table.to_metadata(metadata)  # (the copy loses ddl_if: judged on the original)
        for index in [index for index in copy.indexes if index.name in elsewhere]:
            copy.indexes.discard(index)
    return metadata


def _built_on(index: sa.Index, dialect: str) -> bool:
    only = getattr(index, "_ddl_if", None)  # DDLIf(dialect, callable_, state) or None
    wanted = only.dialect if only is not None else None
    return not wanted or dialect in ((wanted,) if isinstance(wanted, str) else tuple(wanted))


def tables_touched(source: str) -> set[str]:
    """Every table a migration file's operations name."""
    calls = r"(?:create_table|drop_table|add_column|drop_column|alter_column|batch_alter_table)"
    named = re.findall(rf"\bop\.{calls}\(\s*['\"](\w+)['\"]", source)
    named += re.findall(r"table_name=['\"](\w+)['\"]", source)
    return set(named)


def load_revision(path: Path) -> dict:
    namespace: dict = {}
    exec(compile(path.read_text(encoding="utf-8"), str(path), "exec"), namespace)
    return namespace


@pytest.fixture
def widgets_module(module_folder):
    """A throw-away module ``widgets`` with a model and its hand-written migration."""
    module_folder.definition("widgets")
    module_folder.write(
        "widgets",
        {
            "models/__init__.py": WIDGETS_MODEL,
            "migrations/__init__.py": "",
            "migrations/versions/__init__.py": "",
            "migrations/versions/widgets_001_create_widgets.py": WIDGETS_MIGRATION,
        },
    )
    return module_folder


@pytest.fixture
def migrated_app(make_app, fresh_database_url, widgets_module):
    """Every project module plus ``widgets``, on an empty database, after ``flask db upgrade``."""
    app = make_app(
        create_tables=False,
        DATABASE_URL=fresh_database_url,
        WIZAMART_MODULE_PATHS=[str(widgets_module.root)],
    )
    flask_db(app, "upgrade")
    return app


# ----------------------------------------------------------------- upgrade / downgrade


def test_upgrade_reaches_every_branch_head(migrated_app):
    heads = script_heads(migrated_app)
    assert {"wizamart_001", "widgets_001"} <= heads
    assert heads <= reached_revisions(migrated_app)  # every branch head, no `heads` needed
    assert FRAMEWORK_TABLES | {"widgets"} <= table_names(migrated_app)


def test_upgrade_again_is_a_no_op(migrated_app):
    before = applied_revisions(migrated_app)
    flask_db(migrated_app, "upgrade")
    assert applied_revisions(migrated_app) == before


def test_downgrade_base_removes_every_table(migrated_app):
    flask_db(migrated_app, "downgrade", "base")
    assert table_names(migrated_app) <= {"alembic_version"}
    assert applied_revisions(migrated_app) == set()


def test_downgrade_one_module_leaves_the_others(migrated_app):
    flask_db(migrated_app, "downgrade", "--module", "widgets")
    tables = table_names(migrated_app)
    assert "widgets" not in tables
    assert tables >= FRAMEWORK_TABLES
    assert "widgets_001" not in applied_revisions(migrated_app)
    assert "wizamart_001" in applied_revisions(migrated_app)


def test_downgrade_framework_branch_by_module(make_app, fresh_database_url):
    app = make_app(create_tables=False, DATABASE_URL=fresh_database_url)
    flask_db(app, "upgrade")
    flask_db(app, "downgrade", "--module", "wizamart")
    assert not FRAMEWORK_TABLES & table_names(app)
    assert "wizamart_001" not in applied_revisions(app)


def test_bare_downgrade_with_several_branches_is_a_usage_error(migrated_app):
    result = migrated_app.test_cli_runner().invoke(args=["db", "downgrade"])
    assert result.exit_code == 2, result.output
    assert "--module" in result.output
    applied = sorted(applied_revisions(migrated_app))
    assert f"several branches are applied ({', '.join(applied)})" in result.output
    assert "Traceback" not in result.output
    assert isinstance(result.exception, SystemExit)
    assert "widgets" in table_names(migrated_app)  # nothing was reverted


def test_bare_downgrade_steps_back_when_one_branch_is_applied(make_app, fresh_database_url, widgets_module):
    """Other modules' branches exist as scripts, but only the one applied counts."""
    app = make_app(
        create_tables=False, DATABASE_URL=fresh_database_url, WIZAMART_MODULE_PATHS=[str(widgets_module.root)]
    )
    flask_db(app, "upgrade", "widgets@head")
    assert applied_revisions(app) == {"widgets_001"}
    assert len(script_heads(app)) > 1
    flask_db(app, "downgrade")
    assert applied_revisions(app) == set()
    assert "widgets" not in table_names(app)


def test_bare_downgrade_of_an_empty_database_says_there_is_nothing_to_revert(make_app, fresh_database_url):
    app = make_app(create_tables=False, DATABASE_URL=fresh_database_url)
    result = app.test_cli_runner().invoke(args=["db", "downgrade"])
    assert result.exit_code == 1, result.output
    assert "no revision is applied: nothing to downgrade" in result.output


def test_flask_migrate_commands_still_work(migrated_app, capfd):
    """``heads`` and ``current`` come from Flask-Migrate's group, which this one replaces."""
    flask_db(migrated_app, "heads")
    flask_db(migrated_app, "current")
    printed = capfd.readouterr().out  # Alembic prints to the real stdout, not click's
    assert "widgets_001 (widgets) (head)" in printed
    assert "wizamart_001 (wizamart) (head)" in printed
    assert printed.count("(head)") >= 4  # each head listed by both commands


# ----------------------------------------------------------------- models agree with migrations


def test_models_and_migrations_agree(make_app, fresh_database_url):
    """Every project module's models match what its migrations build (whichever database)."""
    app = make_app(create_tables=False, DATABASE_URL=fresh_database_url)
    flask_db(app, "upgrade")
    assert schema_differences(app) == []


# ----------------------------------------------------------------- flask db migrate --module


def test_migrate_module_writes_numbered_revisions_into_its_own_folder(
    make_app, fresh_database_url, module_folder
):
    package = module_folder.definition("widgets")
    module_folder.write("widgets", {"models/__init__.py": WIDGETS_MODEL})
    config = {
        "create_tables": False,
        "DATABASE_URL": fresh_database_url,
        "WIZAMART_MODULE_PATHS": [str(module_folder.root)],
        "WIZAMART_MODULES": ["core", "widgets"],
    }
    app = make_app(**config)
    flask_db(app, "upgrade")
    # Changes outside the module that a whole-database autogenerate would pick up.
    with app.app_context(), db.engine.begin() as conn:
        conn.execute(sa.text("CREATE TABLE legacy_notes (id INTEGER PRIMARY KEY)"))
        conn.execute(sa.text("DROP INDEX ix_module_changes_platform_id"))

    flask_db(app, "migrate", "--module", "widgets", "-m", "add widgets")

    versions = package / "migrations" / "versions"
    first = versions / "widgets_001_add_widgets.py"
    assert sorted(p.name for p in versions.glob("widgets_*.py")) == [first.name]
    revision = load_revision(first)
    assert (revision["revision"], revision["down_revision"]) == ("widgets_001", None)
    assert revision["branch_labels"] == ("widgets",)
    source = first.read_text(encoding="utf-8")
    assert re.search(r"create_table\(\s*['\"]widgets['\"]", source)
    assert tables_touched(source) == {"widgets"}

    flask_db(app, "upgrade")
    assert "widgets" in table_names(app)

    # A column added to the model: the next number, on top of the first.
    module_folder.write("widgets", {"models/__init__.py": WIDGETS_MODEL_WITH_PRICE})
    module_folder.unload()
    app = make_app(**config)
    flask_db(app, "migrate", "--module", "widgets", "-m", "add price")

    second = versions / "widgets_002_add_price.py"
    assert second.is_file(), sorted(p.name for p in versions.iterdir())
    revision = load_revision(second)
    assert (revision["revision"], revision["down_revision"]) == ("widgets_002", "widgets_001")
    assert revision["branch_labels"] is None
    source = second.read_text(encoding="utf-8")
    assert "price_cents" in source
    assert tables_touched(source) == {"widgets"}

    # Both revisions apply, in order, from nothing.
    flask_db(app, "downgrade", "--module", "widgets", "base")
    assert "widgets" not in table_names(app)
    flask_db(app, "upgrade")
    assert "widgets_002" in applied_revisions(app)
    assert script_heads(app) <= reached_revisions(app)  # every branch (core, tenancy…) at its head
    with app.app_context():
        columns = {c["name"] for c in sa.inspect(db.engine).get_columns("widgets")}
    assert columns == {"id", "name", "price_cents"}
    assert schema_differences(app, only_tables={"widgets"}) == []


def test_migrate_module_with_no_changes_writes_nothing(make_app, fresh_database_url, widgets_module):
    app = make_app(
        create_tables=False,
        DATABASE_URL=fresh_database_url,
        WIZAMART_MODULE_PATHS=[str(widgets_module.root)],
        WIZAMART_MODULES=["core", "widgets"],
    )
    flask_db(app, "upgrade")
    flask_db(app, "migrate", "--module", "widgets", "-m", "nothing")
    versions = widgets_module.root / "widgets" / "migrations" / "versions"
    assert sorted(p.name for p in versions.glob("widgets_*.py")) == ["widgets_001_create_widgets.py"]


def test_removing_a_migrated_module_never_blocks_an_upgrade_and_its_data_waits(
    make_app, fresh_database_url, widgets_module
):
    import shutil

    config = {"create_tables": False, "DATABASE_URL": fresh_database_url}
    app = make_app(WIZAMART_MODULE_PATHS=[str(widgets_module.root)], **config)
    flask_db(app, "upgrade")
    with app.app_context(), db.engine.begin() as conn:
        conn.execute(sa.text("INSERT INTO widgets (id, name) VALUES (1, 'kept')"))

    saved = widgets_module.root.parent / "widgets-saved"
    shutil.copytree(widgets_module.root / "widgets", saved)
    widgets_module.unload()
    shutil.rmtree(widgets_module.root / "widgets")
    without = make_app(WIZAMART_MODULE_PATHS=[str(widgets_module.root)], **config)
    result = flask_db(without, "upgrade")
    assert "revision widgets_001 belongs to no installed module: set aside" in result.output
    assert "widgets_001" not in applied_revisions(without)
    assert "widgets" in table_names(without), "the module's data stays"
    flask_db(without, "upgrade")  # and again: nothing left to complain about

    shutil.copytree(saved, widgets_module.root / "widgets")
    back = make_app(WIZAMART_MODULE_PATHS=[str(widgets_module.root)], **config)
    assert "revision widgets_001 is installed again: put back" in flask_db(back, "upgrade").output
    assert "widgets_001" in applied_revisions(back)
    with back.app_context(), db.engine.connect() as conn:
        assert conn.execute(sa.text("SELECT name FROM widgets")).scalar() == "kept"
    flask_db(back, "downgrade", "--module", "widgets")
    assert "widgets" not in table_names(back)


SHELF_MODEL = """
from wizamart import db


class Shelf(db.Model):
    __tablename__ = "shelves"

    id = db.Column(db.Integer, primary_key=True)
    vendor_id = db.Column(db.Integer, db.ForeignKey("vendors.id"), nullable=False, index=True)
"""


def test_a_first_migration_depends_on_the_branches_its_foreign_keys_point_into(
    make_app, fresh_database_url, module_folder
):
    package = module_folder.definition("shelves")
    module_folder.write("shelves", {"models/__init__.py": SHELF_MODEL})
    config = {
        "create_tables": False,
        "DATABASE_URL": fresh_database_url,
        "WIZAMART_MODULE_PATHS": [str(module_folder.root)],
        "WIZAMART_MODULES": ["shelves"],
    }
    app = make_app(**config)
    flask_db(app, "upgrade")
    flask_db(app, "migrate", "--module", "shelves", "-m", "create shelves")
    revision = load_revision(package / "migrations" / "versions" / "shelves_001_create_shelves.py")
    assert revision["depends_on"] in ("tenancy", ("tenancy",))

    # From an empty schema Alembic now creates vendors before the shelves pointing at it
    # (PostgreSQL refuses the foreign key otherwise).
    flask_db(app, "downgrade", "base")
    assert "vendors" not in table_names(app)
    flask_db(app, "upgrade")
    assert {"vendors", "shelves"} <= table_names(app)


def test_every_table_of_a_module_is_owned_by_that_module(app):
    """A plain ``Table`` (an association table) names its module in ``info``; one that does not
    would be left out of its module's ``flask db migrate --module``."""
    from wizamart.migrations import FRAMEWORK_BRANCH, table_owners

    with app.app_context():
        framework_tables = {name for name, owner in table_owners().items() if owner == FRAMEWORK_BRANCH}
    assert framework_tables == FRAMEWORK_TABLES


WITH_REQUIREMENTS = {
    "payments": ["payments"],
    "orders": ["payments", "orders"],
    "cart": ["catalog", "cart"],
    "checkout": ["catalog", "cart", "payments", "orders", "checkout"],
}


@pytest.mark.parametrize("code", list(WITH_REQUIREMENTS))
def test_a_module_migrates_with_only_the_modules_it_requires(make_app, fresh_database_url, code):
    """An app with ``code`` and nothing optional it does not require (orders without catalog,
    checkout without inventory) upgrades an empty database: no migration depends on a branch
    its module may run without, and Alembic orders the branches it does depend on."""
    app = make_app(
        create_tables=False, DATABASE_URL=fresh_database_url, WIZAMART_MODULES=WITH_REQUIREMENTS[code]
    )
    flask_db(app, "upgrade")
    loaded = set(app.extensions["wizamart"].registry.modules)
    assert script_heads(app) <= reached_revisions(app)
    tables = table_names(app)
    assert any(name.startswith(f"{code}_") for name in tables)
    assert ("catalog_products" in tables) == ("catalog" in loaded)
    assert "inventory" not in loaded
