"""The tenancy module: platforms, companies, vendors, users, and who may do what where."""

from wizamart import FrontendType, MenuItem, ModuleDefinition, Permission

tenancy_module = ModuleDefinition(
    code="tenancy",
    name="Tenancy",
    description="Platforms, companies, vendors and users; sign-in, roles and API tokens.",
    version="1.0.0",
    is_core=True,
    features=["platforms", "companies", "vendors", "users", "vendor_teams", "api_tokens"],
    menu_items={
        FrontendType.ADMIN: [
            MenuItem(
                id="platforms",
                label="tenancy.menu.platforms",
                endpoint="tenancy.admin_pages.platforms",
                icon="globe",
                group="tenancy",
                order=10,
                permission="tenancy.manage_platforms",
            ),
            MenuItem(
                id="modules",
                label="tenancy.menu.modules",
                endpoint="tenancy.admin_pages.modules_home",
                icon="puzzle",
                group="zsettings",
                order=5,
                permission="tenancy.manage_modules",
            ),
            MenuItem(
                id="companies",
                label="tenancy.menu.companies",
                endpoint="tenancy.admin_pages.companies",
                icon="building",
                group="tenancy",
                order=20,
                permission="tenancy.manage_vendors",
            ),
            MenuItem(
                id="vendors",
                label="tenancy.menu.vendors",
                endpoint="tenancy.admin_pages.vendors",
                icon="store",
                group="tenancy",
                order=30,
                permission="tenancy.manage_vendors",
            ),
            MenuItem(
                id="users",
                label="tenancy.menu.users",
                endpoint="tenancy.admin_pages.users",
                icon="users",
                group="tenancy",
                order=40,
                permission="tenancy.manage_users",
            ),
        ],
        FrontendType.VENDOR: [
            MenuItem(
                id="team",
                label="tenancy.menu.team",
                endpoint="tenancy.vendor_pages.team",
                icon="users",
                group="settings",
                order=80,
                permission="tenancy.view_team",
            ),
        ],
    },
    permissions=[
        Permission(code="tenancy.manage_platforms", description="Create and edit platforms"),
        Permission(code="tenancy.manage_vendors", description="Manage companies and vendors"),
        Permission(code="tenancy.manage_users", description="Manage user accounts"),
        Permission(code="tenancy.manage_modules", description="Enable and disable modules on a platform"),
        Permission(code="tenancy.view_team", description="See the shop's team", roles=("manager", "staff")),
        Permission(code="tenancy.manage_team", description="Invite team members and set their roles"),
    ],
    services_path="modules.tenancy.services",
    models_path="modules.tenancy.models",
    schemas_path="modules.tenancy.schemas",
    exceptions_path="modules.tenancy.exceptions",
)
