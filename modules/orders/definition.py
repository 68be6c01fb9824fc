"""The orders module: orders numbered per shop, a snapshot of what was bought, their life from
pending to delivered (cancelled and refunded on the way), parcels with tracking, e-mails in the
customer's language, and the events other modules join in through."""

from wizamart import FrontendType, MenuItem, ModuleDefinition, Permission

orders_module = ModuleDefinition(
    code="orders",
    name="Orders",
    description=(
        "Orders numbered per shop with a snapshot of products, prices and VAT; payment, fulfilment "
        "with parcels and tracking, cancellation and refunds; confirmation and shipping e-mails; "
        "the customer's order history."
    ),
    version="1.0.0",
    requires=["payments"],
    features=[
        "order_numbers",
        "order_snapshots",
        "order_states",
        "shipments",
        "order_emails",
        "order_history",
    ],
    menu_items={
        FrontendType.VENDOR: [
            MenuItem(
                id="orders",
                label="orders.menu.orders",
                endpoint="orders.vendor_pages.orders",
                icon="receipt",
                group="shop",
                order=15,
                permission="orders.view",
            ),
        ],
        FrontendType.STOREFRONT: [
            MenuItem(
                id="my_orders",
                label="orders.menu.my_orders",
                endpoint="orders.storefront_pages.account_orders",
                icon="receipt",
                group="zaccount",
                order=91,
            ),
        ],
    },
    permissions=[
        Permission(code="orders.view", description="See the shop's orders", roles=("manager", "staff")),
        Permission(
            code="orders.manage",
            description="Confirm payments, prepare, ship, deliver and cancel orders",
            roles=("manager", "staff"),
        ),
        Permission(code="orders.refund", description="Refund orders", roles=("manager",)),
    ],
    services_path="modules.orders.services",
    models_path="modules.orders.models",
    schemas_path="modules.orders.schemas",
    exceptions_path="modules.orders.exceptions",
)
