"""The catalog module's errors. Messages are locale keys (``catalog.errors.<name>``); an error
about one input names it in ``details["fields"]`` so forms and API clients show it beside it."""

from __future__ import annotations

from wizamart.errors import ConflictError, NotFoundError, ValidationError, WizamartException


class CatalogException(WizamartException):
    """Base error of the catalog module."""

    error_code = "catalog_error"


class ProductNotFound(NotFoundError):
    """A product that does not exist in this shop."""

    def __init__(self, ref, field: str | None = None):
        details: dict = {"kind": "product", "ref": ref}
        if field:
            details["fields"] = {field: "catalog.validation.product_unknown"}
        super().__init__("catalog.errors.product_not_found", details=details, params={"ref": ref})


class CategoryNotFound(NotFoundError):
    """A category that does not exist in this shop."""

    def __init__(self, ref, field: str | None = None):
        details: dict = {"kind": "category", "ref": ref}
        if field:
            details["fields"] = {field: "catalog.validation.category_unknown"}
        super().__init__("catalog.errors.category_not_found", details=details, params={"ref": ref})


class VariantNotFound(NotFoundError):
    """A variant that does not exist in this shop (or not in this product)."""

    def __init__(self, ref, field: str | None = None):
        details: dict = {"kind": "variant", "ref": ref}
        if field:
            details["fields"] = {field: "catalog.validation.variant_unknown"}
        super().__init__("catalog.errors.variant_not_found", details=details, params={"ref": ref})


class ImportJobNotFound(NotFoundError):
    """An import job that does not exist in this shop."""

    def __init__(self, ref):
        super().__init__(
            "catalog.errors.import_not_found", details={"kind": "import", "ref": ref}, params={"ref": ref}
        )


class SkuTaken(ConflictError):
    """Another variant of this shop already has this SKU (SKUs are unique per shop)."""

    error_code = "already_used"

    def __init__(self, sku: str, field: str = "sku"):
        super().__init__(
            "catalog.errors.sku_taken",
            details={"fields": {field: "catalog.validation.sku_taken"}, "sku": sku},
            params={"sku": sku},
        )


class SlugTaken(ConflictError):
    """Another record of this shop already has this slug."""

    error_code = "already_used"

    def __init__(self, slug: str):
        super().__init__(
            "catalog.errors.slug_taken",
            details={"fields": {"slug": "catalog.validation.slug_taken"}},
            params={"slug": slug},
        )


class CategoryInUse(ConflictError):
    """A category that still has sub-categories cannot be deleted."""

    error_code = "category_in_use"

    def __init__(self, ref):
        super().__init__("catalog.errors.category_has_children", details={"ref": ref}, params={"ref": ref})


class VariantInUse(ConflictError):
    """A variant other records point at (stock, orders) cannot be removed; archive the product."""

    error_code = "variant_in_use"

    def __init__(self):
        super().__init__(
            "catalog.errors.variant_in_use", details={"fields": {"variants": "catalog.errors.variant_in_use"}}
        )


class InvalidProduct(ValidationError):
    """The product's input breaks a catalog rule; ``fields`` names each input."""

    def __init__(self, fields: dict[str, str]):
        first = next(iter(fields.values()))
        super().__init__(first, details={"fields": fields})


class ImportTooLarge(CatalogException):
    """The CSV file is larger than the import accepts."""

    status_code = 413
    error_code = "file_too_large"

    def __init__(self, limit_bytes: int):
        megabytes = f"{limit_bytes / 1024 / 1024:.0f}"
        super().__init__(
            "catalog.errors.import_too_large",
            details={"fields": {"file": "catalog.validation.import_too_large"}, "limit_bytes": limit_bytes},
            params={"limit": megabytes},
        )


class NotCsv(ValidationError):
    """The upload is not a UTF-8 CSV file with the catalog's header."""

    error_code = "unsupported_media_type"

    def __init__(self, reason: str = "catalog.validation.not_csv", **params):
        # The field's text cannot carry placeholders; the message names what is missing.
        field_text = "catalog.validation.csv_header_fields" if params else reason
        super().__init__(reason, details={"fields": {"file": field_text}}, params=params)


class InvalidImport(ValidationError):
    """Some rows of the CSV are invalid; nothing was imported. ``details["rows"]`` lists them."""

    error_code = "invalid_import"

    def __init__(self, errors: list[dict]):
        super().__init__(
            "catalog.errors.import_invalid",
            details={"rows": errors, "fields": {"file": "catalog.validation.import_rows_invalid"}},
            params={"count": len(errors)},
        )
