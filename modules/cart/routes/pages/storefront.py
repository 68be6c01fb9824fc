"""The cart page of a shop, under /storefront/<vendor_code>/cart: see the cart (with what changed
since last time), add from a product page, change quantities, remove lines. Works without
JavaScript; every change is a POST that redirects back to the cart page."""

from __future__ import annotations

from flask import Blueprint, flash, g, redirect, render_template, request, url_for
from werkzeug.routing import BuildError

from wizamart import current_vendor, module_service, t
from wizamart.errors import ValidationError, WizamartException
from wizamart.forms import parse_form
from wizamart.i18n import current_locale, error_text
from wizamart.web import safe_target

from ...exceptions import InvalidQuantity
from ...schemas import AddIn
from ...services import cart_service

blueprint = Blueprint("cart_storefront_pages", __name__)

CHECKOUT_ENDPOINT = "checkout.storefront_pages.start"
QUANTITY_PREFIX = "quantity-"


def checkout_url(vendor) -> str | None:
    """The checkout's first step, when a checkout module is there and enabled on this platform."""
    if not module_service.is_module_enabled(g.get("platform_id"), "checkout"):
        return None
    try:
        return url_for(CHECKOUT_ENDPOINT, vendor_code=vendor.code)
    except BuildError:  # a checkout module without that page: no button rather than a 500
        return None


def _page(errors: dict | None = None, status: int = 200, back: str = ""):
    vendor = current_vendor()
    lang = current_locale()
    cart = cart_service.view(vendor, lang)
    home = url_for("catalog.storefront_pages.home", vendor_code=vendor.code)
    return render_template(
        "cart/storefront/cart.html",
        cart=cart,
        errors=errors or {},
        checkout_url=checkout_url(vendor) if not cart.is_empty else None,
        continue_url=safe_target(back, home) if back else home,
        lang=lang,
        quantity_prefix=QUANTITY_PREFIX,
    ), status


@blueprint.get("/cart")
def show(vendor_code: str):
    return _page(back=request.args.get("next", ""))


@blueprint.post("/cart/add")
def add(vendor_code: str):
    """The product page's "Add to cart" form: ``variant_id``, ``quantity`` and ``next`` (the
    page to go on shopping from). A refusal shows the cart page with the reason (4xx)."""
    back = request.form.get("next", "")
    try:
        data = parse_form(AddIn, request.form)
        cart_service.add(current_vendor(), data.variant_id, data.quantity)
    except WizamartException as exc:
        return _page({"__root__": _describe(exc)}, exc.status_code, back)
    flash(t("cart.flash.added"), "success")
    return redirect(url_for(".show", vendor_code=vendor_code, next=back or None))


@blueprint.post("/cart/update")
def update(vendor_code: str):
    """The cart form: ``quantity-<variant id>`` per line (0 removes it). Every valid change is
    kept; a refused one is shown beside its line (422)."""
    vendor = current_vendor()
    cart = cart_service.current_cart(vendor)
    current = {line.variant_id: line.quantity for line in cart.lines} if cart is not None else {}
    errors: dict[str, str] = {}
    changed = False
    for name, value in request.form.items():
        if not name.startswith(QUANTITY_PREFIX):
            continue
        try:
            variant_id = int(name[len(QUANTITY_PREFIX) :])
            quantity = int(value.strip())
            if quantity < 0:
                raise ValueError(quantity)
        except ValueError:
            errors[name] = error_text(InvalidQuantity(_limit(), minimum=0))
            continue
        if current.get(variant_id) == quantity:
            continue  # unchanged: nothing to check again
        try:
            cart_service.set_quantity(vendor, variant_id, quantity)
            changed = True
        except WizamartException as exc:
            errors[name] = error_text(exc)
    if errors:
        return _page(errors, 422)
    if changed:
        flash(t("cart.flash.updated"), "success")
    return redirect(url_for(".show", vendor_code=vendor_code))


@blueprint.post("/cart/remove/<int:variant_id>")
def remove(vendor_code: str, variant_id: int):
    cart_service.remove(current_vendor(), variant_id)
    flash(t("cart.flash.removed"), "success")
    return redirect(url_for(".show", vendor_code=vendor_code))


def _describe(exc: WizamartException) -> str:
    """A refusal for people: the service's own message, or the form's fields and what is wrong."""
    fields = exc.details.get("fields") if isinstance(exc.details, dict) else None
    if type(exc) is ValidationError and fields:  # the form did not parse
        return " ".join(f"{t('cart.field.' + name)}: {message}" for name, message in fields.items())
    return error_text(exc)


def _limit() -> int:
    from wizamart import get_module_config

    return get_module_config("cart").max_line_quantity
