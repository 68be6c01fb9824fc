"""CSV import and export of a shop's products.

The file has one row per variant; rows with the same ``handle`` (the product's slug) are one
product, whose fields (titles, descriptions, brand, VAT, categories, status, featured) are read
from its first row. Columns::

    handle, sku, title_en, title_de, title_fr, title_lb, description_en, description_de,
    description_fr, description_lb, brand, price, vat_rate, gtin, category_slugs, status,
    featured, option_<name>…

``price`` is the gross price in euros (``12.50`` or ``12,50``); ``vat_rate`` 17, 14, 8 or 3;
``category_slugs`` separated by ``|``; ``status`` draft, active or archived; ``featured`` 1/0.
Only ``handle``, ``sku`` and ``price`` are required columns. The export writes the same format,
so ``import(export())`` changes nothing.

Every row is checked before anything is written; errors name the line and the column
(``line 7: gtin: …``). With any error nothing is imported, unless ``skip_invalid``: then the
good rows are imported and the bad ones reported. Rows are upserted by SKU.

Speed (100,000 rows at over 5,000 rows a second on PostgreSQL): plain-Python checks; the
shop's SKUs, product slugs and category slugs loaded in one query each; per batch of
``CATALOG_IMPORT_BATCH_SIZE`` rows, new rows go in by ``COPY`` (ids drawn from the sequences
first) with their search columns and initial stock already set, while existing products are
compared with the database and only what differs is written (executemany); and
``on_products_imported`` fires once per batch instead of per-product events. The whole import
is one unit of work (one commit at the end), followed by ``ANALYZE`` after a large one.
"""

from __future__ import annotations

import csv
import enum
import io
import json
import logging
import operator
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from flask import current_app
from sqlalchemy import Integer, any_, bindparam, insert, select, update
from sqlalchemy import text as sql_text
from sqlalchemy.dialects import postgresql

from wizamart import get_module_config
from wizamart.database import db, utcnow
from wizamart.i18n import t_or

from ..exceptions import ImportJobNotFound, ImportTooLarge, InvalidImport, NotCsv
from ..models import (
    LANGUAGES,
    ImportJob,
    Product,
    ProductStatus,
    ProductTranslation,
    ProductVariant,
    VatClass,
    product_categories,
)
from ..schemas import (
    OPTION_NAME_RE,
    SLUG_RE,
    VAT_PERCENTS,
    cents_to_euros,
    check_gtin,
    check_sku,
    check_vat_rate,
    euros_to_cents,
)
from . import category_service, facet_cache, search_service

log = logging.getLogger("wizamart.catalog.import")

REQUIRED_COLUMNS = ("handle", "sku", "price")
TITLE_COLUMNS = tuple(f"title_{lang}" for lang in LANGUAGES)
DESCRIPTION_COLUMNS = tuple(f"description_{lang}" for lang in LANGUAGES)
PRODUCT_COLUMNS = ("brand", "vat_rate", "category_slugs", "status", "featured")
COLUMNS = (
    "handle",
    "sku",
    *TITLE_COLUMNS,
    *DESCRIPTION_COLUMNS,
    "brand",
    "price",
    "vat_rate",
    "gtin",
    "category_slugs",
    "status",
    "featured",
)
KNOWN_COLUMNS = frozenset(COLUMNS)
TRUE = frozenset({"1", "true", "yes", "y", "x", "ja", "oui"})
FALSE = frozenset({"", "0", "false", "no", "n", "nein", "non"})
STATUSES = {s.value: s for s in ProductStatus}
# Imports of at least this many rows refresh the planner's statistics (PostgreSQL).
ANALYZE_AFTER_ROWS = 1000


# ------------------------------------------------------------------ reading the upload


def read_upload(file_storage) -> str:
    """The upload's text, or ``NotCsv`` (422) / ``ImportTooLarge`` (413), both naming ``file``.

    A CSV is UTF-8 text (a BOM is allowed) whose header names at least handle, sku and price."""
    if file_storage is None or not getattr(file_storage, "filename", ""):
        raise NotCsv("catalog.validation.file_required")
    limit = get_module_config("catalog").import_max_bytes
    data = file_storage.stream.read(limit + 1)
    if len(data) > limit:
        raise ImportTooLarge(limit)
    return decode(data)


def decode(data: bytes) -> str:
    if not data.strip():
        raise NotCsv("catalog.validation.file_empty")
    if b"\x00" in data[:65536]:
        raise NotCsv()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise NotCsv() from None
    header = next(csv.reader(io.StringIO(text[:65536])), [])
    names = {h.strip().lower() for h in header}
    missing = [c for c in REQUIRED_COLUMNS if c not in names]
    if missing:
        raise NotCsv("catalog.validation.csv_header", columns=", ".join(missing))
    return text


