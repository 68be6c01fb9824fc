"""A module written from the author's guide alone works.

The guide (``docs/module-authors-guide.md``) marks each file of its example module with
``<!-- file: modules/<package>/<path> -->`` just before the fenced block holding it, and
its example test with ``<!-- test: … -->``. These tests copy exactly those blocks into a
fresh folder, load it through ``WIZAMART_MODULE_PATHS`` and follow the guide's own
steps: migrate, sign in as an admin, open the page, call the API (with the session and
with a bearer token), fetch the static file, run the task, read the settings, switch
the module off on a platform.
"""

from __future__ import annotations

import configparser
import importlib
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import sqlalchemy as sa

from modules.tenancy.testing import PASSWORD, TenancyFactory, sign_in
from wizamart import db, get_module_config, module_service
from wizamart.testing.plugin import unload_path_modules

ROOT = Path(__file__).resolve().parent.parent
GUIDE = ROOT / "docs" / "module-authors-guide.md"
CODE = "greetings"
PACKAGE = CODE.replace("-", "_")
MODULES = [CODE]  # the core modules, core and tenancy, load too
BLOCK = re.compile(
    r"^<!-- (?P<kind>file|test): (?P<path>\S+) -->\n```[\w-]*\n(?P<body>.*?)^```$", re.M | re.S
)
STATIC_FILE = "admin/css/greetings.css"
EAGER_TASKS = {"CELERY_BROKER_URL": None, "CELERY_RESULT_BACKEND": None}  # whatever the environment says
HELLO = {"en": "Hello, {name}!", "de": "Hallo, {name}!", "fr": "Bonjour, {name} !", "lb": "Moien, {name}!"}


# ---------------------------------------------------------------- the guide's blocks


def guide_blocks(kind: str) -> dict[str, str]:
    """``{path: source}`` of every block of ``kind`` ("file" or "test") in the guide."""
    blocks: dict[str, str] = {}
    for match in BLOCK.finditer(GUIDE.read_text(encoding="utf-8")):
        if match["kind"] == kind:
            assert match["path"] not in blocks, f"the guide shows {match['path']} twice"
            blocks[match["path"]] = match["body"]
    return blocks


def module_files() -> dict[str, str]:
    """The example module's files, by path inside the module folder."""
    prefix = f"modules/{PACKAGE}/"
    files = guide_blocks("file")
    outside = [path for path in files if not path.startswith(prefix)]
    assert not outside, f"guide files outside {prefix}: {outside}"
    return {path.removeprefix(prefix): source for path, source in files.items()}


def write_guide_module(module_folder) -> Path:
    """Write the guide's module, and nothing else, into the throw-away modules folder."""
    folder = module_folder.root / PACKAGE
    for relative, source in module_files().items():
        target = folder / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(source, encoding="utf-8")
    return folder


def test_the_guide_shows_every_part_of_the_module():
    files = module_files()
    expected = {
        "__init__.py",
        "definition.py",
        "config.py",
        "exceptions.py",
        "hooks.py",
        "models/__init__.py",
        "routes/pages/admin.py",
        "routes/api/admin.py",
        "tasks/__init__.py",
        f"templates/{CODE}/admin/index.html",
        f"static/{STATIC_FILE}",
        *(f"locales/{lang}.json" for lang in HELLO),
    }
    assert expected <= set(files), f"missing from the guide: {sorted(expected - set(files))}"
    assert "migrations/versions" not in "".join(files), (
        "the guide generates the migration, it does not ship it"
    )
    assert 'extends "admin/base.html"' in files[f"templates/{CODE}/admin/index.html"]
    assert f"url_for('{CODE}_static', path='{STATIC_FILE}')" in files[f"templates/{CODE}/admin/index.html"]
    assert "from wizamart import db" in files["models/__init__.py"]
    assert "@hookimpl" in files["hooks.py"]
    assert "@task" in files["tasks/__init__.py"]


