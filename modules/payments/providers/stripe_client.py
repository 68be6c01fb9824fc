"""A small client of Stripe's HTTP API: PaymentIntents (create, retrieve, cancel), refunds, and
the verification of webhook signatures.

It speaks what Stripe's own libraries speak — form-encoded bodies with Stripe's bracket
notation for nested values (``metadata[order]=42``), a bearer secret key, an
``Idempotency-Key`` on every POST so a retried request never charges or refunds twice — over the
standard library's ``urllib`` (no dependency for the handful of calls we make). The base URL is
configurable (``STRIPE_API_BASE``): the tests run this very code against the fake server of
``modules/payments/testing/fake_stripe.py``.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import time
import urllib.error
import urllib.parse
import urllib.request
from typing import Any

log = logging.getLogger("wizamart.modules.payments.stripe")

STRIPE_VERSION = "2024-06-20"
RETRIES = 2  # after the first try: network errors, 429 and 5xx are retried with the same key
BACKOFF_SECONDS = (0.25, 1.0)


class StripeError(Exception):
    """Stripe answered with an error (4xx): ``type``, ``code``, ``param`` and its message."""

    def __init__(self, status: int, body: dict[str, Any]):
        error = body.get("error") if isinstance(body, dict) else None
        error = error if isinstance(error, dict) else {}
        self.status = status
        self.type = str(error.get("type") or "api_error")
        self.code = str(error.get("code") or "")
        self.param = str(error.get("param") or "")
        self.message = str(error.get("message") or f"HTTP {status}")
        self.body = body
        super().__init__(f"{status} {self.type} {self.code}: {self.message}")


class StripeUnavailable(Exception):
    """Stripe could not be reached, timed out or failed on its side (5xx), retries included."""

    def __init__(self, problem: str, status: int = 503):
        super().__init__(problem)
        self.problem = problem
        self.status = status


def encode(params: dict[str, Any], prefix: str = "") -> list[tuple[str, str]]:
    """Stripe's form encoding: ``{"metadata": {"a": 1}, "types": ["card"]}`` ->
    ``metadata[a]=1&types[0]=card``; None is left out, booleans are ``true``/``false``."""
    pairs: list[tuple[str, str]] = []
    for key, value in params.items():
        name = f"{prefix}[{key}]" if prefix else str(key)
        if value is None:
            continue
        if isinstance(value, dict):
            pairs += encode(value, name)
        elif isinstance(value, list | tuple):
            for index, item in enumerate(value):
                if isinstance(item, dict):
                    pairs += encode(item, f"{name}[{index}]")
                else:
                    pairs.append((f"{name}[{index}]", _scalar(item)))
        else:
            pairs.append((name, _scalar(value)))
    return pairs


def _scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


class StripeClient:
    """Calls Stripe with one secret key. Each method returns Stripe's JSON object as a dict,
    raises ``StripeError`` for an answer Stripe refused and ``StripeUnavailable`` when it could
    not get one."""

    def __init__(self, secret_key: str, api_base: str, timeout: float = 20.0):
        self.secret_key = secret_key
        self.api_base = api_base.rstrip("/")
        self.timeout = timeout

    # ------------------------------------------------------------ PaymentIntents

    def create_payment_intent(
        self,
        *,
        amount: int,
        currency: str,
        idempotency_key: str,
        metadata: dict[str, Any] | None = None,
        description: str = "",
        receipt_email: str = "",
        capture_method: str = "automatic",
    ) -> dict[str, Any]:
        params = {
            "amount": amount,
            "currency": currency.lower(),
            "payment_method_types": ["card"],
            "capture_method": capture_method,
            "metadata": metadata or {},
            "description": description or None,
            "receipt_email": receipt_email or None,
        }
        return self._request("POST", "/v1/payment_intents", params, idempotency_key)

    def retrieve_payment_intent(self, intent_id: str) -> dict[str, Any]:
        return self._request("GET", f"/v1/payment_intents/{urllib.parse.quote(intent_id)}")

    def cancel_payment_intent(self, intent_id: str, *, idempotency_key: str) -> dict[str, Any]:
        path = f"/v1/payment_intents/{urllib.parse.quote(intent_id)}/cancel"
        return self._request("POST", path, {"cancellation_reason": "abandoned"}, idempotency_key)

    # ------------------------------------------------------------ refunds

    def create_refund(
        self,
        *,
        payment_intent: str,
        amount: int,
        idempotency_key: str,
        metadata: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        params = {
            "payment_intent": payment_intent,
            "amount": amount,
            "reason": "requested_by_customer",
            "metadata": metadata or {},
        }
        return self._request("POST", "/v1/refunds", params, idempotency_key)

    def list_refunds(self, payment_intent: str) -> list[dict[str, Any]]:
        """Every refund of a PaymentIntent (pages followed)."""
        found: list[dict[str, Any]] = []
        params: dict[str, Any] = {"payment_intent": payment_intent, "limit": 100}
        while True:
            page = self._request("GET", "/v1/refunds", params)
            data = page.get("data") or []
            found += data
            if not page.get("has_more") or not data:
                return found
            params["starting_after"] = data[-1]["id"]

    # ------------------------------------------------------------ HTTP

    def _request(
        self, method: str, path: str, params: dict[str, Any] | None = None, idempotency_key: str | None = None
    ) -> dict[str, Any]:
        body = urllib.parse.urlencode(encode(params or {})).encode() if params else b""
        url = self.api_base + path
        if method == "GET" and body:
            url, body = f"{url}?{body.decode()}", b""
        headers = {
            "Authorization": f"Bearer {self.secret_key}",
            "Stripe-Version": STRIPE_VERSION,
            "User-Agent": "Wizamart payments",
        }
        if method == "POST":
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            if idempotency_key:
                headers["Idempotency-Key"] = idempotency_key
        problem, status = "", 503
        for attempt in range(RETRIES + 1):
            if attempt:
                time.sleep(BACKOFF_SECONDS[min(attempt - 1, len(BACKOFF_SECONDS) - 1)])
            request = urllib.request.Request(url, data=body if method == "POST" else None, headers=headers)
            request.method = method
            try:
                with urllib.request.urlopen(request, timeout=self.timeout) as response:
                    return _json(response.read())
            except urllib.error.HTTPError as exc:
                answer = _json(exc.read())
                if exc.code == 429 or exc.code >= 500:
                    problem, status = f"HTTP {exc.code}", 503 if exc.code in (429, 503) else 502
                    log.warning("stripe %s %s answered %s (attempt %s)", method, path, exc.code, attempt + 1)
                    continue
                raise StripeError(exc.code, answer) from None
            except (urllib.error.URLError, TimeoutError, ConnectionError, OSError) as exc:
                reason = getattr(exc, "reason", exc)
                problem, status = f"unreachable ({reason.__class__.__name__})", 503
                log.warning("stripe %s %s failed: %r (attempt %s)", method, path, exc, attempt + 1)
        raise StripeUnavailable(problem, status)


def _json(raw: bytes) -> dict[str, Any]:
    try:
        value = json.loads(raw.decode("utf-8") or "{}")
    except (UnicodeDecodeError, json.JSONDecodeError):
        return {"error": {"type": "api_error", "message": "not JSON"}}
    return value if isinstance(value, dict) else {}


# ------------------------------------------------------------------ webhook signatures


def sign(payload: bytes, secret: str, timestamp: int | None = None) -> str:
    """The ``Stripe-Signature`` header Stripe sends with ``payload``:
    ``t=<unix time>,v1=<hex HMAC-SHA256 of "<t>.<payload>" keyed with the endpoint's secret>``."""
    timestamp = int(time.time()) if timestamp is None else int(timestamp)
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + payload, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={mac}"


def verify(
    payload: bytes, header: str | None, secret: str, tolerance: int = 300, now: float | None = None
) -> None:
    """Check a webhook's ``Stripe-Signature``; raise ``ValueError`` with the problem's name
    (``missing_signature``, ``malformed_signature``, ``signature_mismatch``,
    ``timestamp_outside_tolerance``). Any of several ``v1`` signatures may match (Stripe sends
    two while a secret is being rolled)."""
    if not header:
        raise ValueError("missing_signature")
    timestamp, signatures = None, []
    for part in header.split(","):
        name, _, value = part.strip().partition("=")
        if name == "t" and value.isdigit():
            timestamp = int(value)
        elif name == "v1" and value:
            signatures.append(value)
    if timestamp is None or not signatures:
        raise ValueError("malformed_signature")
    expected = hmac.new(secret.encode(), f"{timestamp}.".encode() + payload, hashlib.sha256).hexdigest()
    if not any(hmac.compare_digest(expected, candidate) for candidate in signatures):
        raise ValueError("signature_mismatch")
    if abs((time.time() if now is None else now) - timestamp) > tolerance:
        raise ValueError("timestamp_outside_tolerance")
