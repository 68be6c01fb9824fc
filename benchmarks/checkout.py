"""Checkout throughput: orders per second placed through the storefront HTTP API.

    .venv/bin/python benchmarks/checkout.py [--duration 15] [--clients 4,8] [--products 200]

What it does, all on 127.0.0.1:
1. creates a throw-away PostgreSQL database, runs ``flask db upgrade`` and ``flask demo``
   (the demo shop ``velo-lux`` with its shipping methods and bank transfer);
2. in this process: adds ``--products`` products to the shop, and one more (``HOT-1``),
   each with 1,000,000 units received, so no order is refused for lack of stock;
3. starts ``gunicorn wsgi:app`` with 2 workers (gthread) and, for each scenario and number
   of ``--clients``, runs that many client threads for ``--duration`` seconds. Each client
   buys in a loop, as a shop app would, over a keep-alive connection:
   ``POST /api/v1/storefront/cart/lines`` (a new guest cart: one line of 1 unit) →
   ``POST /api/v1/storefront/checkout/sessions`` (e-mail, address in Luxembourg, shipping
   method, bank transfer: every step in one request) →
   ``POST …/sessions/<token>/place`` with an ``Idempotency-Key``.
   Scenarios: **no contention** — each purchase picks one of the ``--products`` products at
   random; **contention** — every purchase is of ``HOT-1``, so every order waits for the
   same stock row lock (inventory reserves with ``SELECT … FOR UPDATE``);
4. prints orders per second (placed orders, HTTP 201), p50 and p99 of the whole purchase
   (3 requests) and of the ``place`` request alone, and the errors; then checks in the
   database that the shop holds exactly as many new orders as were answered 201, numbered
   without a gap, and that the reserved stock equals the units ordered;
5. stops gunicorn and drops the database whatever happens.

Client and server share the machine's CPUs: on a 2-core box the figures are what the
server does while the client threads take their share.
"""

from __future__ import annotations

import argparse
import http.client
import json
import random
import sys
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from harness import (  # noqa: E402  (benchmarks/ is not a package; the folder is put on the path above)
    DEFAULT_SERVER_URL,
    HOST,
    PROJECT_ROOT,
    Gunicorn,
    ThrowAwayDatabase,
    app_env,
    flask_cli,
)

sys.path.insert(0, str(PROJECT_ROOT))

SHOP = "velo-lux"
STOCK = 1_000_000
ADDRESS = {
    "name": "Bench Client",
    "street": "12, rue de la Gare",
    "postal_code": "L-1611",
    "city": "Luxembourg",
    "country": "LU",
}


def seed(database_url: str, products: int) -> tuple[list[int], int]:
    """Products with plenty of stock; ``(variant ids of the spread products, the hot one's)``."""
    from sqlalchemy import select

    from modules.catalog.schemas import ProductIn
    from modules.catalog.services import product_service
    from modules.inventory.schemas import LocationIn
    from modules.inventory.services import location_service, stock_service
    from modules.tenancy.models import Vendor
    from wizamart import create_app
    from wizamart.database import db

    app = create_app({"DATABASE_URL": database_url})
    with app.app_context():
        vendor = db.session.scalar(select(Vendor).where(Vendor.code == SHOP))
        location = location_service.create(vendor.id, LocationIn(name="Bench warehouse", city="Luxembourg"))
        variant_ids = []
        for n in range(products + 1):
            sku = "HOT-1" if n == products else f"BENCH-{n:04d}"
            data = ProductIn(
                translations={lang: {"title": f"Bench {sku} ({lang})"} for lang in ("en", "de", "fr", "lb")},
                status="active",
                vat_rate=17 if n % 3 else 3,
                variants=[{"sku": sku, "price_cents": 1999 + n, "options": {}}],
            )
            variant_id = product_service.create(vendor, data).variants[0].id
            stock_service.receive(vendor.id, variant_id, location.id, STOCK)
            variant_ids.append(variant_id)
        return variant_ids[:-1], variant_ids[-1]


