"""Pytest fixtures for Wizamart and its modules (a pytest plugin, entry point ``wizamart``).

A module shipped in its own distribution tests the same way the core does::

    def test_my_page(make_app):
        app = make_app(WIZAMART_MODULES=["core", "loyalty"])
        assert app.test_client().get("/admin/loyalty/").status_code == 200

Databases: SQLite in the test's temporary folder by default. When ``DATABASE_URL``
points at PostgreSQL, the session creates a database of its own (and drops it after),
so two runs never see each other's data. When ``CELERY_BROKER_URL`` points at Redis,
the session claims a Redis database number of its own for broker and results.
"""

from __future__ import annotations

import ctypes
import os
import signal
import socket
import subprocess
import sys
import textwrap
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask.testing import FlaskClient

from wizamart.app import create_app
from wizamart.database import db
from wizamart.settings import PROJECT_ROOT, Settings


def _is_postgres(url: str | None) -> bool:
    return bool(url) and url.startswith(("postgresql", "postgres://"))


# ----------------------------------------------------------------- databases


@pytest.fixture(scope="session")
def postgres_server_url() -> str | None:
    """The PostgreSQL server URL from ``DATABASE_URL``, or ``None`` on SQLite runs."""
    url = os.environ.get("DATABASE_URL")
    return Settings(DATABASE_URL=url).DATABASE_URL if _is_postgres(url) else None


class PostgresDatabases:
    """Creates throw-away databases on the server and drops them at the end."""

    def __init__(self, server_url: str):
        self.server = sa.engine.make_url(server_url)
        self.admin = sa.create_engine(self.server, isolation_level="AUTOCOMMIT", poolclass=sa.pool.NullPool)
        self.created: list[str] = []

    def create(self) -> str:
        name = f"wizamart_test_{os.getpid()}_{uuid.uuid4().hex[:8]}"
        with self.admin.connect() as conn:
            conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
        self.created.append(name)
        return self.server.set(database=name).render_as_string(hide_password=False)

    def drop_all(self) -> None:
        with self.admin.connect() as conn:
            for name in self.created:
                conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        self.admin.dispose()


@pytest.fixture(scope="session")
def postgres_databases(postgres_server_url) -> Iterator[PostgresDatabases | None]:
    if postgres_server_url is None:
        yield None
        return
    databases = PostgresDatabases(postgres_server_url)
    yield databases
    databases.drop_all()


@pytest.fixture(scope="session")
def session_database_url(postgres_databases) -> str | None:
    """One PostgreSQL database for the whole session (tables made per test)."""
    return postgres_databases.create() if postgres_databases else None


@pytest.fixture
def fresh_database_url(postgres_databases, tmp_path) -> str:
    """An empty database of its own for this test (migration tests)."""
    if postgres_databases:
        return postgres_databases.create()
    return f"sqlite:///{tmp_path / 'fresh.db'}"


@pytest.fixture
def database_url(session_database_url, tmp_path) -> str:
    return session_database_url or f"sqlite:///{tmp_path / 'wizamart.db'}"


# ----------------------------------------------------------------- redis / celery


@pytest.fixture(scope="session")
def celery_broker_url() -> Iterator[str | None]:
    """A Redis URL on a database number claimed for this run, or ``None`` (eager tasks)."""
    url = os.environ.get("CELERY_BROKER_URL")
    if not url or not url.startswith("redis"):
        yield url or None
        return
    import redis

    base = url.rsplit("/", 1)[0] if url.count("/") > 2 else url.rstrip("/")
    control = redis.Redis.from_url(f"{base}/0")
    token = f"{os.getpid()}-{uuid.uuid4().hex}"
    for number in range(1, 16):
        if control.set(f"wizamart:test-db:{number}", token, nx=True, ex=3 * 3600):
            break
    else:
        pytest.fail("no free Redis database number (1-15) for this test run")
    claimed = f"{base}/{number}"
    redis.Redis.from_url(claimed).flushdb()
    yield claimed
    redis.Redis.from_url(claimed).flushdb()
    if control.get(f"wizamart:test-db:{number}") == token.encode():
        control.delete(f"wizamart:test-db:{number}")


# ----------------------------------------------------------------- apps


@pytest.fixture
def base_config(database_url, celery_broker_url) -> dict:
    """The config every test app starts from."""
    return {
        "TESTING": True,
        "SECRET_KEY": "test-secret",
        "DATABASE_URL": database_url,
        "CELERY_BROKER_URL": celery_broker_url,
        "CELERY_RESULT_BACKEND": celery_broker_url,  # not a CELERY_RESULT_BACKEND of the environment
        "WIZAMART_STRICT_MODULES": True,
        "MODULE_STATE_REFRESH_SECONDS": 0.0,
        "WTF_CSRF_ENABLED": True,
    }


