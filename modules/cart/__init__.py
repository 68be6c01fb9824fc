"""cart: shopping carts of a shop's storefront, for guests and signed-in customers."""
