"""Per-platform enablement: the service, its cascade, its audit trail, and what it gates."""

import time

import pytest
from sqlalchemy import event

from tests.conftest import CORE
from wizamart import db, module_service
from wizamart.errors import CoreModuleError, ModuleDisabledError, UnknownModuleError
from wizamart.modules.models import ModuleChange, PlatformModule

PLATFORM = 1
OTHER_PLATFORM = 2


@pytest.fixture
def ctx(shop_app):
    with shop_app.app_context():
        yield shop_app


def enabled(platform_id=PLATFORM):
    return {d.code for d in module_service.get_platform_modules(platform_id)}


def test_optional_modules_start_enabled_and_core_is_always_on(ctx):
    assert enabled() == CORE | {"basket", "tills", "sales", "counter"}
    assert module_service.is_module_enabled(PLATFORM, "core")
    assert not module_service.is_module_enabled(PLATFORM, "no-such-module")


def test_disable_cascades_to_dependents_and_returns_them(ctx):
    assert module_service.disable_module(PLATFORM, "tills", user_id=7) == [
        "tills",
        "counter",
        "sales",
    ]
    assert enabled() == CORE | {"basket"}
    assert enabled(OTHER_PLATFORM) == CORE | {"basket", "tills", "sales", "counter"}


def test_enable_cascades_to_dependencies_and_returns_them(ctx):
    module_service.disable_module(PLATFORM, "tills")
    module_service.disable_module(PLATFORM, "basket")
    assert module_service.enable_module(PLATFORM, "counter", user_id=7) == [
        "basket",
        "tills",
        "sales",
        "counter",
    ]
    assert enabled() == CORE | {"basket", "tills", "sales", "counter"}
    assert module_service.enable_module(PLATFORM, "counter") == []


def test_dry_run_returns_the_cascade_without_applying_it(ctx):
    assert module_service.disable_module(PLATFORM, "sales", dry_run=True) == ["sales", "counter"]
    assert enabled() == CORE | {"basket", "tills", "sales", "counter"}
    assert db.session.query(ModuleChange).count() == 0


def test_core_modules_cannot_be_disabled(ctx):
    with pytest.raises(CoreModuleError, match="'core' is a core module and cannot be disabled"):
        module_service.disable_module(PLATFORM, "core")
    with pytest.raises(UnknownModuleError):
        module_service.enable_module(PLATFORM, "nope")


def test_every_change_is_recorded_and_no_data_is_deleted(ctx):
    module_service.disable_module(PLATFORM, "tills", user_id=7)
    module_service.enable_module(PLATFORM, "sales", user_id=8)
    history = module_service.get_history(PLATFORM)
    assert [(c.action, c.module_code, c.cascade, c.user_id) for c in history] == [
        ("enable", "sales", ["tills", "sales"], 8),
        ("disable", "tills", ["tills", "counter", "sales"], 7),
    ]
    assert all(c.created_at is not None for c in history)
    states = {r.module_code: r.is_enabled for r in db.session.query(PlatformModule)}
    assert states == {"tills": True, "sales": True, "counter": False}


def test_events_announce_each_module_of_the_cascade(ctx):
    heard = []

    class Listener:
        from wizamart import hookimpl

        @hookimpl
        def on_module_disabled(self, module_code, cascade):
            heard.append(("disabled", module_code, tuple(cascade)))

        @hookimpl
        def on_module_enabled(self, platform_id, module_code):
            heard.append(("enabled", module_code, platform_id))

    ctx.extensions["wizamart"].pm.register(Listener(), name="test-listener")
    module_service.disable_module(PLATFORM, "sales")
    module_service.enable_module(PLATFORM, "sales")
    assert heard == [
        ("disabled", "sales", ("sales", "counter")),
        ("disabled", "counter", ("sales", "counter")),
        ("enabled", "sales", PLATFORM),
    ]


