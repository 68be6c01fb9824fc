"""Hooks payments implements: it contributes its built-in providers through its own
``payment_providers`` hook, like any other module would."""

from __future__ import annotations

from wizamart import hookimpl

_BUILT_IN: list = []


def _built_in() -> list:
    # Built once: providers are stateless, and the hook is asked on every checkout.
    if not _BUILT_IN:
        from .providers.bank_transfer import BankTransfer
        from .providers.stripe_provider import Stripe

        _BUILT_IN.extend([BankTransfer(), Stripe()])
    return _BUILT_IN


@hookimpl
def payment_providers():
    """Bank transfer and Stripe."""
    return list(_built_in())


@hookimpl
def register_routes():
    """The webhook endpoints, besides the pages and APIs the file conventions mount."""
    from . import webhooks

    return [(webhooks.blueprint, {"url_prefix": webhooks.URL_PREFIX, "name": "webhooks"})]


@hookimpl
def load_demo_data(demo):
    """Bank transfer in both demo shops (and Stripe where the platform has keys)."""
    from .demo import load

    load(demo)


@hookimpl
def dashboard_widgets(frontend, definition):
    """The shop's payments waiting for it: bank transfers (and other payments it confirms by
    hand) not yet confirmed."""
    from flask import g

    from wizamart import DashboardWidget, FrontendType, current_vendor

    if frontend is not FrontendType.VENDOR or "payments.view" not in (g.get("permissions") or ()):
        return None
    from .services import payment_service

    return [
        DashboardWidget(
            id="payments_to_confirm",
            label="payments.widget.to_confirm",
            value=payment_service.count_to_confirm(current_vendor().id),
            endpoint="payments.vendor_pages.payments",
            order=45,
        )
    ]
