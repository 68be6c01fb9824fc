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
