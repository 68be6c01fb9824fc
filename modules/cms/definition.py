"""The cms module: content pages, the media library and storefront themes; always enabled."""

from wizamart import ModuleDefinition

cms_module = ModuleDefinition(
    code="cms",
    name="Content",
    description="Content pages, media library and storefront themes.",
    version="1.0.0",
    is_core=True,
    requires=["tenancy"],
    features=["content_pages", "media_library", "themes"],
    services_path="modules.cms.services",
    models_path="modules.cms.models",
    exceptions_path="modules.cms.exceptions",
)
