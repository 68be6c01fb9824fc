"""Browser tests: the real app served on 127.0.0.1, driven by Debian's Chromium through playwright.

One live server per test session (per xdist worker): ``create_app`` on a file SQLite
database in a temporary folder, migrated with ``flask db upgrade`` and filled with
``flask demo``, the commands a newcomer runs. Tests that change shared state (a module
switched off, a saved language) put it back or use accounts of their own.

Screenshots go to ``tests/browser/screenshots/`` (git-ignored) through ``screenshot()``.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from modules.payments.testing.fake_stripe import FakeStripe
from modules.tenancy.demo import DEMO_PASSWORD
from modules.tenancy.testing import TenancyFactory
from wizamart.app import create_app
from wizamart.database import db

SCREENSHOTS = Path(__file__).parent / "screenshots"
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
TIMEOUT_MS = 10_000  # a page that takes longer than this on localhost is broken, not slow


def pytest_collection_modifyitems(items):
    """Every test in this folder is a browser test."""
    folder = Path(__file__).parent
    for item in items:
        if folder in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.browser)


@dataclass
class LiveServer:
    """The running app: ``url(path)`` for the browser, ``app`` for reading what it did."""

    app: object
    base_url: str

    def url(self, path: str = "/") -> str:
        return self.base_url + path

    def sent_mail(self) -> list:
        """Every mail the app sent so far (``MAIL_KEEP_SENT``)."""
        return list(self.app.extensions.get("mail_outbox", []))


def _run(app, *args: str) -> str:
    result = app.test_cli_runner().invoke(args=list(args))
    if result.exit_code != 0:
        raise RuntimeError(f"flask {' '.join(args)} failed:\n{result.output}\n{result.exception!r}")
    return result.output


def buffered(app):
    """``app`` answering with its whole body at once, its response closed before it is sent.

    The development server left a static file's handle open now and then when Chromium dropped
    the connection (a favicon request cancelled by the next navigation); the file was closed by
    the garbage collector later, and its ResourceWarning failed whichever test ran then."""

    def serve(environ, start_response):
        body = app(environ, start_response)
        try:
            return [b"".join(body)]
        finally:
            if hasattr(body, "close"):
                body.close()

    return serve


@pytest.fixture(scope="session")
def fake_stripe() -> Iterator[FakeStripe]:
    """The fake Stripe server (real HTTP) the live app talks to; a test enables Stripe for a shop
    with ``fake_stripe.shop_settings()``. Its webhooks go to the live app (set there)."""
    with FakeStripe() as server:
        yield server


@pytest.fixture(scope="session")
def live_server(tmp_path_factory, fake_stripe) -> Iterator[LiveServer]:
    """The app with every module and the demo data, served by werkzeug in a thread."""
    folder = tmp_path_factory.mktemp("browser")
    app = create_app(
        {
            "STRIPE_API_BASE": fake_stripe.base_url,
            "STRIPE_JS_URL": fake_stripe.js_url,
            "SECRET_KEY": "browser-test-secret",
            "DATABASE_URL": f"sqlite:///{folder / 'wizamart.db'}",
            "CELERY_BROKER_URL": None,  # tasks run eagerly, in the server's thread
            "CELERY_RESULT_BACKEND": None,
            "MODULE_STATE_REFRESH_SECONDS": 0.0,  # a module switched off is off on the next request
            "MAIL_KEEP_SENT": True,
            "WTF_CSRF_ENABLED": True,
            "CMS_MEDIA_ROOT": str(folder / "media"),  # uploads and demo images, thrown away after
        }
    )
    _run(app, "db", "upgrade")
    _run(app, "demo")
    server = make_server("127.0.0.1", 0, buffered(app), threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    thread.start()
    base_url = f"http://127.0.0.1:{server.server_port}"
    fake_stripe.webhook_url = base_url + "/api/v1/webhooks/payments/stripe/{vendor_code}"
    try:
        yield LiveServer(app=app, base_url=base_url)
    finally:
        server.shutdown()
        thread.join(timeout=10)
        server.server_close()
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


@pytest.fixture(scope="session")
def live_factory(live_server) -> TenancyFactory:
    """Records of a test's own (accounts, shops) in the live server's database."""
    return TenancyFactory(live_server.app)


@pytest.fixture
def new_page(browser, live_server):
    """``new_page(viewport=PHONE)``: a page in a fresh context (its own cookies), closed after the test."""
    contexts = []

    def open_page(viewport: dict | None = None, locale: str = "en-GB"):
        context = browser.new_context(
            base_url=live_server.base_url, viewport=viewport or DESKTOP, locale=locale
        )
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page):
    """A desktop-sized page (1280x800) with no cookies yet."""
    return new_page()


def save_screenshot(page, name: str, full_page: bool = True) -> Path:
    """Save ``page`` as ``tests/browser/screenshots/<name>.png`` and return the path."""
    SCREENSHOTS.mkdir(exist_ok=True)
    path = SCREENSHOTS / f"{re.sub(r'[^a-z0-9_-]+', '-', name.lower())}.png"
    page.screenshot(path=str(path), full_page=full_page)
    return path


@pytest.fixture
def screenshot():
    """``screenshot(page, name)``: a full-page PNG under ``tests/browser/screenshots/``."""
    return save_screenshot


def fill_sign_in(page, realm: str, email: str, password: str = DEMO_PASSWORD) -> None:
    """Open the realm's real sign-in page, fill the form and submit it."""
    page.goto("/admin/login" if realm == "admin" else "/vendor/login")
    page.fill("#f-email", email)
    page.fill("#f-password", password)
    page.click("[data-testid=login-submit]")
    page.wait_for_load_state()


@pytest.fixture
def sign_in():
    """``sign_in(page, realm, email, password=DEMO_PASSWORD)`` through the sign-in form."""
    return fill_sign_in
