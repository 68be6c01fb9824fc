"""Storefront throughput with a big catalog, and CSV import speed.

    .venv/bin/python benchmarks/storefront.py [--products 100000] [--duration 10] [--connections 1,2,4]

What it does, all on 127.0.0.1:
1. creates a throw-away PostgreSQL database, runs ``flask db upgrade`` and ``flask demo``;
2. in this process (the app built by ``create_app`` on that database): gives the demo shop
   ``velo-lux`` 20 more categories, writes a CSV of ``--products`` products (one variant
   each, titles and descriptions in en/de/fr/lb, 40 brands, prices from 5 to 3,000 euros)
   and imports it with the catalog's own ``import_csv`` — the same call the import page's
   task makes — timing it: **rows per second, target over 5,000**; then imports the same
   file again (every row an update) and times that too;
3. runs ``VACUUM ANALYZE`` (what autovacuum does within a minute of a large import: the
   visibility map makes the listing indexes' index-only scans work);
4. starts ``gunicorn wsgi:app`` with 2 workers (gthread) and loads each storefront URL
   below for ``--duration`` seconds at each level of ``--connections`` (keep-alive
   connections, closed loop: wrk when installed, else a pure-Python client), after a
   warm-up: requests per second, p50 and p99 latency — **target: p99 under 100 ms for a
   category page**;
5. stops gunicorn and drops the database whatever happens.

``--database-url`` skips 1-3 and loads a database prepared before (by an earlier run with
``--keep``), to measure the pages again without importing again.

The load generator runs on the same machine as the server, so on a 2-core box the figures
are what the server does while sharing its CPUs with the client.
"""

from __future__ import annotations

import argparse
import csv
import io
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from harness import (  # noqa: E402  (benchmarks/ is not a package; the folder is put on the path above)
    DEFAULT_SERVER_URL,
    PROJECT_ROOT,
    WRK_INSTALL_HINT,
    Gunicorn,
    ThrowAwayDatabase,
    app_env,
    flask_cli,
    get,
    run_python_client,
    run_wrk,
)

sys.path.insert(0, str(PROJECT_ROOT))

SHOP = "velo-lux"
CATEGORIES = 20
P99_TARGET_MS = 100.0
IMPORT_TARGET = 5000.0


def _words(**by_language: str) -> dict[str, list[str]]:
    return {lang: text.split() for lang, text in by_language.items()}


WORDS = _words(
    en="city road gravel mountain trail urban light strong quick quiet classic sport touring cargo",
    de="stadt straße schotter berg pfad urban leicht stark schnell leise klassisch sport reise lasten",
    fr="ville route gravier montagne sentier urbain léger solide rapide silencieux classique sport",
    lb="stad strooss gravel bierg wee urban liicht staark séier roueg klassesch sport rees transport",
)
NOUNS = _words(
    en="bike helmet lamp lock saddle pedal tyre bell basket jacket glove bottle pump",
    de="rad helm lampe schloss sattel pedal reifen klingel korb jacke handschuh flasche pumpe",
    fr="vélo casque lampe antivol selle pédale pneu sonnette panier veste gant gourde pompe",
    lb="vëlo helm luucht schlass suedel pedal pneu klack kuerf jackett händschen fläsch pompel",
)
BRANDS = [f"Brand{n:02d}" for n in range(40)]


def catalog_csv(count: int, seed: int = 7) -> str:
    """``count`` products, one variant each, in the import's own format."""
    rnd = random.Random(seed)
    out = io.StringIO()
    writer = csv.writer(out)
    languages = ("en", "de", "fr", "lb")
    writer.writerow(
        [
            "handle",
            "sku",
            *(f"title_{lang}" for lang in languages),
            *(f"description_{lang}" for lang in languages),
        ]
        + ["brand", "price", "vat_rate", "category_slugs", "status"]
    )
    for n in range(count):
        words = {lang: rnd.sample(WORDS[lang], 2) + [rnd.choice(NOUNS[lang])] for lang in languages}
        titles = [" ".join(w).capitalize() + f" {n}" for w in words.values()]
        descriptions = [" ".join(rnd.sample(WORDS[lang], 6)) + "." for lang in languages]
        price = rnd.randint(500, 300000)
        writer.writerow(
            [f"bench-{n}", f"BENCH-{n:06d}", *titles, *descriptions]
            + [
                rnd.choice(BRANDS),
                f"{price // 100}.{price % 100:02d}",
                "17",
                f"bench-cat-{n % CATEGORIES}",
                "active",
            ]
        )
    return out.getvalue()


def seed_and_time_import(database_url: str, products: int) -> dict:
    """Categories, then the CSV import twice (creates, then updates), timed in this process."""
    from sqlalchemy import select

    from modules.catalog.models import Category
    from modules.catalog.services import import_service
    from modules.tenancy.models import Vendor
    from wizamart import create_app
    from wizamart.database import db

    app = create_app({"DATABASE_URL": database_url})
    started = time.perf_counter()
    text = catalog_csv(products)
    generated = time.perf_counter() - started
    figures = {"csv_mb": len(text.encode()) / 1e6, "generate_s": generated}
    with app.app_context():
        vendor = db.session.scalar(select(Vendor).where(Vendor.code == SHOP))
        db.session.add_all(
            Category(vendor_id=vendor.id, slug=f"bench-cat-{n}", names={"en": f"Bench {n}"}, position=100 + n)
            for n in range(CATEGORIES)
        )
        db.session.commit()
        for label in ("create", "update"):
            started = time.perf_counter()
            result = import_service.import_csv(vendor.id, vendor.default_language, text)
            seconds = time.perf_counter() - started
            if result.errors:
                raise SystemExit(f"the benchmark CSV has errors: {result.errors[:3]}")
            figures[label] = (result.total, seconds)
    return figures


