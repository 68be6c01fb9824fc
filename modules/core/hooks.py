"""Hooks the core module implements beyond the file conventions."""

from sqlalchemy.exc import SQLAlchemyError

from wizamart import (
    DashboardWidget,
    FrontendType,
    HealthResult,
    SettingField,
    current_platform_id,
    hookimpl,
    module_service,
)

from .services import overview_service


@hookimpl
def health_check():
    """The database is the one thing nothing works without: a critical check."""
    try:
        overview_service.database_reachable()
    except SQLAlchemyError as exc:
        return HealthResult(ok=False, critical=True, detail=f"database unreachable: {exc.__class__.__name__}")
    return HealthResult(ok=True, critical=True, detail="database reachable")


@hookimpl
def settings_fields(scope):
    """What core lets admins set per platform and vendors per shop."""
    if scope == "platform":
        return [
            SettingField(
                key="core.support_email",
                label="core.settings.support_email",
                type="email",
                default="support@wizamart.lu",
                help="core.settings.support_email_help",
            ),
            SettingField(key="core.tagline", label="core.settings.tagline", max_length=160),
            SettingField(
                key="core.maintenance_notice",
                label="core.settings.maintenance_notice",
                type="textarea",
                help="core.settings.maintenance_notice_help",
            ),
        ]
    if scope == "vendor":
        return [
            SettingField(key="core.contact_email", label="core.settings.contact_email", type="email"),
            SettingField(key="core.phone", label="core.settings.phone", max_length=40),
            SettingField(key="core.website", label="core.settings.website", type="url"),
        ]
    return None


@hookimpl
def dashboard_widgets(frontend):
    """How many modules the platform runs (admins)."""
    if frontend is not FrontendType.ADMIN:
        return None
    enabled = len(module_service.get_platform_modules(current_platform_id()))
    return [DashboardWidget(id="modules", label="core.widget.modules", value=enabled, order=90)]
