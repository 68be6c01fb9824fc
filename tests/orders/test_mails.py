"""The customer's e-mails, in the order's language: the confirmation (with the bank transfer's
details when they pay that way) and one per parcel (carrier and tracking). Sent only once the
transaction is committed — never for an order rolled back."""

from __future__ import annotations

import re

import pytest

from modules.orders.services import after_commit, order_service
from modules.tenancy.models import Vendor
from wizamart.database import db

from .conftest import line_for, outbox, place


def plain(text: str) -> str:
    """Babel puts no-break spaces around money (``2.599,80\xa0€``); compare them as spaces."""
    return text.replace("\xa0", " ").replace("\u202f", " ")


@pytest.fixture
def bike(catalog, vendor, stock):
    variant = catalog.product(
        vendor,
        "BIKE-1",
        price_cents=129_990,
        translations={
            "en": {"title": "City bike"},
            "de": {"title": "Stadtrad"},
            "fr": {"title": "Vélo de ville"},
        },
    )["BIKE-1"]
    stock(variant, 10)
    return variant


def test_the_confirmation_in_german_with_the_transfer_details(app, vendor, bank, bike):
    placed = place(
        app, vendor, [line_for(app, vendor, bike, 2, language="de")], language="de", email="jan@example.lu"
    )
    [mail] = outbox(app)
    mail = mail.__class__(mail.to, mail.subject, plain(mail.text))
    assert mail.to == "jan@example.lu"
    assert mail.subject == f"Ihre Bestellung #{placed.number} bei {vendor.name}"
    assert "vielen Dank für Ihre Bestellung" in mail.text
    assert "2 × Stadtrad [BIKE-1] — 2.599,80 €" in mail.text
    assert "Gesamtsumme: 2.605,70 €" in mail.text
    assert "Enthaltene MwSt. 17 %: 378,61 €" in mail.text
    assert "Bitte bezahlen Sie per Überweisung" in mail.text
    assert "IBAN: LU28 0019 4006 4475 0000" in mail.text
    assert "Kontoinhaber: Boulangerie S.à r.l." in mail.text
    assert re.search(r"Verwendungszweck: .*#1 / P\d+", mail.text)
    link = re.search(r"http://localhost(/storefront/\S+)", mail.text).group(1)
    assert app.test_client().get(link).status_code == 200, "the link opens the order"


def test_a_card_payment_confirmation_has_no_transfer_details(app, vendor, card, bike):
    place(app, vendor, [line_for(app, vendor, bike, language="fr")], language="fr", provider="testcard")
    [mail] = outbox(app)
    assert mail.subject.startswith("Votre commande #1 chez")
    assert "Vélo de ville" in mail.text and "1 299,90 €" in plain(mail.text)
    assert "IBAN" not in mail.text and "virement" not in mail.text


def test_the_shipping_mail_in_the_customers_language_with_carrier_and_tracking(app, vendor, bank, bike):
    placed = place(app, vendor, [line_for(app, vendor, bike, language="lb")], language="lb")
    with app.app_context():
        order_service.confirm_payment(vendor.id, placed.id, None)
        order_service.ship(vendor.id, placed.id, "DHL", "JD014600006281230704", None)
        order_service.ship(vendor.id, placed.id, "POST", "CC123456789LU", None)
    confirmation, first, second = outbox(app)
    assert first.subject == f"Är Bestellung #1 vu {vendor.name} ass ënnerwee"
    assert "Transporteur: DHL" in first.text
    assert "Suivisnummer: JD014600006281230704" in first.text
    assert "https://www.dhl.com/lu-en/home/tracking.html?tracking-id=JD014600006281230704" in first.text
    assert "Suivisnummer: CC123456789LU" in second.text
    assert "Dëst ass de Pak 2 vun Ärer Bestellung." in second.text


def test_an_english_customer_in_a_german_request_gets_english(app, vendor, bank, bike):
    with app.test_request_context(f"/storefront/{vendor.code}/", headers={"Accept-Language": "de"}):
        shop = db.session.get(Vendor, vendor.id)
        order_service.place_order(
            shop,
            lines=[line_for(app, vendor, bike)],
            email="ann@example.lu",
            language="en",
            shipping_address={"name": "Ann", "street": "1 Main St", "postal_code": "1111", "city": "Esch"},
            provider="bank_transfer",
        )
        db.session.commit()
    [mail] = outbox(app)
    assert mail.subject.startswith("Your order #1")
    assert "€1,299.90" in mail.text


def test_nothing_is_sent_before_the_commit_or_after_a_rollback(app, vendor, bank, bike):
    with app.test_request_context(f"/storefront/{vendor.code}/"):
        shop = db.session.get(Vendor, vendor.id)
        kwargs = dict(
            lines=[line_for(app, vendor, bike)],
            email="ann@example.lu",
            shipping_address={"name": "Ann", "street": "1 Main St", "postal_code": "1111", "city": "Esch"},
            provider="bank_transfer",
        )
        order_service.place_order(shop, **kwargs)
        assert after_commit.pending() == 1
        assert outbox(app) == [], "not before the commit"
        db.session.rollback()
        assert after_commit.pending() == 0
        assert outbox(app) == [], "never for an order rolled back"

        order_service.place_order(shop, **kwargs)
        with db.session.begin_nested():  # a savepoint inside the caller's work does not send or drop it
            pass
        assert after_commit.pending() == 1
        db.session.commit()
        assert len(outbox(app)) == 1
        assert after_commit.pending() == 0


def test_a_failing_mail_server_does_not_undo_the_order(app, vendor, bank, bike, monkeypatch, caplog):
    import smtplib

    from modules.orders import mails

    def refuse(*args, **kwargs):
        raise smtplib.SMTPException("relay refused")

    monkeypatch.setattr(mails, "send_mail", refuse)
    placed = place(app, vendor, [line_for(app, vendor, bike)])
    with app.app_context():
        assert order_service.get(vendor.id, placed.id).number == 1
    assert "an action after commit failed" in caplog.text