def test_the_guide_module_uses_only_relative_imports_of_itself():
    for relative, source in module_files().items():
        if relative.endswith(".py"):
            assert not re.search(r"^\s*(from|import) modules\b", source, re.M), relative


# ---------------------------------------------------------------- the whole walk


@pytest.fixture
def guide_app(make_app, module_folder, fresh_database_url):
    """An app with the core modules and the guide's module on an empty database, tasks eager."""
    write_guide_module(module_folder)
    return make_app(
        create_tables=False,
        DATABASE_URL=fresh_database_url,
        **EAGER_TASKS,  # the walk checks the embedded default; see the worker test
        WIZAMART_MODULES=MODULES,
        WIZAMART_MODULE_PATHS=[str(module_folder.root)],
        GREETINGS_DEFAULT_NAME="Lëtzebuerg",
        GREETINGS_MAX_NAME_LENGTH="12",
    )


def invoke(app, *args: str):
    """Run a ``flask`` command the way the guide types it; fail with its output."""
    result = app.test_cli_runner().invoke(args=list(args))
    assert result.exit_code == 0, f"flask {' '.join(args)} failed:\n{result.output}\n{result.exception!r}"
    return result


def test_a_module_written_from_the_guide_works(guide_app, module_folder):
    """The guide's module, copied in from outside, works on the next start: every promise checked."""
    folder = module_folder.root / PACKAGE
    entry = guide_app.extensions["wizamart"].registry.entry(CODE)
    assert entry.loaded, entry.reason
    assert entry.hooks == ["health_check"]

    migrate_as_the_guide_says(guide_app, folder)
    platform_id, admin_email = platform_and_admin(guide_app)
    check_signing_in_is_required(guide_app.test_client())
    client = signed_in_admin(guide_app, admin_email)
    check_the_page_in_every_language(client)
    check_the_api(client)
    check_the_api_with_a_bearer_token(guide_app.test_client(), admin_email)
    check_the_static_file(client)
    check_the_task(guide_app, entry.package, platform_id)
    check_the_model_round_trips(guide_app, entry.package)
    check_the_settings(guide_app)
    check_the_health_check(client)
    check_disabling_on_a_platform(guide_app, client, platform_id)


def platform_and_admin(app) -> tuple[int, str]:
    """A platform served on localhost (the test client's host) and a super admin for it."""
    factory = TenancyFactory(app)
    platform = factory.platform("lux", domains=("localhost",))
    admin = factory.admin(email="ada@example.lu")
    return platform.id, admin.email


def signed_in_admin(app, email: str):
    """A test client signed in to the admin realm through the real sign-in form."""
    client = app.test_client()
    assert sign_in(client, "admin", email).status_code == 302
    return client


def check_signing_in_is_required(client) -> None:
    page = client.get("/admin/greetings/")
    assert page.status_code == 302
    assert page.headers["Location"].startswith("/admin/login?next=/admin/greetings/")
    api = client.get("/api/v1/admin/greetings/")
    assert api.status_code == 401
    assert api.json["error"]["code"] == "authentication_required"


def migrate_as_the_guide_says(app, folder: Path) -> None:
    invoke(app, "db", "upgrade")
    invoke(app, "db", "migrate", "--module", CODE, "-m", "create greetings")
    versions = folder / "migrations" / "versions"
    assert sorted(p.name for p in versions.glob("*.py")) == [
        "__init__.py",
        f"{PACKAGE}_001_create_greetings.py",
    ]
    assert (folder / "migrations" / "__init__.py").is_file()
    migration = (versions / f"{PACKAGE}_001_create_greetings.py").read_text(encoding="utf-8")
    assert f"branch_labels = ('{CODE}',)" in migration
    assert "greetings_greeting" in migration
    assert "platform_modules" not in migration, "the module's migration touches only its own tables"

    invoke(app, "db", "upgrade")
    validated = invoke(app, "modules", "validate", "--strict", "--json")
    assert [f for f in json.loads(validated.output)["findings"] if f["module"] == CODE] == []
    with app.app_context():
        assert "greetings_greeting" in sa.inspect(db.engine).get_table_names()
        applied = db.session.execute(sa.text("SELECT version_num FROM alembic_version")).scalars().all()
        assert f"{PACKAGE}_001" in applied
        db.session.remove()


