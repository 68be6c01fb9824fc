"""Hooks of the payments module: modules contribute payment providers through
``payment_providers``, and learn of a payment's new status through ``on_payment_status_changed``."""

from hookspecs.markers import hookspec


@hookspec
def payment_providers():
    """Contribute payment providers.

    When: asked whenever payments needs the installed providers (keep it cheap: return objects
    built once); every implementation's answer is used.
    Receives: nothing.
    Returns: a list of provider objects, each with at least
    ``code`` (unique, ``[a-z0-9_]+``), ``name_key`` and ``description_key`` (locale keys),
    ``fields`` (a list of ``modules.payments.providers.ProviderField`` — what a shop fills in on
    its payment settings page), ``manual_capture`` (True when the shop confirms the money by
    hand, as for a bank transfer) and the methods
    ``missing_settings(settings) -> list[str]`` (the required field names still empty),
    ``start(payment, settings, *, return_url, language) -> str | None`` (contacts the provider,
    may set ``payment.provider_ref``; returns where to send the customer, or None),
    ``refund(payment, settings, amount_cents, *, reason, idempotency_key) -> RefundDone``,
    ``cancel(payment, settings) -> str | None`` (the ledger key of the cancellation) and
    ``instructions(payment, settings, language) -> dict | None`` (what the customer must do,
    e.g. the bank details for a transfer); optionally ``clean_settings(values)`` (check and
    normalise a shop's settings, raising a ``ValidationError`` naming the field),
    ``display(name, value)`` and ``sync(payment, settings)`` (ask the provider and ``record``
    what it says). ``modules.payments.providers.PaymentProvider`` is a base class with these
    defaults; the built-in ``bank_transfer`` and ``stripe`` are
    contributed the same way, by payments' own ``hooks.py``. A provider raising
    ``ProviderUnavailable`` makes the caller's unit of work roll back: nothing is charged.
    Whether a shop offers a provider is its own choice (``payment_service.set_provider``).
    """


@hookspec
def on_payment_status_changed(payment, old_status, new_status):
    """Event: a payment's status, derived from its ledger, changed.

    When: right after a ledger transaction (captured, refunded, failed, authorised, cancelled)
    changed the derived status, inside the same transaction, after the payment row was updated
    and flushed and before the commit — whether the change came from the shop (a bank transfer
    confirmed, a refund), the customer's return from the provider, or a provider's webhook.
    A transaction recorded twice (a replayed webhook) changes nothing and fires nothing.
    Receives: ``payment`` (``modules.payments.models.Payment``: ``id``, ``vendor_id``,
    ``reference`` — e.g. ``"order:42"`` —, ``provider``, ``amount_cents``, ``status``…);
    ``old_status`` and ``new_status``, each one of ``"pending"``, ``"authorised"``, ``"paid"``,
    ``"partially_refunded"``, ``"refunded"``, ``"failed"``, ``"cancelled"``.
    Returns: nothing. Listeners run in the same transaction and must not commit; an exception
    they raise rolls the whole change back (a webhook then answers an error and is retried).
    """
