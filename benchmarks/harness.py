"""What the benchmarks share: a throw-away PostgreSQL database, the app's CLI and gunicorn
in processes of their own, and a load generator (wrk when installed, else pure Python)
that reports requests per second and p50/p99 latency."""

from __future__ import annotations

import http.client
import ipaddress
import json
import multiprocessing
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa
import synthetic

PROJECT_ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
DEFAULT_SERVER_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
WRK_INSTALL_HINT = "install it with: apt-get update && apt-get install -y wrk   (Debian/Ubuntu)"


@dataclass
class LoadResult:
    requests: int
    seconds: float
    errors: int  # non-2xx answers and socket errors
    p50_ms: float | None
    p99_ms: float | None
    server_cpu: float = 0.0  # CPU seconds the server's workers spent meanwhile

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    @property
    def cpu_us_per_request(self) -> float | None:
        return self.server_cpu / self.requests * 1e6 if self.requests and self.server_cpu else None


# ----------------------------------------------------------------- database


def loopback_only(url: sa.engine.URL) -> None:
    """Refuse any PostgreSQL server that is not on this machine."""
    host = url.host or "localhost"  # no host: the local Unix socket
    try:
        local = ipaddress.ip_address(host).is_loopback
    except ValueError:
        local = host == "localhost"
    if not local:
        raise SystemExit(f"refusing to benchmark against {host!r}: only a loopback PostgreSQL server is used")


class ThrowAwayDatabase:
    """A PostgreSQL database created for this run and dropped at the end."""

    def __init__(self, server_url: str):
        self.server = sa.engine.make_url(server_url)
        if self.server.drivername in ("postgresql", "postgres"):
            self.server = self.server.set(drivername="postgresql+psycopg")  # psycopg 3, as the app uses
        loopback_only(self.server)
        self.name = f"wizamart_bench_{os.getpid()}_{uuid.uuid4().hex[:8]}"
        self.admin = sa.create_engine(self.server, isolation_level="AUTOCOMMIT", poolclass=sa.pool.NullPool)
        self.created = False

    @property
    def url(self) -> str:
        return self.server.set(database=self.name).render_as_string(hide_password=False)

    def create(self) -> None:
        with self.admin.connect() as conn:
            conn.execute(sa.text(f'CREATE DATABASE "{self.name}"'))
        self.created = True

    def drop(self) -> None:
        if self.created:
            with self.admin.connect() as conn:
                conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)'))
            self.created = False
        self.admin.dispose()


# ----------------------------------------------------------------- app processes


def app_env(database_url: str, module_path: Path | None, check: bool | None = None) -> dict[str, str]:
    """Environment of flask and gunicorn: settings are read by pydantic-settings."""
    env = dict(os.environ)
    for name in ("CELERY_BROKER_URL", "CELERY_RESULT_BACKEND", "WIZAMART_MODULES"):
        env.pop(name, None)
    env.update(
        DATABASE_URL=database_url,
        WIZAMART_MODULE_PATHS=str(module_path) if module_path else "",
        WIZAMART_STRICT_MODULES="1",
    )
    if check is not None:
        env["MODULE_ENABLEMENT_CHECK"] = "true" if check else "false"
    return env


def venv_tool(name: str) -> str:
    """A console script of the running interpreter's environment (flask, gunicorn)."""
    candidate = Path(sys.executable).parent / name
    return str(candidate) if candidate.exists() else (shutil.which(name) or name)


def flask_cli(env: dict[str, str], *args: str) -> str:
    cmd = [venv_tool("flask"), "--app", "wsgi", *args]
    return synthetic.run_checked(cmd, env, PROJECT_ROOT, 120, f"flask {' '.join(args)}")


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


