"""A fake Stripe: a real HTTP server, in a thread, speaking the part of Stripe's API that
Wizamart uses, so tests, the browser test and the benchmarks run the real client code.

It serves

- ``POST /v1/payment_intents`` (form-encoded, bracket notation, ``Idempotency-Key``),
  ``GET /v1/payment_intents/<id>``, ``POST /v1/payment_intents/<id>/confirm``, ``…/capture``,
  ``…/cancel``;
- ``POST /v1/refunds``, ``GET /v1/refunds?payment_intent=…``, ``GET /v1/refunds/<id>``;
- ``GET /v3/stripe.js`` — a tiny stand-in for Stripe.js: ``Stripe(pk)``,
  ``elements().create('card').mount(el)`` renders a card-number input, and
  ``confirmCardPayment(clientSecret, {payment_method: {card}})`` posts the number to the confirm
  endpoint with the publishable key and the client secret, as Stripe.js does.

API calls need ``Authorization: Bearer <secret key>`` (the confirm endpoint also takes the
publishable key and the PaymentIntent's client secret in the body). A POST repeated with the same
``Idempotency-Key`` gets the first answer again; the same key with other parameters is refused.
Cards: ``4242424242424242`` succeeds, ``4000000000000002`` is declined (``card_declined``),
``4000000000009995`` has insufficient funds; test payment methods ``pm_card_visa`` and
``pm_card_chargeDeclined`` work too.

Every change emits an event (``payment_intent.succeeded``, ``payment_intent.payment_failed``,
``payment_intent.amount_capturable_updated``, ``payment_intent.canceled``, ``charge.refunded``,
``refund.created``; ``refund.failed`` through ``fail_refund``), kept in ``events``. With a
``webhook_url`` each one is delivered, signed with ``webhook_secret`` exactly as Stripe signs
(``Stripe-Signature: t=…,v1=…``), from a thread of its own, in order; the URL may hold
``{vendor_code}``, filled from the object's metadata. Tests can instead take ``events`` and post
them themselves (``signed(event)``), twice, or in another order.

From pytest::

    with FakeStripe() as stripe:           # or stripe = FakeStripe(); stripe.start(); …; stripe.stop()
        app = make_app(STRIPE_API_BASE=stripe.base_url, STRIPE_JS_URL=stripe.js_url)

From a shell (a browser test's or a benchmark's app in another process)::

    python -m modules.payments.testing.fake_stripe --port 12111 \\
        --webhook-url 'http://127.0.0.1:5000/api/v1/webhooks/payments/stripe/{vendor_code}'
"""

from __future__ import annotations

import argparse
import copy
import hashlib
import hmac
import json
import queue
import secrets
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

SECRET_KEY = "sk_test_wizamart_fake"
PUBLISHABLE_KEY = "pk_test_wizamart_fake"
WEBHOOK_SECRET = "whsec_wizamart_fake"

CARD_OK = "4242424242424242"
CARD_DECLINED = "4000000000000002"
CARD_INSUFFICIENT_FUNDS = "4000000000009995"
PAYMENT_METHODS = {"pm_card_visa": CARD_OK, "pm_card_chargeDeclined": CARD_DECLINED}
DECLINES = {
    CARD_DECLINED: ("card_declined", "generic_decline", "Your card was declined."),
    CARD_INSUFFICIENT_FUNDS: ("card_declined", "insufficient_funds", "Your card has insufficient funds."),
}


class ApiError(Exception):
    """An error answer of the fake API, shaped like Stripe's."""

    def __init__(self, status: int, message: str, type_: str = "invalid_request_error", **fields: Any):
        super().__init__(message)
        self.status = status
        self.body = {"error": {"type": type_, "message": message, **fields}}


