"""Wizamart's framework layer: the public surface module authors import from.

from wizamart import ModuleDefinition, hookimpl, task, t, db
"""

from hookspecs.markers import hookimpl
from wizamart.app import create_app
from wizamart.config import get_module_config
from wizamart.context import current_platform_id, current_vendor, storefront_shop
from wizamart.database import db
from wizamart.errors import WizamartException
from wizamart.i18n import format_money, t
from wizamart.modules.definition import (
    DashboardWidget,
    FrontendType,
    HealthResult,
    MenuItem,
    ModuleDefinition,
    Permission,
    SettingField,
)
from wizamart.modules.service import module_service
from wizamart.security import csrf_exempt, permission_required, public
from wizamart.tasks import task

__all__ = [
    "DashboardWidget",
    "SettingField",
    "csrf_exempt",
    "current_platform_id",
    "current_vendor",
    "permission_required",
    "public",
    "storefront_shop",
    "FrontendType",
    "HealthResult",
    "MenuItem",
    "ModuleDefinition",
    "Permission",
    "WizamartException",
    "create_app",
    "db",
    "format_money",
    "get_module_config",
    "hookimpl",
    "module_service",
    "t",
    "task",
]
