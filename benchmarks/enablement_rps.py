"""Requests per second of module API routes with the enablement check on vs. off.

    .venv/bin/python benchmarks/enablement_rps.py [--duration 10] [--slice 1] [--route vendor]

What it does, all on 127.0.0.1:
1. writes a synthetic module (``benchmarks/synthetic.py``) for each of the spec's 16
   codes that no real module provides (real + synthetic = 16), loaded through
   ``WIZAMART_MODULE_PATHS``;
2. creates a throw-away PostgreSQL database, runs ``flask db upgrade``, ``flask demo``
   (a platform on localhost/127.0.0.1, shops with their owners, an admin) and enables
   ``analytics`` on that platform (so it has a stored module state);
3. starts ``gunicorn wsgi:app`` twice, 2 workers each (gthread, so connections stay
   alive), one with ``MODULE_ENABLEMENT_CHECK=true`` and one with ``=false``, and trades
   the demo passwords of a shop owner (and, for ``admin-core``, the admin) for bearer
   tokens at ``POST /api/v1/auth/token``;
4. measures in-process (Flask test client, no network, in a process of its own) each
   route's time per request with the check on and off, and the SQL statements each
   request runs (SQLAlchemy event listeners);
5. drives each route from a separate process with keep-alive connections: a warm-up
   on each server, then ``--duration`` seconds on each, in alternating slices
   (on, off, off, on, ...) so that other load on the machine hits both alike;
6. prints requests per second, the on/off ratio (target: at least 95 %) and p50/p99
   latency, then shows that the check is live (a disabled module is refused by the
   check-on server and still served by the check-off one); stops both servers and
   drops the database whatever happens.

Routes (``--route``, repeatable; default ``vendor`` and ``storefront``), each through the
full module gate (the enablement check, then the access check):
- ``vendor``: ``GET /api/v1/vendor/analytics/ping`` with a shop owner's bearer token and
  ``X-Vendor``: the access check loads the token, the user, the shop and the membership;
- ``storefront``: ``GET /api/v1/storefront/analytics/ping``, anonymous: the access check
  only asks whether the platform is suspended (a cached answer);
- ``admin-core``: ``GET /api/v1/admin/core/modules`` with the admin's bearer token; core
  is always enabled, so its gate skips the enablement lookup, and the route reads every
  module's state: a control, on and off should match.
The synthetic routes do no work of their own, so the gate is most of what they cost.

The load comes from ``wrk`` when it is installed (``apt-get install -y wrk``), else from
a pure-Python client (one process per connection, ``http.client``), which needs CPU
of its own and so reports lower figures on a small machine.
"""

from __future__ import annotations

import argparse
import collections
import json
import math
import os
import shutil
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))
import synthetic  # noqa: E402  (benchmarks/ is not a package; the folder is put on the path above)
from harness import (  # noqa: E402
    DEFAULT_SERVER_URL,
    WRK_INSTALL_HINT,
    Gunicorn,
    LoadResult,
    ThrowAwayDatabase,
    app_env,
    bearer_token,
    demo_logins,
    flask_cli,
    get,
    run_python_client,
    run_wrk,
)

TARGET_RATIO = 0.95
GATED_MODULE = "analytics"  # synthetic until its wave lands: its routes do no work of their own
DEMO_PLATFORM = "wizamart"  # the platform ``flask demo`` creates, served on localhost and 127.0.0.1


@dataclass(frozen=True)
class Route:
    """A route to load, and who calls it."""

    name: str
    path: str
    caller: str | None  # "owner", "admin" (a bearer token of the demo's) or None (anonymous)
    what: str


ROUTES = {
    route.name: route
    for route in (
        Route(
            "vendor",
            f"/api/v1/vendor/{GATED_MODULE}/ping",
            "owner",
            "optional module's vendor API, a shop owner's bearer token + X-Vendor",
        ),
        Route(
            "storefront",
            f"/api/v1/storefront/{GATED_MODULE}/ping",
            None,
            "optional module's storefront API, open (anonymous)",
        ),
        Route(
            "admin-core",
            "/api/v1/admin/core/modules",
            "admin",
            "core module's admin API (always enabled: a control), the admin's bearer token",
        ),
    )
}
DEFAULT_ROUTES = ("vendor", "storefront")


