"""The catalog's search index: every word of a product's titles and descriptions, in every
language, folded to lower case without accents, one row per (product, word) in
``catalog_search_terms``.

A query word ``w`` matches the indexed words that start with it. The match is an index range
scan (``term >= w AND term < w + U+FFFF``) on ``(vendor_id, term)``, which works on SQLite and
PostgreSQL alike, whatever the column's collation, because folded words are plain ASCII/digits.

Writers (product_service, import_service) call :func:`index_product` or
:func:`index_products_bulk` inside their own unit of work; nothing here commits.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence

from sqlalchemy import delete, insert

from wizamart.database import db

from ..models import ProductSearchTerm

MIN_WORD = 2
MAX_WORD = 64
TITLE_WEIGHT = 2
DESCRIPTION_WEIGHT = 1
# Past this, a query word adds cost and little precision.
MAX_QUERY_WORDS = 6
_CHUNK = 5000

_SPLIT = re.compile(r"[^0-9a-z]+")
# Letters NFKD does not decompose into an ASCII base letter.
_EXTRA_FOLDS = str.maketrans(
    {"ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "ł": "l", "đ": "d", "ð": "d", "þ": "th"}
)


def fold(text: str) -> str:
    """``text`` in lower case, accents removed: "Vëlo Éclair" -> "velo eclair"."""
    text = (text or "").lower().translate(_EXTRA_FOLDS)
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def words_of(text: str) -> list[str]:
    """The folded words of ``text`` in order (duplicates kept), each 2..64 characters."""
    return [w[:MAX_WORD] for w in _SPLIT.split(fold(text)) if len(w) >= MIN_WORD]


def terms_for(text: str) -> set[str]:
    """The distinct index terms of ``text``: folded words of at least two characters,
    truncated to 64."""
    return set(words_of(text))


def query_words(text: str) -> list[str]:
    """The words a search for ``text`` looks for, distinct, in order, at most six."""
    seen: list[str] = []
    for word in words_of(text):
        if word not in seen:
            seen.append(word)
    return seen[:MAX_QUERY_WORDS]


def _weights(titles: Iterable[str], descriptions: Iterable[str]) -> dict[str, int]:
    weights: dict[str, int] = {}
    for text in descriptions:
        for term in terms_for(text):
            weights[term] = DESCRIPTION_WEIGHT
    for text in titles:
        for term in terms_for(text):
            weights[term] = TITLE_WEIGHT
    return weights


def index_product(product) -> None:
    """Replace the index rows of ``product`` (a ``Product`` with its translations) by the
    words of its titles (weight 2) and descriptions (weight 1) in all languages.

    Flushes; does not commit (part of the caller's unit of work)."""
    if product.id is None:
        db.session.flush()
    translations = list(product.translations)
    index_products_bulk(
        [
            (
                product.id,
                product.vendor_id,
                [tr.title for tr in translations],
                [tr.description for tr in translations],
            )
        ]
    )


def index_products_bulk(
    entries: Sequence[tuple[int, int, Iterable[str], Iterable[str]]],
) -> None:
    """Index many products at once (CSV import): ``entries`` are
    ``(product_id, vendor_id, titles, descriptions)``, each texts an iterable of strings
    (all languages). Existing rows of these products are replaced; two statements whatever
    the number of products (one DELETE, one executemany INSERT). Does not commit."""
    if not entries:
        return
    rows = []
    for product_id, vendor_id, titles, descriptions in entries:
        for term, weight in _weights(titles, descriptions).items():
            rows.append({"product_id": product_id, "vendor_id": vendor_id, "term": term, "weight": weight})
    remove_from_index([entry[0] for entry in entries])
    if rows:
        db.session.execute(insert(ProductSearchTerm), rows)


def remove_from_index(product_id: int | Iterable[int]) -> None:
    """Drop the index rows of one product (or of several ids). Does not commit."""
    ids = [product_id] if isinstance(product_id, int) else list(product_id)
    # Chunks keep each statement under the databases' bound-parameter limits.
    for start in range(0, len(ids), _CHUNK):
        db.session.execute(
            delete(ProductSearchTerm).where(ProductSearchTerm.product_id.in_(ids[start : start + _CHUNK])),
            execution_options={"synchronize_session": False},
        )
