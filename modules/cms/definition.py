"""The cms module: content pages, the media library and storefront themes; always enabled."""

from wizamart import FrontendType, MenuItem, ModuleDefinition, Permission

cms_module = ModuleDefinition(
    code="cms",
    name="Content",
    description="Content pages, media library and storefront themes.",
    version="1.0.0",
    is_core=True,
    requires=["tenancy"],
    features=["content_pages", "media_library", "themes"],
    menu_items={
        FrontendType.VENDOR: [
            MenuItem(
                id="pages",
                label="cms.menu.pages",
                endpoint="cms.vendor_pages.pages",
                icon="file",
                group="shop",
                order=50,
                permission="cms.manage_pages",
            ),
            MenuItem(
                id="media",
                label="cms.menu.media",
                endpoint="cms.vendor_pages.media",
                icon="image",
                group="shop",
                order=55,
                permission="cms.manage_media",
            ),
            MenuItem(
                id="theme",
                label="cms.menu.theme",
                endpoint="cms.vendor_pages.theme",
                icon="palette",
                group="shop",
                order=60,
                permission="cms.manage_theme",
            ),
        ],
        FrontendType.ADMIN: [
            MenuItem(
                id="platform_pages",
                label="cms.menu.platform_pages",
                endpoint="cms.admin_pages.pages",
                icon="file",
                group="content",
                order=10,
                permission="cms.manage_pages",
            ),
        ],
    },
    permissions=[
        Permission(
            code="cms.manage_pages",
            description="Write the shop's content and legal pages",
            roles=("manager",),
        ),
        Permission(
            code="cms.manage_media", description="Upload and edit media files", roles=("manager", "staff")
        ),
        Permission(code="cms.manage_theme", description="Choose the storefront's theme, logo and colours"),
    ],
    services_path="modules.cms.services",
    models_path="modules.cms.models",
    schemas_path="modules.cms.schemas",
    exceptions_path="modules.cms.exceptions",
)