# ------------------------------------------------------------------ jobs


def start_import(vendor, file_storage, skip_invalid: bool = False, user_id: int | None = None) -> ImportJob:
    """Check the upload, record a job and run it: at once when it is small (the answer shows the
    outcome), else as a Celery task whose progress the job page shows (eager in the embedded
    set-up). Returns the job."""
    text = read_upload(file_storage)
    job = ImportJob(
        vendor_id=vendor.id,
        user_id=user_id,
        filename=(file_storage.filename or "")[:200],
        skip_invalid=bool(skip_invalid),
        default_language=vendor.default_language if vendor.default_language in LANGUAGES else "en",
        payload=text,
        total_rows=max(0, text.count("\n") - 1),
    )
    db.session.add(job)
    db.session.commit()
    job_id = job.id
    if job.total_rows <= get_module_config("catalog").import_inline_rows:
        run_job(job_id)
    else:
        from ..tasks import run_import

        run_import.delay(job_id, platform_id=vendor.platform_id)
    db.session.expire_all()
    return get_job(vendor.id, job_id)


def get_job(vendor_id: int, job_id: int) -> ImportJob:
    """One of the shop's import jobs, or ``ImportJobNotFound`` (404)."""
    job = db.session.scalar(select(ImportJob).where(ImportJob.id == job_id, ImportJob.vendor_id == vendor_id))
    if job is None:
        raise ImportJobNotFound(job_id)
    return job


def recent_jobs(vendor_id: int, limit: int = 10) -> list[ImportJob]:
    return list(
        db.session.scalars(
            select(ImportJob)
            .where(ImportJob.vendor_id == vendor_id)
            .order_by(ImportJob.created_at.desc(), ImportJob.id.desc())
            .limit(limit)
        )
    )


def run_job(job_id: int) -> None:
    """Run a recorded job (the task's body): import its text, store the outcome, drop the text."""
    job = db.session.get(ImportJob, job_id)
    if job is None or job.status not in ("pending",):
        return
    job.status = "running"
    db.session.commit()
    text, vendor_id, language, skip = job.payload or "", job.vendor_id, job.default_language, job.skip_invalid
    progress = _progress_writer(job_id)
    try:
        result = import_csv(vendor_id, language, text, skip_invalid=skip, progress=progress)
    except InvalidImport as exc:
        db.session.rollback()
        job = db.session.get(ImportJob, job_id)
        rows = exc.details["rows"]
        job.status, job.errors, job.error_count = "failed", rows[: _max_errors()], len(rows)
        job.total_rows = job.total_rows or len(rows)
    except Exception:
        log.exception("catalog import %s failed", job_id)
        db.session.rollback()
        job = db.session.get(ImportJob, job_id)
        job.status, job.error_count = "failed", 1
        job.errors = [{"line": 0, "column": "", "error": "catalog.errors.import_crashed", "params": {}}]
    else:
        job = db.session.get(ImportJob, job_id)
        job.status = "done"
        job.total_rows, job.processed_rows = result.total, result.total
        job.created_count, job.updated_count = result.created, result.updated
        job.errors, job.error_count = result.errors[: _max_errors()], len(result.errors)
    job.payload = None
    job.finished_at = utcnow()
    db.session.commit()


def _max_errors() -> int:
    return get_module_config("catalog").import_max_errors


def _progress_writer(job_id: int) -> Callable[[int, int], None] | None:
    """Progress goes through a connection of its own, so the page sees it while the import's
    transaction is still open. Not on SQLite: one writer at a time (the job runs in the request
    there anyway)."""
    if db.engine.dialect.name == "sqlite":
        return None

    def write(processed: int, total: int) -> None:
        with db.engine.connect() as conn:
            conn.execute(
                update(ImportJob)
                .where(ImportJob.id == job_id)
                .values(processed_rows=processed, total_rows=total)
            )
            conn.commit()

    return write


def describe_error(error: dict) -> str:
    """``line 7: gtin: the check digit is wrong`` in the request's language."""
    message = t_or(error.get("error", ""), error.get("error", ""), **(error.get("params") or {}))
    return t_or(
        "catalog.import.error_line",
        f"line {error.get('line')}: {error.get('column')}: {message}",
        line=error.get("line"),
        column=error.get("column") or "-",
        message=message,
    )


def job_out(job: ImportJob) -> dict:
    return {
        "id": job.id,
        "status": job.status,
        "filename": job.filename,
        "skip_invalid": job.skip_invalid,
        "total_rows": job.total_rows,
        "processed_rows": job.processed_rows,
        "created": job.created_count,
        "updated": job.updated_count,
        "error_count": job.error_count,
        "errors": [{**e, "message": describe_error(e)} for e in (job.errors or [])],
        "created_at": job.created_at.isoformat() if job.created_at else None,
        "finished_at": job.finished_at.isoformat() if job.finished_at else None,
    }


