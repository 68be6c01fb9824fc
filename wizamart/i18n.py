"""Translations merged from every module's locales, ``t()``, and Flask-Babel set-up.

A key is looked up in the requested language, then in English, then the key itself is
shown, so a missing translation is visible but never breaks a page.
"""

from __future__ import annotations

from decimal import Decimal

from flask import current_app, g, has_app_context, has_request_context, request
from flask_babel import Babel, format_currency, format_date, format_datetime, format_decimal, get_locale

from wizamart.context import current_vendor

FALLBACK_LOCALE = "en"
LOCALE_COOKIE = "lang"


class Translations:
    """All messages of one app: ``{locale: {key: text}}``."""

    def __init__(self, languages: list[str]):
        self.languages = list(languages)
        self.messages: dict[str, dict[str, str]] = {lang: {} for lang in self.languages}
        self.owners: dict[str, str] = {}  # key -> module code that brought it

    def merge(self, module_code: str, messages: dict[str, dict[str, str]]) -> None:
        for lang, entries in messages.items():
            self.messages.setdefault(lang, {}).update(entries)
            for key in entries:
                self.owners.setdefault(key, module_code)

    def translate(self, key: str, locale: str | None = None, **params) -> str:
        for lang in (locale, FALLBACK_LOCALE):
            text = self.messages.get(lang or "", {}).get(key)
            if text is not None:
                break
        else:
            text = key
        return text.format(**params) if params else text

    def missing(self) -> dict[str, list[str]]:
        """Per language, the keys some language has and this one lacks."""
        every = set().union(*self.messages.values()) if self.messages else set()
        return {
            lang: sorted(every - set(self.messages.get(lang, {})))
            for lang in self.languages
            if every - set(self.messages.get(lang, {}))
        }


def current_locale() -> str:
    if has_request_context():
        locale = get_locale()
        return str(locale) if locale else FALLBACK_LOCALE
    return FALLBACK_LOCALE


def t(key: str, locale: str | None = None, **params) -> str:
    """Translate ``key`` into ``locale`` (default: the request's language)."""
    translations: Translations = current_app.extensions["wizamart"].translations
    return translations.translate(key, locale or current_locale(), **params)


def t_or(key: str, default: str, **params) -> str:
    """``t(key)`` when some language has ``key``, else ``default`` (already readable text)."""
    if not has_app_context():
        return default
    translations: Translations = current_app.extensions["wizamart"].translations
    if not any(key in messages for messages in translations.messages.values()):
        return default
    try:
        return translations.translate(key, current_locale(), **params)
    except (KeyError, IndexError):  # a placeholder the error did not provide
        return translations.translate(key, current_locale())


def error_text(exc) -> str:
    """A domain error's message in the request's language (its message may be a locale key)."""
    return t_or(getattr(exc, "key", None) or exc.message, exc.message, **getattr(exc, "params", {}))


def format_money(cents: int, currency: str | None = None) -> str:
    """Integer cents as money in the request's language: ``1234`` -> ``€12.34`` / ``12,34 €``."""
    currency = currency or current_app.config["DEFAULT_CURRENCY"]
    return format_currency(Decimal(cents) / 100, currency)


def select_locale() -> str:
    """The user's saved language, then the ``lang`` cookie, then Accept-Language, then the
    language of the shop the request is for (a storefront speaks its shop's language)."""
    languages = current_app.config["LANGUAGES"]
    saved = g.get("user_locale")
    if saved in languages:
        return saved
    cookie = request.cookies.get(LOCALE_COOKIE)
    if cookie in languages:
        return cookie
    browser = request.accept_languages.best_match(languages)
    if browser:
        return browser
    shop_language = getattr(current_vendor(), "default_language", None)
    return shop_language if shop_language in languages else current_app.config["BABEL_DEFAULT_LOCALE"]


babel = Babel()


def init_i18n(app) -> None:
    babel.init_app(app, locale_selector=select_locale)
    app.jinja_env.globals.update(
        t=t,
        t_or=t_or,
        format_money=format_money,
        format_number=format_decimal,
        format_date=format_date,
        format_datetime=format_datetime,
        current_locale=current_locale,
    )
