"""Tasks through a real ``celery -A wsgi.celery worker`` when ``CELERY_BROKER_URL`` is set
(the fixtures claim a Redis database number of their own), eagerly in-process otherwise.

The same tests run in both modes; ``worker`` is ``None`` in the eager one.
"""

from __future__ import annotations

import os

import pytest

from modules.core.tasks import count_enabled_modules
from tests.conftest import CORE
from wizamart import module_service
from wizamart.errors import ModuleDisabledError
from wizamart.modules.registry import get_core_module_codes

pytestmark = pytest.mark.worker

RESULT_TIMEOUT = 30  # seconds to wait for a task's result

GADGETS_TASKS = """
import os

from wizamart import task


@task
def whoami(platform_id=None):
    return {"pid": os.getpid(), "platform_id": platform_id}
"""


@pytest.fixture
def gadgets_app(make_app, module_folder):
    """core plus ``gadgets``, an optional module in a temporary folder with one task."""
    module_folder.definition("gadgets")
    module_folder.write("gadgets", {"tasks/__init__.py": GADGETS_TASKS})
    return make_app(WIZAMART_MODULE_PATHS=[str(module_folder.root)], WIZAMART_MODULES=["core", "gadgets"])


@pytest.fixture
def worker(gadgets_app, celery_worker):
    """A real worker running ``gadgets_app``'s configuration, or ``None`` (eager tasks)."""
    return celery_worker.serve(gadgets_app)


def gadgets_task(app, name: str):
    package = app.extensions["wizamart"].registry.entry("gadgets").package
    return app.extensions["celery"].tasks[f"{package}.tasks.{name}"]


def disable_gadgets(app, platform_id: int) -> None:
    with app.app_context():
        assert module_service.disable_module(platform_id, "gadgets") == ["gadgets"]


def test_tasks_run_in_the_worker_when_a_broker_is_set(gadgets_app, worker, celery_broker_url):
    result = gadgets_task(gadgets_app, "whoami").delay(platform_id=1).get(timeout=RESULT_TIMEOUT)
    if celery_broker_url:
        assert worker is not None
        assert result == {"pid": worker.process.pid, "platform_id": 1}
    else:
        assert worker is None
        assert result == {"pid": os.getpid(), "platform_id": 1}


def test_core_task_reads_the_shared_database(gadgets_app, worker):
    with gadgets_app.app_context():
        always_on = len(get_core_module_codes())  # the core modules load whatever WIZAMART_MODULES names
    assert always_on == len(CORE)
    assert count_enabled_modules.delay(platform_id=1).get(timeout=RESULT_TIMEOUT) == always_on + 1
    disable_gadgets(gadgets_app, platform_id=1)
    assert count_enabled_modules.delay(platform_id=1).get(timeout=RESULT_TIMEOUT) == always_on
    assert count_enabled_modules.delay(platform_id=2).get(timeout=RESULT_TIMEOUT) == always_on + 1


def test_task_of_a_disabled_module_is_refused_on_that_platform_only(gadgets_app, worker):
    whoami = gadgets_task(gadgets_app, "whoami")
    disable_gadgets(gadgets_app, platform_id=1)

    with pytest.raises(ModuleDisabledError) as refused:
        whoami.delay(platform_id=1).get(timeout=RESULT_TIMEOUT)
    assert refused.value.module_code == "gadgets"
    assert refused.value.details == {"module": "gadgets", "platform_id": 1}

    assert whoami.delay(platform_id=2).get(timeout=RESULT_TIMEOUT)["platform_id"] == 2
    assert whoami.delay().get(timeout=RESULT_TIMEOUT)["platform_id"] is None  # no platform: no check


def test_worker_is_stopped_when_another_app_is_served(make_app, module_folder, celery_worker, worker):
    if worker is None:
        assert celery_worker.serve(make_app(WIZAMART_MODULES=["core"])) is None
        return
    other = celery_worker.serve(make_app(WIZAMART_MODULES=["core"]))
    assert other is not worker
    assert worker.process.poll() is not None  # the first worker has exited
    # The new worker's app has no gadgets: only the core modules.
    assert count_enabled_modules.delay(platform_id=1).get(timeout=RESULT_TIMEOUT) == len(CORE)
