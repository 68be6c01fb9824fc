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
