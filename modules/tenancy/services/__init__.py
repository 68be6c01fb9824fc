"""Public services of the tenancy module."""

from .access_service import AccessService, access_service
from .auth_service import AuthService, auth_service
from .company_service import CompanyService, company_service
from .module_catalog_service import ModuleCatalogService, module_catalog_service
from .platform_service import PlatformService, platform_service
from .team_service import TeamService, team_service
from .user_service import UserService, user_service
from .vendor_service import VendorService, vendor_service

__all__ = [
    "AccessService",
    "AuthService",
    "CompanyService",
    "ModuleCatalogService",
    "PlatformService",
    "TeamService",
    "UserService",
    "VendorService",
    "access_service",
    "auth_service",
    "company_service",
    "module_catalog_service",
    "platform_service",
    "team_service",
    "user_service",
    "vendor_service",
]
