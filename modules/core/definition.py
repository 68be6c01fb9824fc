"""The core module's definition: always enabled, required by nothing optional."""

from wizamart import FrontendType, MenuItem, ModuleDefinition, Permission

core_module = ModuleDefinition(
    code="core",
    name="Core",
    description="Dashboard, settings and profile: basic platform operation.",
    version="1.0.0",
    is_core=True,
    features=["dashboard", "settings", "profile"],
    menu_items={
        FrontendType.ADMIN: [
            MenuItem(
                id="dashboard",
                label="core.menu.dashboard",
                endpoint="core.admin_pages.dashboard",
                icon="home",
                group="main",
                order=0,
                permission="core.view_dashboard",
            )
        ],
    },
    permissions=[
        Permission(code="core.view_dashboard", description="See the dashboard"),
        Permission(code="core.manage_settings", description="Change platform settings"),
    ],
    services_path="modules.core.services",
    exceptions_path="modules.core.exceptions",
)
