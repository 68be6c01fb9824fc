"""Vendor pages of the catalog, under /vendor/<vendor_code>/catalog: products (list, form, bulk
edit), categories, and the CSV import and export."""

from __future__ import annotations

import re

from flask import Blueprint, Response, flash, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.datastructures import MultiDict

from wizamart import current_vendor, t
from wizamart.errors import ValidationError, WizamartException
from wizamart.forms import parse, parse_form, run_form_action
from wizamart.i18n import error_text, t_or
from wizamart.security import permission_required

from ...models import LANGUAGES, ProductStatus
from ...schemas import VAT_PERCENTS, BulkEditIn, CategoryIn, ProductIn, cents_to_euros, net_cents
from ...services import category_service, import_service, product_service

blueprint = Blueprint("catalog_vendor_pages", __name__)

OPTION_SLOTS = 3
VARIANT_FIELD = re.compile(r"^variants-(\d+)-(\w+)$")
STATUS_LABELS = {
    "draft": "catalog.status.draft",
    "active": "catalog.status.active",
    "archived": "catalog.status.archived",
}


def vat_options() -> list[tuple[str, str]]:
    return [(str(percent), t("catalog.vat.rate", rate=percent)) for percent in (17, 14, 8, 3)]


def status_options(with_archived: bool = False) -> list[tuple[str, str]]:
    names = ("draft", "active", "archived") if with_archived else ("draft", "active")
    return [(name, t(STATUS_LABELS[name])) for name in names]


def category_options(vendor_id: int) -> list[tuple[int, str]]:
    rows = category_service.all_of(vendor_id)
    by_id = {c.id: c for c in rows}
    return [(c.id, "— " * category_service.depth_of(c, by_id) + category_service.name_of(c)) for c in rows]


# ------------------------------------------------------------------ products: list and bulk edit


@blueprint.get("/catalog/products")
@permission_required("catalog.view_products")
def products(vendor_code: str):
    vendor = current_vendor()
    page = product_service.search(
        vendor.id,
        q=request.args.get("q", ""),
        status=request.args.get("status", ""),
        category_id=request.args.get("category_id", type=int),
        brand=request.args.get("brand", ""),
        page=request.args.get("page", 1, type=int),
        per_page=request.args.get("per_page", 20, type=int),
    )
    return render_template(
        "catalog/vendor/products.html",
        page=page,
        media=product_service.media_views(vendor.id, page.items),
        title_of=product_service.title_of,
        status_labels=STATUS_LABELS,
        filters=[
            ("status", t("catalog.field.status"), status_options(with_archived=True)),
            ("category_id", t("catalog.field.category"), category_options(vendor.id)),
            ("brand", t("catalog.field.brand"), [(b, b) for b in product_service.brands(vendor.id)]),
        ],
        bulk_status_options=status_options(),
        bulk_category_options=category_options(vendor.id),
        vat_options=vat_options(),
    )


@blueprint.post("/catalog/products/bulk")
@permission_required("catalog.manage_products")
def bulk_edit(vendor_code: str):
    vendor = current_vendor()
    changed, errors = run_form_action(
        lambda: product_service.bulk_edit(vendor.id, parse_form(BulkEditIn, request.form))
    )
    if errors:
        field, message = next(iter(errors.items()))
        flash(message if field == "__root__" else f"{_field_label(field)}: {message}", "error")
    else:
        flash(t("catalog.products.bulk_done", count=changed), "success")
    return redirect(request.form.get("next") or url_for(".products", vendor_code=vendor_code))


def _field_label(field: str) -> str:
    return t_or(f"catalog.field.{field}", field)


# ------------------------------------------------------------------ products: form


@blueprint.get("/catalog/products/new")
@permission_required("catalog.manage_products")
def product_new(vendor_code: str):
    vendor = current_vendor()
    values = {"status": "draft", "vat_rate": "17", "featured": False, "category_ids": [], "media_ids": []}
    return _form_page(vendor, None, values, [_blank_row(0)], {})


