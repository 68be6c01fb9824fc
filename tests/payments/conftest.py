"""Fixtures of the payments tests: an app with payments (and nothing else optional), shops with
their payment providers switched on, a recorder of payments' events, and a fake Stripe server
the real client code talks to over HTTP."""

from __future__ import annotations

import pytest

from hookspecs.markers import hookimpl
from modules.payments.services import payment_service
from wizamart.database import db

IBAN = "LU280019400644750000"  # a valid Luxembourg IBAN (checksum and length)


@pytest.fixture
def app(make_app, fake_stripe):
    """payments (and the core modules), its Stripe client pointed at the fake Stripe server."""
    return make_app(
        WIZAMART_MODULES=["payments"], STRIPE_API_BASE=fake_stripe.base_url, STRIPE_JS_URL=fake_stripe.js_url
    )


@pytest.fixture
def call(app):
    """Call a payment_service function in an app context of its own: ``call("get", ...)``;
    ORM records come back loaded and detached."""

    def run(name: str, *args, **kwargs):
        with app.app_context():
            result = getattr(payment_service, name)(*args, **kwargs)
            for record in result if isinstance(result, list | tuple) else [result]:
                if isinstance(record, db.Model) and record in db.session:
                    db.session.refresh(record)
                    db.session.expunge(record)
            return result

    return run


def enable_bank_transfer(app, vendor_id: int, **values) -> None:
    settings = {"account_holder": "Boulangerie Paul SARL", "iban": IBAN, "bic": "BCEELULL", **values}
    with app.app_context():
        payment_service.set_provider(vendor_id, "bank_transfer", enabled=True, values=settings)


@pytest.fixture
def bank(app, vendor, other_vendor):
    """Bank transfer switched on in both shops."""
    enable_bank_transfer(app, vendor.id)
    enable_bank_transfer(app, other_vendor.id, account_holder="Vëlo Lux SARL")


def start(
    app, vendor_id: int, amount: int = 4990, reference: str = "order:1", provider: str = "bank_transfer", **kw
):
    """Start and commit a payment (as a caller's unit of work would); returns its id."""
    with app.app_context():
        started = payment_service.start_payment(
            vendor_id,
            provider,
            amount,
            reference,
            customer_email="lena@example.lu",
            description="Order #1",
            **kw,
        )
        db.session.commit()
        return started.payment.id


class Recorder:
    """A plugin recording ``on_payment_status_changed``."""

    def __init__(self):
        self.changes: list[tuple[int, str, str]] = []

    @hookimpl
    def on_payment_status_changed(self, payment, old_status, new_status):
        self.changes.append((payment.id, old_status, new_status))


@pytest.fixture
def events(app):
    recorder = Recorder()
    pm = app.extensions["wizamart"].pm
    pm.register(recorder, name="test:payments-events")
    yield recorder
    pm.unregister(recorder, name="test:payments-events")


@pytest.fixture
def fake_stripe():
    """A fake Stripe server on a free port (real sockets, its own threads)."""
    from modules.payments.testing.fake_stripe import FakeStripe

    with FakeStripe() as server:
        yield server


def enable_stripe(app, vendor_id: int, fake) -> None:
    with app.app_context():
        payment_service.set_provider(vendor_id, "stripe", enabled=True, values=fake.shop_settings())


@pytest.fixture
def live_server_url(app):
    """``app`` served over real HTTP by werkzeug in a thread (for webhooks the fake Stripe posts,
    and for the browser)."""
    import threading

    from werkzeug.serving import make_server

    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)
    server.server_close()
