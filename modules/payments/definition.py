"""The payments module: payment providers (a hook any module implements), each shop's enabled
providers and their settings, payments with their append-only ledger, Stripe's webhooks."""

from wizamart import FrontendType, MenuItem, ModuleDefinition, Permission

payments_module = ModuleDefinition(
    code="payments",
    name="Payments",
    description=(
        "Payment providers from any module (bank transfer and Stripe built in), chosen per shop; "
        "an append-only ledger of every payment, refunds and signed provider webhooks."
    ),
    version="1.0.0",
    requires=["tenancy"],  # core, always there: payments belong to its shops, loaded after them
    features=["payment_providers", "bank_transfer", "stripe", "payment_ledger", "refunds"],
    menu_items={
        FrontendType.VENDOR: [
            MenuItem(
                id="payments",
                label="payments.menu.payments",
                endpoint="payments.vendor_pages.payments",
                icon="card",
                group="shop",
                order=55,
                permission="payments.view",
            ),
            MenuItem(
                id="payment_settings",
                label="payments.menu.settings",
                endpoint="payments.vendor_pages.settings",
                icon="card",
                group="settings",
                order=30,
                permission="payments.manage_settings",
            ),
        ],
    },
    permissions=[
        Permission(
            code="payments.view",
            description="See the shop's payments and their ledgers",
            roles=("manager", "staff"),
        ),
        Permission(
            code="payments.confirm",
            description="Confirm that a bank transfer arrived",
            roles=("manager", "staff"),
        ),
        Permission(
            code="payments.refund",
            description="Refund and cancel payments",
            roles=("manager",),
        ),
        Permission(
            code="payments.manage_settings",
            description="Choose the shop's payment providers and edit their settings and keys",
            roles=(),
        ),
    ],
)