def urls() -> list[tuple[str, str, dict[str, str]]]:
    base = f"/storefront/{SHOP}"
    pages = [
        ("category, page 1", f"{base}/c/bench-cat-3"),
        ("category, page 40, by price", f"{base}/c/bench-cat-3?page=40&sort=price_asc"),
        (
            "category, filtered",
            f"{base}/c/bench-cat-3?brand=Brand07&brand=Brand21&min=100&max=900&in_stock=1",
        ),
        ("search, one word", f"{base}/search?q=gravel"),
        ("search, two words (fr)", f"{base}/search?q=v%C3%A9lo+rapide"),
        ("product page", f"{base}/p/bench-4242"),
        ("home", f"{base}/"),
    ]
    api = (
        "API: category listing",
        "/api/v1/storefront/catalog/products?category=bench-cat-3",
        {"X-Vendor": SHOP},
    )
    return [(label, url, {}) for label, url in pages] + [api]


def fmt(value: float | None) -> str:
    return f"{value:7.1f}" if value is not None else "      -"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--products", type=int, default=100_000)
    parser.add_argument("--duration", type=int, default=10, help="seconds of load per URL")
    parser.add_argument("--connections", default="1,2,4", help="load levels, comma-separated")
    parser.add_argument("--server-url", default=DEFAULT_SERVER_URL, help="a loopback PostgreSQL server")
    parser.add_argument("--database-url", help="measure the pages of a database prepared before")
    parser.add_argument("--keep", action="store_true", help="keep the database (its URL is printed)")
    args = parser.parse_args()
    levels = [int(n) for n in args.connections.split(",")]

    import shutil

    use_wrk = shutil.which("wrk") is not None
    if not use_wrk:
        print(f"wrk not found, using the pure-Python client ({WRK_INSTALL_HINT})")
    database = ThrowAwayDatabase(args.server_url)
    server = None
    with tempfile.TemporaryDirectory(prefix="wizamart-bench-") as workdir:
        try:
            if args.database_url:
                env = app_env(args.database_url, None)
            else:
                database.create()
                env = app_env(database.url, None)
                flask_cli(env, "db", "upgrade")
                flask_cli(env, "demo")
                print(f"importing {args.products:,} products into {SHOP} ...", flush=True)
                figures = seed_and_time_import(database.url, args.products)
                print(
                    f"\nCSV import ({figures['csv_mb']:.1f} MB, generated in {figures['generate_s']:.1f} s)"
                )
                for label in ("create", "update"):
                    rows, seconds = figures[label]
                    rate = rows / seconds
                    verdict = "ok: > 5,000" if rate > IMPORT_TARGET else "MISSES > 5,000"
                    print(
                        f"  {label:<7} {rows:>8,} rows in {seconds:6.1f} s = {rate:8,.0f} rows/s  ({verdict})"
                    )
                vacuum(database.url)

            server = Gunicorn(env, workers=2, threads=4, log=Path(workdir) / "gunicorn.log")
            server.wait_ready()
            print(f"\nstorefront, {args.products:,} products, gunicorn 2 workers (4 threads each)")
            print(f"  {'page':<28} {'conns':>5} {'req/s':>7} {'p50 ms':>7} {'p99 ms':>7}  errors")
            for label, url, headers in urls():
                status, body = get(server.port, url, headers)
                if status != 200:
                    raise SystemExit(f"{url} answered {status}: {body[:300]!r}")
                for connections in levels:
                    result = load(use_wrk, server.port, url, headers, args.duration, connections)
                    note = ""
                    if label.startswith("category") and result.p99_ms is not None:
                        note = "  ok (< 100 ms)" if result.p99_ms < P99_TARGET_MS else "  MISSES (< 100 ms)"
                    print(
                        f"  {label:<28} {connections:>5} {result.rps:7.0f} {fmt(result.p50_ms)} "
                        f"{fmt(result.p99_ms)}  {result.errors}{note}",
                        flush=True,
                    )
        finally:
            if server is not None:
                server.stop()
            if args.keep and database.created:
                print(f"\nkept: --database-url {database.url}")
            else:
                database.drop()


def load(use_wrk: bool, port: int, url: str, headers: dict, seconds: int, connections: int):
    """A 2-second warm-up, then the measured run."""
    if use_wrk:
        run_wrk(port, url, headers, 2, connections, 1)
        return run_wrk(port, url, headers, seconds, connections, 1)
    run_python_client(port, url, headers, 2, connections)
    return run_python_client(port, url, headers, seconds, connections)


def vacuum(database_url: str) -> None:
    import sqlalchemy as sa

    engine = sa.create_engine(database_url, isolation_level="AUTOCOMMIT", poolclass=sa.pool.NullPool)
    with engine.connect() as conn:
        conn.execute(sa.text("VACUUM ANALYZE"))
    engine.dispose()


if __name__ == "__main__":
    main()
