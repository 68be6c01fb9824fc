"""Events the customers module announces (added to the plugin manager automatically)."""

from hookspecs.markers import hookspec


@hookspec
def on_customer_registered(customer):
    """Event: a shop customer created an account (a new one, or a guest who set a password).

    When: after the customer row is flushed, inside the registering unit of work and before
    it commits; listeners share that transaction and must not commit. The account's e-mail
    is not verified yet.
    Receives: ``customer`` — ``modules.customers.models.Customer`` (``vendor_id``, ``email``,
    ``name``, ``language``, ``registered_at``; ``was_guest`` tells whether a guest history was linked).
    Returns: nothing. A listener of a module disabled on the shop's platform does nothing.
    """


@hookspec
def on_customer_logged_in(customer):
    """Event: a shop customer signed in to the storefront in this browser session.

    When: each time ``account_service.start_session`` opens a session — the sign-in form, and
    any flow that signs a customer in after registering (checkout) — after the session entry
    is written. Listeners share the request's unit of work and must not commit: start_session
    commits after them. Changing the password keeps the session without announcing it again.
    Receives: ``customer`` — ``modules.customers.models.Customer`` (``id``, ``vendor_id``,
    ``email``, ``language``). The browser's session (``flask.session``) is the one that signed in,
    so a listener can move what it kept there for the guest (the cart merges the guest cart).
    Returns: nothing. A listener of a module disabled on the shop's platform does nothing.
    """
