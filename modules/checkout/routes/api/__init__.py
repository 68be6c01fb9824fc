"""API of the checkout module: the vendor's shipping methods, the storefront's checkout."""