def caller_headers(port: int, logins: dict[str, tuple[str, str]], routes: list[Route]) -> dict:
    """Headers of each caller the chosen routes need: a bearer token (and the owner's shop
    in ``X-Vendor``, read back from ``GET /api/v1/vendor/tenancy/shop``)."""
    headers: dict[str | None, dict[str, str]] = {None: {}}
    for caller in sorted({r.caller for r in routes if r.caller}):
        if caller not in logins:
            raise SystemExit(f"`flask demo` printed no {caller} login: {sorted(logins)}")
        token = bearer_token(port, *logins[caller])
        headers[caller] = {"Authorization": f"Bearer {token}"}
        if caller == "owner":
            status, body = get(port, "/api/v1/vendor/tenancy/shop", headers[caller])
            if status != 200:
                raise SystemExit(f"GET /api/v1/vendor/tenancy/shop answered {status}: {body[:300]!r}")
            headers[caller]["X-Vendor"] = json.loads(body)["code"]
    return headers


# ----------------------------------------------------------------- in-process


def child_in_process(spec_file: Path) -> None:
    """Per route: time per request through the Flask test client (no network, no gunicorn)
    with the check on and off, and the SQL statements and pool checkouts each request
    costs (SQLAlchemy event listeners). Prints JSON."""
    from sqlalchemy import event

    from wizamart import create_app
    from wizamart.database import db

    spec = json.loads(spec_file.read_text())
    app = create_app()
    with app.app_context():  # closed before any request: each request has its own g
        engine = db.engine
    statements: list[str] = []
    checkouts = [0]
    event.listen(engine, "before_cursor_execute", lambda _c, _cu, sql, *_: statements.append(sql))
    event.listen(engine, "checkout", lambda *_: checkouts.__setitem__(0, checkouts[0] + 1))
    client = app.test_client()
    found = {}
    for route in spec["routes"]:

        def run(check: bool, number: int, path=route["path"], headers=route["headers"]) -> float:
            app.config["MODULE_ENABLEMENT_CHECK"] = check
            started = time.perf_counter()
            for _ in range(number):
                response = client.get(path, headers=headers)
                if response.status_code != 200:
                    raise SystemExit(
                        f"GET {path} answered {response.status_code}: {response.get_data()[:300]!r}"
                    )
            return (time.perf_counter() - started) / number * 1e6

        run(True, spec["warmup"])
        run(False, spec["warmup"])
        times: dict[bool, list[float]] = {True: [], False: []}
        for number in range(spec["rounds"]):
            for check in (True, False) if number % 2 == 0 else (False, True):
                times[check].append(run(check, spec["requests"]))
        sql: dict[str, float] = {}
        for check in (False, True):  # the check-on run last: its statements are listed
            statements.clear()
            checkouts[0] = 0
            run(check, spec["requests"])
            sql[str(check)] = len(statements) / spec["requests"]
            sql[f"checkouts_{check}"] = checkouts[0] / spec["requests"]
        kinds = collections.Counter(" ".join(text.split()) for text in statements)
        found[route["name"]] = {
            "us": {str(check): statistics.median(values) for check, values in times.items()},
            "sql": sql,
            "statements": [(text, count / spec["requests"]) for text, count in kinds.items()],
        }
    found["_gate"] = gate_alone(app)
    with app.app_context():
        db.engine.dispose()
    print(json.dumps(found))


