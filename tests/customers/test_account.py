"""The storefront realm: register, confirm by mail, sign in, profile, addresses, reset, privacy;
each shop's customers are its own."""

from __future__ import annotations

import json

from modules.customers.models import Customer, CustomerAddress, CustomerLoginAttempt
from tests.customers.conftest import PASSWORD, account_url, login, register, verify_last_mail
from tests.tenancy.helpers import count, field_errors, flashes, link_in, load, outbox, page_text
from wizamart.database import db

NEW_PASSWORD = "another-secret-99"


def test_register_verify_login_profile_and_addresses(app, vendor):
    client = app.test_client()
    assert client.get(account_url(vendor, "register")).status_code == 200
    response = register(client, vendor, "Lena@Example.lu", language="lb")
    assert response.status_code == 200 and 'data-testid="check-mail"' in page_text(response)

    mail = outbox(app)[-1]
    assert mail.to == "lena@example.lu"
    assert "Confirméiert" in mail.subject  # in the customer's language (lb)
    assert f"/storefront/{vendor.code}/account/verify/" in mail.text

    # not confirmed yet: the right password still does not open the account
    response = login(client, vendor, "lena@example.lu")
    assert response.status_code == 403
    assert len(outbox(app)) == 2  # a fresh link was sent

    response = verify_last_mail(client, app)
    assert response.status_code == 302 and response.location.endswith(account_url(vendor, "login"))
    response = login(client, vendor, "lena@example.lu")
    assert response.status_code == 302 and response.location.endswith(account_url(vendor))

    page = client.get(account_url(vendor))
    assert page.status_code == 200 and "lena@example.lu" in page_text(page)

    response = client.post(
        account_url(vendor), data={"name": "Lena S.", "phone": "+352 621 123 456", "language": "fr"}
    )
    assert response.status_code == 302
    saved = load(app, Customer, email="lena@example.lu")
    assert (saved.name, saved.phone, saved.language) == ("Lena S.", "+352 621 123 456", "fr")

    address = {
        "label": "Home",
        "name": "Lena S.",
        "street": "12, rue de la Gare",
        "postal_code": "L-3510",
        "city": "Dudelange",
        "country": "LU",
    }
    assert client.post(account_url(vendor, "addresses/new"), data=address).status_code == 302
    first = load(app, CustomerAddress, customer_id=saved.id)
    assert first.postal_code == "3510" and first.is_default  # the first address is the default

    other = {
        **address,
        "label": "Work",
        "street": "5, avenue Kennedy",
        "postal_code": "1855",
        "city": "Luxembourg",
    }
    assert client.post(account_url(vendor, "addresses/new"), data=other).status_code == 302
    with app.app_context():
        work = db.session.query(CustomerAddress).filter_by(label="Work").one()
        work_id = work.id
        assert not work.is_default

    edited = {**other, "city": "Kirchberg", "is_default": "true"}
    assert client.post(account_url(vendor, f"addresses/{work_id}/edit"), data=edited).status_code == 302
    assert load(app, CustomerAddress, id=work_id).city == "Kirchberg"
    assert load(app, CustomerAddress, id=work_id).is_default
    assert not load(app, CustomerAddress, id=first.id).is_default

    listing = page_text(client.get(account_url(vendor, "addresses")))
    assert "Kirchberg" in listing and "Dudelange" in listing

    assert client.post(account_url(vendor, f"addresses/{work_id}/delete")).status_code == 302
    assert count(app, CustomerAddress, customer_id=saved.id) == 1
    assert load(app, CustomerAddress, id=first.id).is_default  # the default passed on


def test_bad_input_names_the_field_and_saves_nothing(app, vendor, shopper):
    response = register(app.test_client(), vendor, "not-an-email", password="short")
    errors = field_errors(response)
    assert response.status_code == 422 and {"email", "password"} <= set(errors)

    response = shopper.post(
        account_url(vendor, "addresses/new"),
        data={"name": "X", "street": "", "postal_code": "99", "city": "Luxembourg", "country": "LU"},
    )
    assert response.status_code == 422
    assert {"street", "postal_code"} <= set(field_errors(response))
    assert count(app, CustomerAddress) == 0

    response = shopper.post(account_url(vendor), data={"name": "", "language": "xx"})
    assert response.status_code == 422 and {"name", "language"} <= set(field_errors(response))


def test_wrong_password_and_unknown_account_look_the_same_and_are_throttled(app, vendor, customers):
    customers.customer(vendor, email="known@example.lu")
    client = app.test_client()
    wrong = login(client, vendor, "known@example.lu", "wrong-password-1")
    unknown = login(client, vendor, "nobody@example.lu", "wrong-password-1")
    assert wrong.status_code == unknown.status_code == 401
    assert "known@example.lu" in page_text(wrong)  # the form keeps what was typed
    assert client.get(account_url(vendor)).status_code == 302  # still not signed in

    for _ in range(4):
        login(client, vendor, "known@example.lu", "wrong-password-1")
    assert count(app, CustomerLoginAttempt, email="known@example.lu") == 5
    assert (
        login(client, vendor, "known@example.lu", PASSWORD).status_code == 429
    )  # even the right one, for now