def decode_form(pairs: list[tuple[str, str]]) -> dict[str, Any]:
    """Stripe's bracket notation back into nested values: ``metadata[a]=1`` -> ``{"metadata":
    {"a": "1"}}``, ``types[0]=card`` (or ``types[]=card``) -> ``{"types": ["card"]}``."""
    root: dict[str, Any] = {}
    for key, value in pairs:
        parts = [key.split("[", 1)[0]] + [p.rstrip("]") for p in key.split("[")[1:]]
        node: Any = root
        for index, part in enumerate(parts):
            last = index == len(parts) - 1
            following = None if last else parts[index + 1]
            container: Any = [] if following is not None and (following == "" or following.isdigit()) else {}
            if isinstance(node, list):
                if part == "" or int(part) >= len(node):
                    node.append(value if last else container)
                    position = len(node) - 1
                else:
                    position = int(part)
                if last:
                    node[position] = value
                node = node[position]
            else:
                if last:
                    node[part] = value
                else:
                    node = node.setdefault(part, container)
    return root


class FakeStripe:
    """The fake Stripe server. ``start()`` returns its base URL; ``stop()`` ends it (or use it as
    a context manager). Everything it holds can be read by tests: ``payment_intents``,
    ``refunds``, ``events``, ``requests`` and ``deliveries``."""

    def __init__(
        self,
        *,
        secret_key: str = SECRET_KEY,
        publishable_key: str = PUBLISHABLE_KEY,
        webhook_secret: str = WEBHOOK_SECRET,
        webhook_url: str | Callable[[dict], str | None] | None = None,
        host: str = "127.0.0.1",
        port: int = 0,
    ):
        self.secret_key = secret_key
        self.publishable_key = publishable_key
        self.webhook_secret = webhook_secret
        self.webhook_url = webhook_url
        self.host, self.port = host, port
        self.payment_intents: dict[str, dict] = {}
        self.charges: dict[str, dict] = {}
        self.refunds: dict[str, dict] = {}
        self.events: list[dict] = []
        self.requests: list[dict] = []  # method, path, params, headers of every API call
        self.deliveries: list[dict] = []  # event id, url, status, body of every webhook posted
        self._idempotent: dict[str, tuple[str, int, dict]] = {}
        self._outages: list[int] = []
        self._lock = threading.RLock()
        self._queue: queue.Queue = queue.Queue()
        self._server: ThreadingHTTPServer | None = None
        self._threads: list[threading.Thread] = []

    # ------------------------------------------------------------ lifecycle

    def start(self) -> str:
        fake = self

        class Handler(_Handler):
            owner = fake

        self._server = ThreadingHTTPServer((self.host, self.port), Handler)
        self._server.daemon_threads = True
        self.port = self._server.server_address[1]
        serving = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, name="fake-stripe", daemon=True
        )
        delivering = threading.Thread(target=self._deliver_loop, name="fake-stripe-webhooks", daemon=True)
        self._threads = [serving, delivering]
        for thread in self._threads:
            thread.start()
        return self.base_url

    def stop(self) -> None:
        if self._server is None:
            return
        self._queue.put(None)
        self._server.shutdown()
        self._server.server_close()
        for thread in self._threads:
            thread.join(timeout=5)
        self._server = None

    def __enter__(self) -> FakeStripe:
        self.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop()

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}"

    @property
    def js_url(self) -> str:
        return f"{self.base_url}/v3/stripe.js"

    def shop_settings(self) -> dict[str, str]:
        """The settings a shop saves to use this fake (``payment_service.set_provider``)."""
        return {
            "publishable_key": self.publishable_key,
            "secret_key": self.secret_key,
            "webhook_secret": self.webhook_secret,
        }

    # ------------------------------------------------------------ test controls

    def outage(self, status: int = 503, times: int = 1) -> None:
        """The next ``times`` API calls answer ``status`` (500, 502, 503: Stripe failing)."""
        with self._lock:
            self._outages += [status] * times

    def events_of(self, *types: str) -> list[dict]:
        with self._lock:
            return [copy.deepcopy(e) for e in self.events if not types or e["type"] in types]

    def sign(self, payload: bytes, secret: str | None = None, timestamp: int | None = None) -> str:
        """The ``Stripe-Signature`` header for ``payload``, as Stripe computes it."""
        timestamp = int(time.time()) if timestamp is None else timestamp
        key = (secret or self.webhook_secret).encode()
        mac = hmac.new(key, f"{timestamp}.".encode() + payload, hashlib.sha256).hexdigest()
        return f"t={timestamp},v1={mac}"

    def signed(
        self, event: dict, secret: str | None = None, timestamp: int | None = None
    ) -> tuple[bytes, dict[str, str]]:
        """``(body, headers)`` of a webhook delivery of ``event``, ready to post."""
        payload = json.dumps(event).encode()
        headers = {
            "Content-Type": "application/json",
            "Stripe-Signature": self.sign(payload, secret, timestamp),
        }
        return payload, headers

    def deliver(self, event: dict, url: str | None = None) -> tuple[int, str]:
        """Post ``event``, signed, to ``url`` (default: the webhook URL); returns (status, body)."""
        target = url or self._url_for(event)
        if not target:
            raise ValueError("no webhook URL to deliver to")
        payload, headers = self.signed(event)
        request = urllib.request.Request(target, data=payload, headers=headers, method="POST")
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                status, body = response.status, response.read().decode()
        except urllib.error.HTTPError as exc:
            status, body = exc.code, exc.read().decode()
        except OSError as exc:
            status, body = 0, repr(exc)
        with self._lock:
            self.deliveries.append(
                {"event": event["id"], "type": event["type"], "url": target, "status": status, "body": body}
            )
        return status, body

    def wait_for_deliveries(self, timeout: float = 10.0) -> None:
        """Wait until every event emitted so far was delivered (with a webhook URL set)."""
        deadline = time.monotonic() + timeout
        while self._queue.unfinished_tasks and time.monotonic() < deadline:
            time.sleep(0.02)
        if self._queue.unfinished_tasks:
            raise TimeoutError("webhook deliveries still pending")

    def fail_refund(self, refund_id: str, reason: str = "expired_or_canceled_card") -> dict:
        """A refund fails after it was accepted (the card was closed meanwhile), as Stripe
        reports it: ``refund.failed`` and ``charge.refund.updated``; the charge gets it back."""
        with self._lock:
            refund = self.refunds[refund_id]
            if refund["status"] != "failed":
                refund.update(status="failed", failure_reason=reason)
                charge = self.charges[refund["charge"]]
                charge["amount_refunded"] -= refund["amount"]
                charge["refunded"] = False
                self._emit("refund.failed", refund)
                self._emit("charge.refund.updated", refund)
            return copy.deepcopy(refund)

    def confirm(self, intent_id: str, card_number: str = CARD_OK) -> dict:
        """Confirm a PaymentIntent with a card, as the customer's browser would through Stripe.js;
        returns the PaymentIntent (declined: with its ``last_payment_error``)."""
        try:
            return self._confirm(intent_id, {"payment_method_data": {"card": {"number": card_number}}})
        except ApiError as exc:
            if "payment_intent" in exc.body["error"]:
                return exc.body["error"]["payment_intent"]
            raise

    # ------------------------------------------------------------ webhooks

    def _url_for(self, event: dict) -> str | None:
        if callable(self.webhook_url):
            return self.webhook_url(event)
        if not self.webhook_url:
            return None
        metadata = event["data"]["object"].get("metadata") or {}
        try:
            return self.webhook_url.format(vendor_code=metadata.get("vendor_code", ""))
        except (KeyError, IndexError):
            return self.webhook_url

    def _emit(self, type_: str, obj: dict) -> None:
        event = {
            "id": "evt_" + secrets.token_hex(12),
            "object": "event",
            "api_version": "2024-06-20",
            "created": int(time.time()),
            "livemode": False,
            "pending_webhooks": 1,
            "type": type_,
            "data": {"object": copy.deepcopy(obj)},
        }
        self.events.append(event)
        if self.webhook_url:
            self._queue.put(copy.deepcopy(event))

    def _deliver_loop(self) -> None:
        while True:
            event = self._queue.get()
            try:
                if event is None:
                    return
                self.deliver(event)
            finally:
                self._queue.task_done()

    # ------------------------------------------------------------ the API

    def handle(self, method: str, path: str, query: dict, form: dict, headers: dict) -> tuple[int, Any, str]:
        """One request: ``(status, body, content type)``."""
        if method == "GET" and path == "/v3/stripe.js":
            return 200, STRIPE_JS.replace("__API_BASE__", self.base_url), "application/javascript"
        with self._lock:
            self.requests.append(
                {"method": method, "path": path, "params": form or query, "headers": headers}
            )
            try:
                self._authenticate(path, form, headers)
                if self._outages:
                    status = self._outages.pop(0)
                    raise ApiError(status, "The fake Stripe is having an outage.", "api_error")
                key = headers.get("idempotency-key") if method == "POST" else None
                fingerprint = json.dumps([path, form], sort_keys=True)
                if key and key in self._idempotent:
                    seen, status, body = self._idempotent[key]
                    if seen != fingerprint:
                        raise ApiError(
                            400,
                            "Keys for idempotent requests can only be used with the same parameters they "
                            "were first used with.",
                            "idempotency_error",
                        )
                    return status, copy.deepcopy(body), "application/json"
                try:
                    status, body = 200, self._route(method, path, query, form)
                except ApiError as exc:
                    if exc.status >= 500:
                        raise
                    status, body = exc.status, exc.body
                if key:
                    self._idempotent[key] = (fingerprint, status, copy.deepcopy(body))
                return status, body, "application/json"
            except ApiError as exc:
                return exc.status, exc.body, "application/json"

    def _authenticate(self, path: str, form: dict, headers: dict) -> None:
        bearer = headers.get("authorization", "")
        if bearer == f"Bearer {self.secret_key}":
            return
        # Stripe.js confirms with the publishable key and the PaymentIntent's client secret.
        if path.endswith("/confirm") and form.get("key") == self.publishable_key:
            intent = self.payment_intents.get(path.split("/")[3])
            if intent and form.get("client_secret") == intent["client_secret"]:
                return
            raise ApiError(
                400, "The client_secret provided does not match this PaymentIntent.", code="resource_missing"
            )
        shown = bearer.removeprefix("Bearer ")[-4:]
        raise ApiError(401, f"Invalid API Key provided: ****{shown}")

    def _route(self, method: str, path: str, query: dict, form: dict) -> dict:
        parts = path.strip("/").split("/")
        if parts[:2] == ["v1", "payment_intents"]:
            if method == "POST" and len(parts) == 2:
                return self._create_intent(form)
            intent_id = parts[2] if len(parts) > 2 else ""
            if method == "GET" and len(parts) == 3:
                return copy.deepcopy(self._intent(intent_id))
            if method == "POST" and len(parts) == 4 and parts[3] == "confirm":
                return self._confirm(intent_id, form)
            if method == "POST" and len(parts) == 4 and parts[3] == "capture":
                return self._capture(intent_id, form)
            if method == "POST" and len(parts) == 4 and parts[3] == "cancel":
                return self._cancel(intent_id, form)
        if parts[:2] == ["v1", "refunds"]:
            if method == "POST" and len(parts) == 2:
                return self._refund(form)
            if method == "GET" and len(parts) == 2:
                wanted = query.get("payment_intent")
                data = [
                    copy.deepcopy(r)
                    for r in self.refunds.values()
                    if not wanted or r["payment_intent"] == wanted
                ]
                return {"object": "list", "data": data, "has_more": False, "url": "/v1/refunds"}
            if method == "GET" and len(parts) == 3:
                if parts[2] not in self.refunds:
                    raise ApiError(404, f"No such refund: '{parts[2]}'", code="resource_missing", param="id")
                return copy.deepcopy(self.refunds[parts[2]])
        raise ApiError(404, f"Unrecognized request URL ({method}: {path}).")

    def _intent(self, intent_id: str) -> dict:
        intent = self.payment_intents.get(intent_id)
        if intent is None:
            raise ApiError(
                404, f"No such payment_intent: '{intent_id}'", code="resource_missing", param="intent"
            )
        return intent

    def _create_intent(self, form: dict) -> dict:
        try:
            amount = int(form.get("amount", ""))
        except ValueError:
            raise ApiError(
                400, "Invalid integer: amount", code="parameter_invalid_integer", param="amount"
            ) from None
        if amount < 50:
            raise ApiError(400, "Amount must be at least €0.50 eur", code="amount_too_small", param="amount")
        currency = str(form.get("currency", "")).lower()
        if len(currency) != 3:
            raise ApiError(
                400, "Missing required param: currency.", code="parameter_missing", param="currency"
            )
        intent_id = "pi_" + secrets.token_hex(12)
        intent = {
            "id": intent_id,
            "object": "payment_intent",
            "amount": amount,
            "amount_capturable": 0,
            "amount_received": 0,
            "currency": currency,
            "capture_method": form.get("capture_method", "automatic"),
            "client_secret": f"{intent_id}_secret_{secrets.token_hex(12)}",
            "created": int(time.time()),
            "description": form.get("description"),
            "last_payment_error": None,
            "latest_charge": None,
            "livemode": False,
            "metadata": dict(form.get("metadata") or {}),
            "payment_method_types": list(form.get("payment_method_types") or ["card"]),
            "receipt_email": form.get("receipt_email"),
            "status": "requires_payment_method",
            "canceled_at": None,
            "cancellation_reason": None,
        }
        self.payment_intents[intent_id] = intent
        return copy.deepcopy(intent)

    def _confirm(self, intent_id: str, form: dict) -> dict:
        intent = self._intent(intent_id)
        if intent["status"] not in ("requires_payment_method", "requires_confirmation"):
            raise ApiError(
                400,
                f"This PaymentIntent's status is {intent['status']}; it cannot be confirmed.",
                code="payment_intent_unexpected_state",
                payment_intent=copy.deepcopy(intent),
            )
        number = _card_number(form)
        charge_id = "ch_" + secrets.token_hex(12)
        charge = {
            "id": charge_id,
            "object": "charge",
            "amount": intent["amount"],
            "amount_captured": 0,
            "amount_refunded": 0,
            "currency": intent["currency"],
            "payment_intent": intent_id,
            "metadata": dict(intent["metadata"]),
            "created": int(time.time()),
            "refunded": False,
        }
        self.charges[charge_id] = charge
        intent["latest_charge"] = charge_id
        if number in DECLINES or number not in (CARD_OK,):
            code, decline, message = DECLINES.get(
                number, ("incorrect_number", None, "Your card number is incorrect.")
            )
            charge.update(status="failed", paid=False, failure_code=decline or code, failure_message=message)
            intent["status"] = "requires_payment_method"
            intent["last_payment_error"] = {
                "type": "card_error",
                "code": code,
                "decline_code": decline,
                "message": message,
                "charge": charge_id,
            }
            self._emit("charge.failed", charge)
            self._emit("payment_intent.payment_failed", intent)
            raise ApiError(
                402,
                message,
                "card_error",
                code=code,
                decline_code=decline,
                charge=charge_id,
                payment_intent=copy.deepcopy(intent),
            )
        intent["last_payment_error"] = None
        charge.update(status="succeeded", paid=True)
        if intent["capture_method"] == "manual":
            intent["status"] = "requires_capture"
            intent["amount_capturable"] = intent["amount"]
            self._emit("payment_intent.amount_capturable_updated", intent)
        else:
            intent["status"] = "succeeded"
            intent["amount_received"] = intent["amount"]
            charge["amount_captured"] = intent["amount"]
            self._emit("charge.succeeded", charge)
            self._emit("payment_intent.succeeded", intent)
        return copy.deepcopy(intent)

    def _capture(self, intent_id: str, form: dict) -> dict:
        intent = self._intent(intent_id)
        if intent["status"] != "requires_capture":
            raise ApiError(
                400,
                f"This PaymentIntent could not be captured because it has a status of {intent['status']}.",
                code="payment_intent_unexpected_state",
            )
        amount = int(form.get("amount_to_capture") or intent["amount_capturable"])
        intent.update(status="succeeded", amount_received=amount, amount_capturable=0)
        self.charges[intent["latest_charge"]]["amount_captured"] = amount
        self._emit("payment_intent.succeeded", intent)
        return copy.deepcopy(intent)

    def _cancel(self, intent_id: str, form: dict) -> dict:
        intent = self._intent(intent_id)
        if intent["status"] in ("succeeded", "canceled"):
            raise ApiError(
                400,
                f"You cannot cancel this PaymentIntent because it has a status of {intent['status']}.",
                code="payment_intent_unexpected_state",
            )
        intent.update(
            status="canceled",
            canceled_at=int(time.time()),
            cancellation_reason=form.get("cancellation_reason") or "requested_by_customer",
            amount_capturable=0,
        )
        self._emit("payment_intent.canceled", intent)
        return copy.deepcopy(intent)

    def _refund(self, form: dict) -> dict:
        intent = self._intent(str(form.get("payment_intent", "")))
        if intent["status"] != "succeeded":
            raise ApiError(
                400,
                f"This PaymentIntent ({intent['id']}) does not have a successful charge to refund.",
                code="charge_not_refundable",
                param="payment_intent",
            )
        charge = self.charges[intent["latest_charge"]]
        remaining = charge["amount_captured"] - charge["amount_refunded"]
        if remaining <= 0:
            raise ApiError(
                400, f"Charge {charge['id']} has already been refunded.", code="charge_already_refunded"
            )
        try:
            amount = int(form.get("amount") or remaining)
        except ValueError:
            raise ApiError(
                400, "Invalid integer: amount", code="parameter_invalid_integer", param="amount"
            ) from None
        if amount <= 0 or amount > remaining:
            raise ApiError(
                400,
                f"Refund amount ({amount}) is greater than unrefunded amount on charge ({remaining})",
                code="amount_too_large",
                param="amount",
            )
        refund = {
            "id": "re_" + secrets.token_hex(12),
            "object": "refund",
            "amount": amount,
            "charge": charge["id"],
            "currency": intent["currency"],
            "created": int(time.time()),
            "metadata": dict(form.get("metadata") or {}) or dict(intent["metadata"]),
            "payment_intent": intent["id"],
            "reason": form.get("reason"),
            "status": "succeeded",
        }
        self.refunds[refund["id"]] = refund
        charge["amount_refunded"] += amount
        charge["refunded"] = charge["amount_refunded"] >= charge["amount_captured"]
        self._emit("refund.created", refund)
        self._emit("charge.refunded", charge)
        return copy.deepcopy(refund)


