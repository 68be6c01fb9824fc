"""One Celery app per Flask app, configured from the Flask config.

Modules declare tasks with ``@wizamart.task`` (Celery's ``shared_task``). Each task runs
inside the Flask app context; a task called with ``platform_id=`` refuses to run on a
platform where its module is disabled. With no broker configured, tasks run eagerly in
the calling process (the embedded default).
"""

from __future__ import annotations

from celery import Celery, Task, shared_task

from wizamart.errors import ModuleDisabledError
from wizamart.modules.service import module_service

task = shared_task


class ModuleTask(Task):
    """A task that runs in the Flask app context and respects module enablement."""

    def __call__(self, *args, **kwargs):
        flask_app = self.app.flask_app
        with flask_app.app_context():
            platform_id = kwargs.get("platform_id")
            if platform_id is not None:
                state = flask_app.extensions["wizamart"]
                code = state.registry.owner_of_import(self.name)
                if code and not module_service.is_module_enabled(platform_id, code):
                    raise ModuleDisabledError(code, platform_id)
            return self.run(*args, **kwargs)


def init_celery(app) -> Celery:
    broker = app.config.get("CELERY_BROKER_URL")
    backend = app.config.get("CELERY_RESULT_BACKEND") or broker
    celery = Celery(app.import_name, task_cls=ModuleTask)
    # Celery lets CELERY_BROKER_URL / CELERY_RESULT_BACKEND in os.environ win over its own
    # config, but the Flask config has read the environment already and must win (a test
    # app gets a broker of its own): so the read/write URLs and the backend are named too.
    celery.backend_cls = backend
    celery.conf.update(
        broker_url=broker or "memory://",
        broker_read_url=broker or "memory://",
        broker_write_url=broker or "memory://",
        result_backend=backend,
        task_always_eager=not broker,
        task_eager_propagates=True,
        task_serializer="json",
        result_serializer="json",
        accept_content=["json"],
        timezone="UTC",
        enable_utc=True,
        broker_connection_retry_on_startup=True,
    )
    celery.conf.update(app.config.get("CELERY", {}))
    celery.flask_app = app
    celery.set_default()
    app.extensions["celery"] = celery
    return celery
