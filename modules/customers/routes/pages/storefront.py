"""Storefront account pages of customers, under /storefront/<vendor_code>/account/: register,
confirm the e-mail, sign in and out, reset the password, profile, addresses and privacy."""

from __future__ import annotations

import json
from functools import wraps

from flask import Blueprint, Response, flash, redirect, render_template, request, url_for

from wizamart import current_vendor, t
from wizamart.errors import WizamartException
from wizamart.forms import parse_form, run_form_action
from wizamart.i18n import error_text
from wizamart.web import safe_target

from ...exceptions import EmailNotVerified, InvalidCredentials, LoginThrottled
from ...mails import send_reset, send_verification
from ...schemas import (
    AddressIn,
    DeleteAccountIn,
    ForgotIn,
    LoginIn,
    PasswordChange,
    PasswordPair,
    ProfileIn,
    RegisterIn,
)
from ...services import account_service, customer_service

blueprint = Blueprint("customers_storefront_pages", __name__)

LANGUAGE_NAMES = {"en": "English", "de": "Deutsch", "fr": "Français", "lb": "Lëtzebuergesch"}


def language_options() -> list[tuple[str, str]]:
    return [("", t("customers.field.language_shop"))] + list(LANGUAGE_NAMES.items())


def signed_in(view):
    """Account pages: the signed-in customer of this shop, else the sign-in page (with ``next``)."""

    @wraps(view)
    def wrapper(vendor_code: str, **kwargs):
        customer = customer_service.current_customer()
        if customer is None:
            return redirect(url_for(".login", vendor_code=vendor_code, next=request.full_path.rstrip("?")))
        return view(customer, vendor_code=vendor_code, **kwargs)

    return wrapper


def _status(errors: dict) -> int:
    return 422 if errors else 200


# ------------------------------------------------------------------ registering and signing in


@blueprint.route("/account/register", methods=["GET", "POST"])
def register(vendor_code: str):
    errors = {}
    if request.method == "POST":
        data, errors = run_form_action(lambda: parse_form(RegisterIn, request.form))
        customer = None
        if data:
            customer, errors = run_form_action(lambda: account_service.register(current_vendor().id, data))
        if customer is not None:
            send_verification(customer)
            return render_template("customers/storefront/check_mail.html", email=customer.email)
    return render_template(
        "customers/storefront/register.html",
        errors=errors,
        values=request.form,
        language_choices=language_options(),
    ), _status(errors)


@blueprint.get("/account/verify/<token>")
def verify(vendor_code: str, token: str):
    customer, errors = run_form_action(lambda: account_service.verify(current_vendor().id, token))
    if customer is None:
        return render_template("customers/storefront/link_invalid.html", message=errors["__root__"]), 400
    flash(t("customers.verify.done"), "success")
    return redirect(url_for(".login", vendor_code=vendor_code))


@blueprint.route("/account/login", methods=["GET", "POST"])
def login(vendor_code: str):
    errors, status = {}, 200
    if request.method == "POST":
        try:
            data = parse_form(LoginIn, request.form)
            customer = account_service.authenticate(
                current_vendor().id, data.email, data.password, request.remote_addr or "unknown"
            )
        except LoginThrottled as exc:
            errors, status = {"__root__": error_text(exc)}, 429
        except InvalidCredentials:
            errors, status = {"__root__": t("customers.login.invalid")}, 401
        except EmailNotVerified:
            # The password was right: send a fresh link rather than leave them stuck.
            send_verification(account_service.by_email(current_vendor().id, data.email))
            errors, status = {"__root__": t("customers.login.not_verified")}, 403
        except WizamartException as exc:
            errors, status = exc.details.get("fields", {"__root__": error_text(exc)}), 422
        else:
            account_service.start_session(customer)
            default = url_for(".profile", vendor_code=vendor_code)
            return redirect(safe_target(request.values.get("next", ""), default))
    return render_template(
        "customers/storefront/login.html",
        errors=errors,
        values=request.form,
        next=request.values.get("next", ""),
    ), status


@blueprint.post("/account/logout")
def logout(vendor_code: str):
    account_service.end_session()
    flash(t("customers.login.signed_out"), "success")
    return redirect(url_for(".login", vendor_code=vendor_code))


@blueprint.route("/account/forgot", methods=["GET", "POST"])
def forgot(vendor_code: str):
    errors, sent = {}, False
    if request.method == "POST":
        data, errors = run_form_action(lambda: parse_form(ForgotIn, request.form))
        if data:
            customer = account_service.by_email(current_vendor().id, data.email)
            if customer is not None:
                send_reset(customer)
            sent = True  # the same answer whether or not the account exists
    return render_template(
        "customers/storefront/forgot.html", errors=errors, sent=sent, values=request.form
    ), _status(errors)


@blueprint.route("/account/reset/<token>", methods=["GET", "POST"])
def reset(vendor_code: str, token: str):
    vendor_id = current_vendor().id
    customer, errors = run_form_action(lambda: account_service.customer_for_reset(vendor_id, token))
    if customer is None:
        return render_template("customers/storefront/link_invalid.html", message=errors["__root__"]), 400
    if request.method == "POST":
        data, errors = run_form_action(lambda: parse_form(PasswordPair, request.form))
        if data:
            done, errors = run_form_action(
                lambda: account_service.reset_password(vendor_id, token, data.password)
            )
            if done:
                flash(t("customers.reset.done"), "success")
                return redirect(url_for(".login", vendor_code=vendor_code))
    return render_template("customers/storefront/reset.html", errors=errors, token=token), _status(errors)


