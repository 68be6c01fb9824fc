"""The inventory module: stock per variant and location, its history, and reservations."""

from wizamart import FrontendType, MenuItem, ModuleDefinition, Permission

inventory_module = ModuleDefinition(
    code="inventory",
    name="Inventory",
    description=(
        "Stock locations, stock on hand per variant, adjustments with reasons, reservations "
        "and low-stock alerts."
    ),
    version="1.0.0",
    requires=["catalog"],
    features=["stock_locations", "stock_levels", "stock_adjustments", "reservations", "low_stock_alerts"],
    menu_items={
        FrontendType.VENDOR: [
            MenuItem(
                id="stock",
                label="inventory.menu.stock",
                endpoint="inventory.vendor_pages.overview",
                icon="box",
                group="shop",
                order=25,
                permission="inventory.view_stock",
            ),
            MenuItem(
                id="low_stock",
                label="inventory.menu.low_stock",
                endpoint="inventory.vendor_pages.low_stock",
                icon="alert",
                group="shop",
                order=26,
                permission="inventory.view_stock",
            ),
            MenuItem(
                id="locations",
                label="inventory.menu.locations",
                endpoint="inventory.vendor_pages.locations",
                icon="pin",
                group="shop",
                order=27,
                permission="inventory.manage_locations",
            ),
        ],
    },
    permissions=[
        Permission(
            code="inventory.view_stock",
            description="See stock levels, history and reservations",
            roles=("manager", "staff"),
        ),
        Permission(
            code="inventory.adjust_stock",
            description="Receive stock, correct counts and change stock settings",
            roles=("manager", "staff"),
        ),
        Permission(
            code="inventory.manage_locations",
            description="Create, edit and remove stock locations",
            roles=("manager",),
        ),
    ],
    services_path="modules.inventory.services",
    models_path="modules.inventory.models",
    exceptions_path="modules.inventory.exceptions",
)
