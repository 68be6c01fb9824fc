"""The catalog's search index: two columns of each product, ``search_title`` (the folded words
of its titles in every language) and ``search_body`` (the folded words of its descriptions that
are not title words), each a space-separated list of distinct words, folded to lower case
without accents (:func:`fold`).

A query word ``w`` matches the products with a word starting with it, in either column. On
PostgreSQL that is a GIN full-text index (``to_tsquery('simple', 'w:*')``, see
``models.search_document``); elsewhere (SQLite, small catalogs) a ``LIKE '% w%'`` scan. Title
hits rank first.

Writers (product_service, import_service) call :func:`index_product` or :func:`search_columns`
inside their own unit of work; nothing here commits. One row per product, written with it: a
CSV import of 100,000 products writes no extra rows for the index.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from sqlalchemy import ColumnElement, and_, case, func, literal
from sqlalchemy import text as sql_text

from ..models import Product, search_document

MIN_WORD = 2
MAX_WORD = 64
TITLE_WEIGHT = 2
DESCRIPTION_WEIGHT = 1
# Past this, a query word adds cost and little precision.
MAX_QUERY_WORDS = 6

_NOT_WORD = re.compile(r"[^0-9a-z]+")
# A word: a maximal run of [0-9a-z], at least MIN_WORD long, of which the first MAX_WORD count.
_WORD = re.compile(rf"(?<![0-9a-z])([0-9a-z]{{{MIN_WORD},{MAX_WORD}}})[0-9a-z]*")
# Combining marks NFKD splits off letters (é -> e + U+0301), removed by one regex instead of a
# Python loop over every character: folding is most of a CSV import's CPU time.
_COMBINING = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")
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
    """The folded words of ``text`` in order (duplicates kept), each 2..64 characters: what
    :func:`fold` gives, split on anything but ``[0-9a-z]``, by one regex (plain ASCII skips
    the Unicode steps)."""
    text = (text or "").lower().translate(_EXTRA_FOLDS)
    if not text.isascii():
        text = _COMBINING.sub("", unicodedata.normalize("NFKD", text))
    return _WORD.findall(text)


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


def search_columns(titles: Iterable[str], descriptions: Iterable[str]) -> tuple[str, str]:
    """``(search_title, search_body)`` of a product with these titles and descriptions (all
    languages): the distinct folded words of the titles, and those of the descriptions that
    are not title words, each space-separated in first-seen order."""
    # One fold per column: a newline between texts keeps their words apart.
    title_words = dict.fromkeys(words_of("\n".join(titles)))
    body_words = dict.fromkeys(words_of("\n".join(descriptions)))
    return " ".join(title_words), " ".join(w for w in body_words if w not in title_words)


def index_product(product) -> None:
    """Set ``product``'s search columns from its translations (titles and descriptions in all
    languages). Call after changing them; the caller flushes and commits."""
    translations = list(product.translations)
    product.search_title, product.search_body = search_columns(
        (tr.title for tr in translations), (tr.description for tr in translations)
    )


def _padded(*columns) -> ColumnElement:
    """``' ' || col1 || ' ' || col2…``: every word, the first one included, follows a space."""
    expression = literal(" ")
    for position, column in enumerate(columns):
        expression = expression.concat(column) if position == 0 else expression.concat(" ").concat(column)
    return expression


def match(words: list[str], dialect: str) -> tuple[ColumnElement[bool], ColumnElement[int]]:
    """``(condition, score)`` for products with a word starting with each of ``words``
    (folded words, :func:`query_words`) in their search columns. The score adds 2 per word
    found in a title and 1 per word found only in a description (title hits rank first); it is
    computed on the matching rows only.

    PostgreSQL: one GIN index probe, ``document @@ to_tsquery('simple', 'w1:* & w2:*')``.
    Elsewhere: a ``LIKE '% w%'`` per word over both columns (a scan; SQLite serves small shops)."""
    # query_words yields [0-9a-z] only, so nothing here needs escaping for LIKE or to_tsquery;
    # the filter keeps it so whatever a caller passes.
    words = [w for w in (_NOT_WORD.sub("", word) for word in words) if w]
    if not words:
        return literal(False), literal(0)
    in_title = _padded(Product.search_title)
    score = sum(
        (case((in_title.like(f"% {w}%"), TITLE_WEIGHT), else_=DESCRIPTION_WEIGHT) for w in words),
        start=literal(0),
    )
    if dialect == "postgresql":
        tsquery = " & ".join(f"{w}:*" for w in words)
        condition = search_document(Product.search_title, Product.search_body).op("@@")(
            func.to_tsquery(sql_text("'simple'::regconfig"), tsquery)
        )
    else:
        everything = _padded(Product.search_title, Product.search_body)
        condition = and_(*(everything.like(f"% {w}%") for w in words))
    return condition, score