def check_the_page_in_every_language(client) -> None:
    response = client.get("/admin/greetings/")
    assert response.status_code == 200
    assert "Hello, Lëtzebuerg!" in response.text
    assert "Nobody yet." in response.text
    assert 'href="/admin/greetings/"' in response.text, "the menu entry links to the page"
    assert f"/static/modules/{CODE}/{STATIC_FILE}" in response.text
    for lang, hello in HELLO.items():
        response = client.get("/admin/greetings/", headers={"Accept-Language": lang})
        assert response.status_code == 200
        assert hello.format(name="Lëtzebuerg") in response.text, lang
    client.set_cookie("lang", "de")
    assert "Hallo, Lëtzebuerg!" in client.get("/admin/greetings/", headers={"Accept-Language": "fr"}).text
    client.delete_cookie("lang")


def check_the_api(client) -> None:
    created = client.post("/api/v1/admin/greetings/", json={"name": "Anna"})
    assert created.status_code == 201
    assert created.json["name"] == "Anna"
    listed = client.get("/api/v1/admin/greetings/")
    assert listed.status_code == 200
    assert listed.is_json
    assert [g["name"] for g in listed.json["greetings"]] == ["Anna"]
    refused = client.post("/api/v1/admin/greetings/", json={"name": "x" * 13})  # max_name_length 12
    assert refused.status_code == 422
    assert refused.json["error"]["code"] == "greetings_invalid_name"
    queued = client.post("/api/v1/admin/greetings/later", json={"name": "Carla"})
    assert queued.status_code == 202
    assert queued.json["task_id"]
    assert [g["name"] for g in client.get("/api/v1/admin/greetings/").json["greetings"]] == ["Carla", "Anna"]
    assert "Carla" in client.get("/admin/greetings/").text


def check_the_api_with_a_bearer_token(client, email: str) -> None:
    """Section 9: an API client trades e-mail and password for a token, then sends it."""
    issued = client.post("/api/v1/auth/token", json={"email": email, "password": PASSWORD}, csrf=False)
    assert issued.status_code == 201, issued.json
    bearer = {"Authorization": f"Bearer {issued.json['token']}"}
    created = client.post("/api/v1/admin/greetings/", json={"name": "Bert"}, headers=bearer, csrf=False)
    assert created.status_code == 201, created.json  # no CSRF token: bearer requests need none
    listed = client.get("/api/v1/admin/greetings/", headers=bearer)
    assert [g["name"] for g in listed.json["greetings"]][0] == "Bert"


def check_the_static_file(client) -> None:
    response = client.get(f"/static/modules/{CODE}/{STATIC_FILE}")
    assert response.status_code == 200
    assert b".greetings-hello" in response.data
    response.close()


def check_the_task(app, package: str, platform_id: int) -> None:
    tasks = importlib.import_module(f"{package}.tasks")
    with app.app_context():
        greeting_id = tasks.greet_later.delay("Dora", platform_id=platform_id).get(timeout=10)
        assert isinstance(greeting_id, int)
        models = importlib.import_module(f"{package}.models")
        assert db.session.get(models.Greeting, greeting_id).name == "Dora"
        db.session.remove()


def check_the_model_round_trips(app, package: str) -> None:
    models = importlib.import_module(f"{package}.models")
    with app.app_context():
        db.session.add(models.Greeting(platform_id=2, name="Round trip"))
        db.session.commit()
        db.session.expunge_all()
        row = db.session.scalars(sa.select(models.Greeting).where(models.Greeting.platform_id == 2)).one()
        assert (row.name, row.to_dict()["name"]) == ("Round trip", "Round trip")
        assert row.created_at is not None
        db.session.remove()