# ------------------------------------------------------------------ the import itself


@dataclass
class Row:
    line: int
    handle: str
    sku: str
    price_cents: int
    gtin: str | None
    options: dict[str, str]
    values: dict[str, str]  # the raw product columns (titles, brand…)


@dataclass
class Group:
    handle: str
    line: int
    rows: list[Row] = field(default_factory=list)
    # product fields, from the first row
    titles: dict[str, str] = field(default_factory=dict)
    descriptions: dict[str, str] = field(default_factory=dict)
    brand: str | None = None
    vat_rate: int | None = None
    category_slugs: list[str] | None = None  # None: the column is absent (keep the product's)
    status: ProductStatus | None = None
    featured: bool | None = None
    product_id: int | None = None


@dataclass
class ImportResult:
    total: int = 0
    imported_rows: int = 0
    created: int = 0
    updated: int = 0
    errors: list[dict] = field(default_factory=list)


class _Errors:
    def __init__(self):
        self.items: list[dict] = []
        self.bad_lines: set[int] = set()

    def add(self, line: int, column: str, key: str, **params) -> None:
        self.items.append({"line": line, "column": column, "error": key, "params": params})
        self.bad_lines.add(line)


def _records(text: str) -> Iterator[tuple[int, dict[str, str]]]:
    """``(line, row)`` per record; the line is where the record starts (header = line 1)."""
    reader = csv.reader(io.StringIO(text))
    header = [h.strip().lower() for h in next(reader, [])]
    last = reader.line_num
    for values in reader:
        start, last = last + 1, reader.line_num
        if not any(v.strip() for v in values):
            continue
        yield start, dict(zip(header, values, strict=False))