def csrf_token(client) -> str:
    """A valid CSRF token for ``client``'s session, as a form would carry it."""
    import hashlib

    from itsdangerous import URLSafeTimedSerializer

    with client.session_transaction() as session:
        raw = session.get("csrf_token")
        if raw is None:
            raw = session["csrf_token"] = hashlib.sha1(os.urandom(64)).hexdigest()
    return URLSafeTimedSerializer(client.application.secret_key, salt="wtf-csrf-token").dumps(raw)


class CsrfTestClient(FlaskClient):
    """A test client that sends the CSRF token with unsafe requests, as a browser's form
    would; pass ``csrf=False`` to send none (to test the protection itself)."""

    def open(self, *args, csrf: bool = True, **kwargs):
        method = (kwargs.get("method") or "GET").upper()
        if csrf and method not in ("GET", "HEAD", "OPTIONS"):
            data = kwargs.get("data")
            if isinstance(data, dict) and "csrf_token" not in data:
                kwargs["data"] = {**data, "csrf_token": csrf_token(self)}
            elif data is None and "json" not in kwargs:
                kwargs["data"] = {"csrf_token": csrf_token(self)}
            else:
                headers = dict(kwargs.get("headers") or {})
                headers.setdefault("X-CSRFToken", csrf_token(self))
                kwargs["headers"] = headers
        return super().open(*args, **kwargs)


@pytest.fixture
def make_app(base_config):
    """Build apps with ``make_app(**config)``; tables are created and dropped around the test."""
    apps = []

    def build(create_tables: bool = True, **overrides):
        app = create_app({**base_config, **overrides})
        app.test_client_class = CsrfTestClient
        if create_tables:
            with app.app_context():
                db.create_all()
        apps.append((app, create_tables))
        return app

    yield build
    for app, created in apps:
        with app.app_context():
            db.session.remove()
            if created:
                db.drop_all()
            db.engine.dispose()


@pytest.fixture
def app(make_app):
    """The app with every module of the project."""
    return make_app()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


# ----------------------------------------------------------------- modules on disk


class ModuleFolder:
    """Writes module folders into a temporary ``modules``-like directory."""

    def __init__(self, root: Path):
        self.root = root
        self.root.mkdir(parents=True, exist_ok=True)

    def write(self, package: str, files: dict[str, str]) -> Path:
        """Create ``<root>/<package>/`` with ``files`` (path -> source, dedented)."""
        folder = self.root / package
        for relative, source in {"__init__.py": "", **files}.items():
            path = folder / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(textwrap.dedent(source).lstrip(), encoding="utf-8")
        return folder

    def definition(self, code: str, **fields) -> Path:
        """A minimal module: a ``definition.py`` with ``fields`` as keyword arguments."""
        args = ", ".join(f"{k}={v!r}" for k, v in {"code": code, "name": code.title(), **fields}.items())
        source = f"from wizamart import ModuleDefinition\nmodule = ModuleDefinition({args})\n"
        return self.write(code.replace("-", "_"), {"definition.py": source})

    def unload(self) -> None:
        """Forget every module imported from an extra folder, so the next app imports it afresh."""
        unload_path_modules({name for name in sys.modules if name.startswith(PATH_PACKAGE_PREFIX)})


PATH_PACKAGE_PREFIX = "_wizamart_modules_"  # the import names discovery gives extra folders


def unload_path_modules(names: set[str]) -> None:
    """Remove ``names`` from ``sys.modules`` and their models from the shared metadata.

    ``db.metadata`` and the declarative registry live as long as the process, so a
    throw-away module's table would otherwise outlive its test: later apps would create
    it, compare it against migrations, and a second module declaring the same table
    name would fail with "Table ... is already defined".
    """
    registry = db.Model.registry
    for manager in list(registry._managers):  # SQLAlchemy has no public per-class dispose
        if manager.class_.__module__ in names:
            for table in manager.mapper.tables:
                if db.metadata.tables.get(table.key) is table:
                    db.metadata.remove(table)
            del registry._managers[manager]
            registry._dispose_manager_and_mapper(manager)
    for name in names:
        sys.modules.pop(name, None)


@pytest.fixture
def module_folder(tmp_path) -> Iterator[ModuleFolder]:
    """Write throw-away modules; pass ``WIZAMART_MODULE_PATHS=[str(module_folder.root)]``."""
    folder = ModuleFolder(tmp_path / "extra_modules")
    before = set(sys.modules)
    yield folder
    unload_path_modules({name for name in set(sys.modules) - before if name.startswith(PATH_PACKAGE_PREFIX)})


