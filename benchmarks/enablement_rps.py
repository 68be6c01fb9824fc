"""Requests per second of module API routes with the enablement check on vs. off.

    .venv/bin/python benchmarks/enablement_rps.py [--duration 10] [--slice 1] [--client auto]

What it does, all on 127.0.0.1:
1. writes the spec's 15 other modules as synthetic modules (``benchmarks/synthetic.py``)
   into a temporary folder, loaded through ``WIZAMART_MODULE_PATHS``;
2. creates a throw-away PostgreSQL database, runs ``flask db upgrade`` on it and
   enables ``catalog`` on platform 1 (so the platform has a stored module state);
3. starts ``gunicorn wsgi:app`` twice, 2 workers each (gthread, so connections stay
   alive), one with ``MODULE_ENABLEMENT_CHECK=true`` and one with ``=false``;
4. drives each route from a separate process with keep-alive connections: a warm-up
   on each server, then ``--duration`` seconds on each, in alternating slices
   (on, off, off, on, ...) so that other load on the machine hits both alike;
5. prints requests per second, the on/off ratio (target: at least 95 %) and p50/p99
   latency, then shows that the check is live (a disabled module is refused by the
   check-on server and still served by the check-off one); stops both servers and
   drops the database whatever happens.

Routes: ``/api/v1/vendor/catalog/ping`` is an optional module's light route, so its
gate really consults the enablement cache and the route itself adds little: it is the
telling one. ``/api/v1/admin/core/modules`` is the core module's route; a core module's
gate returns at once (core is always enabled), and the route reads every module's state.

The load comes from ``wrk`` when it is installed (``apt-get install -y wrk``), else from
a pure-Python client (one process per connection, ``http.client``), which needs CPU
of its own and so reports lower figures on a small machine.
"""

from __future__ import annotations

import argparse
import http.client
import ipaddress
import math
import multiprocessing
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa

PROJECT_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))
import synthetic  # noqa: E402  (benchmarks/ is not a package; the folder is put on the path above)

HOST = "127.0.0.1"
TARGET_RATIO = 0.95
SYNTHETIC_ROUTE = "/api/v1/vendor/catalog/ping"
CORE_ROUTE = "/api/v1/admin/core/modules"
GATED_MODULE = "catalog"
WRK_INSTALL_HINT = "install it with: apt-get update && apt-get install -y wrk   (Debian/Ubuntu)"
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
DEFAULT_SERVER_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"


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


def app_env(database_url: str, module_path: Path, check: bool | None = None) -> dict[str, str]:
    """Environment of flask and gunicorn: settings are read by pydantic-settings."""
    env = dict(os.environ)
    for name in ("CELERY_BROKER_URL", "CELERY_RESULT_BACKEND", "WIZAMART_MODULES"):
        env.pop(name, None)
    env.update(DATABASE_URL=database_url, WIZAMART_MODULE_PATHS=str(module_path), WIZAMART_STRICT_MODULES="1")
    if check is not None:
        env["MODULE_ENABLEMENT_CHECK"] = "true" if check else "false"
    return env


def venv_tool(name: str) -> str:
    """A console script of the running interpreter's environment (flask, gunicorn)."""
    candidate = Path(sys.executable).parent / name
    return str(candidate) if candidate.exists() else (shutil.which(name) or name)


