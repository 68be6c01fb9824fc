"""Events the orders module announces (other modules implement them with ``@hookimpl``).

Inventory reserves stock when an order is placed, takes it off the shelf when the order ships
and gives it back when the order is cancelled — all through these two events, without importing
orders; messaging, accounting or a marketplace would join in the same way.
"""

from hookspecs.markers import hookspec


@hookspec
def order_placed(order):
    """Event: an order was placed.

    When: inside ``order_service.place_order``'s unit of work, after the order and its lines
    are flushed (``order.id`` and ``order.number`` are set) and before its payment is started
    and the caller commits. Listeners share that transaction and must not commit.
    Receives: ``order`` — ``modules.orders.models.Order``: ``id``, ``vendor_id``, ``number``,
    ``customer_id`` (or None for a guest), ``email``, ``language``, ``status`` (``"pending"``),
    ``total_gross_cents``, ``currency`` and ``lines`` (each with ``variant_id`` — None when
    the catalog no longer has it —, ``product_id``, ``sku``, ``quantity``, ``unit_price_cents``,
    ``vat_rate``). A listener refers to the order's stock or payment as ``f"order:{order.id}"``.
    Returns: nothing. A listener may refuse the order by raising a ``WizamartException``
    (inventory's ``OutOfStock``, 409): nothing of the order is kept, the caller rolls back.
    A listener of a module disabled on the shop's platform does nothing.
    """


@hookspec
def order_status_changed(order, old_status, new_status):
    """Event: an order moved from one status to another.

    When: every time the status changes — a vendor's action (processing, shipped, delivered,
    cancelled) or the payment's (paid, refunded, partially_refunded, through payments'
    ``on_payment_status_changed``) — after the order row is updated and flushed, inside the same
    transaction, before the commit. Listeners must not commit. Not fired for the placing itself
    (that is ``order_placed``) nor for later parcels of an order already shipped.
    Receives: ``order`` (as for ``order_placed``, with ``shipments``); ``old_status`` and
    ``new_status`` — each one of ``"pending"``, ``"paid"``, ``"processing"``, ``"shipped"``,
    ``"delivered"``, ``"cancelled"``, ``"refunded"``, ``"partially_refunded"``.
    Returns: nothing. An exception a listener raises (inventory's ``OutOfStock`` when the stock
    to ship was counted away) rolls the change back and is answered to whoever asked for it.
    """