def test_password_reset_by_mail(app, vendor, customers):
    customers.customer(vendor, email="reset@example.lu", language="de")
    client = app.test_client()
    response = client.post(account_url(vendor, "forgot"), data={"email": "reset@example.lu"})
    assert response.status_code == 200 and 'data-testid="reset-sent"' in page_text(response)
    mail = outbox(app)[-1]
    assert mail.to == "reset@example.lu" and "Passwort" in mail.subject
    link = link_in(mail)

    # the same answer, and no mail, for an address the shop does not know
    response = client.post(account_url(vendor, "forgot"), data={"email": "stranger@example.lu"})
    assert 'data-testid="reset-sent"' in page_text(response) and len(outbox(app)) == 1

    response = client.post(link, data={"password": NEW_PASSWORD, "password_confirm": "different-1234"})
    assert response.status_code == 422 and "password_confirm" in field_errors(response)
    assert (
        client.post(link, data={"password": NEW_PASSWORD, "password_confirm": NEW_PASSWORD}).status_code
        == 302
    )
    assert (
        client.post(link, data={"password": NEW_PASSWORD, "password_confirm": NEW_PASSWORD}).status_code
        == 400
    )

    assert login(client, vendor, "reset@example.lu", PASSWORD).status_code == 401
    assert login(client, vendor, "reset@example.lu", NEW_PASSWORD).status_code == 302


def test_change_password_needs_the_current_one(app, vendor, shopper):
    response = shopper.post(
        account_url(vendor, "password"),
        data={
            "current_password": "wrong-one-123",
            "password": NEW_PASSWORD,
            "password_confirm": NEW_PASSWORD,
        },
    )
    assert response.status_code == 422 and "current_password" in field_errors(response)
    response = shopper.post(
        account_url(vendor, "password"),
        data={"current_password": PASSWORD, "password": NEW_PASSWORD, "password_confirm": NEW_PASSWORD},
    )
    assert response.status_code == 302
    assert shopper.get(account_url(vendor)).status_code == 200  # this session stays
    assert login(app.test_client(), vendor, "shopper@example.lu", NEW_PASSWORD).status_code == 302


def test_a_customer_of_one_shop_is_nobody_in_another(app, vendor, other_vendor, shopper):
    assert shopper.get(account_url(vendor)).status_code == 200
    response = shopper.get(account_url(other_vendor))
    assert response.status_code == 302 and account_url(other_vendor, "login") in response.location
    assert shopper.get(account_url(other_vendor, "addresses")).status_code == 302
    # nor can the account sign in there
    assert login(shopper, other_vendor, "shopper@example.lu").status_code == 401

    # the same e-mail registers separately in the other shop
    response = register(shopper, other_vendor, "shopper@example.lu", password=NEW_PASSWORD, name="Other me")
    assert response.status_code == 200
    assert count(app, Customer, email="shopper@example.lu") == 2
    assert verify_last_mail(shopper, app).status_code == 302
    assert login(shopper, other_vendor, "shopper@example.lu", NEW_PASSWORD).status_code == 302
    assert login(app.test_client(), vendor, "shopper@example.lu", NEW_PASSWORD).status_code == 401


def test_registering_twice_names_the_email(app, vendor, shopper):
    response = register(app.test_client(), vendor, "shopper@example.lu")
    assert response.status_code == 422 and "email" in field_errors(response)
    assert count(app, Customer, email="shopper@example.lu") == 1


def test_a_guest_who_registers_keeps_their_history(app, vendor):
    from modules.customers.services import customer_service
    from wizamart.database import utcnow

    seen = []

    class Listener:
        from hookspecs.markers import hookimpl

        @hookimpl
        def on_customer_registered(self, customer):
            seen.append((customer.email, customer.was_guest))

    app.extensions["wizamart"].pm.register(Listener(), name="test-customers-listener")
    with app.app_context():
        guest = customer_service.record_guest(vendor.id, "Guest@Example.lu", name="Gast", language="de")
        again = customer_service.record_guest(vendor.id, "guest@example.lu")
        assert again.id == guest.id
        customer_service.record_order(vendor.id, guest.id, 4_990, utcnow())
        guest_id = guest.id
    assert load(app, Customer, id=guest_id).is_guest

    client = app.test_client()
    assert register(client, vendor, "guest@example.lu", name="Gast Registered").status_code == 200
    assert seen == [("guest@example.lu", True)]
    verify_last_mail(client, app)
    assert login(client, vendor, "guest@example.lu").status_code == 302

    customer = load(app, Customer, email="guest@example.lu")
    assert customer.id == guest_id and not customer.is_guest
    assert (customer.order_count, customer.total_spent_cents) == (1, 4_990)
    assert count(app, Customer, email="guest@example.lu") == 1


