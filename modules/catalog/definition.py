"""The catalog module: what a shop sells, and how customers find it."""

from wizamart import ModuleDefinition

catalog_module = ModuleDefinition(
    code="catalog",
    name="Catalog",
    description="Products, variants and categories; storefront browsing and search.",
    version="1.0.0",
    requires=["cms"],
    features=["products", "variants", "categories", "product_import", "storefront_browsing"],
    services_path="modules.catalog.services",
    models_path="modules.catalog.models",
    exceptions_path="modules.catalog.exceptions",
)
