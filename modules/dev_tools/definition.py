"""dev-tools: internal, admin only; switched on and off per platform like any module."""

from wizamart import FrontendType, MenuItem, ModuleDefinition, Permission

dev_tools_module = ModuleDefinition(
    code="dev-tools",
    name="Developer tools",
    description="Component library and icon browser for the people who build pages.",
    version="1.0.0",
    is_internal=True,
    features=["component_library", "icon_browser"],
    menu_items={
        FrontendType.ADMIN: [
            MenuItem(
                id="components",
                label="dev-tools.menu.components",
                endpoint="dev-tools.admin_pages.components",
                icon="layout",
                group="zzdev",
                order=10,
                permission="dev-tools.use",
            ),
            MenuItem(
                id="icons",
                label="dev-tools.menu.icons",
                endpoint="dev-tools.admin_pages.icons",
                icon="shapes",
                group="zzdev",
                order=20,
                permission="dev-tools.use",
            ),
        ]
    },
    permissions=[Permission(code="dev-tools.use", description="Browse the component library and icons")],
    services_path="modules.dev_tools.services",
    exceptions_path="modules.dev_tools.exceptions",
)