def import_csv(
    vendor_id: int,
    default_language: str,
    text: str,
    skip_invalid: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> ImportResult:
    """Validate every row of ``text``, then upsert products and variants by SKU and commit.

    Raises ``InvalidImport`` (422, ``details["rows"]``) and writes nothing when a row is invalid
    and ``skip_invalid`` is false. Returns counts and the rows skipped."""
    config = get_module_config("catalog")
    errors = _Errors()
    categories = category_service.by_slugs(vendor_id)
    rows, total = _parse_rows(text, categories, errors)
    existing_skus = {
        sku: (variant_id, product_id)
        for sku, variant_id, product_id in db.session.execute(
            select(ProductVariant.sku, ProductVariant.id, ProductVariant.product_id).where(
                ProductVariant.vendor_id == vendor_id
            )
        )
    }
    product_ids = dict(
        db.session.execute(select(Product.slug, Product.id).where(Product.vendor_id == vendor_id)).all()
    )
    groups = _group(rows, existing_skus, product_ids, default_language, errors)
    result = ImportResult(total=total, errors=sorted(errors.items, key=lambda e: (e["line"], e["column"])))
    if errors.items and not skip_invalid:
        raise InvalidImport(result.errors)
    try:
        _write(vendor_id, groups, existing_skus, config.import_batch_size, result, progress)
        facet_cache.changed(db.session, vendor_id)
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    _analyze_after_import(result.imported_rows)
    return result


def _parse_rows(text: str, categories: dict[str, int], errors: _Errors) -> tuple[list[Row], int]:
    rows: list[Row] = []
    total = 0
    seen_skus: dict[str, int] = {}
    option_columns: list[tuple[str, str]] | None = None
    for line, raw in _records(text):
        total += 1
        if option_columns is None:
            option_columns = []
            for column in raw:
                if column.startswith("option_"):
                    name = column[7:]
                    if OPTION_NAME_RE.match(name):
                        option_columns.append((column, name))
                    else:
                        errors.add(1, column, "catalog.validation.option_name")
                elif column not in KNOWN_COLUMNS and column:
                    errors.add(1, column, "catalog.validation.csv_unknown_column")
        bad = len(errors.items)
        handle = (raw.get("handle") or "").strip().lower()
        if not handle:
            errors.add(line, "handle", "catalog.validation.handle_required")
        elif len(handle) > 120 or not SLUG_RE.match(handle):
            errors.add(line, "handle", "catalog.validation.slug")
        sku = ""
        try:
            sku = check_sku(raw.get("sku") or "")
        except ValueError as exc:
            errors.add(line, "sku", str(exc))
        if sku:
            if sku in seen_skus:
                errors.add(line, "sku", "catalog.validation.sku_duplicate_line", other=seen_skus[sku])
            else:
                seen_skus[sku] = line
        price = 0
        try:
            price_text = (raw.get("price") or "").strip()
            if not price_text:
                raise ValueError("catalog.validation.price_required")
            price = euros_to_cents(price_text)
        except ValueError as exc:
            errors.add(line, "price", str(exc))
        gtin = None
        try:
            gtin = check_gtin(raw.get("gtin"))
        except ValueError as exc:
            errors.add(line, "gtin", str(exc))
        values = {}
        for column in (*TITLE_COLUMNS, *DESCRIPTION_COLUMNS, *PRODUCT_COLUMNS):
            value = raw.get(column)
            if value is not None:
                values[column] = value.strip()
        for column in TITLE_COLUMNS:
            if len(values.get(column, "")) > 200:
                errors.add(line, column, "catalog.validation.title_too_long")
        if len(values.get("brand", "")) > 120:
            errors.add(line, "brand", "catalog.validation.brand_too_long")
        if values.get("vat_rate"):
            try:
                check_vat_rate(values["vat_rate"])
            except ValueError as exc:
                errors.add(line, "vat_rate", str(exc))
        if values.get("status") and values["status"].lower() not in STATUSES:
            errors.add(line, "status", "catalog.validation.status")
        if values.get("featured", "").lower() not in TRUE | FALSE:
            errors.add(line, "featured", "catalog.validation.boolean")
        for slug in _split(values.get("category_slugs", "")):
            if slug not in categories:
                errors.add(line, "category_slugs", "catalog.validation.category_slug", slug=slug)
        options = {}
        for column, name in option_columns:
            value = (raw.get(column) or "").strip()
            if len(value) > 60:
                errors.add(line, column, "catalog.validation.option_value")
            elif value:
                options[name] = value
        if len(errors.items) == bad:
            rows.append(Row(line, handle, sku, price, gtin, options, values))
    return rows, total


def _split(value: str) -> list[str]:
    return [part.strip().lower() for part in (value or "").split("|") if part.strip()]


def _group(
    rows: list[Row],
    existing_skus: dict[str, tuple[int, int]],
    product_ids: dict[str, int],
    default_language: str,
    errors: _Errors,
) -> list[Group]:
    groups: dict[str, Group] = {}
    for row in rows:
        group = groups.get(row.handle)
        if group is None:
            group = groups[row.handle] = Group(
                handle=row.handle, line=row.line, product_id=product_ids.get(row.handle)
            )
            v = row.values
            group.titles = {lang: v[f"title_{lang}"] for lang in LANGUAGES if v.get(f"title_{lang}")}
            group.descriptions = {
                lang: v[f"description_{lang}"] for lang in LANGUAGES if v.get(f"description_{lang}")
            }
            group.brand = v.get("brand")
            group.vat_rate = check_vat_rate(v["vat_rate"]) if v.get("vat_rate") else None
            if "category_slugs" in v:
                group.category_slugs = _split(v["category_slugs"])
            group.status = STATUSES[v["status"].lower()] if v.get("status") else None
            group.featured = (v["featured"].lower() in TRUE) if v.get("featured") else None
        owner = existing_skus.get(row.sku)
        if owner is not None and owner[1] != group.product_id:
            errors.add(row.line, "sku", "catalog.validation.sku_other_product")
            continue
        group.rows.append(row)
    valid = []
    for group in groups.values():
        if not group.rows:
            continue
        first = group.rows[0].line
        if group.product_id is None and not group.titles.get(default_language):
            errors.add(first, f"title_{default_language}", "catalog.validation.title_required")
            continue
        keys = {tuple(sorted(r.options)) for r in group.rows}
        if len(keys) > 1:
            errors.add(group.rows[1].line, "options", "catalog.validation.options_mismatch")
            continue
        if len(group.rows) > 1:
            combos = [tuple(sorted(r.options.items())) for r in group.rows]
            if not combos[0]:
                errors.add(first, "options", "catalog.validation.options_required")
                continue
            if len(set(combos)) != len(combos):
                errors.add(group.rows[-1].line, "options", "catalog.validation.options_duplicate")
                continue
        valid.append(group)
    return valid


def _batches(groups: list[Group], size: int) -> Iterator[list[Group]]:
    batch, rows = [], 0
    for group in groups:
        batch.append(group)
        rows += len(group.rows)
        if rows >= size:
            yield batch
            batch, rows = [], 0
    if batch:
        yield batch


def _write(
    vendor_id: int,
    groups: list[Group],
    existing_skus: dict[str, tuple[int, int]],
    batch_size: int,
    result: ImportResult,
    progress: Callable[[int, int], None] | None,
) -> None:
    categories = category_service.by_slugs(vendor_id)
    hook = current_app.extensions["wizamart"].pm.hook
    # What new variants start with: 0 where inventory tracks the shop's stock (nothing received
    # yet), None (not tracked, always available) otherwise. Written with the rows, so no
    # listener has to update 100,000 fresh rows afterwards.
    initial_stock = hook.initial_stock_available(vendor_id=vendor_id)
    writer = _BatchWriter(vendor_id, categories, existing_skus, initial_stock, utcnow())
    done = 0
    for batch in _batches(groups, batch_size):
        new = [g for g in batch if g.product_id is None]
        old = [g for g in batch if g.product_id is not None]
        created_variant_ids = writer.create(new) + writer.update(old)
        hook.on_products_imported(
            vendor_id=vendor_id,
            created_product_ids=[g.product_id for g in new],
            updated_product_ids=[g.product_id for g in old],
            created_variant_ids=created_variant_ids,
        )
        result.created += len(new)
        result.updated += len(old)
        rows_done = sum(len(g.rows) for g in batch)
        result.imported_rows += rows_done
        done += rows_done
        if progress is not None:
            progress(done, result.total)


# The columns of a new product's row (create), in order.
PRODUCT_ROW = (
    "vendor_id",
    "slug",
    "status",
    "brand",
    "vat_rate",
    "featured",
    "in_stock",
    "min_price_cents",
    "created_at",
    "updated_at",
    "archived_at",
    "search_title",
    "search_body",
)


def _texts(g: Group) -> dict[str, tuple[str, str]]:
    """The translations a group writes: ``{lang: (title, description)}`` for each title given."""
    return {lang: (title, g.descriptions.get(lang, "")) for lang, title in g.titles.items()}


def _search_columns(texts: dict[str, tuple[str, str]]) -> tuple[str, str]:
    return search_service.search_columns(
        [title for title, _ in texts.values()], [description for _, description in texts.values()]
    )


def _archived_at(status: ProductStatus, now, before=None):
    if status is not ProductStatus.ARCHIVED:
        return None
    return before or now


@dataclass
class _BatchWriter:
    """Writes the batches of one import. New rows go in by COPY (PostgreSQL) or multi-row
    INSERT; existing products are compared with what the database holds (a few SELECTs per
    batch) and only what differs is written, as executemany statements: re-importing an
    unchanged file writes nothing."""

    vendor_id: int
    categories: dict[str, int]
    existing_skus: dict[str, tuple[int, int]]
    initial_stock: int | None
    now: object

    # ---------------------------------------------------------------- new products

    def create(self, groups: list[Group]) -> list[int]:
        """Insert these new products with their translations, category links and variants;
        the ids of the variants created."""
        if not groups:
            return []
        in_stock = self.initial_stock is None or self.initial_stock > 0

        def product_rows() -> Iterator[tuple]:
            # A generator: on PostgreSQL the search columns are computed while COPY streams the
            # rows before them, so Python's folding and the server's indexing overlap.
            for g in groups:
                status = g.status or ProductStatus.ACTIVE
                yield (
                    self.vendor_id,
                    g.handle,
                    status.value,
                    g.brand or "",
                    int(g.vat_rate or VatClass.STANDARD),
                    bool(g.featured),
                    in_stock,
                    min(r.price_cents for r in g.rows),
                    self.now,
                    self.now,
                    _archived_at(status, self.now),
                    *_search_columns(_texts(g)),
                )

        if _copies():
            for g, product_id in zip(groups, _next_ids(Product.__table__, len(groups)), strict=True):
                g.product_id = product_id
            _copy_rows(
                Product.__table__,
                ((g.product_id, *row) for g, row in zip(groups, product_rows(), strict=True)),
                columns=("id", *PRODUCT_ROW),
            )
        else:
            rows = [dict(zip(PRODUCT_ROW, row, strict=True)) for row in product_rows()]
            returned = dict(_insert_values(Product.__table__, rows, returning=("slug", "id")))
            for g in groups:
                g.product_id = returned[g.handle]
        _copy_rows(
            ProductTranslation.__table__,
            [(g.product_id, lang, title, text) for g in groups for lang, (title, text) in _texts(g).items()],
            columns=("product_id", "language", "title", "description"),
        )
        _copy_rows(
            product_categories,
            [(g.product_id, category_id) for g in groups for category_id in self._category_ids(g)],
            columns=("product_id", "category_id"),
        )
        return self._insert_variants(
            [(g.product_id, position, row) for g in groups for position, row in enumerate(g.rows)]
        )

    def _category_ids(self, g: Group) -> list[int]:
        return [self.categories[s] for s in dict.fromkeys(g.category_slugs or []) if s in self.categories]

    def _insert_variants(self, variants: list[tuple[int, int, Row]]) -> list[int]:
        rows = [
            {
                "vendor_id": self.vendor_id,
                "product_id": product_id,
                "sku": row.sku,
                "gtin": row.gtin,
                "price_cents": row.price_cents,
                "options": row.options,
                "position": position,
                "stock_available": self.initial_stock,
            }
            for product_id, position, row in variants
        ]
        if not rows:
            return []
        returned = dict(_insert_returning_ids(ProductVariant.__table__, rows, key="sku"))
        created = []
        for values in rows:
            variant_id = returned[values["sku"]]
            created.append(variant_id)
            self.existing_skus[values["sku"]] = (variant_id, values["product_id"])
        return created

    # ---------------------------------------------------------------- existing products

    def update(self, groups: list[Group]) -> list[int]:
        """Bring these existing products in line with their rows, writing only what changed;
        the ids of the variants created (new SKUs on existing products)."""
        if not groups:
            return []
        ids = [g.product_id for g in groups]
        products = {
            row.id: row
            for row in _select_in(
                select(
                    Product.id,
                    Product.brand,
                    Product.vat_rate,
                    Product.status,
                    Product.featured,
                    Product.archived_at,
                    Product.in_stock,
                    Product.min_price_cents,
                ),
                Product.id,
                ids,
            )
        }
        variants: dict[int, dict[int, dict]] = {}
        for row in _select_in(
            select(
                ProductVariant.id,
                ProductVariant.product_id,
                ProductVariant.gtin,
                ProductVariant.price_cents,
                ProductVariant.options,
                ProductVariant.stock_available,
            ),
            ProductVariant.product_id,
            ids,
        ):
            variants.setdefault(row.product_id, {})[row.id] = row._asdict()
        retitled = [g.product_id for g in groups if g.titles]
        translations: dict[int, dict[str, tuple[int, str, str]]] = {}
        for row in _select_in(
            select(
                ProductTranslation.product_id,
                ProductTranslation.language,
                ProductTranslation.id,
                ProductTranslation.title,
                ProductTranslation.description,
            ),
            ProductTranslation.product_id,
            retitled,
        ):
            translations.setdefault(row.product_id, {})[row.language] = (row.id, row.title, row.description)
        recategorised = [g.product_id for g in groups if g.category_slugs is not None]
        links: dict[int, set[int]] = {}
        for product_id, category_id in _select_in(
            select(product_categories.c.product_id, product_categories.c.category_id),
            product_categories.c.product_id,
            recategorised,
        ):
            links.setdefault(product_id, set()).add(category_id)

        variant_updates, new_variants = [], []
        for g in groups:
            mine = variants.setdefault(g.product_id, {})
            for position, row in enumerate(g.rows):
                owner = self.existing_skus.get(row.sku)
                if owner is None:
                    new_variants.append((g.product_id, position, row))
                    continue
                current = mine[owner[0]]
                wanted = {"gtin": row.gtin, "price_cents": row.price_cents, "options": row.options}
                if any(current[k] != v for k, v in wanted.items()):
                    variant_updates.append({"id": owner[0], **wanted})
                    current.update(wanted)
        created_variant_ids = self._insert_variants(new_variants)
        for product_id, _, row in new_variants:
            variants[product_id][self.existing_skus[row.sku][0]] = {
                "price_cents": row.price_cents,
                "stock_available": self.initial_stock,
            }
        if variant_updates:
            _bulk_update(ProductVariant, variant_updates)

        product_updates, translation_updates, dropped_translations, added_translations = [], [], [], []
        dropped_links, added_links = [], []
        for g in groups:
            current = products[g.product_id]
            values, changed = {}, {}
            if g.brand is not None:
                values["brand"] = g.brand
            if g.vat_rate is not None:
                values["vat_rate"] = g.vat_rate
            if g.status is not None:
                values["status"] = g.status
                values["archived_at"] = _archived_at(g.status, self.now, current.archived_at)
            if g.featured is not None:
                values["featured"] = g.featured
            mine = variants[g.product_id].values()
            values["min_price_cents"] = min((v["price_cents"] for v in mine), default=0)
            values["in_stock"] = any(v["stock_available"] is None or v["stock_available"] > 0 for v in mine)
            if g.titles:
                wanted = _texts(g)
                existing = translations.get(g.product_id, {})
                if {lang: (title, text) for lang, (_, title, text) in existing.items()} != wanted:
                    # (unchanged texts keep their search columns: every writer keeps them in step)
                    search_title, search_body = _search_columns(wanted)
                    changed.update(search_title=search_title, search_body=search_body)
                for lang, (translation_id, title, text) in existing.items():
                    if lang not in wanted:
                        dropped_translations.append({"translation_id": translation_id})
                    elif wanted[lang] != (title, text):
                        translation_updates.append(
                            {"id": translation_id, "title": wanted[lang][0], "description": wanted[lang][1]}
                        )
                added_translations += [
                    (g.product_id, lang, title, text)
                    for lang, (title, text) in wanted.items()
                    if lang not in existing
                ]
            if g.category_slugs is not None:
                wanted_links = set(self._category_ids(g))
                existing_links = links.get(g.product_id, set())
                dropped_links += [
                    {"product": g.product_id, "category": c} for c in existing_links - wanted_links
                ]
                added_links += [(g.product_id, c) for c in wanted_links - existing_links]
            changed.update((k, v) for k, v in values.items() if getattr(current, k) != v)
            if changed:
                product_updates.append({"id": g.product_id, **changed, "updated_at": self.now})
        if product_updates:
            _bulk_update(Product, product_updates)
        if dropped_translations:
            table = ProductTranslation.__table__
            db.session.execute(
                table.delete().where(table.c.id == bindparam("translation_id")), dropped_translations
            )
        if translation_updates:
            _bulk_update(ProductTranslation, translation_updates)
        _copy_rows(
            ProductTranslation.__table__,
            added_translations,
            columns=("product_id", "language", "title", "description"),
        )
        if dropped_links:
            db.session.execute(
                product_categories.delete().where(
                    product_categories.c.product_id == bindparam("product"),
                    product_categories.c.category_id == bindparam("category"),
                ),
                dropped_links,
            )
        _copy_rows(product_categories, added_links, columns=("product_id", "category_id"))
        return created_variant_ids


def _select_in(statement, column, ids: list[int]) -> Iterator:
    """Rows of ``statement`` whose ``column`` is in ``ids``: on PostgreSQL in one query with the
    ids as one array parameter (``= ANY``), elsewhere 1,000 ids at a time."""
    if not ids:
        return
    if db.session.get_bind().dialect.name == "postgresql":
        yield from db.session.execute(
            statement.where(column == any_(bindparam("ids", ids, type_=postgresql.ARRAY(Integer))))
        )
        return
    for start in range(0, len(ids), 1000):
        yield from db.session.execute(statement.where(column.in_(ids[start : start + 1000])))


def _bulk_update(model, rows: list[dict]) -> None:
    """executemany UPDATE by primary key, grouped by the set of columns each row sets."""
    by_keys: dict[tuple, list[dict]] = {}
    for row in rows:
        by_keys.setdefault(tuple(sorted(row)), []).append(row)
    for same in by_keys.values():
        db.session.execute(update(model), same)


def _analyze_after_import(rows: int) -> None:
    """Fresh statistics after a large import on PostgreSQL. Autovacuum gets there eventually,
    but until then the planner believes the tables as small as before the import, and the first
    storefront pages after importing 100,000 products ran plans meant for a handful."""
    if rows < ANALYZE_AFTER_ROWS or db.session.get_bind().dialect.name != "postgresql":
        return
    tables = (Product, ProductTranslation, ProductVariant)
    names = [model.__table__.name for model in tables] + [product_categories.name]
    db.session.execute(sql_text("ANALYZE " + ", ".join(f'"{name}"' for name in names)))
    db.session.commit()


# ------------------------------------------------------------------ fast writes

# Rows per statement stay under the databases' bound-parameter limits (PostgreSQL 65,535).
_MAX_PARAMS = 20_000


def _insert_values(table, rows: list[dict], returning: tuple[str, ...] = ()) -> list[tuple]:
    """Multi-row ``INSERT … VALUES (…), (…)`` (one round trip per few thousand rows where
    executemany pays one per row); returns the ``returning`` columns of every row."""
    if not rows:
        return []
    size = max(1, _MAX_PARAMS // len(rows[0]))
    found: list[tuple] = []
    for start in range(0, len(rows), size):
        statement = insert(table).values(rows[start : start + size])
        if returning:
            statement = statement.returning(*(table.c[name] for name in returning))
            found += [tuple(row) for row in db.session.execute(statement)]
        else:
            db.session.execute(statement)
    return found


def _next_ids(table, count: int) -> list[int]:
    """``count`` new ids from the table's sequence (PostgreSQL), in one query."""
    return list(
        db.session.execute(
            sql_text("SELECT nextval(pg_get_serial_sequence(:table, 'id')) FROM generate_series(1, :n)"),
            {"table": table.name, "n": count},
        ).scalars()
    )


def _insert_returning_ids(table, rows: list[dict], key: str) -> list[tuple]:
    """Insert ``rows`` and return ``(row[key], id)`` pairs. On PostgreSQL the ids are drawn
    from the table's sequence first (one query), then the rows go in by COPY; elsewhere a
    multi-row INSERT … RETURNING."""
    if not rows:
        return []
    if not _copies():
        return _insert_values(table, rows, returning=(key, "id"))
    ids = _next_ids(table, len(rows))
    with_ids = [{"id": new_id, **row} for new_id, row in zip(ids, rows, strict=True)]
    _copy_rows(table, with_ids)
    return [(row[key], row["id"]) for row in with_ids]


def _copies() -> bool:
    connection = db.session.connection()
    return connection.dialect.name == "postgresql" and connection.dialect.driver == "psycopg"


def _copy_value(value):
    """A Python value as COPY takes it: enums by value, JSON columns (dicts) as JSON text."""
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    return value


def _copy_rows(table, rows: list, columns: tuple[str, ...] | None = None) -> None:
    """Rows whose ids nobody needs (dicts, or tuples in the order of ``columns``):
    ``COPY … FROM STDIN`` on PostgreSQL (the fastest way in), multi-row inserts elsewhere.
    The session's own connection: same transaction."""
    if not rows:
        return
    if columns is not None:
        rows_as_dicts = None
    else:
        columns = tuple(rows[0])
        rows_as_dicts = rows
    if not _copies():
        _insert_values(table, rows_as_dicts or [dict(zip(columns, row, strict=True)) for row in rows])
        return
    if rows_as_dicts is not None:
        rows = list(map(operator.itemgetter(*columns), rows_as_dicts))  # tuples (2+ columns)
        # Convert only the columns that need it (enums, JSON), judged on the first row.
        first = rows[0]
        special = [i for i in range(len(columns)) if isinstance(first[i], enum.Enum | dict | list)]
        if special:
            converted = []
            for row in rows:
                row = list(row)
                for i in special:
                    row[i] = _copy_value(row[i])
                converted.append(row)
            rows = converted
    names = ", ".join(f'"{c}"' for c in columns)
    cursor = db.session.connection().connection.driver_connection.cursor()
    with cursor, cursor.copy(f'COPY "{table.name}" ({names}) FROM STDIN') as copy:
        for row in rows:
            copy.write_row(row)


# ------------------------------------------------------------------ export


def export_csv(vendor_id: int) -> str:
    """Every product of the shop (archived ones too) in the import's format, one row per
    variant, products by id and variants by position."""
    option_names: set[str] = set()
    for (options,) in db.session.execute(
        select(ProductVariant.options).where(ProductVariant.vendor_id == vendor_id)
    ):
        option_names.update((options or {}).keys())
    options = sorted(n for n in option_names if OPTION_NAME_RE.match(n))
    slugs = {cid: slug for slug, cid in category_service.by_slugs(vendor_id).items()}
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([*COLUMNS, *(f"option_{n}" for n in options)])
    product_ids = list(
        db.session.scalars(select(Product.id).where(Product.vendor_id == vendor_id).order_by(Product.id))
    )
    for start in range(0, len(product_ids), 1000):
        chunk = product_ids[start : start + 1000]
        products = {
            p.id: p
            for p in db.session.execute(
                select(
                    Product.id,
                    Product.slug,
                    Product.brand,
                    Product.vat_rate,
                    Product.status,
                    Product.featured,
                ).where(Product.id.in_(chunk))
            )
        }
        texts: dict[int, dict[str, tuple[str, str]]] = {}
        for product_id, lang, title, description in db.session.execute(
            select(
                ProductTranslation.product_id,
                ProductTranslation.language,
                ProductTranslation.title,
                ProductTranslation.description,
            ).where(ProductTranslation.product_id.in_(chunk))
        ):
            texts.setdefault(product_id, {})[lang] = (title, description)
        links: dict[int, list[str]] = {}
        for product_id, category_id in db.session.execute(
            select(product_categories.c.product_id, product_categories.c.category_id).where(
                product_categories.c.product_id.in_(chunk)
            )
        ):
            if category_id in slugs:
                links.setdefault(product_id, []).append(slugs[category_id])
        variants = db.session.execute(
            select(
                ProductVariant.product_id,
                ProductVariant.sku,
                ProductVariant.gtin,
                ProductVariant.price_cents,
                ProductVariant.options,
            )
            .where(ProductVariant.product_id.in_(chunk))
            .order_by(ProductVariant.product_id, ProductVariant.position, ProductVariant.id)
        )
        for product_id, sku, gtin, price_cents, variant_options in variants:
            p = products[product_id]
            text = texts.get(product_id, {})
            writer.writerow(
                [
                    p.slug,
                    sku,
                    *(text.get(lang, ("", ""))[0] for lang in LANGUAGES),
                    *(text.get(lang, ("", ""))[1] for lang in LANGUAGES),
                    p.brand,
                    cents_to_euros(price_cents),
                    VAT_PERCENTS.get(p.vat_rate, ""),
                    gtin or "",
                    "|".join(sorted(links.get(product_id, []))),
                    ProductStatus(p.status).value,
                    "1" if p.featured else "0",
                    *((variant_options or {}).get(n, "") for n in options),
                ]
            )
    return out.getvalue()
