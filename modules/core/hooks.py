"""Hooks the core module implements beyond the file conventions."""

from sqlalchemy.exc import SQLAlchemyError

from wizamart import HealthResult, hookimpl

from .services import overview_service


@hookimpl
def health_check():
    """The database is the one thing nothing works without: a critical check."""
    try:
        overview_service.database_reachable()
    except SQLAlchemyError as exc:
        return HealthResult(ok=False, critical=True, detail=f"database unreachable: {exc.__class__.__name__}")
    return HealthResult(ok=True, critical=True, detail="database reachable")