class Gunicorn:
    """One gunicorn master we started, in a process group of its own."""

    def __init__(self, env: dict[str, str], workers: int, threads: int, log: Path):
        self.port = free_port()
        self.log = log
        self.process = subprocess.Popen(
            [
                venv_tool("gunicorn"),
                "wsgi:app",
                "--bind",
                f"{HOST}:{self.port}",
                "--workers",
                str(workers),
                "--worker-class",
                "gthread",  # the sync worker closes every connection; gthread keeps them alive
                "--threads",
                str(threads),
                # One listening socket per worker: the kernel spreads connections over the
                # workers, where one shared socket lets one worker accept most of them.
                "--reuse-port",
                "--log-level",
                "warning",
                "--error-logfile",
                str(log),
            ],
            cwd=PROJECT_ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )

    def wait_ready(self, timeout: float = 60.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"gunicorn exited ({self.process.returncode}):\n{self.log_tail()}")
            try:
                if get(self.port, "/health")[0] == 200:
                    return
            except OSError:
                pass
            time.sleep(0.2)
        raise SystemExit(f"gunicorn did not answer /health within {timeout:.0f} s:\n{self.log_tail()}")

    def workers_cpu_seconds(self) -> float:
        """User + system CPU time of this master's worker processes so far (from /proc)."""
        total = 0
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except (OSError, IndexError):
                continue  # the process ended meanwhile
            if int(fields[1]) == self.process.pid:  # fields[1] is the parent pid
                total += int(fields[11]) + int(fields[12])  # utime, stime in clock ticks
        return total / CLOCK_TICKS

    def log_tail(self) -> str:
        return self.log.read_text()[-3000:] if self.log.exists() else ""

    def stop(self) -> None:
        """TERM the master (it stops its workers); KILL our process group if it lingers."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=5)


def get(port: int, path: str, headers: dict[str, str] | None = None) -> tuple[int, bytes]:
    return call(port, "GET", path, headers)


def call(
    port: int, method: str, path: str, headers: dict[str, str] | None = None, body: dict | None = None
) -> tuple[int, bytes]:
    """One request on a connection of its own; ``body`` is sent as JSON."""
    headers = dict(headers or {})
    payload = None
    if body is not None:
        payload = json.dumps(body).encode()
        headers["Content-Type"] = "application/json"
    conn = http.client.HTTPConnection(HOST, port, timeout=10)
    try:
        conn.request(method, path, body=payload, headers=headers)
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


# ----------------------------------------------------------------- load: wrk


def run_wrk(
    port: int, path: str, headers: dict[str, str], seconds: int, connections: int, threads: int
) -> LoadResult:
    cmd = [
        "wrk",
        f"-t{threads}",
        f"-c{connections}",
        f"-d{seconds}s",
        "--latency",
        "--timeout",
        "5s",
        *[arg for name, value in headers.items() for arg in ("-H", f"{name}: {value}")],
        f"http://{HOST}:{port}{path}",
    ]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=seconds + 60, check=False)
    if done.returncode != 0:
        raise SystemExit(f"wrk failed ({done.returncode}): {done.stderr}")
    return parse_wrk(done.stdout)


def parse_wrk(output: str) -> LoadResult:
    """Requests, errors and latency percentiles from wrk's ``--latency`` report."""
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    requests = int(re.search(r"(\d+) requests in", output).group(1))
    non_2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    socket_errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    errors = int(non_2xx.group(1)) if non_2xx else 0
    errors += sum(int(n) for n in socket_errors.groups()) if socket_errors else 0
    seconds = requests / rps if rps else 0.0
    return LoadResult(requests, seconds, errors, _wrk_percentile(output, "50"), _wrk_percentile(output, "99"))


def _wrk_percentile(output: str, percent: str) -> float | None:
    found = re.search(rf"^\s+{percent}%\s+([\d.]+)(us|ms|s)\s*$", output, re.MULTILINE)
    if not found:
        return None
    scale = {"us": 0.001, "ms": 1.0, "s": 1000.0}[found.group(2)]
    return float(found.group(1)) * scale


# ----------------------------------------------------------------- load: pure Python


def _python_connection(port: int, path: str, headers: dict[str, str], seconds: float, out) -> None:
    """One keep-alive connection, requests back to back until the deadline."""
    latencies, errors = [], 0
    conn = http.client.HTTPConnection(HOST, port, timeout=5)
    deadline = time.perf_counter() + seconds
    while (start := time.perf_counter()) < deadline:
        try:
            conn.request("GET", path, headers=headers)
            response = conn.getresponse()
            response.read()
            if response.status >= 300:
                errors += 1
        except (OSError, http.client.HTTPException):
            errors += 1
            conn.close()
            conn = http.client.HTTPConnection(HOST, port, timeout=5)
            continue
        latencies.append(time.perf_counter() - start)
    conn.close()
    out.send((latencies, errors))
    out.close()


def run_python_client(
    port: int, path: str, headers: dict[str, str], seconds: int, connections: int
) -> LoadResult:
    """One process per connection (the GIL would make threads measure the client)."""
    context = multiprocessing.get_context("fork")
    pipes, processes = [], []
    for _ in range(connections):
        receive, send = context.Pipe(duplex=False)
        process = context.Process(target=_python_connection, args=(port, path, headers, seconds, send))
        process.start()
        pipes.append(receive)
        processes.append(process)
    latencies, errors = [], 0
    for receive, process in zip(pipes, processes, strict=True):
        if receive.poll(seconds + 30):
            found, failed = receive.recv()
            latencies += found
            errors += failed
        process.join(timeout=10)
        if process.is_alive():
            process.kill()
    latencies.sort()

    def percentile(p: float) -> float | None:
        return latencies[min(len(latencies) - 1, int(p * len(latencies)))] * 1000 if latencies else None

    return LoadResult(len(latencies), float(seconds), errors, percentile(0.50), percentile(0.99))


# ----------------------------------------------------------------- callers


DEMO_LOGIN = re.compile(r"^\s*(\w+):\s+(\S+@\S+) / (\S+)\s+->", re.MULTILINE)


def demo_logins(output: str) -> dict[str, tuple[str, str]]:
    """The first login of each role that ``flask demo`` prints: role -> (email, password)."""
    found: dict[str, tuple[str, str]] = {}
    for role, email, password in DEMO_LOGIN.findall(output):
        found.setdefault(role, (email, password))
    return found


def bearer_token(port: int, email: str, password: str) -> str:
    """Trade a password for a bearer token at the public token endpoint."""
    status, body = call(
        port,
        "POST",
        "/api/v1/auth/token",
        body={"email": email, "password": password, "name": "benchmark", "days": 1},
    )
    if status != 201:
        raise SystemExit(f"POST /api/v1/auth/token for {email} answered {status}: {body[:300]!r}")
    return json.loads(body)["token"]
