"""The core module's definition: dashboards, settings and the profile; always enabled."""

from wizamart import FrontendType, MenuItem, ModuleDefinition, Permission

core_module = ModuleDefinition(
    code="core",
    name="Core",
    description="Dashboard, settings and profile: basic platform operation.",
    version="1.0.0",
    is_core=True,
    requires=["tenancy"],
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
            ),
            MenuItem(
                id="settings",
                label="core.menu.settings",
                endpoint="core.admin_pages.settings",
                icon="settings",
                group="zsettings",
                order=10,
                permission="core.manage_settings",
            ),
        ],
        FrontendType.VENDOR: [
            MenuItem(
                id="dashboard",
                label="core.menu.dashboard",
                endpoint="core.vendor_pages.dashboard",
                icon="home",
                group="main",
                order=0,
            ),
            MenuItem(
                id="settings",
                label="core.menu.settings",
                endpoint="core.vendor_pages.settings",
                icon="settings",
                group="zsettings",
                order=10,
                permission="core.manage_vendor_settings",
            ),
        ],
    },
    permissions=[
        Permission(code="core.view_dashboard", description="See the dashboard", roles=("manager", "staff")),
        Permission(code="core.manage_settings", description="Change platform settings"),
        Permission(
            code="core.manage_vendor_settings", description="Change the shop's settings", roles=("manager",)
        ),
    ],
    services_path="modules.core.services",
    models_path="modules.core.models",
    exceptions_path="modules.core.exceptions",
)
