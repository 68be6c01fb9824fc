"""Small helpers the tenancy tests share: reading pages, errors, mails and the database."""

from __future__ import annotations

import html
import re

from wizamart.database import db
from wizamart.testing.plugin import CsrfTestClient

FIELD_ERROR = re.compile(
    r'<p class="field-error"[^>]*data-field="(?P<field>[^"]+)"[^>]*>(?P<text>.*?)</p>', re.S
)
FLASH = re.compile(r'<div class="alert[^"]*"[^>]*data-testid="flash">(?P<text>.*?)</div>', re.S)


def page_text(response) -> str:
    return response.get_data(as_text=True)


def field_errors(response) -> dict[str, str]:
    """``{field: message}`` shown next to each field of the page's forms."""
    return {m["field"]: html.unescape(m["text"]).strip() for m in FIELD_ERROR.finditer(page_text(response))}


def flashes(response) -> list[str]:
    return [html.unescape(m["text"]).strip() for m in FLASH.finditer(page_text(response))]


def api_error(response) -> dict:
    """The ``error`` object of a JSON error answer."""
    assert response.is_json, page_text(response)[:500]
    return response.get_json()["error"]


def error_fields(response) -> dict:
    return api_error(response).get("details", {}).get("fields", {})


def outbox(app) -> list:
    return app.extensions.setdefault("mail_outbox", [])


def link_in(mail) -> str:
    """The path of the first link in a mail (the test client speaks to localhost)."""
    match = re.search(r"https?://[^/\s]+(/\S+)", mail.text)
    assert match, mail.text
    return match.group(1)


def count(app, model, **where) -> int:
    """How many ``model`` rows match ``where`` (in an app context of its own)."""
    with app.app_context():
        query = db.session.query(model)
        for name, value in where.items():
            query = query.filter(getattr(model, name) == value)
        return query.count()


def load(app, model, **where):
    """The one ``model`` row matching ``where``, detached with its columns loaded."""
    with app.app_context():
        query = db.session.query(model)
        for name, value in where.items():
            query = query.filter(getattr(model, name) == value)
        record = query.one()
        db.session.expunge(record)
        return record


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def get_token(app, email: str, password: str | None = None, **extra) -> str:
    """A bearer token as an API client gets one (``POST /api/v1/auth/token``): no cookies, no
    CSRF token. ``password`` defaults to the test accounts' one."""
    from modules.tenancy.testing import PASSWORD

    body = {"email": email, "password": password or PASSWORD, **extra}
    response = app.test_client().post("/api/v1/auth/token", json=body, csrf=False)
    assert response.status_code == 201, response.get_json()
    return response.get_json()["token"]


def table(response, testid: str) -> str:
    """The HTML of the page's ``<table data-testid=...>`` ("" when the page has none)."""
    match = re.search(rf'<table[^>]*data-testid="{testid}"[^>]*>.*?</table>', page_text(response), re.S)
    return match.group(0) if match else ""


class HostClient(CsrfTestClient):
    """A browser on another host name: it keeps that host's cookies (session, CSRF token)."""

    host = "localhost"

    def open(self, *args, **kwargs):
        if args and isinstance(args[0], str):
            kwargs.setdefault("base_url", f"http://{self.host}")
        return super().open(*args, **kwargs)

    def session_transaction(self, *args, **kwargs):
        kwargs.setdefault("base_url", f"http://{self.host}")
        return super().session_transaction(*args, **kwargs)


def client_on(app, host: str) -> HostClient:
    """A test client whose requests go to ``host`` (the platform whose domain it is)."""
    client = HostClient(app, app.response_class, use_cookies=True)
    client.host = host
    return client
