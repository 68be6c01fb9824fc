"""Storefront pages of checkout, under /storefront/<vendor_code>/checkout/: start, then one page
per step — address, shipping, payment, review — the place button, and the confirmation.

Each step page sends the customer back to the first step still to do, and a placed checkout
to its confirmation. The views only turn forms into calls of ``checkout_service`` and its
answers or errors into pages.
"""

from __future__ import annotations

from babel import Locale
from flask import Blueprint, flash, redirect, render_template, request, url_for

from wizamart import current_vendor, t
from wizamart.errors import WizamartException
from wizamart.forms import parse, run_form_action
from wizamart.i18n import current_locale, error_text

from ...exceptions import CartEmpty, CheckoutPlaced, CheckoutProblems, StepMissing
from ...schemas import AddressStepIn, PaymentIn, ShippingIn
from ...services import checkout_service, shipping_service

blueprint = Blueprint("checkout_storefront_pages", __name__)

ADDRESS_FIELDS = ("name", "company", "street", "postal_code", "city", "country", "phone")
STEP_VIEWS = {"address": ".address", "shipping": ".shipping", "payment": ".payment", "review": ".review"}
# The steps as the progress bar shows them (literal keys, so the language check finds them).
STEP_LABELS = (
    ("address", "checkout.steps.address"),
    ("shipping", "checkout.steps.shipping"),
    ("payment", "checkout.steps.payment"),
    ("review", "checkout.steps.review"),
)


def _customer():
    from modules.customers.services import customer_service

    return customer_service.current_customer()


def _load(token: str):
    return checkout_service.load(current_vendor(), token, _customer())


def _last(name: str, default: str = "") -> str:
    values = request.form.getlist(name)
    return values[-1] if values else default


def _posted() -> dict:
    return {name: _last(name) for name in request.form}


def _cart_url(vendor_code: str) -> str:
    """The cart's page (the cart module's)."""
    return url_for("cart.storefront_pages.show", vendor_code=vendor_code)


def _go(step: str, vendor_code: str, token: str):
    if step == "placed":
        return redirect(url_for(".complete", vendor_code=vendor_code, token=token))
    return redirect(url_for(STEP_VIEWS[step], vendor_code=vendor_code, token=token))


def _render(template: str, current, status: int = 200, **context):
    vendor = current_vendor()
    return render_template(
        template,
        checkout=current.session,
        current=current,
        steps=STEP_LABELS,
        step_index={step: i for i, (step, _) in enumerate(STEP_LABELS)},
        cart_url=_cart_url(vendor.code),
        **context,
    ), status


def country_name(code: str, lang: str | None = None) -> str:
    """``LU`` -> ``Luxembourg`` / ``Luxemburg`` / ``Lëtzebuerg`` (Babel's names)."""
    try:
        return Locale.parse(lang or current_locale()).territories.get(code, code)
    except (ValueError, LookupError):
        return code


@blueprint.app_template_global("checkout_country_name")
def _country_name_global(code: str) -> str:
    return country_name(code)


# ------------------------------------------------------------------ start


@blueprint.route("/checkout/", methods=["GET", "POST"])
def start(vendor_code: str):
    """Start (or continue) the checkout of this browser's cart; an empty cart goes back to it."""
    try:
        checkout = checkout_service.start(current_vendor(), _customer(), current_locale())
    except CartEmpty:
        flash(t("checkout.errors.cart_empty"), "error")
        return redirect(_cart_url(vendor_code))
    current = checkout_service.state(current_vendor(), checkout, current_locale())
    return _go(current.next_step, vendor_code, checkout.token)


# ------------------------------------------------------------------ address


def _address_data(customer) -> dict:
    """The address form as the service takes it: nested addresses, a saved one by id."""
    data: dict = {
        "email": _last("email"),
        "billing_same": _last("billing_same", "true") != "false",
        "password": _last("password"),
        "password_confirm": _last("password_confirm"),
        "save_address": _last("save_address") == "true",
    }
    choice = _last("address_choice", "new")
    if customer is not None and choice not in ("", "new"):
        data["address_id"] = choice
    else:
        data["shipping_address"] = {name: _last(name) for name in ADDRESS_FIELDS}
    if not data["billing_same"]:
        data["billing_address"] = {name: _last(f"billing_{name}") for name in ADDRESS_FIELDS}
    return data