def gate_alone(app, number: int = 50000, rounds: int = 6) -> dict[str, float]:
    """Microseconds the gated module's own gate function takes, check on and off, timed in
    the context of its storefront route (where the access check reads only caches).

    The difference is what the enablement check costs a request, free of the database
    and of machine noise that dominate the figures above.
    """
    import timeit

    name = f"check_{GATED_MODULE}_access"
    gate = next(f for funcs in app.before_request_funcs.values() for f in funcs if f.__name__ == name)
    times: dict[bool, list[float]] = {True: [], False: []}
    with app.test_request_context(ROUTES["storefront"].path):  # no test-client request runs inside
        app.preprocess_request()  # the platform of the request, then the gate once, warm
        for number_ in range(rounds):
            for check in (True, False) if number_ % 2 == 0 else (False, True):
                app.config["MODULE_ENABLEMENT_CHECK"] = check
                times[check].append(timeit.timeit(gate, number=number) / number * 1e6)
    return {str(check): statistics.median(values) for check, values in times.items()}


def in_process(env: dict[str, str], routes: list[Route], headers: dict, workdir: Path) -> dict:
    """Run ``child_in_process`` in a process of its own, with the servers' environment."""
    spec = {
        "routes": [{"name": r.name, "path": r.path, "headers": headers[r.caller]} for r in routes],
        "warmup": 100,
        "requests": 300,
        "rounds": 6,
    }
    spec_file = workdir / "in-process.json"
    spec_file.write_text(json.dumps(spec))
    cmd = [sys.executable, str(Path(__file__).resolve()), "--child-in-process", str(spec_file)]
    out = synthetic.run_checked(cmd, env, PROJECT_ROOT, 600, "in-process measurement")
    return json.loads(out.strip().splitlines()[-1])


def report_in_process(routes: list[Route], found: dict) -> None:
    """Per route: time and SQL per request; then what the enablement check alone costs."""
    print(
        "\nin-process (Flask test client, no network; median of 3 rounds x 300 requests per setting, "
        "alternating; SQL counted by a SQLAlchemy before_cursor_execute listener):"
    )
    for route in routes:
        figures = found[route.name]
        on, off = figures["us"]["True"], figures["us"]["False"]
        sql = figures["sql"]
        print(
            f"  {route.name:<11} {route.path}: {on:.0f} us/request with the check, {off:.0f} without "
            f"({on - off:+.0f} us, off/on = {off / on:.1%})\n"
            f"  {'':<11} SQL statements per request: {sql['True']:.2f} with the check, {sql['False']:.2f} "
            f"without; pool checkouts per request: {sql['checkouts_True']:.2f} (each pre-pinged); "
            "with the check, per request:"
        )
        for text, per_request in figures["statements"]:
            print(f"  {'':<11}   {per_request:5.3f} x {text[:140]}{'…' if len(text) > 140 else ''}")

    gate = found["_gate"]
    cost = gate["True"] - gate["False"]
    print(
        f"  the {GATED_MODULE} gate function alone (in a storefront request context, 6 x 50000 calls): "
        f"{gate['True']:.2f} us with the check, {gate['False']:.2f} us without: the enablement check "
        f"costs {cost:.2f} us"
    )
    for route in routes:
        if GATED_MODULE in route.path:
            on = found[route.name]["us"]["True"]
            print(
                f"  {'':<11} = {cost / on:.2%} of a {route.name} request ({on:.0f} us in-process): an "
                f"expected check-on/check-off rps ratio of about {1 - cost / on:.1%}"
            )
    if "vendor" in found and "storefront" in found:
        extra = found["vendor"]["us"]["True"] - found["storefront"]["us"]["True"]
        print(
            f"  the vendor route costs {extra:.0f} us more than the storefront one: the same synthetic "
            "view, plus the bearer token, the user, the shop and the membership the access check loads"
        )


# ----------------------------------------------------------------- the benchmark


def drive(args, port: int, path: str, headers: dict[str, str], seconds: int) -> LoadResult:
    if args.client == "wrk":
        return run_wrk(port, path, headers, seconds, args.connections, args.client_threads)
    return run_python_client(port, path, headers, seconds, args.connections)


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


def measured_slice(args, server: Gunicorn, path: str, headers: dict[str, str]) -> LoadResult:
    """One slice of load, with the CPU time the server's workers spent on it."""
    cpu_before = server.workers_cpu_seconds()
    result = drive(args, server.port, path, headers, args.slice)
    result.server_cpu = server.workers_cpu_seconds() - cpu_before
    return result


