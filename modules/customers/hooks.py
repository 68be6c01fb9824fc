"""Hooks customers implements: the storefront realm's user, the storefront shell's account
variables, the customer's saved language, and demo data."""

from __future__ import annotations

from flask import Flask, g, request, url_for

from wizamart import current_vendor, hookimpl
from wizamart.security import frontend_of

from .services import account_service, customer_service


@hookimpl
def user_from_request(request, realm):
    """The customer signed in to this shop's storefront (None in other realms and shops)."""
    if realm != "storefront":
        return None
    return customer_service.current_customer()


def _on_shop_storefront() -> bool:
    return request.path.startswith("/storefront/") or bool(g.get("storefront"))


def _shell_context() -> dict:
    """``shell_customer``, ``shell_account_url`` and ``shell_login_url`` for the storefront
    shell: at most the customer's row (the shop is already known), and nothing elsewhere."""
    if not _on_shop_storefront():
        return {}
    vendor = current_vendor()
    if vendor is None:
        return {}
    customer = customer_service.current_customer()
    return {
        "shell_customer": customer,
        "shell_account_url": url_for("customers.storefront_pages.profile", vendor_code=vendor.code),
        "shell_login_url": url_for("customers.storefront_pages.login", vendor_code=vendor.code),
    }


def _customer_locale() -> None:
    """The signed-in customer's saved language wins over cookie and browser on the storefront."""
    if request.path.startswith("/storefront/") and request.view_args and "vendor_code" in request.view_args:
        customer = customer_service.current_customer()
        if customer is not None and customer.language:
            g.user_locale = customer.language


@hookimpl
def init_app(app: Flask):
    app.context_processor(_shell_context)
    app.before_request(_customer_locale)


@hookimpl
def on_language_chosen(locale):
    """The switcher's choice, made on a storefront page, becomes the customer's language."""
    target = request.form.get("next", "/")
    if frontend_of(target).value != "storefront":
        return
    from modules.tenancy.services import vendor_service

    parts = target.split("?")[0].strip("/").split("/")
    vendor = vendor_service.by_code(parts[1]) if len(parts) > 1 else None
    customer = customer_service.session_customer(vendor.id) if vendor is not None else None
    if customer is not None:
        account_service.set_language(customer, locale)


@hookimpl
def dashboard_widgets(frontend):
    from wizamart import DashboardWidget, FrontendType

    if frontend is not FrontendType.VENDOR or "customers.view_customers" not in (g.get("permissions") or ()):
        return None
    total, registered = customer_service.counts(current_vendor().id)
    return [
        DashboardWidget(
            id="customers",
            label="customers.widget.customers",
            value=total,
            detail="customers.widget.registered",
            detail_value=registered,
            endpoint="customers.vendor_pages.customers",
            order=40,
        )
    ]


@hookimpl
def load_demo_data(demo):
    from .demo import load

    load(demo)