def form_field(name: str) -> str:
    """An error's field as the form names it: ``shipping_address.city`` -> ``city``,
    ``billing_address.city`` -> ``billing_city``."""
    if name.startswith("shipping_address."):
        return name.split(".", 1)[1]
    if name.startswith("billing_address."):
        return "billing_" + name.split(".", 1)[1]
    if name == "billing_address":
        return "billing_name"
    if name == "shipping_address":
        return "name"
    return name


def _address_values(checkout, customer, saved) -> dict:
    shipping = checkout.shipping_address or {}
    billing = checkout.billing_address or {}
    values = {name: shipping.get(name, "") for name in ADDRESS_FIELDS}
    values.update({f"billing_{name}": billing.get(name, "") for name in ADDRESS_FIELDS})
    values["country"] = values["country"] or _default_country()
    values["billing_country"] = values["billing_country"] or values["country"]
    values["email"] = checkout.email
    values["billing_same"] = "false" if billing and billing != shipping else "true"
    matching = next((a.id for a in saved if checkout_service.address_of(a) == shipping), None)
    values["address_choice"] = (
        str(matching) if matching else ("new" if shipping or not saved else str(saved[0].id))
    )
    return values


def _default_country() -> str:
    from wizamart import get_module_config

    return get_module_config("checkout").default_country


def _address_page(checkout, customer, errors: dict, values: dict, status: int = 200):
    vendor = current_vendor()
    current = checkout_service.state(vendor, checkout, current_locale())
    saved = _saved_addresses(customer)
    countries = shipping_service.countries(vendor.id)
    return _render(
        "checkout/storefront/address.html",
        current,
        status,
        errors=errors,
        values=values,
        customer=customer,
        saved=saved,
        countries=[(code, country_name(code)) for code in countries],
        login_url=url_for(
            "customers.storefront_pages.login",
            vendor_code=vendor.code,
            next=url_for(".address", vendor_code=vendor.code, token=checkout.token),
        ),
    )


def _saved_addresses(customer) -> list:
    if customer is None:
        return []
    from modules.customers.services import account_service

    return account_service.addresses(customer)


@blueprint.get("/checkout/<token>/address")
def address(vendor_code: str, token: str):
    checkout = _load(token)
    if checkout.is_placed:
        return _go("placed", vendor_code, token)
    customer = _customer()
    values = _address_values(checkout, customer, _saved_addresses(customer))
    return _address_page(checkout, customer, {}, values)


@blueprint.post("/checkout/<token>/address")
def save_address(vendor_code: str, token: str):
    checkout = _load(token)
    if checkout.is_placed:
        return _go("placed", vendor_code, token)
    customer = _customer()
    vendor = current_vendor()

    def save():
        data = parse(AddressStepIn, _address_data(customer))
        return checkout_service.save_address(vendor, checkout, data, customer)

    saved, errors = run_form_action(save)
    if saved is None:
        errors = {form_field(name): text for name, text in errors.items()}
        return _address_page(checkout, customer, errors, _posted(), 422)
    if saved.registered is not None:
        _send_verification(saved.registered)
        flash(t("checkout.address.registered", email=saved.registered.email), "success")
    return _go("shipping", vendor_code, token)


def _send_verification(customer) -> None:
    """customers' confirmation link for an account opened during the checkout."""
    from modules.customers.mails import send_verification

    send_verification(customer)


# ------------------------------------------------------------------ shipping


def _step_page(checkout, step: str):
    """The first step still to do when it comes before ``step`` (the page redirects there)."""
    current = checkout_service.state(current_vendor(), checkout, current_locale())
    missing = current.next_step
    order = [s for s, _ in STEP_LABELS] + ["placed"]
    if missing == "placed" or order.index(missing) < order.index(step):
        return current, missing
    return current, None