@dataclass
class Tally:
    placed: int = 0
    errors: dict[str, int] = field(default_factory=dict)
    purchase_ms: list[float] = field(default_factory=list)
    place_ms: list[float] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def error(self, what: str) -> None:
        with self.lock:
            self.errors[what] = self.errors.get(what, 0) + 1


class Client:
    """One shop app: a keep-alive connection, JSON in and out."""

    def __init__(self, port: int):
        self.port = port
        self.conn = http.client.HTTPConnection(HOST, port, timeout=30)

    def call(self, method: str, path: str, body: dict | None, headers: dict) -> tuple[int, dict, dict]:
        headers = {"X-Vendor": SHOP, "Content-Type": "application/json", **headers}
        payload = json.dumps(body).encode() if body is not None else None
        try:
            self.conn.request(method, path, body=payload, headers=headers)
            response = self.conn.getresponse()
            data = response.read()
        except (OSError, http.client.HTTPException):
            self.conn.close()
            self.conn = http.client.HTTPConnection(HOST, self.port, timeout=30)
            raise
        return response.status, json.loads(data or b"{}"), dict(response.getheaders())

    def purchase(self, variant_id: int, shipping_method_id: int | None, tally: Tally) -> int | None:
        """One guest purchase; the shipping method to use next time (learnt from the answer)."""
        started = time.perf_counter()
        status, cart, headers = self.call(
            "POST", "/api/v1/storefront/cart/lines", {"variant_id": variant_id, "quantity": 1}, {}
        )
        if status != 201:
            tally.error(f"cart {status} {cart.get('error', {}).get('code')}")
            return shipping_method_id
        cart_header = {"X-Cart-Token": headers.get("X-Cart-Token") or cart.get("token")}
        steps = {"email": f"bench-{uuid.uuid4().hex[:12]}@example.lu", "shipping_address": ADDRESS}
        steps["provider"] = "bank_transfer"
        if shipping_method_id:
            steps["shipping_method_id"] = shipping_method_id
        status, checkout, _ = self.call("POST", "/api/v1/storefront/checkout/sessions", steps, cart_header)
        if status == 201 and not checkout.get("shipping_method_id"):
            options = checkout.get("shipping_options") or []
            if not options:
                tally.error("no shipping option")
                return shipping_method_id
            shipping_method_id = options[0]["id"]
            status, checkout, _ = self.call(
                "PATCH",
                f"/api/v1/storefront/checkout/sessions/{checkout['token']}",
                {"shipping_method_id": shipping_method_id, "provider": "bank_transfer"},
                cart_header,
            )
        if status not in (200, 201):
            tally.error(f"checkout {status} {checkout.get('error', {}).get('code')}")
            return shipping_method_id
        place_started = time.perf_counter()
        status, placed, _ = self.call(
            "POST",
            f"/api/v1/storefront/checkout/sessions/{checkout['token']}/place",
            {},
            {**cart_header, "Idempotency-Key": uuid.uuid4().hex},
        )
        done = time.perf_counter()
        if status == 201:
            with tally.lock:
                tally.placed += 1
                tally.purchase_ms.append((done - started) * 1000)
                tally.place_ms.append((done - place_started) * 1000)
        else:
            tally.error(f"place {status} {placed.get('error', {}).get('code')}")
        return shipping_method_id


