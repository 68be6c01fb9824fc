"""Vendor pages of checkout, under /vendor/<vendor_code>/checkout: the shop's shipping methods
(list, add, edit, delete)."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for

from wizamart import current_vendor, t
from wizamart.forms import parse_form, run_form_action
from wizamart.security import permission_required

from ...models import LANGUAGES
from ...schemas import ShippingMethodForm, cents_to_euros
from ...services import shipping_service

blueprint = Blueprint("checkout_vendor_pages", __name__)


def _vendor_id() -> int:
    return current_vendor().id


def _values(method) -> dict:
    """A method as its form shows it (amounts in euros, countries as one line)."""
    if method is None:
        return {"active": "true", "countries": "LU", "position": "0"}
    values = {f"name_{lang}": (method.names or {}).get(lang, "") for lang in LANGUAGES}
    values.update(
        countries=", ".join(method.countries or []),
        rate=cents_to_euros(method.rate_cents),
        free_above=cents_to_euros(method.free_above_cents),
        active="true" if method.active else "false",
        position=str(method.position),
    )
    return values


def _posted() -> dict:
    """The submitted form, the last value of each field (a checkbox sends "false" then "true")."""
    return {name: request.form.getlist(name)[-1] for name in request.form}


def _form(method, errors: dict, values, status: int = 200):
    return render_template(
        "checkout/vendor/shipping_method_form.html",
        method=method,
        errors=errors,
        values=values,
        active_menu="shipping",
    ), status


@blueprint.get("/checkout/shipping")
@permission_required("checkout.view_shipping")
def shipping_methods(vendor_code: str):
    return render_template(
        "checkout/vendor/shipping_methods.html",
        methods=shipping_service.list_methods(_vendor_id()),
        active_menu="shipping",
    )


@blueprint.get("/checkout/shipping/new")
@permission_required("checkout.manage_shipping")
def new_shipping_method(vendor_code: str):
    return _form(None, {}, _values(None))


@blueprint.post("/checkout/shipping")
@permission_required("checkout.manage_shipping")
def create_shipping_method(vendor_code: str):
    data, errors = run_form_action(lambda: parse_form(ShippingMethodForm, request.form))
    if data:
        created, errors = run_form_action(lambda: shipping_service.create(_vendor_id(), data))
        if created:
            flash(t("checkout.shipping.created", name=created.name()), "success")
            return redirect(url_for(".shipping_methods", vendor_code=vendor_code))
    return _form(None, errors, _posted(), 422)


@blueprint.get("/checkout/shipping/<int:method_id>")
@permission_required("checkout.manage_shipping")
def edit_shipping_method(vendor_code: str, method_id: int):
    method = shipping_service.get(_vendor_id(), method_id)
    return _form(method, {}, _values(method))


@blueprint.post("/checkout/shipping/<int:method_id>")
@permission_required("checkout.manage_shipping")
def update_shipping_method(vendor_code: str, method_id: int):
    method = shipping_service.get(_vendor_id(), method_id)  # another shop's: 404
    data, errors = run_form_action(lambda: parse_form(ShippingMethodForm, request.form))
    if data:
        saved, errors = run_form_action(lambda: shipping_service.update(_vendor_id(), method_id, data))
        if saved:
            flash(t("checkout.shipping.saved", name=saved.name()), "success")
            return redirect(url_for(".shipping_methods", vendor_code=vendor_code))
    return _form(shipping_service.get(_vendor_id(), method.id), errors, _posted(), 422)


@blueprint.post("/checkout/shipping/<int:method_id>/delete")
@permission_required("checkout.manage_shipping")
def delete_shipping_method(vendor_code: str, method_id: int):
    name = shipping_service.get(_vendor_id(), method_id).name()  # another shop's: 404
    shipping_service.delete(_vendor_id(), method_id)
    flash(t("checkout.shipping.deleted", name=name), "success")
    return redirect(url_for(".shipping_methods", vendor_code=vendor_code))
