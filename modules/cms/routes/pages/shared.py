"""What the vendor's and the admin's page screens share."""

from __future__ import annotations

from wizamart import t
from wizamart.i18n import current_locale

from ...models import PageKind
from ...services import page_service

# Each kind's label (a locale key), in the order the form offers them.
KIND_LABELS = {
    PageKind.PAGE: "cms.kind.page",
    PageKind.LEGAL_TERMS: "cms.kind.legal_terms",
    PageKind.LEGAL_WITHDRAWAL: "cms.kind.legal_withdrawal",
    PageKind.LEGAL_IMPRINT: "cms.kind.legal_imprint",
}


def kind_options() -> list[tuple[str, str]]:
    return [(kind.value, t(label)) for kind, label in KIND_LABELS.items()]


def page_rows(pages) -> list[dict]:
    """List rows: each page with its title in the reader's language and its kind's label."""
    lang = current_locale()
    return [
        {
            "page": page,
            "title": page_service.title_in(page, lang),
            "kind_label": t(KIND_LABELS[page.kind]),
            "languages": sorted(page.title or {}),
        }
        for page in pages
    ]