def check_the_settings(app) -> None:
    with app.app_context():
        config = get_module_config(CODE)
        assert config.default_name == "Lëtzebuerg"
        assert config.max_name_length == 12  # given as the string "12": pydantic converts it


def check_the_health_check(client) -> None:
    report = client.get("/health").json
    assert report["modules"][CODE] == {
        "status": "ok",
        "detail": "greetings table reachable",
        "critical": False,
    }
    assert report["status"] == "ok"


def check_disabling_on_a_platform(app, client, platform_id: int) -> None:
    dry_run = invoke(app, "modules", "disable", CODE, "--platform", str(platform_id), "--dry-run")
    assert f"would disable on platform {platform_id}: {CODE}" in dry_run.output
    assert client.get("/admin/greetings/").status_code == 200, "a dry run changes nothing"

    with app.app_context():
        assert module_service.disable_module(platform_id, CODE) == [CODE]
    page = client.get("/admin/greetings/")
    assert page.status_code == 404
    api = client.get("/api/v1/admin/greetings/")
    assert api.status_code == 404
    assert api.json["error"]["code"] == "module_disabled"
    assert 'href="/admin/greetings/"' not in client.get("/admin/").text, "the menu entry is gone"
    assert CODE not in client.get("/health").json["modules"]
    static = client.get(f"/static/modules/{CODE}/{STATIC_FILE}")
    assert static.status_code == 200, "static files are not gated (the guide says so)"
    static.close()

    enabled = invoke(app, "modules", "enable", CODE, "--platform", str(platform_id))
    assert f"enabled on platform {platform_id}: {CODE}" in enabled.output
    assert client.get("/admin/greetings/").status_code == 200
    with app.app_context():
        names = [g.name for g in _greetings(app, platform_id)]
        assert names == ["Dora", "Bert", "Carla", "Anna"], "disabling deleted no data"


def _greetings(app, platform_id: int):
    models = importlib.import_module(f"{app.extensions['wizamart'].registry.entry(CODE).package}.models")
    query = (
        sa.select(models.Greeting)
        .where(models.Greeting.platform_id == platform_id)
        .order_by(models.Greeting.id.desc())
    )
    return list(db.session.scalars(query))


# ---------------------------------------------------------------- as a pip distribution

DISTRIBUTION_PACKAGE = f"wizamart_{PACKAGE}"


@pytest.fixture
def installed_distribution(tmp_path, monkeypatch):
    """The guide's module, unchanged, as the installed distribution ``wizamart-greetings``."""
    site = tmp_path / "site"
    for relative, source in module_files().items():
        target = site / DISTRIBUTION_PACKAGE / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(source, encoding="utf-8")
    dist_info = site / f"{DISTRIBUTION_PACKAGE}-1.0.0.dist-info"
    dist_info.mkdir()
    (dist_info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: wizamart-{CODE}\nVersion: 1.0.0\n")
    entry_point = f"[wizamart.modules]\n{CODE} = {DISTRIBUTION_PACKAGE}.definition\n"
    (dist_info / "entry_points.txt").write_text(entry_point)
    monkeypatch.syspath_prepend(str(site))
    yield site
    unload_path_modules({name for name in sys.modules if name.split(".")[0] == DISTRIBUTION_PACKAGE})


def test_the_guide_module_works_as_its_own_distribution(make_app, installed_distribution):
    """Relative imports let the same files work from an entry point (section 17 of the guide)."""
    app = make_app(WIZAMART_MODULES=MODULES, GREETINGS_DEFAULT_NAME="Anna", **EAGER_TASKS)
    entry = app.extensions["wizamart"].registry.entry(CODE)
    assert (entry.package, entry.source) == (DISTRIBUTION_PACKAGE, f"entry point wizamart-{CODE}")
    _, admin_email = platform_and_admin(app)
    client = signed_in_admin(app, admin_email)
    assert "Hallo, Anna!" in client.get("/admin/greetings/", headers={"Accept-Language": "de"}).text
    assert client.post("/api/v1/admin/greetings/", json={"name": "Emil"}).status_code == 201
    assert client.post("/api/v1/admin/greetings/later", json={"name": "Fern"}).status_code == 202
    names = [g["name"] for g in client.get("/api/v1/admin/greetings/").json["greetings"]]
    assert names == ["Fern", "Emil"]
    check_the_static_file(client)


# ---------------------------------------------------------------- as an author types it


def pytest_ini(target: Path) -> None:
    """The project's warning filters, so the guide's tests run as strictly as ours."""
    parser = configparser.ConfigParser()
    parser.read(ROOT / "setup.cfg")
    filters = "".join(
        f"\n    {line}" for line in parser["tool:pytest"]["filterwarnings"].splitlines() if line
    )
    target.write_text(
        f"[pytest]\naddopts = -p no:cacheprovider\nfilterwarnings ={filters}\n", encoding="utf-8"
    )


def author_env(module_folder, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("WIZAMART_", "GREETINGS_", "CELERY_"))}
    env.update(WIZAMART_MODULE_PATHS=str(module_folder.root), WIZAMART_MODULES=",".join(MODULES), **extra)
    return env