def _card_number(form: dict) -> str:
    method = form.get("payment_method")
    if isinstance(method, str) and method:
        if method not in PAYMENT_METHODS:
            raise ApiError(
                400, f"No such PaymentMethod: '{method}'", code="resource_missing", param="payment_method"
            )
        return PAYMENT_METHODS[method]
    data = form.get("payment_method_data") or {}
    card = data.get("card") if isinstance(data, dict) else None
    number = (card or {}).get("number") if isinstance(card, dict) else None
    if not number:
        raise ApiError(
            400,
            "You must provide a payment method to confirm this PaymentIntent.",
            code="payment_intent_unexpected_state",
            param="payment_method",
        )
    return "".join(ch for ch in str(number) if ch.isdigit())


class _Handler(BaseHTTPRequestHandler):
    owner: FakeStripe
    protocol_version = "HTTP/1.1"

    def log_message(self, format, *args):  # quiet: tests read .requests instead
        pass

    def _answer(self, status: int, body: Any, content_type: str) -> None:
        raw = body.encode() if isinstance(body, str) else json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(raw)))
        # Stripe.js calls the API from the shop's own origin.
        self.send_header("Access-Control-Allow-Origin", "*")
        self.send_header("Access-Control-Allow-Headers", "Authorization, Content-Type, Idempotency-Key")
        self.send_header("Access-Control-Allow-Methods", "GET, POST, OPTIONS")
        self.end_headers()
        self.wfile.write(raw)

    def _serve(self, method: str) -> None:
        url = urllib.parse.urlsplit(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length).decode() if length else ""
        form: dict = {}
        if method == "POST":
            content_type = self.headers.get("Content-Type", "")
            if raw and "application/x-www-form-urlencoded" not in content_type:
                self._answer(
                    400,
                    {"error": {"type": "invalid_request_error", "message": "Send form-encoded parameters."}},
                    "application/json",
                )
                return
            form = decode_form(urllib.parse.parse_qsl(raw, keep_blank_values=True))
        query = dict(urllib.parse.parse_qsl(url.query))
        headers = {k.lower(): v for k, v in self.headers.items()}
        status, body, content_type = self.owner.handle(method, url.path, query, form, headers)
        self._answer(status, body, content_type)

    def do_GET(self):
        self._serve("GET")

    def do_POST(self):
        self._serve("POST")

    def do_OPTIONS(self):
        self._answer(204, "", "text/plain")


