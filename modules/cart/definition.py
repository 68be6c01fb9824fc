"""The cart module: guest and customer carts of a shop's storefront, checked against the
catalog's prices and stock every time they are shown."""

from wizamart import ModuleDefinition

cart_module = ModuleDefinition(
    code="cart",
    name="Cart",
    description=(
        "Shopping carts for guests and signed-in customers: quantities checked against stock, "
        "prices and availability re-checked on every view, guest carts merged on sign-in, "
        "abandoned carts expired."
    ),
    version="1.0.0",
    # A cart holds catalog variants (the spec lists no requirement; like inventory, it needs them).
    requires=["catalog"],
    features=["guest_carts", "customer_carts", "cart_merge", "cart_expiry"],
    services_path="modules.cart.services",
    models_path="modules.cart.models",
    exceptions_path="modules.cart.exceptions",
)