def test_disabled_module_pages_404_api_json_error_and_menu_item_gone(shop_app):
    client = shop_app.test_client()
    menu = client.get("/").get_data(as_text=True)
    assert 'href="/sales/"' in menu

    with shop_app.app_context():
        module_service.disable_module(PLATFORM, "sales")

    page = client.get("/sales/")
    assert page.status_code == 404
    assert page.mimetype == "text/html"
    api = client.get("/api/v1/storefront/sales/status")
    assert api.status_code == 404
    assert api.json["error"]["code"] == "module_disabled"
    assert api.json["error"]["details"] == {"module": "sales", "platform_id": PLATFORM}
    assert 'href="/sales/"' not in client.get("/").get_data(as_text=True)
    assert client.get("/api/v1/storefront/basket/status").status_code == 200


def test_tasks_refuse_to_run_for_a_platform_where_their_module_is_disabled(ctx):
    import importlib

    # In-process on purpose, even when CELERY_BROKER_URL is set: here the refusal raises
    # from delay(). Through a real worker: tests/test_celery_worker.py.
    ctx.extensions["celery"].conf.task_always_eager = True
    orders_tasks = importlib.import_module(
        ctx.extensions["wizamart"].registry.entry("sales").package + ".tasks"
    )
    assert orders_tasks.echo.delay("hi", platform_id=PLATFORM).get(timeout=10) == "hi"
    module_service.disable_module(PLATFORM, "sales")
    with pytest.raises(ModuleDisabledError, match="'sales' is not enabled"):
        orders_tasks.echo.delay("hi", platform_id=PLATFORM)
    assert orders_tasks.echo.delay("hi", platform_id=OTHER_PLATFORM).get(timeout=10) == "hi"


def count_queries(app, action):
    statements = []

    def remember(conn, cursor, statement, *args):
        statements.append(statement)

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", remember)
    try:
        action()
    finally:
        event.remove(engine, "before_cursor_execute", remember)
    return statements


def test_warm_enablement_check_costs_no_query(make_app, module_folder):
    from tests.conftest import write_shop_module

    write_shop_module(module_folder, "basket", [])
    app = make_app(MODULE_STATE_REFRESH_SECONDS=60, WIZAMART_MODULE_PATHS=[str(module_folder.root)])
    client = app.test_client()
    client.get("/api/v1/storefront/basket/status")  # warm
    statements = count_queries(
        app, lambda: [client.get("/api/v1/storefront/basket/status") for _ in range(20)]
    )
    assert statements == []


def test_a_change_made_through_one_worker_holds_on_another_within_a_second(make_app, module_folder):
    """Two apps on one database stand for two gunicorn workers."""
    from tests.conftest import write_shop_module

    write_shop_module(module_folder, "basket", [])
    config = {"MODULE_STATE_REFRESH_SECONDS": 0.5, "WIZAMART_MODULE_PATHS": [str(module_folder.root)]}
    worker_a, worker_b = make_app(**config), make_app(create_tables=False, **config)
    client_b = worker_b.test_client()
    assert client_b.get("/api/v1/storefront/basket/status").status_code == 200  # warm on B

    with worker_a.app_context():
        module_service.disable_module(PLATFORM, "basket")
    changed_at = time.monotonic()
    while client_b.get("/api/v1/storefront/basket/status").status_code == 200:
        assert time.monotonic() - changed_at < 1.0, "worker B still serves a disabled module after 1 s"
        time.sleep(0.05)


def test_the_disabled_module_error_speaks_the_request_language(shop_app):
    with shop_app.app_context():
        module_service.disable_module(PLATFORM, "sales")
    api = shop_app.test_client().get("/api/v1/storefront/sales/status", headers={"Accept-Language": "lb"})
    assert api.json["error"]["code"] == "module_disabled"
    assert api.json["error"]["message"] == "De Modul sales ass op dëser Plattform net aktivéiert."