@blueprint.post("/catalog/products/new")
@permission_required("catalog.manage_products")
def product_create(vendor_code: str):
    vendor = current_vendor()
    product, errors = _save_form(vendor, None)
    if product is not None:
        flash(t("catalog.products.saved", title=product_service.title_of(product)), "success")
        return redirect(url_for(".product_edit", vendor_code=vendor_code, product_id=product.id))
    values, rows = _values_from_form(request.form)
    return _form_page(vendor, None, values, rows, errors)


@blueprint.get("/catalog/products/<int:product_id>")
@permission_required("catalog.view_products")
def product_edit(vendor_code: str, product_id: int):
    vendor = current_vendor()
    product = product_service.get(vendor.id, product_id)
    values, rows = _values_from_product(product)
    return _form_page(vendor, product, values, rows, {})


@blueprint.post("/catalog/products/<int:product_id>")
@permission_required("catalog.manage_products")
def product_save(vendor_code: str, product_id: int):
    vendor = current_vendor()
    product = product_service.get(vendor.id, product_id)
    saved, errors = _save_form(vendor, product_id)
    if saved is not None:
        flash(t("catalog.products.saved", title=product_service.title_of(saved)), "success")
        return redirect(url_for(".product_edit", vendor_code=vendor_code, product_id=product_id))
    values, rows = _values_from_form(request.form)
    return _form_page(vendor, product_service.get(vendor.id, product.id), values, rows, errors)


@blueprint.post("/catalog/products/<int:product_id>/archive")
@permission_required("catalog.manage_products")
def product_archive(vendor_code: str, product_id: int):
    product = product_service.archive(current_vendor().id, product_id)
    flash(t("catalog.products.archived", title=product_service.title_of(product)), "success")
    return redirect(url_for(".products", vendor_code=vendor_code))


@blueprint.post("/catalog/products/<int:product_id>/restore")
@permission_required("catalog.manage_products")
def product_restore(vendor_code: str, product_id: int):
    product = product_service.restore(current_vendor().id, product_id)
    flash(t("catalog.products.restored", title=product_service.title_of(product)), "success")
    return redirect(url_for(".product_edit", vendor_code=vendor_code, product_id=product_id))


def _form_page(vendor, product, values: dict, rows: list[dict], errors: dict):
    from modules.cms.services import media_service

    library = media_service.images_of(vendor.id, limit=60)
    chosen = [int(m) for m in values.get("media_ids", []) if str(m).isdigit()]
    if chosen:
        # The product's own images come first, in its order, even when older than the 60 shown.
        known = {m.id for m in library}
        extra = media_service.media_for(vendor.id, [m for m in chosen if m not in known])
        by_id = {m.id: m for m in library} | extra
        library = [by_id[m] for m in chosen if m in by_id] + [m for m in library if m.id not in set(chosen)]
    default = vendor.default_language if vendor.default_language in LANGUAGES else "en"
    return render_template(
        "catalog/vendor/product_form.html",
        product=product,
        values=values,
        rows=rows,
        errors=errors,
        languages_order=[default] + [lang for lang in LANGUAGES if lang != default],
        default_language=default,
        vat_options=vat_options(),
        status_options=status_options(),
        status_labels=STATUS_LABELS,
        category_options=category_options(vendor.id),
        library=library,
        option_slots=range(1, OPTION_SLOTS + 1),
        title_of=product_service.title_of,
    ), (422 if errors else 200)


def _blank_row(index: int) -> dict:
    return {"index": index, "id": "", "sku": "", "gtin": "", "price": "", "options": [""] * OPTION_SLOTS}


