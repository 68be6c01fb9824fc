"""The checkout module: the shipping methods a shop offers and the storefront's way from a cart
to a placed order (address, shipping, payment, review, place)."""

from wizamart import FrontendType, MenuItem, ModuleDefinition, Permission

checkout_module = ModuleDefinition(
    code="checkout",
    name="Checkout",
    description=(
        "Shipping methods per country with free delivery above an amount, and the storefront "
        "checkout: address (saved addresses, guest e-mail, an account on the way), shipping, "
        "payment, a review with net, VAT per rate and gross, and one idempotent transaction "
        "that places the order."
    ),
    version="1.0.0",
    requires=["cart", "orders", "payments"],
    features=["shipping_methods", "guest_checkout", "customer_checkout", "checkout_api"],
    menu_items={
        FrontendType.VENDOR: [
            MenuItem(
                id="shipping",
                label="checkout.menu.shipping",
                endpoint="checkout.vendor_pages.shipping_methods",
                icon="truck",
                group="shop",
                order=57,
                permission="checkout.view_shipping",
            ),
        ],
    },
    permissions=[
        Permission(
            code="checkout.view_shipping",
            description="See the shop's shipping methods",
            roles=("manager", "staff"),
        ),
        Permission(
            code="checkout.manage_shipping",
            description="Create, edit and delete shipping methods",
            roles=("manager",),
        ),
    ],
    services_path="modules.checkout.services",
    models_path="modules.checkout.models",
    exceptions_path="modules.checkout.exceptions",
)
