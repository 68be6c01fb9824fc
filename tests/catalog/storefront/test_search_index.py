"""The search index: folded words, the search columns and the conditions that find them."""

from __future__ import annotations

from sqlalchemy import select

from modules.catalog.models import Product
from modules.catalog.services import search_service
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


def test_search_columns_hold_title_words_then_the_other_description_words():
    title, body = search_service.search_columns(
        ["Tandem bike", "Vélo tandem"], ["A bike for two riders", "Vélo pour deux"]
    )
    assert title == "tandem bike velo"
    assert body == "for two riders pour deux"


def test_match_ignores_anything_but_folded_word_characters():
    condition, score = search_service.match(["velo'|&!", "':*"], "postgresql")
    compiled = condition.compile(compile_kwargs={"literal_binds": True})
    assert "'velo:*'" in str(compiled)
    assert search_service.match(["!!"], "sqlite")[0] is not None


def test_saving_a_product_sets_its_search_columns(app, catalog, vendor):
    product_id = catalog.product(
        vendor, "tandem", {"en": "Tandem bike", "fr": "Vélo tandem"}, {"en": "A bike for two riders"}
    )
    with app.app_context():
        row = db.session.execute(
            select(Product.search_title, Product.search_body).where(Product.id == product_id)
        ).one()
        assert sorted(row.search_title.split()) == ["bike", "tandem", "velo"]
        assert row.search_body.split() == ["for", "two", "riders"]
