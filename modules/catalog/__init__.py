"""The catalog module: products, variants and categories, and the storefront that shows them."""
