"""Providers' webhooks, outside every sign-in realm: ``POST /api/v1/webhooks/payments/stripe/<shop>``
for a shop's own Stripe account, ``POST /api/v1/webhooks/payments/stripe`` for the platform's.

Stripe signs each delivery with the shop's webhook secret; the signature is the only
credential, so the view is CSRF-exempt and open (there is no session to ride on). Answers are
JSON: 200 with what was done, 400 naming a signature problem, 404 for an unknown shop or payment.
Mounted by payments' ``register_routes`` hook (the file conventions know no webhook frontend).
"""

from __future__ import annotations

from flask import Blueprint, jsonify, request

from wizamart.security import csrf_exempt

from .services import webhook_service

blueprint = Blueprint("payments_webhooks", __name__)

URL_PREFIX = "/api/v1/webhooks/payments"


@blueprint.post("/stripe")
@csrf_exempt
def stripe_platform():
    """One Stripe event of the platform's own Stripe account (shops that use its keys)."""
    payload = request.get_data(cache=False)
    return jsonify(
        webhook_service.handle_stripe_platform(payload, request.headers.get("Stripe-Signature")).to_dict()
    )


@blueprint.post("/stripe/<vendor_code>")
@csrf_exempt
def stripe(vendor_code: str):
    """One Stripe event for the shop ``vendor_code``."""
    payload = request.get_data(cache=False)  # the exact bytes Stripe signed
    outcome = webhook_service.handle_stripe(vendor_code, payload, request.headers.get("Stripe-Signature"))
    return jsonify(outcome.to_dict())