# ------------------------------------------------------------------ profile


@blueprint.route("/account/", methods=["GET", "POST"])
@signed_in
def profile(customer, vendor_code: str):
    errors = {}
    if request.method == "POST":
        data, errors = run_form_action(lambda: parse_form(ProfileIn, request.form))
        if data:
            account_service.update_profile(customer, data)
            flash(t("customers.profile.saved"), "success")
            return redirect(url_for(".profile", vendor_code=vendor_code))
    values = (
        request.form
        if errors
        else {"name": customer.name, "phone": customer.phone, "language": customer.language or ""}
    )
    return render_template(
        "customers/storefront/profile.html",
        customer=customer,
        errors=errors,
        password_errors={},
        values=values,
        language_choices=language_options(),
        default_address=next(iter(account_service.addresses(customer)), None),
    ), _status(errors)


@blueprint.post("/account/password")
@signed_in
def change_password(customer, vendor_code: str):
    data, errors = run_form_action(lambda: parse_form(PasswordChange, request.form))
    if data:
        _, errors = run_form_action(
            lambda: account_service.change_password(customer, data.current_password, data.password)
        )
    if not errors:
        flash(t("customers.profile.password_changed"), "success")
        return redirect(url_for(".profile", vendor_code=vendor_code))
    return render_template(
        "customers/storefront/profile.html",
        customer=customer,
        errors={},
        password_errors=errors,
        values={"name": customer.name, "phone": customer.phone, "language": customer.language or ""},
        language_choices=language_options(),
        default_address=next(iter(account_service.addresses(customer)), None),
    ), 422


# ------------------------------------------------------------------ addresses


@blueprint.get("/account/addresses")
@signed_in
def addresses(customer, vendor_code: str):
    return render_template(
        "customers/storefront/addresses.html", addresses=account_service.addresses(customer)
    )


@blueprint.route("/account/addresses/new", methods=["GET", "POST"])
@signed_in
def new_address(customer, vendor_code: str):
    errors = {}
    if request.method == "POST":
        data, errors = run_form_action(lambda: parse_form(AddressIn, request.form))
        if data:
            account_service.add_address(customer, data)
            flash(t("customers.addresses.saved"), "success")
            return redirect(url_for(".addresses", vendor_code=vendor_code))
    values = request.form if request.method == "POST" else {"country": "LU", "name": customer.name}
    return render_template(
        "customers/storefront/address_form.html", address=None, errors=errors, values=values
    ), _status(errors)


@blueprint.route("/account/addresses/<int:address_id>/edit", methods=["GET", "POST"])
@signed_in
def edit_address(customer, vendor_code: str, address_id: int):
    address = account_service.address(customer, address_id)  # 404 for anyone else's
    errors = {}
    if request.method == "POST":
        data, errors = run_form_action(lambda: parse_form(AddressIn, request.form))
        if data:
            account_service.update_address(customer, address_id, data)
            flash(t("customers.addresses.saved"), "success")
            return redirect(url_for(".addresses", vendor_code=vendor_code))
    values = (
        request.form
        if request.method == "POST"
        else {
            name: getattr(address, name)
            for name in ("label", "name", "street", "postal_code", "city", "country", "phone", "is_default")
        }
    )
    return render_template(
        "customers/storefront/address_form.html", address=address, errors=errors, values=values
    ), _status(errors)


@blueprint.post("/account/addresses/<int:address_id>/delete")
@signed_in
def delete_address(customer, vendor_code: str, address_id: int):
    account_service.delete_address(customer, address_id)
    flash(t("customers.addresses.deleted"), "success")
    return redirect(url_for(".addresses", vendor_code=vendor_code))


@blueprint.post("/account/addresses/<int:address_id>/default")
@signed_in
def default_address(customer, vendor_code: str, address_id: int):
    account_service.set_default_address(customer, address_id)
    flash(t("customers.addresses.default_set"), "success")
    return redirect(url_for(".addresses", vendor_code=vendor_code))


# ------------------------------------------------------------------ privacy


@blueprint.get("/account/privacy")
@signed_in
def privacy(customer, vendor_code: str):
    return render_template("customers/storefront/privacy.html", customer=customer, errors={})


@blueprint.get("/account/privacy/export")
@signed_in
def export_data(customer, vendor_code: str):
    data = customer_service.export(customer.vendor_id, customer.id, None)
    return Response(
        json.dumps(data, ensure_ascii=False, indent=2),
        mimetype="application/json",
        headers={"Content-Disposition": f'attachment; filename="my-data-{vendor_code}.json"'},
    )


@blueprint.post("/account/privacy/delete")
@signed_in
def delete_account(customer, vendor_code: str):
    data, errors = run_form_action(lambda: parse_form(DeleteAccountIn, request.form))
    if data:
        _, errors = run_form_action(lambda: account_service.delete_account(customer, data.password))
    if errors:
        return render_template("customers/storefront/privacy.html", customer=customer, errors=errors), 422
    flash(t("customers.privacy.deleted"), "success")
    return redirect(url_for(".login", vendor_code=vendor_code))
