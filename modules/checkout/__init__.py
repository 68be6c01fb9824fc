"""checkout: the shipping methods a shop offers, and the storefront's way from a cart to a placed
order — address, shipping method, payment method, review, place."""
