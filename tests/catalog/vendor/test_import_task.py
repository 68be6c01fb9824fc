"""A large import runs as a task: through a real Celery worker when a broker is set (the
second CI pass), eagerly otherwise; its job reports the outcome either way."""

from __future__ import annotations

import time

import pytest

from .test_import import GOOD, upload

pytestmark = pytest.mark.worker


@pytest.fixture
def app(make_app):
    """Every import counts as large: none runs inside the request."""
    return make_app(CATALOG_IMPORT_INLINE_ROWS=0)


def test_a_large_import_runs_as_a_task_and_its_job_shows_the_outcome(app, api, bikes, celery_worker):
    worker = celery_worker.serve(app)
    response = upload(api, *GOOD)
    assert response.status_code == 202, response.get_json()
    job = response.get_json()
    if worker is None:
        assert job["status"] == "done", "eager: finished on return"
    deadline = time.monotonic() + 60
    while job["status"] in ("pending", "running") and time.monotonic() < deadline:
        time.sleep(0.2)
        job = api.get(f"/import/{job['id']}").get_json()
    assert (job["status"], job["created"], job["error_count"]) == ("done", 2, 0)
    listed = api.get("/products?per_page=50").get_json()["items"]
    assert len(listed) == 2, listed
