"""The customer's payment page, under /storefront/<vendor_code>/pay/<token>: Stripe.js confirms
the PaymentIntent in the browser, then ``…/return`` asks Stripe how it went, records it and sends
the customer back to the ``return_url`` given to ``start_payment`` (the order's page)."""

from __future__ import annotations

import logging

from flask import Blueprint, redirect, render_template, url_for

from wizamart import current_vendor

from ...exceptions import ProviderUnavailable
from ...models import PaymentStatus
from ...providers import stripe_provider
from ...services import payment_service

blueprint = Blueprint("payments_storefront_pages", __name__)
log = logging.getLogger("wizamart.modules.payments")

# Nothing left to pay on the page: the customer goes back.
SETTLED = {
    PaymentStatus.PAID,
    PaymentStatus.AUTHORISED,
    PaymentStatus.PARTIALLY_REFUNDED,
    PaymentStatus.REFUNDED,
    PaymentStatus.CANCELLED,
}


def _payment(token: str):
    return payment_service.by_token(current_vendor().id, token)


def _done(payment):
    if payment.return_url:
        return redirect(payment.return_url)
    return render_template("payments/storefront/status.html", payment=payment, back_url=None)


@blueprint.get("/pay/<token>")
def pay(vendor_code: str, token: str):
    """The page that takes the card. A payment already settled sends the customer back."""
    payment, page = payment_service.payment_page(current_vendor().id, token)
    if payment.status in SETTLED:
        return _done(payment)
    return render_template(
        "payments/storefront/pay.html",
        payment=payment,
        publishable_key=page["publishable_key"],
        client_secret=page["client_secret"],
        stripe_js_url=stripe_provider.setting("stripe_js_url"),
        return_url=url_for(".returned", vendor_code=vendor_code, token=token),
        back_url=payment.return_url or url_for(".returned", vendor_code=vendor_code, token=token),
        failed=payment.status == PaymentStatus.FAILED,
    )


@blueprint.get("/pay/<token>/return")
def returned(vendor_code: str, token: str):
    """Back from Stripe: record what the PaymentIntent says (the webhook may come later), then on
    to the order's page."""
    payment = _payment(token)
    try:
        payment = payment_service.sync_on_return(current_vendor().id, token)
    except ProviderUnavailable as exc:
        # The webhook will tell; the order page shows the payment as it stands.
        log.warning(
            "could not ask %s about payment %s on return: %s", payment.provider, payment.id, exc.details
        )
        payment = _payment(token)
    return _done(payment)
