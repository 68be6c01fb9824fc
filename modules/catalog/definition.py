"""The catalog module: what a shop sells, and how customers find it."""

from wizamart import FrontendType, MenuItem, ModuleDefinition, Permission

catalog_module = ModuleDefinition(
    code="catalog",
    name="Catalog",
    description="Products, variants and categories; storefront browsing and search.",
    version="1.0.0",
    requires=["cms"],
    features=["products", "variants", "categories", "product_import", "storefront_browsing"],
    menu_items={
        FrontendType.VENDOR: [
            MenuItem(
                id="products",
                label="catalog.menu.products",
                endpoint="catalog.vendor_pages.products",
                icon="tag",
                group="catalog",
                order=20,
                permission="catalog.view_products",
            ),
            MenuItem(
                id="categories",
                label="catalog.menu.categories",
                endpoint="catalog.vendor_pages.categories",
                icon="folder",
                group="catalog",
                order=21,
                permission="catalog.view_products",
            ),
            MenuItem(
                id="import",
                label="catalog.menu.import",
                endpoint="catalog.vendor_pages.import_page",
                icon="upload",
                group="catalog",
                order=22,
                permission="catalog.import_products",
            ),
        ],
        FrontendType.ADMIN: [
            MenuItem(
                id="products",
                label="catalog.menu.products",
                endpoint="catalog.admin_pages.products",
                icon="tag",
                group="catalog",
                order=50,
                permission="catalog.view_products",
            ),
        ],
    },
    permissions=[
        Permission(
            code="catalog.view_products", description="See the shop's products", roles=("manager", "staff")
        ),
        Permission(
            code="catalog.manage_products",
            description="Create, edit and archive products",
            roles=("manager",),
        ),
        Permission(
            code="catalog.import_products",
            description="Import and export products as CSV",
            roles=("manager",),
        ),
    ],
    services_path="modules.catalog.services",
    models_path="modules.catalog.models",
    schemas_path="modules.catalog.schemas",
    exceptions_path="modules.catalog.exceptions",
)
