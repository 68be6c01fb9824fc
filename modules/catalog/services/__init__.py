"""Public services of the catalog module.

- ``product_service``: products and variants; for other modules ``variants_for``, ``cover_images``,
  ``find_variant_by_sku``, ``search_variants`` and ``record_availability``.
- ``category_service``: the shop's categories.
- ``import_service``: CSV import and export of products.
- ``search_service``: the search index (words of titles and descriptions).
- ``storefront_service``: what the storefront shows.
"""