def flask_cli(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        [venv_tool("flask"), "--app", "wsgi", *args],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    if done.returncode != 0:
        raise SystemExit(f"flask {' '.join(args)} failed ({done.returncode}):\n{done.stdout}{done.stderr}")
    return done.stdout


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


def get(port: int, path: str) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection(HOST, port, timeout=5)
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


# ----------------------------------------------------------------- load: wrk


def run_wrk(port: int, path: str, seconds: int, connections: int, threads: int) -> LoadResult:
    cmd = [
        "wrk",
        f"-t{threads}",
        f"-c{connections}",
        f"-d{seconds}s",
        "--latency",
        "--timeout",
        "5s",
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


def _python_connection(port: int, path: str, seconds: float, out) -> None:
    """One keep-alive connection, requests back to back until the deadline."""
    latencies, errors = [], 0
    conn = http.client.HTTPConnection(HOST, port, timeout=5)
    deadline = time.perf_counter() + seconds
    while (start := time.perf_counter()) < deadline:
        try:
            conn.request("GET", path)
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


def run_python_client(port: int, path: str, seconds: int, connections: int) -> LoadResult:
    """One process per connection (the GIL would make threads measure the client)."""
    context = multiprocessing.get_context("fork")
    pipes, processes = [], []
    for _ in range(connections):
        receive, send = context.Pipe(duplex=False)
        process = context.Process(target=_python_connection, args=(port, path, seconds, send))
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


# ----------------------------------------------------------------- the benchmark


def drive(args, port: int, path: str, seconds: int) -> LoadResult:
    if args.client == "wrk":
        return run_wrk(port, path, seconds, args.connections, args.client_threads)
    return run_python_client(port, path, seconds, args.connections)


def merge(results: list[LoadResult]) -> LoadResult:
    """Slices added up; percentiles are the request-weighted mean of the slices' own."""
    requests = sum(r.requests for r in results)

    def weighted(attr: str) -> float | None:
        pairs = [(getattr(r, attr), r.requests) for r in results if getattr(r, attr) is not None]
        total = sum(n for _, n in pairs)
        return sum(v * n for v, n in pairs) / total if total else None

    return LoadResult(
        requests,
        sum(r.seconds for r in results),
        sum(r.errors for r in results),
        weighted("p50_ms"),
        weighted("p99_ms"),
        sum(r.server_cpu for r in results),
    )


def measured_slice(args, server: Gunicorn, path: str) -> LoadResult:
    """One slice of load, with the CPU time the server's workers spent on it."""
    cpu_before = server.workers_cpu_seconds()
    result = drive(args, server.port, path, args.slice)
    result.server_cpu = server.workers_cpu_seconds() - cpu_before
    return result


def load_route(args, servers: dict[bool, Gunicorn], path: str) -> dict[bool, list[LoadResult]]:
    """Warm both servers up on ``path``, then load them in alternating slices."""
    for check, server in servers.items():
        status, body = get(server.port, path)
        if status != 200:
            raise SystemExit(
                f"GET {path} (check {'on' if check else 'off'}) answered {status}: {body[:300]!r}"
            )
        drive(args, server.port, path, args.warmup)
    slices = max(1, math.ceil(args.duration / args.slice))
    found: dict[bool, list[LoadResult]] = {True: [], False: []}
    for number in range(slices):
        order = (True, False) if number % 2 == 0 else (False, True)  # on, off, off, on, …
        for check in order:
            found[check].append(measured_slice(args, servers[check], path))
    return found


def prove_gate(env: dict[str, str], servers: dict[bool, Gunicorn]) -> None:
    """Disable the gated module through the CLI: the check-on server must refuse it."""
    flask_cli(env, "modules", "disable", GATED_MODULE, "--platform", "1")
    changed = time.monotonic()
    refused_in = None
    try:
        while time.monotonic() - changed < 5:
            if all(get(servers[True].port, SYNTHETIC_ROUTE)[0] != 200 for _ in range(20)):
                refused_in = time.monotonic() - changed
                break
            time.sleep(0.02)
        on_status, on_body = get(servers[True].port, SYNTHETIC_ROUTE)
        off_status = get(servers[False].port, SYNTHETIC_ROUTE)[0]
    finally:
        flask_cli(env, "modules", "enable", GATED_MODULE, "--platform", "1")
    if refused_in is None:
        print(f"gate check: FAILED, {SYNTHETIC_ROUTE} still answers 200 5 s after disabling {GATED_MODULE}")
        return
    print(
        f"gate check: after `flask modules disable {GATED_MODULE} --platform 1`, the check-on server refused "
        f"20 requests in a row within {refused_in:.2f} s ({on_status} {on_body.decode()[:60].strip()}…); "
        f"the check-off server still answered {off_status}"
    )


def gate_cost(database_url: str, module_path: Path, path: str, number: int = 20000) -> dict[bool, float]:
    """In-process: microseconds the before-request handlers take for ``path``, check on and off.

    ``preprocess_request`` runs the platform context and the module's enablement gate,
    so the difference between on and off is what the check costs a request.
    """
    import timeit

    from wizamart import create_app
    from wizamart.database import db

    app = create_app({"DATABASE_URL": database_url, "WIZAMART_MODULE_PATHS": [str(module_path)]})
    costs = {}
    try:
        with app.test_request_context(path):
            for check in (True, False, True, False):  # twice each; the second (warm) one counts
                app.config["MODULE_ENABLEMENT_CHECK"] = check
                costs[check] = timeit.timeit(app.preprocess_request, number=number) / number * 1e6
    finally:
        with app.app_context():
            db.session.remove()
            db.engine.dispose()
    return costs


def fmt_ms(value: float | None) -> str:
    return f"{value:7.2f}" if value is not None else "      -"


def report(results: dict[str, dict[bool, list[LoadResult]]]) -> None:
    """Totals per server, and the on/off ratio judged on adjacent slice pairs."""
    print(
        f"\n{'route':<30} {'check':<5} {'rps':>8} {'p50 ms':>7} {'p99 ms':>7} {'CPU us/req':>10}"
        f" {'requests':>8} {'errors':>6}"
    )
    for path, slices in results.items():
        for check in (True, False):
            r = merge(slices[check])
            label, mode = (path, "on") if check else ("", "off")
            cpu = r.cpu_us_per_request
            print(
                f"{label:<30} {mode:<5} {r.rps:8.1f} {fmt_ms(r.p50_ms)} {fmt_ms(r.p99_ms)}"
                f" {cpu if cpu is not None else float('nan'):10.1f} {r.requests:>8} {r.errors:>6}"
            )
    print(
        "p50/p99: request-weighted mean of the slices' percentiles. CPU us/req: user+system CPU of the\n"
        "server's gunicorn workers per request. Ratio: median over adjacent (on, off) slice pairs, which\n"
        "share whatever else the machine is doing; the ratio of the totals is shown beside it.\n"
    )
    for path, slices in results.items():
        on, off = merge(slices[True]), merge(slices[False])
        pairs = [a.rps / b.rps for a, b in zip(slices[True], slices[False], strict=True) if b.rps]
        ratio = statistics.median(pairs)
        verdict = "meets" if ratio >= TARGET_RATIO else "MISSES"
        print(
            f"{path}: rps check-on / check-off = {ratio:.1%} (totals: {on.rps / off.rps:.1%}; pairs "
            f"{min(pairs):.0%}..{max(pairs):.0%}) -> {verdict} the {TARGET_RATIO:.0%} target"
        )
        if on.cpu_us_per_request and off.cpu_us_per_request:
            extra = on.cpu_us_per_request - off.cpu_us_per_request
            print(
                f"{'':<{len(path)}}  worker CPU per request check-off / check-on = "
                f"{off.cpu_us_per_request / on.cpu_us_per_request:.1%} ({extra:+.1f} us per request)"
            )


def choose_client(requested: str) -> str:
    has_wrk = shutil.which("wrk") is not None
    if requested == "wrk" and not has_wrk:
        raise SystemExit(f"wrk is not installed; {WRK_INSTALL_HINT}, or run with --client python")
    if requested == "auto":
        if not has_wrk:
            print(f"wrk not found; {WRK_INSTALL_HINT}. Falling back to the pure-Python client.")
        return "wrk" if has_wrk else "python"
    return requested


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=int, default=10, help="seconds measured per route and server (10)")
    parser.add_argument("--slice", type=int, default=1, help="seconds per alternating slice (1)")
    parser.add_argument("--warmup", type=int, default=2, help="seconds of warm-up per route and server (2)")
    parser.add_argument("--connections", type=int, help="keep-alive client connections (wrk 32, python 8)")
    parser.add_argument("--client-threads", type=int, default=1, help="wrk threads (1)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers per server (2)")
    parser.add_argument("--threads", type=int, default=4, help="threads per gunicorn worker (4)")
    parser.add_argument("--client", choices=("auto", "wrk", "python"), default="auto")
    parser.add_argument(
        "--route",
        action="append",
        dest="routes",
        help=f"route to load (default: {SYNTHETIC_ROUTE}, {CORE_ROUTE})",
    )
    parser.add_argument(
        "--server-url",
        default=os.environ.get("BENCH_POSTGRES_URL", DEFAULT_SERVER_URL),
        help="PostgreSQL server on this machine (env BENCH_POSTGRES_URL; default %(default)s)",
    )
    parser.add_argument(
        "--no-gate-check", dest="prove_gate", action="store_false", help="skip the gate check"
    )
    parser.add_argument(
        "--noise-floor",
        action="store_true",
        help="run both servers with the check off: the 'on' column then shows the machine's own noise",
    )
    args = parser.parse_args()
    args.client = choose_client(args.client)
    if args.connections is None:
        args.connections = 32 if args.client == "wrk" else 8
    # Bounded: at most a minute of load per route and server, slices of at least a second.
    args.duration = max(1, min(args.duration, 60))
    args.slice = max(1, min(args.slice, args.duration))
    args.warmup = max(1, min(args.warmup, 30))
    args.routes = list(dict.fromkeys(args.routes or [SYNTHETIC_ROUTE, CORE_ROUTE]))
    return args


def main() -> None:
    args = parse_args()
    print(
        f"gunicorn wsgi:app x2 (check on / off), {args.workers} workers x {args.threads} threads "
        "(gthread) each, "
        f"PostgreSQL; client: {args.client}, {args.connections} keep-alive connections; per route and server "
        f"{args.warmup} s warm-up + {args.duration} s in {args.slice} s alternating slices; "
        f"{os.cpu_count()} CPUs shared by servers, client and database"
    )
    database = ThrowAwayDatabase(args.server_url)
    servers: dict[bool, Gunicorn] = {}
    with tempfile.TemporaryDirectory(prefix="wizamart-rps-") as tmp:
        workdir = Path(tmp)
        try:
            module_path = synthetic.write_modules(workdir / "modules")
            database.create()
            env = app_env(database.url, module_path)
            flask_cli(env, "db", "upgrade")
            flask_cli(env, "modules", "enable", GATED_MODULE, "--platform", "1")
            print(f"database {database.name}: migrated; {GATED_MODULE} enabled on platform 1")
            for path in args.routes:
                costs = gate_cost(database.url, module_path, path)
                print(
                    f"in-process, before-request handlers of {path}: {costs[True]:.1f} us with the check, "
                    f"{costs[False]:.1f} us without ({costs[True] - costs[False]:+.1f} us)"
                )
            for check in (True, False):
                log = workdir / f"gunicorn-{'on' if check else 'off'}.log"
                setting = check and not args.noise_floor
                servers[check] = Gunicorn(
                    app_env(database.url, module_path, setting), args.workers, args.threads, log
                )
            for server in servers.values():
                server.wait_ready()
            results = {path: load_route(args, servers, path) for path in args.routes}
            report(results)
            if args.noise_floor:
                print("(--noise-floor: both servers ran with MODULE_ENABLEMENT_CHECK=false)")
            elif args.prove_gate and SYNTHETIC_ROUTE in args.routes:
                prove_gate(env, servers)
        finally:
            for server in servers.values():
                server.stop()
            database.drop()
            print(f"gunicorn stopped; database {database.name} dropped")


if __name__ == "__main__":
    main()
