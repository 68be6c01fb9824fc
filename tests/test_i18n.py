"""Translations merged from modules, t() with fallbacks, locale negotiation, money."""

import json

from tests.conftest import definition_py
from wizamart import format_money, t


def test_t_falls_back_to_english_then_to_the_key(shop_app):
    with shop_app.test_request_context():
        assert t("sales.title", locale="de") == "Sales (de)"
        assert t("sales.title", locale="fr") == "Sales (en)"  # no fr.json: English
        assert t("sales.nothing", locale="de") == "sales.nothing"
        assert t("core.menu.dashboard", locale="lb") == "Iwwersiicht"


def test_t_fills_in_parameters(make_app, module_folder):
    module_folder.write(
        "greet",
        {
            "definition.py": definition_py("greet"),
            "locales/en.json": json.dumps({"greet.hello": "Hello {name}"}),
            "locales/lu.json": json.dumps({"greet.hello": "Moien {name}"}),
        },
    )
    app = make_app(WIZAMART_MODULE_PATHS=[str(module_folder.root)])
    with app.test_request_context():
        assert t("greet.hello", locale="lb", name="Anna") == "Moien Anna"


def test_page_language_follows_cookie_then_accept_language(shop_app):
    client = shop_app.test_client()
    assert (
        client.get("/sales/", headers={"Accept-Language": "de-LU,de;q=0.9"}).get_data(as_text=True)
        == "<h1>Sales (de)</h1>"
    )
    client.set_cookie("lang", "en")
    assert (
        client.get("/sales/", headers={"Accept-Language": "de"}).get_data(as_text=True)
        == "<h1>Sales (en)</h1>"
    )
    page = client.get("/", headers={"Accept-Language": "fr"})
    assert "Vendez dans tout le Luxembourg" not in page.get_data(as_text=True)  # the cookie (en) wins


def test_core_dashboard_is_translated(admin_client):
    page = admin_client.get("/admin/", headers={"Accept-Language": "fr"}).get_data(as_text=True)
    assert "Modules de cette plateforme" in page
    assert '<html lang="fr">' in page


def test_money_is_formatted_per_locale_from_integer_cents(app):
    with app.test_request_context(headers={"Accept-Language": "fr"}):
        assert format_money(123456).replace("\u202f", " ").replace("\xa0", " ") == "1 234,56 €"
    with app.test_request_context(headers={"Accept-Language": "en"}):
        assert format_money(1999) == "€19.99"


def test_locales_missing_lists_untranslated_keys(shop_app):
    result = shop_app.test_cli_runner().invoke(args=["modules", "locales", "--missing"])
    assert result.exit_code == 1
    assert "fr:" in result.output
    assert "  sales.title  (sales)" in result.output


def test_locales_missing_is_clean_for_core(app, runner):
    result = runner.invoke(args=["modules", "locales", "--missing"])
    assert result.exit_code == 0, result.output
    english = len(app.extensions["wizamart"].translations.messages["en"])
    assert english > 250  # core and tenancy: every string of the shells and both modules
    assert f"lb: {english} keys, 0 missing" in result.output


def test_numbers_and_dates_are_formatted_in_templates(app):
    from datetime import date

    from flask import render_template_string

    with app.test_request_context(headers={"Accept-Language": "de"}):
        html = render_template_string(
            "{{ format_number(1234.5) }}|{{ format_date(d, 'long') }}", d=date(2026, 3, 1)
        )
    assert html == "1.234,5|1. März 2026"


def test_form_errors_come_in_the_request_language(app):
    import pydantic
    import pytest

    from wizamart.errors import ValidationError
    from wizamart.forms import parse

    class Shop(pydantic.BaseModel):
        name: str = pydantic.Field(min_length=3)
        code: str

        @pydantic.field_validator("code")
        @classmethod
        def _known(cls, value):
            raise ValueError("core.validation.missing")  # a module raises a locale key

    with (
        app.test_request_context(headers={"Accept-Language": "de"}),
        pytest.raises(ValidationError) as raised,
    ):
        parse(Shop, {"name": "ab", "code": "x"})
    fields = raised.value.details["fields"]
    assert fields == {"name": "ist zu kurz (mindestens 3 Zeichen)", "code": "ist erforderlich"}
    with (
        app.test_request_context(headers={"Accept-Language": "fr"}),
        pytest.raises(ValidationError) as raised,
    ):
        parse(Shop, {"code": "x"})
    assert raised.value.details["fields"]["name"] == "est obligatoire"
