"""The customers module: shop customers per vendor, their own sign-in realm, addresses,
segments evaluated live, and GDPR export and anonymisation; always enabled."""

from wizamart import FrontendType, MenuItem, ModuleDefinition, Permission

customers_module = ModuleDefinition(
    code="customers",
    name="Customers",
    description="Shop customers with accounts and addresses, guest customers, segments and GDPR requests.",
    version="1.0.0",
    is_core=True,
    requires=["tenancy"],
    features=["customer_accounts", "addresses", "guest_customers", "segments", "gdpr"],
    menu_items={
        FrontendType.ADMIN: [
            MenuItem(
                id="customers",
                label="customers.menu.customers",
                endpoint="customers.admin_pages.customers",
                icon="users",
                group="tenancy",
                order=50,
                permission="customers.view_customers",
            ),
        ],
        FrontendType.VENDOR: [
            MenuItem(
                id="customers",
                label="customers.menu.customers",
                endpoint="customers.vendor_pages.customers",
                icon="users",
                group="shop",
                order=40,
                permission="customers.view_customers",
            ),
            MenuItem(
                id="segments",
                label="customers.menu.segments",
                endpoint="customers.vendor_pages.segments",
                icon="filter",
                group="shop",
                order=45,
                permission="customers.view_customers",
            ),
        ],
        FrontendType.STOREFRONT: [
            MenuItem(
                id="account",
                label="customers.menu.account",
                endpoint="customers.storefront_pages.profile",
                icon="user",
                group="zaccount",
                order=90,
            ),
        ],
    },
    permissions=[
        Permission(
            code="customers.view_customers",
            description="See the shop's customers and segments",
            roles=("manager", "staff"),
        ),
        Permission(
            code="customers.manage_customers",
            description="Edit segments and anonymise customers",
            roles=("manager",),
        ),
        Permission(code="customers.export_customer_data", description="Download a customer's data (GDPR)"),
    ],
    services_path="modules.customers.services",
    models_path="modules.customers.models",
    schemas_path="modules.customers.schemas",
    exceptions_path="modules.customers.exceptions",
)