def load_route(args, servers: dict[bool, Gunicorn], path: str, headers: dict[str, str]) -> dict:
    """Warm both servers up on ``path``, then load them in alternating slices."""
    for check, server in servers.items():
        status, body = get(server.port, path, headers)
        if status != 200:
            raise SystemExit(
                f"GET {path} (check {'on' if check else 'off'}) answered {status}: {body[:300]!r}"
            )
        drive(args, server.port, path, headers, args.warmup)
    slices = max(1, math.ceil(args.duration / args.slice))
    found: dict[bool, list[LoadResult]] = {True: [], False: []}
    for number in range(slices):
        order = (True, False) if number % 2 == 0 else (False, True)  # on, off, off, on, …
        for check in order:
            found[check].append(measured_slice(args, servers[check], path, headers))
    return found


def prove_gate(env: dict[str, str], servers: dict[bool, Gunicorn], route: Route, headers: dict) -> None:
    """Disable the gated module through the CLI: the check-on server must refuse it."""
    flask_cli(env, "modules", "disable", GATED_MODULE, "--platform", DEMO_PLATFORM)
    changed = time.monotonic()
    refused_in = None
    try:
        while time.monotonic() - changed < 5:
            if all(get(servers[True].port, route.path, headers)[0] != 200 for _ in range(20)):
                refused_in = time.monotonic() - changed
                break
            time.sleep(0.02)
        on_status, on_body = get(servers[True].port, route.path, headers)
        off_status = get(servers[False].port, route.path, headers)[0]
    finally:
        flask_cli(env, "modules", "enable", GATED_MODULE, "--platform", DEMO_PLATFORM)
    if refused_in is None:
        print(f"gate check: FAILED, {route.path} still answers 200 5 s after disabling {GATED_MODULE}")
        return
    print(
        f"gate check ({route.name}): after `flask modules disable {GATED_MODULE} --platform "
        f"{DEMO_PLATFORM}`, "
        f"the check-on server refused 20 requests in a row within {refused_in:.2f} s ({on_status} "
        f"{on_body.decode()[:70].strip()}…); the check-off server still answered {off_status}"
    )


def fmt_ms(value: float | None) -> str:
    return f"{value:7.2f}" if value is not None else "      -"