def _values_from_product(product) -> tuple[dict, list[dict]]:
    values: dict = {
        "slug": product.slug,
        "brand": product.brand,
        "vat_rate": str(VAT_PERCENTS.get(product.vat_rate, 17)),
        "status": product.status.value if product.status is not ProductStatus.ARCHIVED else "draft",
        "featured": product.featured,
        "category_ids": [c.id for c in product.categories],
        "media_ids": [image.media_id for image in product.images],
    }
    for tr in product.translations:
        values[f"title_{tr.language}"] = tr.title
        values[f"description_{tr.language}"] = tr.description
    names: list[str] = []
    for variant in product.variants:
        for name in variant.options or {}:
            if name not in names:
                names.append(name)
    names = names[:OPTION_SLOTS]
    for slot, name in enumerate(names, start=1):
        values[f"option_name_{slot}"] = name
    rows = []
    for index, variant in enumerate(product.variants):
        options = [(variant.options or {}).get(name, "") for name in names]
        rows.append(
            {
                "index": index,
                "id": variant.id,
                "sku": variant.sku,
                "gtin": variant.gtin or "",
                "price": cents_to_euros(variant.price_cents),
                "net": net_cents(variant.price_cents, product.vat_rate),
                "vat": variant.price_cents - net_cents(variant.price_cents, product.vat_rate),
                "options": options + [""] * (OPTION_SLOTS - len(options)),
                "stock_available": variant.stock_available,
            }
        )
    return values, rows


def _form_rows(form: MultiDict) -> list[dict]:
    """The variant rows of the form, by their index, with what was typed."""
    indexes = sorted({int(m.group(1)) for key in form for m in [VARIANT_FIELD.match(key)] if m})
    rows = []
    for index in indexes:
        prefix = f"variants-{index}-"
        rows.append(
            {
                "index": index,
                "id": form.get(prefix + "id", ""),
                "sku": form.get(prefix + "sku", "").strip(),
                "gtin": form.get(prefix + "gtin", "").strip(),
                "price": form.get(prefix + "price", "").strip(),
                "options": [
                    form.get(f"{prefix}option_{slot}", "").strip() for slot in range(1, OPTION_SLOTS + 1)
                ],
                "remove": form.get(prefix + "remove") in ("1", "true", "on"),
            }
        )
    return rows


def _values_from_form(form: MultiDict) -> tuple[dict, list[dict]]:
    values = {key: form.get(key, "") for key in form if not key.startswith("variants-")}
    values["featured"] = form.get("featured") == "true" or "true" in form.getlist("featured")
    values["category_ids"] = form.getlist("category_ids")
    values["media_ids"] = form.getlist("media_ids")
    rows = [row for row in _form_rows(form) if not row["remove"]] or [_blank_row(0)]
    return values, rows


def _form_to_data(form: MultiDict) -> tuple[dict, list[int]]:
    """The form as ``ProductIn`` input, and the form index of each variant kept (for errors)."""
    translations = {}
    for lang in LANGUAGES:
        title = form.get(f"title_{lang}", "").strip()
        description = form.get(f"description_{lang}", "").strip()
        if title or description:
            translations[lang] = {"title": title, "description": description}
    names = [
        re.sub(r"[\s-]+", "_", form.get(f"option_name_{slot}", "").strip().lower())
        for slot in range(1, OPTION_SLOTS + 1)
    ]
    variants, indexes = [], []
    for row in _form_rows(form):
        if row["remove"] or not (row["sku"] or row["price"] or row["gtin"] or any(row["options"])):
            continue
        variant: dict = {
            "sku": row["sku"],
            "gtin": row["gtin"] or None,
            "price": row["price"] or None,
            "options": {
                name: value for name, value in zip(names, row["options"], strict=True) if name and value
            },
        }
        if str(row["id"]).isdigit():
            variant["id"] = int(row["id"])
        variants.append(variant)
        indexes.append(row["index"])
    data = {
        "translations": translations,
        "brand": form.get("brand", "").strip(),
        "vat_rate": form.get("vat_rate", "17"),
        "status": form.get("status", "draft"),
        "featured": "true" in form.getlist("featured"),
        "category_ids": [v for v in form.getlist("category_ids") if v],
        "media_ids": [v for v in form.getlist("media_ids") if v],
        "variants": variants,
    }
    if form.get("slug", "").strip():
        data["slug"] = form.get("slug", "").strip()
    return data, indexes


