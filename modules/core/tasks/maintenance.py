"""Maintenance tasks of the core module."""

from wizamart import module_service, task


@task
def count_enabled_modules(platform_id: int) -> int:
    """How many modules are enabled on a platform (a cheap task to check the worker path)."""
    return len(module_service.get_platform_modules(platform_id))
