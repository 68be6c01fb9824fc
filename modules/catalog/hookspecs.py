"""Events the catalog announces. Other modules (inventory, marketplace feeds, search) listen by
implementing these hooks in their ``hooks.py``; the catalog never imports them.

Every event is fired after the catalog's rows are flushed, INSIDE the catalog's unit of work and
before its commit: a listener's writes (inventory creating stock rows) commit or roll back with
the product. Listeners must not commit, must not roll back, and should do nothing when their own
module is disabled on the shop's platform
(``wizamart.module_service.is_module_enabled(platform_id, "<code>")``).

``product`` is the catalog's ``modules.catalog.models.Product`` model instance (flushed, with
``id``, ``vendor_id``, ``status``, ``vat_rate``, ``translations`` and ``variants`` loaded; each
``ProductVariant`` has ``id``, ``sku``, ``price_cents``, ``options`` and ``stock_available``).
Read it; do not change it.
"""

from hookspecs.markers import hookspec


@hookspec
def on_product_created(product):
    """Event: a product was created (page, API or demo data) with its first variant(s).

    When: after the product and its variants are flushed, before the commit.
    Receives: ``product`` — the new ``Product`` (see the module docstring).
    Returns: nothing. Inventory creates its stock items here and calls
    ``product_service.record_availability`` (same transaction).
    """


@hookspec
def on_product_updated(product, changes):
    """Event: a product (or its variants) changed — edit form, API, bulk edit, restore.

    When: after the change is flushed, before the commit; once per product.
    Receives: ``product`` — the ``Product``; ``changes`` — a dict of what changed: product fields
    as ``{"status": (old, new), "brand": (old, new), "vat_rate": (old, new), "featured": (old, new)}``,
    ``"translations"``/``"categories"``/``"images"`` as ``True`` when they changed, and
    ``"variants": {"added": [ids], "removed": [ids], "changed": [ids]}`` when variants changed
    (a listener creates stock items for the added ones). Only the keys that changed are present.
    Returns: nothing.
    """


@hookspec
def on_product_archived(product):
    """Event: a product was archived (it leaves the storefront; its data stays).

    When: after the status change is flushed, before the commit (single archive and bulk archive
    alike, once per product). Restoring fires ``on_product_updated`` with a ``status`` change.
    Receives: ``product`` — the ``Product``.
    Returns: nothing.
    """


@hookspec
def on_products_imported(vendor_id, created_product_ids, updated_product_ids, created_variant_ids):
    """Event: one batch (up to ``CATALOG_IMPORT_BATCH_SIZE`` rows, 1,000 by default) of a CSV
    import was written.

    A CSV import fires THIS event once per batch instead of ``on_product_created`` /
    ``on_product_updated`` per row: loading every product as a model to announce it would cost
    more than the import itself (100,000 rows must import at over 5,000 rows a second).

    When: after the batch is flushed, before the import's commit (the whole import is one unit
    of work: a listener's writes commit or roll back with it).
    Receives: ``vendor_id``; ``created_product_ids`` and ``updated_product_ids`` — lists of
    product ids; ``created_variant_ids`` — ids of the variants this batch created (on new and on
    existing products; inventory creates stock items for them, in bulk). The created variants
    already hold the answer of ``initial_stock_available`` as ``stock_available`` (and their
    products' ``in_stock`` agrees): a listener need not call ``record_availability`` for them.
    Returns: nothing.
    """


@hookspec(firstresult=True)
def initial_stock_available(vendor_id):
    """Question: what ``stock_available`` do variants a CSV import creates for this shop start with?

    When: once per import, before its first batch is written. The import writes the answer with
    the new rows (and ``in_stock`` to match), where updating 100,000 fresh rows afterwards
    would cost as much as the import itself.
    Receives: ``vendor_id``.
    Returns: an ``int`` (inventory, when enabled on the shop's platform, answers 0: nothing is
    on hand until stock is received) or ``None`` for "no answer" — stock not tracked, always
    available (the default when nobody answers). The first answer that is not ``None`` wins.
    """