def _form_errors(fields: dict[str, str], indexes: list[int]) -> dict[str, str]:
    """API field names (``variants.2.sku``, ``translations.fr.title``) as the form's inputs."""
    errors: dict[str, str] = {}
    for name, message in fields.items():
        parts = name.split(".")
        if parts[0] == "translations" and len(parts) >= 2:
            key = f"{parts[2] if len(parts) > 2 else 'title'}_{parts[1]}"
        elif parts[0] == "variants" and len(parts) >= 2 and parts[1].isdigit():
            index = indexes[int(parts[1])] if int(parts[1]) < len(indexes) else int(parts[1])
            column = parts[2] if len(parts) > 2 else "price"
            column = {"price_cents": "price", "id": "sku"}.get(column, column)
            key = f"variants-{index}-{column}"
        else:
            key = parts[0]
        errors.setdefault(key, t_or(message, message))
    return errors


def _save_form(vendor, product_id: int | None):
    data, indexes = _form_to_data(request.form)
    try:
        parsed = parse(ProductIn, data)
    except ValidationError as exc:
        return None, _form_errors(exc.details.get("fields", {}), indexes)
    uploads = [f for f in request.files.getlist("images") if f and f.filename]
    if product_id is None:
        saved, errors = run_form_action(
            lambda: product_service.create(vendor, parsed, uploads=uploads, user_id=current_user.id)
        )
    else:
        saved, errors = run_form_action(
            lambda: product_service.update(
                vendor, product_id, parsed, uploads=uploads, user_id=current_user.id
            )
        )
    return saved, _form_errors(errors, indexes) if errors else {}


# ------------------------------------------------------------------ categories


@blueprint.get("/catalog/categories")
@permission_required("catalog.view_products")
def categories(vendor_code: str):
    vendor = current_vendor()
    return _categories_page(vendor, {}, {})


@blueprint.post("/catalog/categories")
@permission_required("catalog.manage_products")
def category_create(vendor_code: str):
    vendor = current_vendor()
    category, errors = run_form_action(
        lambda: category_service.create(vendor, parse(CategoryIn, _category_data(request.form)))
    )
    if category is not None:
        flash(t("catalog.categories.saved", name=category_service.name_of(category)), "success")
        return redirect(url_for(".categories", vendor_code=vendor_code))
    return _categories_page(vendor, _category_errors(errors), request.form)


def _categories_page(vendor, errors: dict, values):
    rows = category_service.all_of(vendor.id)
    by_id = {c.id: c for c in rows}
    return render_template(
        "catalog/vendor/categories.html",
        categories=[(c, category_service.depth_of(c, by_id)) for c in rows],
        counts=category_service.product_counts(vendor.id),
        name_of=category_service.name_of,
        parent_options=[("", "—")] + category_options(vendor.id),
        errors=errors,
        values=values,
        default_language=vendor.default_language if vendor.default_language in LANGUAGES else "en",
    ), (422 if errors else 200)


@blueprint.get("/catalog/categories/<int:category_id>")
@permission_required("catalog.view_products")
def category_edit(vendor_code: str, category_id: int):
    vendor = current_vendor()
    category = category_service.get(vendor.id, category_id)
    values = {f"name_{lang}": name for lang, name in (category.names or {}).items()}
    values.update(slug=category.slug, parent_id=category.parent_id or "", position=category.position)
    return _category_page(vendor, category, values, {})


@blueprint.post("/catalog/categories/<int:category_id>")
@permission_required("catalog.manage_products")
def category_save(vendor_code: str, category_id: int):
    vendor = current_vendor()
    category = category_service.get(vendor.id, category_id)
    saved, errors = run_form_action(
        lambda: category_service.update(vendor, category_id, parse(CategoryIn, _category_data(request.form)))
    )
    if saved is not None:
        flash(t("catalog.categories.saved", name=category_service.name_of(saved)), "success")
        return redirect(url_for(".categories", vendor_code=vendor_code))
    return _category_page(
        vendor, category_service.get(vendor.id, category.id), request.form, _category_errors(errors)
    )