def report(results: dict[Route, dict[bool, list[LoadResult]]], noise_floor: bool = False) -> None:
    """Totals per server, and the on/off ratio judged on adjacent slice pairs."""
    width = max(len(route.path) for route in results) + 2
    print(
        f"\n{'route':<{width}} {'check':<5} {'rps':>8} {'p50 ms':>7} {'p99 ms':>7} {'CPU us/req':>10}"
        f" {'requests':>8} {'errors':>6}"
    )
    for route, slices in results.items():
        for check in (True, False):
            r = merge(slices[check])
            label, mode = (route.path, "on") if check else (f"  ({route.name})", "off")
            cpu = r.cpu_us_per_request
            print(
                f"{label:<{width}} {mode:<5} {r.rps:8.1f} {fmt_ms(r.p50_ms)} {fmt_ms(r.p99_ms)}"
                f" {cpu if cpu is not None else float('nan'):10.1f} {r.requests:>8} {r.errors:>6}"
            )
    print(
        "p50/p99: request-weighted mean of the slices' percentiles. CPU us/req: user+system CPU of the\n"
        "server's gunicorn workers per request. Ratio: median over adjacent (on, off) slice pairs, which\n"
        "share whatever else the machine is doing; the ratio of the totals is shown beside it.\n"
    )
    for route, slices in results.items():
        on, off = merge(slices[True]), merge(slices[False])
        pairs = [a.rps / b.rps for a, b in zip(slices[True], slices[False], strict=True) if b.rps]
        ratio = statistics.median(pairs)
        if noise_floor:
            verdict = "both servers ran with the check off: this is the machine's noise"
        elif GATED_MODULE in route.path:
            verdict = "meets" if ratio >= TARGET_RATIO else "MISSES"
            verdict = f"{verdict} the {TARGET_RATIO:.0%} target"
        else:  # the same work on both servers: any distance from 100 % is the machine's noise
            verdict = "a control: its distance from 100 % is noise"
        print(
            f"{route.name} ({route.what}):\n  rps check-on / check-off = {ratio:.1%} (totals: "
            f"{on.rps / off.rps:.1%}; pairs {min(pairs):.0%}..{max(pairs):.0%}) -> {verdict}"
        )
        if on.cpu_us_per_request and off.cpu_us_per_request:
            extra = on.cpu_us_per_request - off.cpu_us_per_request
            print(
                f"  worker CPU per request check-off / check-on = "
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
        choices=sorted(ROUTES),
        help=f"route to load, repeatable (default: {', '.join(DEFAULT_ROUTES)})",
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
        "--no-in-process", dest="in_process", action="store_false", help="skip the in-process measurement"
    )
    parser.add_argument(
        "--noise-floor",
        action="store_true",
        help="run both servers with the check off: the 'on' column then shows the machine's own noise",
    )
    parser.add_argument("--child-in-process", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child_in_process:
        return args
    args.client = choose_client(args.client)
    if args.connections is None:
        args.connections = 32 if args.client == "wrk" else 8
    # Bounded: at most a minute of load per route and server, slices of at least a second.
    args.duration = max(1, min(args.duration, 60))
    args.slice = max(1, min(args.slice, args.duration))
    args.warmup = max(1, min(args.warmup, 30))
    args.routes = [ROUTES[name] for name in dict.fromkeys(args.routes or DEFAULT_ROUTES)]
    return args


def prepare(database: ThrowAwayDatabase, workdir: Path) -> tuple[Path, dict[str, tuple[str, str]]]:
    """Synthetic modules for the missing spec codes, then the database: migrated, demo data,
    the gated module enabled. Returns the modules' folder and the demo logins."""
    base_env = app_env(database.url, None)
    real = synthetic.present_codes(base_env, PROJECT_ROOT)
    extra = synthetic.missing_modules(set(real))
    if GATED_MODULE in real:
        raise SystemExit(f"{GATED_MODULE} is a real module now: point GATED_MODULE at a synthetic one")
    module_path = synthetic.write_modules(workdir / "modules", extra)
    print(
        f"modules: {len(real)} real ({', '.join(real)}) + {len(extra)} synthetic = {len(real) + len(extra)}"
    )
    env = app_env(database.url, module_path)
    flask_cli(env, "db", "upgrade")
    logins = demo_logins(flask_cli(env, "demo"))
    flask_cli(env, "modules", "enable", GATED_MODULE, "--platform", DEMO_PLATFORM)
    print(f"database {database.name}: migrated, demo data loaded, {GATED_MODULE} enabled on {DEMO_PLATFORM}")
    return module_path, logins


def main() -> None:
    args = parse_args()
    if args.child_in_process:
        return child_in_process(args.child_in_process)
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
            database.create()
            module_path, logins = prepare(database, workdir)
            env = app_env(database.url, module_path)
            for check in (True, False):
                log = workdir / f"gunicorn-{'on' if check else 'off'}.log"
                setting = check and not args.noise_floor
                servers[check] = Gunicorn(
                    app_env(database.url, module_path, setting), args.workers, args.threads, log
                )
            for server in servers.values():
                server.wait_ready()
            headers = caller_headers(servers[True].port, logins, args.routes)
            if args.in_process:
                report_in_process(args.routes, in_process(env, args.routes, headers, workdir))
            results = {
                route: load_route(args, servers, route.path, headers[route.caller]) for route in args.routes
            }
            report(results, args.noise_floor)
            gated = [route for route in args.routes if GATED_MODULE in route.path]
            if args.noise_floor:
                print("(--noise-floor: both servers ran with MODULE_ENABLEMENT_CHECK=false)")
            elif args.prove_gate and gated:
                prove_gate(env, servers, gated[0], headers[gated[0].caller])
        finally:
            for server in servers.values():
                server.stop()
            database.drop()
            print(f"gunicorn stopped; database {database.name} dropped")


if __name__ == "__main__":
    main()