STRIPE_JS = r"""/* A fake Stripe.js for tests: the calls Wizamart's payment page makes, nothing more. */
(function () {
  "use strict";
  var API = "__API_BASE__";

  function CardElement() { this.input = null; this.handlers = {}; }
  CardElement.prototype.mount = function (target) {
    var host = typeof target === "string" ? document.querySelector(target) : target;
    var input = document.createElement("input");
    input.type = "text";
    input.name = "cardnumber";
    input.inputMode = "numeric";
    input.autocomplete = "cc-number";
    input.placeholder = "1234 1234 1234 1234";
    input.setAttribute("aria-label", "Card number");
    input.setAttribute("data-testid", "fake-stripe-card");
    input.className = "fake-stripe-card";
    var self = this;
    input.addEventListener("input", function () {
      var handler = self.handlers.change;
      var digits = input.value.replace(/\D/g, "");
      if (handler) { handler({ complete: digits.length >= 16, empty: !digits }); }
    });
    host.appendChild(input);
    this.input = input;
  };
  CardElement.prototype.on = function (name, handler) { this.handlers[name] = handler; };
  CardElement.prototype.focus = function () { if (this.input) { this.input.focus(); } };
  CardElement.prototype.clear = function () { if (this.input) { this.input.value = ""; } };

  function Stripe(key) {
    if (!(this instanceof Stripe)) { return new Stripe(key); }
    this.key = key;
  }
  Stripe.prototype.elements = function () {
    return { create: function () { return new CardElement(); } };
  };
  Stripe.prototype.confirmCardPayment = function (clientSecret, data) {
    var intentId = String(clientSecret).split("_secret_")[0];
    var card = data && data.payment_method && data.payment_method.card;
    var number = card && card.input ? card.input.value.replace(/\s+/g, "") : "";
    var body = new URLSearchParams();
    body.set("key", this.key);
    body.set("client_secret", clientSecret);
    body.set("payment_method_data[type]", "card");
    body.set("payment_method_data[card][number]", number);
    return fetch(API + "/v1/payment_intents/" + encodeURIComponent(intentId) + "/confirm", {
      method: "POST", body: body
    }).then(function (response) {
      return response.json().then(function (json) {
        return response.ok ? { paymentIntent: json } : { error: json.error };
      });
    }, function () {
      return { error: { type: "api_connection_error", message: "Stripe could not be reached." } };
    });
  };
  window.Stripe = Stripe;
})();
"""


def main(argv: list[str] | None = None) -> None:
    """Run the fake Stripe until interrupted; prints its address and keys."""
    parser = argparse.ArgumentParser(description="A fake Stripe API for tests, browser tests and benchmarks.")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=12111)
    parser.add_argument("--webhook-url", default=None, help="may hold {vendor_code}")
    args = parser.parse_args(argv)
    fake = FakeStripe(host=args.host, port=args.port, webhook_url=args.webhook_url)
    fake.start()
    # Flushed: a script starting it in the background reads these lines at once.
    print(f"STRIPE_API_BASE={fake.base_url}", flush=True)
    print(f"STRIPE_JS_URL={fake.js_url}", flush=True)
    print(f"secret key {fake.secret_key}, publishable key {fake.publishable_key}", flush=True)
    print(f"webhook secret {fake.webhook_secret}", flush=True)
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        pass
    finally:
        fake.stop()


if __name__ == "__main__":
    main()