@blueprint.post("/catalog/categories/<int:category_id>/delete")
@permission_required("catalog.manage_products")
def category_delete(vendor_code: str, category_id: int):
    vendor = current_vendor()
    category_service.get(vendor.id, category_id)  # another shop's id: 404
    _, errors = run_form_action(lambda: category_service.delete(vendor.id, category_id))
    if errors:
        flash(next(iter(errors.values())), "error")
    else:
        flash(t("catalog.categories.deleted"), "success")
    return redirect(url_for(".categories", vendor_code=vendor_code))


def _category_page(vendor, category, values, errors: dict):
    return render_template(
        "catalog/vendor/category_form.html",
        category=category,
        values=values,
        errors=errors,
        name_of=category_service.name_of,
        parent_options=[("", "—")]
        + [(cid, label) for cid, label in category_options(vendor.id) if cid != category.id],
        default_language=vendor.default_language if vendor.default_language in LANGUAGES else "en",
    ), (422 if errors else 200)


def _category_data(form: MultiDict) -> dict:
    data: dict = {
        "names": {
            lang: form.get(f"name_{lang}", "") for lang in LANGUAGES if form.get(f"name_{lang}", "").strip()
        },
        "position": form.get("position", "0").strip() or "0",
    }
    if form.get("slug", "").strip():
        data["slug"] = form.get("slug", "").strip()
    if form.get("parent_id", "").strip():
        data["parent_id"] = form.get("parent_id", "").strip()
    return data


def _category_errors(errors: dict) -> dict:
    mapped = {}
    for name, message in errors.items():
        parts = name.split(".")
        key = f"name_{parts[1]}" if parts[0] == "names" and len(parts) > 1 else parts[0]
        mapped.setdefault(key, t_or(message, message))
    return mapped


# ------------------------------------------------------------------ CSV import and export


@blueprint.get("/catalog/import")
@permission_required("catalog.import_products")
def import_page(vendor_code: str):
    vendor = current_vendor()
    return _import_page(vendor, {})


@blueprint.post("/catalog/import")
@permission_required("catalog.import_products")
def import_upload(vendor_code: str):
    vendor = current_vendor()
    skip = request.form.get("skip_invalid") in ("1", "true", "on")
    try:
        job = import_service.start_import(vendor, request.files.get("file"), skip, user_id=current_user.id)
    except WizamartException as exc:
        # Too big (413) or not a CSV (422): the message stands beside the file input.
        fields = (exc.details or {}).get("fields") or {}
        text = error_text(exc)
        return _import_page(vendor, {"file": text} if fields else {"__root__": text}, exc.status_code)
    return redirect(url_for(".import_job", vendor_code=vendor_code, job_id=job.id))


def _import_page(vendor, errors: dict, status: int | None = None):
    from wizamart import get_module_config

    limit = get_module_config("catalog").import_max_bytes
    return render_template(
        "catalog/vendor/import.html",
        jobs=import_service.recent_jobs(vendor.id),
        errors=errors,
        limit_mb=f"{limit / 1024 / 1024:.0f}",
        columns=", ".join(import_service.COLUMNS) + ", option_…",
    ), (status or (422 if errors else 200))


@blueprint.get("/catalog/import/<int:job_id>")
@permission_required("catalog.import_products")
def import_job(vendor_code: str, job_id: int):
    job = import_service.get_job(current_vendor().id, job_id)
    return render_template(
        "catalog/vendor/import_job.html",
        job=job,
        errors=[import_service.describe_error(e) for e in (job.errors or [])],
    )


@blueprint.get("/catalog/export")
@permission_required("catalog.import_products")
def export(vendor_code: str):
    vendor = current_vendor()
    return Response(
        import_service.export_csv(vendor.id),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{vendor.code}-products.csv"'},
    )
