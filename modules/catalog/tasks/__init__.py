"""Celery tasks of the catalog: the CSV import runs as a task (eager in the embedded set-up)."""

from wizamart import task


@task(name="catalog.run_import")
def run_import(job_id: int, platform_id: int | None = None) -> None:
    """Run one recorded import job; its progress and outcome are written to the job row."""
    from ..services import import_service

    import_service.run_job(job_id)
