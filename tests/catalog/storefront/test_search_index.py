"""The search index's words and the prefix ranges that find them."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from modules.catalog.models import ProductSearchTerm
from modules.catalog.services import search_service, storefront_service
from wizamart.database import db


def test_terms_fold_accents_and_case_and_drop_short_words():
    assert search_service.terms_for('Vëlo Éclair à Straße, 26" x Œuvre') == {
        "velo",
        "eclair",
        "strasse",
        "26",
        "oeuvre",
    }
    assert search_service.terms_for("") == set()
    assert search_service.terms_for("a" * 100) == {"a" * 64}


def test_query_words_keep_order_without_repeats():
    assert search_service.query_words("Vélo velo CARGO x") == ["velo", "cargo"]


@pytest.mark.parametrize(
    ("word", "bound"),
    [("ve", "vf"), ("vz", "w"), ("a9", "aa"), ("zz", None), ("z", None), ("19", "1a"), ("9", "a")],
)
def test_prefix_upper_bound(word, bound):
    assert storefront_service.prefix_upper_bound(word) == bound


def test_every_indexed_word_with_the_prefix_is_inside_the_range():
    words = ["v", "ve", "vel", "velo", "velz", "vezzz", "vf", "w", "uzzz", "ve9"]
    for prefix in ("ve", "vel", "vz", "v"):
        upper = storefront_service.prefix_upper_bound(prefix)
        inside = [w for w in words if w >= prefix and (upper is None or w < upper)]
        assert inside == [w for w in words if w.startswith(prefix)]


def test_index_product_replaces_rows_and_weighs_titles(app, catalog, vendor):
    product_id = catalog.product(
        vendor, "tandem", {"en": "Tandem bike", "fr": "Vélo tandem"}, {"en": "A bike for two riders"}
    )
    with app.app_context():
        rows = dict(
            db.session.execute(
                select(ProductSearchTerm.term, ProductSearchTerm.weight).where(
                    ProductSearchTerm.product_id == product_id
                )
            ).all()
        )
        assert rows == {"tandem": 2, "bike": 2, "velo": 2, "for": 1, "two": 1, "riders": 1}
        search_service.remove_from_index(product_id)
        assert db.session.scalar(select(db.func.count()).select_from(ProductSearchTerm)) == 0
        db.session.rollback()
