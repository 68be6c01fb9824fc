"""The cms module's errors. Messages are locale keys (``cms.errors.<name>``); errors about one
input name it in ``details["fields"]`` so forms and API clients show it beside that field."""

from __future__ import annotations

from wizamart.errors import ConflictError, NotFoundError, ValidationError, WizamartException


class CmsException(WizamartException):
    """Base error of the cms module."""

    error_code = "cms_error"


class MediaNotFound(NotFoundError):
    """A media file that does not exist in this shop."""

    def __init__(self, ref, field: str | None = None):
        """``ref``: the id (or ids) asked for; ``field``: the input that named it, if any."""
        details: dict = {"kind": "media", "ref": ref}
        if field:
            details["fields"] = {field: "cms.validation.media_unknown"}
        super().__init__("cms.errors.media_not_found", details=details, params={"ref": ref})


class PageNotFound(NotFoundError):
    """A content page that does not exist here (or is not published)."""

    def __init__(self, ref):
        super().__init__(
            "cms.errors.page_not_found", details={"kind": "page", "ref": ref}, params={"ref": ref}
        )


class SlugTaken(ConflictError):
    """Another page of this shop (or of the platform) already has this slug."""

    error_code = "already_used"

    def __init__(self, slug: str):
        super().__init__(
            "cms.errors.slug_taken",
            details={"fields": {"slug": "cms.validation.slug_taken"}},
            params={"slug": slug},
        )


class LegalPageExists(ConflictError):
    """A shop has one page of each legal kind (terms, withdrawal, imprint)."""

    error_code = "legal_page_exists"

    def __init__(self, slug: str):
        super().__init__(
            "cms.errors.legal_page_exists",
            details={"fields": {"kind": "cms.validation.legal_page_exists"}},
            params={"slug": slug},
        )


class MediaTooLarge(CmsException):
    """The upload is larger than allowed for its type."""

    status_code = 413
    error_code = "file_too_large"

    def __init__(self, field: str, limit_bytes: int):
        megabytes = f"{limit_bytes / 1024 / 1024:.0f}"
        super().__init__(
            "cms.errors.too_large",
            details={"fields": {field: "cms.validation.too_large"}, "limit_bytes": limit_bytes},
            params={"limit": megabytes},
        )


class UnsupportedMedia(ValidationError):
    """The upload is not an image (JPEG, PNG, WebP, GIF) or a PDF, whatever its name says."""

    error_code = "unsupported_media_type"

    def __init__(self, field: str):
        super().__init__(
            "cms.errors.unsupported_type", details={"fields": {field: "cms.validation.unsupported_type"}}
        )


class UploadMissing(ValidationError):
    """No file came with the upload."""

    def __init__(self, field: str):
        super().__init__(
            "cms.errors.file_required", details={"fields": {field: "cms.validation.file_required"}}
        )


class MediaInUse(ConflictError):
    """A media file still shown somewhere (a product, the shop's logo) cannot be deleted."""

    error_code = "media_in_use"

    def __init__(self, filename: str, uses: str):
        super().__init__("cms.errors.media_in_use", params={"name": filename, "uses": uses})


class FieldInvalid(ValidationError):
    """One input is not acceptable; ``key`` says why (``cms.validation.<name>``)."""

    def __init__(self, field: str, key: str):
        super().__init__("cms.errors.invalid_input", details={"fields": {field: key}})