# ----------------------------------------------------------------- a real celery worker


class CeleryWorker:
    """One ``celery -A wsgi.celery worker`` subprocess, configured through its environment.

    The worker builds its app from the environment (``wsgi.py``), so ``env`` carries the
    test app's database, broker and module selection.
    """

    READY_TIMEOUT = 60.0  # seconds a worker may take to answer its first ping
    STOP_TIMEOUT = 20.0
    OPTIONS = (
        *("--pool=solo", "--concurrency=1"),
        *("--without-heartbeat", "--without-gossip", "--without-mingle"),  # quiet, fast start
    )

    def __init__(self, env: dict[str, str], log_path: Path, app_target: str = "wsgi.celery"):
        self.env = env
        self.log_path = log_path
        self.node_name = f"wizamart-test-{uuid.uuid4().hex[:8]}@{socket.gethostname()}"
        command = [
            str(Path(sys.executable).with_name("celery")),
            *("-A", app_target, "worker", "--loglevel=INFO", "-n", self.node_name, *self.OPTIONS),
        ]
        self._log = log_path.open("wb")
        self.process = subprocess.Popen(
            command,
            cwd=str(PROJECT_ROOT),
            env=env,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            preexec_fn=_die_with_parent,
        )

    def wait_until_ready(self, celery_app) -> None:
        """Ping the worker until it answers; fail with its log if it dies or stays silent."""
        deadline = time.monotonic() + self.READY_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                pytest.fail(f"the celery worker exited with {self.process.returncode}:\n{self.log()}")
            if celery_app.control.ping(destination=[self.node_name], timeout=0.5):
                return
        log = self.log()
        self.stop()
        pytest.fail(f"the celery worker did not answer a ping in {self.READY_TIMEOUT:.0f}s:\n{log}")

    def log(self) -> str:
        """The end of the worker's output (it logs to a file in the session's temporary folder)."""
        return self.log_path.read_text(encoding="utf-8", errors="replace")[-6000:]

    def stop(self) -> None:
        """Warm shutdown (SIGTERM); SIGKILL if it does not exit in time."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=self.STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self._log.close()


def _die_with_parent() -> None:
    """In the worker's child process: get SIGTERM if pytest dies without cleaning up (Linux)."""
    try:
        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except OSError:
        pass


def worker_environment(app) -> dict[str, str]:
    """The environment that makes ``wsgi.py`` build the same app as ``app`` (framework settings)."""
    env = dict(os.environ)
    for name in Settings.model_fields:
        value = app.config.get(name)
        if value is None:
            env.pop(name, None)
        elif isinstance(value, bool):
            env[name] = "1" if value else "0"
        elif isinstance(value, list | tuple):
            env[name] = ",".join(str(v) for v in value)
        else:
            env[name] = str(value)
    return env


class CeleryWorkers:
    """Runs at most one real worker at a time for the session, and always stops it.

    ``serve(app)`` returns a worker running ``app``'s configuration, or ``None`` when the
    app has no broker (its tasks run eagerly in-process). A worker serves one app only:
    a new app means new tables, and the worker's per-process enablement cache must not
    outlive them; and only one worker may consume the queue, or a task could land on a
    worker that does not know its module.
    """

    def __init__(self, broker_url: str | None, log_dir: Path):
        self.broker_url = broker_url
        self.log_dir = log_dir
        self.current: CeleryWorker | None = None
        self._served = None

    def serve(self, app) -> CeleryWorker | None:
        if app.extensions["celery"].conf.task_always_eager:
            return None
        if self.current is not None and self._served is app and self.current.process.poll() is None:
            return self.current
        self.stop()
        log_path = self.log_dir / f"worker-{uuid.uuid4().hex[:8]}.log"
        self.current, self._served = CeleryWorker(worker_environment(app), log_path), app
        self.current.wait_until_ready(app.extensions["celery"])
        return self.current

    def stop(self) -> None:
        if self.current is not None:
            self.current.stop()
        self.current = self._served = None


@pytest.fixture(scope="session")
def celery_worker(celery_broker_url, tmp_path_factory) -> Iterator[CeleryWorkers]:
    """Real Celery workers for the session: ``worker = celery_worker.serve(app)``.

    With ``CELERY_BROKER_URL`` set, ``serve`` starts ``celery -A wsgi.celery worker`` on
    the app's database, broker and modules and waits until it answers a ping; without
    one it returns ``None`` and the app's tasks run eagerly. Workers are stopped when a
    different app is served and at the end of the session.
    """
    workers = CeleryWorkers(celery_broker_url, tmp_path_factory.mktemp("celery-workers"))
    try:
        yield workers
    finally:
        workers.stop()