def run(port: int, variants: list[int], clients: int, seconds: float) -> tuple[Tally, float]:
    tally = Tally()
    stop_at = time.perf_counter() + seconds

    def loop() -> None:
        client, method = Client(port), None
        while time.perf_counter() < stop_at:
            try:
                method = client.purchase(random.choice(variants), method, tally)
            except (OSError, http.client.HTTPException, ValueError) as exc:
                tally.error(type(exc).__name__)

    threads = [threading.Thread(target=loop) for _ in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return tally, time.perf_counter() - started


def percentile(values: list[float], p: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def fmt(value: float | None) -> str:
    return f"{value:7.1f}" if value is not None else "      -"


def orders_so_far(database_url: str) -> tuple[int, int, int]:
    """The shop's orders: ``(count, lowest number, highest number)``."""
    import sqlalchemy as sa

    engine = sa.create_engine(database_url, poolclass=sa.pool.NullPool)
    with engine.connect() as conn:
        vendor_id = conn.execute(sa.text("SELECT id FROM vendors WHERE code = :c"), {"c": SHOP}).scalar()
        found = conn.execute(
            sa.text("SELECT count(*), min(number), max(number) FROM orders_orders WHERE vendor_id = :v"),
            {"v": vendor_id},
        ).one()
    engine.dispose()
    return tuple(found)


def check_database(
    database_url: str, before: tuple[int, int, int], answered: int, hot_variant: int, hot_orders: int
) -> str:
    """Orders written = orders answered 201, numbers without a gap, the hot product's stock held.
    ``before``: the demo's own orders, there before the run."""
    import sqlalchemy as sa

    total, low, high = orders_so_far(database_url)
    count = total - before[0]
    low = (before[2] or 0) + 1
    engine = sa.create_engine(database_url, poolclass=sa.pool.NullPool)
    with engine.connect() as conn:
        reserved = conn.execute(
            sa.text(
                "SELECT coalesce(sum(quantity), 0) FROM inventory_reservations "
                "WHERE variant_id = :variant AND status = 'active'"
            ),
            {"variant": hot_variant},
        ).scalar()
    engine.dispose()
    gapless = count == 0 or (high - low + 1) == count
    verdict = "ok" if count == answered and gapless and reserved == hot_orders else "MISMATCH"
    return (
        f"{count:,} new orders in the database for {answered:,} answered 201, numbers "
        f"{low}..{high} ({'no gap' if gapless else 'GAPS'}); HOT-1 holds {reserved:,} reserved "
        f"for {hot_orders:,} ordered: {verdict}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--duration", type=float, default=15, help="seconds per scenario and level")
    parser.add_argument("--clients", default="4,8", help="concurrent clients, comma-separated")
    parser.add_argument("--products", type=int, default=200, help="products of the no-contention scenario")
    parser.add_argument("--server-url", default=DEFAULT_SERVER_URL, help="a loopback PostgreSQL server")
    args = parser.parse_args()
    levels = [int(n) for n in args.clients.split(",")]

    database = ThrowAwayDatabase(args.server_url)
    server = None
    with tempfile.TemporaryDirectory(prefix="wizamart-bench-") as workdir:
        try:
            database.create()
            env = app_env(database.url, None)
            flask_cli(env, "db", "upgrade")
            flask_cli(env, "demo")
            spread, hot = seed(database.url, args.products)
            before = orders_so_far(database.url)
            server = Gunicorn(env, workers=2, threads=4, log=Path(workdir) / "gunicorn.log")
            server.wait_ready()
            # A few purchases first: every worker's first requests pay for imports and caches.
            warm_up, _ = run(server.port, spread, 2, 3)
            print(
                "checkout through the HTTP API, gunicorn 2 workers (4 threads each), "
                f"{args.duration:.0f} s each"
            )
            print(
                f"  {'scenario':<34} {'clients':>7} {'orders/s':>8} "
                f"{'purchase p50':>12} {'p99':>7} {'place p50':>9} {'p99':>7}  errors"
            )
            answered, hot_orders = warm_up.placed, 0
            scenarios = [
                (f"no contention ({args.products} products)", spread),
                ("contention (one product)", [hot]),
            ]
            for label, variants in scenarios:
                for clients in levels:
                    tally, seconds = run(server.port, variants, clients, args.duration)
                    answered += tally.placed
                    if variants == [hot]:
                        hot_orders += tally.placed
                    print(
                        f"  {label:<34} {clients:>7} {tally.placed / seconds:8.1f} "
                        f"{fmt(percentile(tally.purchase_ms, 50)):>12} "
                        f"{fmt(percentile(tally.purchase_ms, 99))} "
                        f"{fmt(percentile(tally.place_ms, 50)):>9} {fmt(percentile(tally.place_ms, 99))}  "
                        f"{sum(tally.errors.values())} {tally.errors or ''}",
                        flush=True,
                    )
            check = check_database(database.url, before, answered, hot, hot_orders)
            print(f"\n{check} (warm-up orders included)")
        finally:
            if server is not None:
                server.stop()
            database.drop()


if __name__ == "__main__":
    main()
