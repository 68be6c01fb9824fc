"""Events the inventory module announces (other modules implement them with ``@hookimpl``)."""

from hookspecs.markers import hookspec


@hookspec
def on_stock_changed(vendor_id, variant_id, on_hand, reserved, available, reason, adjustment_id):
    """Event: a variant's stock changed.

    When: after every change of stock — an adjustment (receipt, correction, sale, return,
    transfer), a reservation taken, released or expired, or its stock settings changed —
    inside the unit of work, after the catalog's availability was updated and flushed, before
    the commit. Listeners run in the same transaction and must not commit.
    Receives: ``vendor_id``; ``variant_id`` (catalog's ``catalog_variants.id``); ``on_hand`` — units
    on hand across all locations; ``reserved`` — units held by active reservations;
    ``available`` — ``on_hand - reserved`` (never below 0), or ``None`` when the variant's stock is
    not tracked (always available); ``reason`` — ``"receipt"``, ``"correction"``, ``"sale"``,
    ``"return"``, ``"transfer"``, ``"reserved"``, ``"released"``, ``"expired"`` or ``"settings"``;
    ``adjustment_id`` — the ``inventory_adjustments`` row written, or ``None`` for reservations
    and settings.
    Returns: nothing. A listener of a module disabled on the vendor's platform does nothing.
    """


@hookspec
def on_low_stock(vendor_id, variant_id, available, threshold):
    """Event: a variant's available stock dropped to or below its low-stock threshold.

    When: in the same change as ``on_stock_changed``, once per crossing: when available goes
    from above the threshold to at or below it (or tracking is switched on for a variant that
    is already low) — not again while it stays low.
    Receives: ``vendor_id``; ``variant_id``; ``available`` — units still available;
    ``threshold`` — the variant's ``low_stock_threshold``.
    Returns: nothing (messaging may e-mail the shop; listeners must not commit).
    """