@blueprint.route("/checkout/<token>/shipping", methods=["GET", "POST"])
def shipping(vendor_code: str, token: str):
    checkout = _load(token)
    current, earlier = _step_page(checkout, "shipping")
    if earlier:
        return _go(earlier, vendor_code, token)
    errors = {}
    if request.method == "POST":

        def choose():
            data = parse(ShippingIn, {"shipping_method_id": _last("shipping_method_id") or None})
            return checkout_service.choose_shipping(current_vendor(), checkout, data.shipping_method_id)

        done, errors = run_form_action(choose)
        if done is not None:
            return _go("payment", vendor_code, token)
        current = checkout_service.state(current_vendor(), checkout, current_locale())
    return _render(
        "checkout/storefront/shipping.html",
        current,
        422 if errors else 200,
        errors=errors,
        country=country_name((checkout.shipping_address or {}).get("country", "")),
    )


# ------------------------------------------------------------------ payment


@blueprint.route("/checkout/<token>/payment", methods=["GET", "POST"])
def payment(vendor_code: str, token: str):
    checkout = _load(token)
    current, earlier = _step_page(checkout, "payment")
    if earlier:
        return _go(earlier, vendor_code, token)
    errors = {}
    if request.method == "POST":

        def choose():
            data = parse(PaymentIn, {"provider": _last("provider")})
            return checkout_service.choose_payment(current_vendor(), checkout, data.provider)

        done, errors = run_form_action(choose)
        if done is not None:
            return _go("review", vendor_code, token)
        current = checkout_service.state(current_vendor(), checkout, current_locale())
    return _render("checkout/storefront/payment.html", current, 422 if errors else 200, errors=errors)


# ------------------------------------------------------------------ review and place


def _review_page(checkout, status: int = 200, problems: list | None = None, error: str = ""):
    try:
        current = checkout_service.review(current_vendor(), checkout, current_locale())
    except StepMissing as exc:
        # A choice no longer valid (a shipping method gone): back to that step, saying why.
        for problem in problems or [{"message": t("checkout.errors.step_missing_page")}]:
            flash(problem["message"], "error")
        return _go(exc.step, current_vendor().code, checkout.token)
    shown = list(problems or []) + [
        p.to_dict()
        for p in current.problems
        if not any(p.message == q.get("message") for q in problems or [])
    ]
    return _render(
        "checkout/storefront/review.html",
        current,
        status,
        problems=shown,
        error=error,
        country=country_name((checkout.shipping_address or {}).get("country", "")),
        billing_country=country_name((checkout.billing_address or {}).get("country", "")),
    )


@blueprint.get("/checkout/<token>/review")
def review(vendor_code: str, token: str):
    checkout = _load(token)
    if checkout.is_placed:
        return _go("placed", vendor_code, token)
    return _review_page(checkout)


@blueprint.post("/checkout/<token>/place")
def place(vendor_code: str, token: str):
    """Place the order. Twice (a double click, a second tab, a retried request) is one order."""
    checkout = _load(token)
    vendor = current_vendor()
    try:
        placed = checkout_service.place(
            vendor,
            checkout,
            lang=current_locale(),
            return_url=url_for(".complete", vendor_code=vendor_code, token=token, _external=True),
        )
    except CheckoutPlaced:
        return _go("placed", vendor_code, token)
    except StepMissing as exc:
        flash(t("checkout.errors.step_missing_page"), "error")
        return _go(exc.step, vendor_code, token)
    except CheckoutProblems as exc:
        return _review_page(_load(token), 409, problems=exc.problems)
    except WizamartException as exc:
        return _review_page(_load(token), exc.status_code, error=error_text(exc))
    if placed.next_url:
        return redirect(placed.next_url)
    return redirect(url_for(".complete", vendor_code=vendor_code, token=token))


@blueprint.get("/checkout/<token>/complete")
def complete(vendor_code: str, token: str):
    """The confirmation: the order's number and totals and, for a bank transfer, what to pay
    where. A checkout not placed yet goes back to its steps."""
    checkout = _load(token)
    if not checkout.is_placed:
        return redirect(url_for(".start", vendor_code=vendor_code))
    done = checkout_service.confirmation(current_vendor(), checkout, current_locale())
    return render_template(
        "checkout/storefront/complete.html",
        checkout=checkout,
        order=done["order"],
        payment=done["payment"],
        instructions=done["instructions"],
        order_number=done["order"].display_number,
        order_url=done["order_url"],
        country=country_name((checkout.shipping_address or {}).get("country", "")),
    )