def test_record_guest_refuses_a_bad_email_and_record_order_another_shops_customer(
    app, vendor, other_vendor, customers
):
    import pytest

    from modules.customers.exceptions import CustomerNotFound
    from modules.customers.services import customer_service
    from wizamart.database import utcnow
    from wizamart.errors import ValidationError

    foreign = customers.customer(other_vendor)
    with app.app_context():
        with pytest.raises(ValidationError) as bad:
            customer_service.record_guest(vendor.id, "nope")
        assert "email" in bad.value.details["fields"]
        with pytest.raises(CustomerNotFound):
            customer_service.record_order(vendor.id, foreign.id, 100, utcnow())
    assert load(app, Customer, id=foreign.id).order_count == 0


def test_a_customer_never_reaches_another_customers_addresses(app, vendor, other_vendor, shopper, customers):
    neighbour = customers.customer(vendor, email="neighbour@example.lu", city="Mersch")
    foreigner = customers.customer(other_vendor, email="foreigner@example.lu", city="Wiltz")
    before = {a.id: (a.city, a.is_default) for a in neighbour.addresses + foreigner.addresses}
    for address in neighbour.addresses + foreigner.addresses:
        data = {"name": "Thief", "street": "x", "postal_code": "1111", "city": "Stolen", "country": "LU"}
        assert shopper.get(account_url(vendor, f"addresses/{address.id}/edit")).status_code == 404
        assert shopper.post(account_url(vendor, f"addresses/{address.id}/edit"), data=data).status_code == 404
        assert shopper.post(account_url(vendor, f"addresses/{address.id}/delete")).status_code == 404
        assert shopper.post(account_url(vendor, f"addresses/{address.id}/default")).status_code == 404
    with app.app_context():
        after = {a.id: (a.city, a.is_default) for a in db.session.query(CustomerAddress)}
    assert after == before
    assert "Mersch" not in page_text(shopper.get(account_url(vendor, "addresses")))


def test_account_pages_send_strangers_to_sign_in_and_back(app, vendor, customers):
    customers.customer(vendor, email="back@example.lu")
    client = app.test_client()
    response = client.get(account_url(vendor, "addresses"))
    assert response.status_code == 302 and "next=" in response.location
    response = client.post(
        account_url(vendor, "login"),
        data={"email": "back@example.lu", "password": PASSWORD, "next": account_url(vendor, "addresses")},
    )
    assert response.location.endswith(account_url(vendor, "addresses"))
    response = client.post(account_url(vendor, "logout"))
    assert response.status_code == 302 and flashes(client.get(response.location))
    assert client.get(account_url(vendor)).status_code == 302


def test_privacy_download_and_delete_my_account(app, vendor, shopper):
    shopper.post(
        account_url(vendor, "addresses/new"),
        data={
            "name": "Me",
            "street": "3, rue Haute",
            "postal_code": "9050",
            "city": "Ettelbruck",
            "country": "LU",
        },
    )
    assert shopper.get(account_url(vendor, "privacy")).status_code == 200
    response = shopper.get(account_url(vendor, "privacy/export"))
    assert response.status_code == 200 and "attachment" in response.headers["Content-Disposition"]
    data = json.loads(response.get_data(as_text=True))
    assert data["customer"]["email"] == "shopper@example.lu"
    assert data["addresses"][0]["city"] == "Ettelbruck"

    response = shopper.post(account_url(vendor, "privacy/delete"), data={"password": "not-my-password"})
    assert response.status_code == 422 and "password" in field_errors(response)
    assert shopper.post(account_url(vendor, "privacy/delete"), data={"password": PASSWORD}).status_code == 302

    gone = load(app, Customer, id=data["customer"]["id"])
    assert gone.anonymised_at is not None and gone.password_hash is None
    assert "shopper" not in gone.email and gone.name == ""
    assert count(app, CustomerAddress, customer_id=gone.id) == 0
    assert shopper.get(account_url(vendor)).status_code == 302
    assert login(app.test_client(), vendor, "shopper@example.lu").status_code == 401


def test_the_storefront_shell_knows_the_customer(app, vendor, shopper):
    signed_in = page_text(shopper.get(account_url(vendor, "addresses")))
    assert 'data-testid="shop-account"' in signed_in and "Lena Schroeder" in signed_in
    stranger = page_text(app.test_client().get(account_url(vendor, "login")))
    assert 'data-testid="shop-login"' in stranger and 'data-testid="shop-account"' not in stranger