def run(command: list[str], cwd: Path, env: dict[str, str], timeout: int = 120) -> str:
    done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    assert done.returncode == 0, f"{' '.join(command)} failed:\n{done.stdout}\n{done.stderr}"
    return done.stdout


def test_the_guide_commands_and_example_tests_pass(module_folder, fresh_database_url, tmp_path):
    """The shell commands of the guide, then its example test file, in fresh processes."""
    folder = write_guide_module(module_folder)
    flask = str(Path(sys.executable).parent / "flask")
    env = author_env(module_folder, DATABASE_URL=fresh_database_url)
    run([flask, "db", "upgrade"], ROOT, env)
    run([flask, "db", "migrate", "--module", CODE, "-m", "create greetings"], ROOT, env)
    run([flask, "db", "upgrade"], ROOT, env)
    listed = run([flask, "modules", "list"], ROOT, env)
    assert re.search(rf"^{CODE}\s+optional\s+1\.0\.0\s+loaded", listed, re.M), listed
    assert (folder / "migrations" / "versions" / f"{PACKAGE}_001_create_greetings.py").is_file()

    (tests,) = guide_blocks("test").values()
    author_tests = tmp_path / "author_tests"
    author_tests.mkdir()
    (author_tests / f"test_{PACKAGE}.py").write_text(tests, encoding="utf-8")
    pytest_ini(author_tests / "pytest.ini")
    # The wizamart pytest plugin loads through its entry point, as it does for any author.
    output = run([sys.executable, "-m", "pytest", "-q"], author_tests, author_env(module_folder))
    assert re.search(r"\b8 passed\b", output), output


# ---------------------------------------------------------------- a real worker


@pytest.mark.worker
def test_the_guide_task_runs_through_a_real_worker(
    make_app, module_folder, fresh_database_url, celery_worker
):
    if not celery_worker.broker_url:
        pytest.skip(
            "needs CELERY_BROKER_URL (the second pass of .ci/run sets it); eager runs are tested above"
        )
    write_guide_module(module_folder)
    app = make_app(
        DATABASE_URL=fresh_database_url,
        WIZAMART_MODULES=MODULES,
        WIZAMART_MODULE_PATHS=[str(module_folder.root)],
    )
    worker = celery_worker.serve(app)  # `celery -A wsgi.celery worker`, as the guide runs it
    package = app.extensions["wizamart"].registry.entry(CODE).package
    tasks, models = (importlib.import_module(f"{package}.{name}") for name in ("tasks", "models"))
    with app.app_context():
        try:
            greeting_id = tasks.greet_later.delay("Worker", platform_id=1).get(timeout=60)
        except Exception as exc:
            pytest.fail(f"the worker did not run the task ({exc!r}); its log:\n{worker.log()}")
        assert db.session.get(models.Greeting, greeting_id).name == "Worker"
    assert re.search(r"greet_later\[[\w-]+\] succeeded", worker.log()), worker.log()
