"""``/health`` and the one place errors become JSON or pages."""

HEALTHY_DEFINITION = "from wizamart import ModuleDefinition\nm = ModuleDefinition(code='{code}', name='X')\n"


def module_with_health(module_folder, code, body):
    module_folder.write(
        code,
        {
            "definition.py": HEALTHY_DEFINITION.format(code=code),
            "hooks.py": "from wizamart import HealthResult, hookimpl\n\n"
            f"@hookimpl\ndef health_check():\n{body}",
        },
    )


def test_health_lists_each_enabled_module(client):
    body = client.get("/health").json
    assert body["status"] == "ok"
    assert body["modules"]["core"] == {"status": "ok", "detail": "database reachable", "critical": True}


def test_failing_critical_check_answers_503(make_app, module_folder):
    module_with_health(
        module_folder, "search", "    return HealthResult(ok=False, critical=True, detail='index gone')\n"
    )
    app = make_app(WIZAMART_MODULE_PATHS=[str(module_folder.root)])
    response = app.test_client().get("/health")
    assert response.status_code == 503
    assert response.json["status"] == "fail"
    assert response.json["modules"]["search"]["detail"] == "index gone"


def test_failing_non_critical_check_degrades_but_answers_200(make_app, module_folder):
    module_with_health(module_folder, "mailer", "    return HealthResult(ok=False, detail='smtp slow')\n")
    app = make_app(WIZAMART_MODULE_PATHS=[str(module_folder.root)])
    response = app.test_client().get("/health")
    assert response.status_code == 200
    assert response.json["status"] == "degraded"


def test_a_crashing_check_is_a_failed_critical_check(make_app, module_folder):
    module_with_health(module_folder, "flaky", "    raise RuntimeError('kaboom')\n")
    app = make_app(WIZAMART_MODULE_PATHS=[str(module_folder.root)])
    response = app.test_client().get("/health")
    assert response.status_code == 503
    assert "kaboom" in response.json["modules"]["flaky"]["detail"]


def test_disabled_modules_are_not_checked(make_app, module_folder):
    from wizamart import module_service

    module_with_health(module_folder, "search", "    return HealthResult(ok=False, critical=True)\n")
    app = make_app(WIZAMART_MODULE_PATHS=[str(module_folder.root)])
    with app.app_context():
        module_service.disable_module(1, "search")
    response = app.test_client().get("/health")
    assert response.status_code == 200
    assert "search" not in response.json["modules"]


ROUTES = """
from flask import Blueprint
from wizamart.errors import ConflictError

blueprint = Blueprint("api", __name__)


@blueprint.get("/conflict")
def conflict():
    raise ConflictError("SKU already used", details={"field": "sku"})


@blueprint.get("/crash")
def crash():
    raise RuntimeError("secret internals")
"""


def test_errors_become_json_for_the_api_and_pages_for_browsers(make_app, module_folder):
    module_folder.write(
        "shop",
        {
            "definition.py": HEALTHY_DEFINITION.format(code="shop"),
            "routes/__init__.py": "",
            "routes/api/__init__.py": "",
            "routes/api/storefront.py": ROUTES,
        },
    )
    client = make_app(WIZAMART_MODULE_PATHS=[str(module_folder.root)]).test_client()

    conflict = client.get("/api/v1/storefront/shop/conflict")
    assert conflict.status_code == 409
    assert conflict.json == {
        "error": {"code": "conflict", "message": "SKU already used", "details": {"field": "sku"}}
    }

    crash = client.get("/api/v1/storefront/shop/crash")
    assert crash.status_code == 500
    assert crash.json["error"]["code"] == "internal_server_error"
    assert "secret internals" not in crash.get_data(as_text=True)

    missing_api = client.get("/api/v1/storefront/shop/nothing-here")
    assert missing_api.status_code == 404 and missing_api.json["error"]["code"] == "not_found"

    page = client.get("/admin/nothing-here", headers={"Accept-Language": "de"})
    assert page.status_code == 404
    assert page.mimetype == "text/html"
    assert "Diese Seite gibt es nicht" in page.get_data(as_text=True)


RACE = """
from flask import Blueprint
from sqlalchemy import text

from wizamart import db
from wizamart.errors import ConflictError

blueprint = Blueprint("api", __name__)


@blueprint.post("/twice")
def twice():
    # Two inserts of one key stand for two requests racing past the service's own check.
    db.session.execute(text("INSERT INTO platform_modules VALUES (9, 'x', TRUE, '2026-01-01', NULL)"))
    db.session.execute(text("INSERT INTO platform_modules VALUES (9, 'x', TRUE, '2026-01-01', NULL)"))
    db.session.commit()
    return "never"


@blueprint.get("/keyed")
def keyed():
    raise ConflictError("core.errors.conflict_record")
"""


def test_a_uniqueness_race_answers_409_not_500_and_keyed_messages_are_translated(make_app, module_folder):
    module_folder.write(
        "racer",
        {
            "definition.py": HEALTHY_DEFINITION.format(code="racer"),
            "routes/__init__.py": "",
            "routes/api/__init__.py": "",
            "routes/api/storefront.py": RACE,
        },
    )
    client = make_app(WIZAMART_MODULE_PATHS=[str(module_folder.root)]).test_client()
    response = client.post("/api/v1/storefront/racer/twice", json={})
    assert response.status_code == 409
    assert response.json["error"]["code"] == "conflict"
    keyed = client.get("/api/v1/storefront/racer/keyed", headers={"Accept-Language": "de"})
    assert keyed.status_code == 409
    assert keyed.json["error"]["message"].startswith(
        "Dies widerspricht einem inzwischen gespeicherten Eintrag"
    )


def test_a_body_over_the_size_limit_is_refused_with_a_413_naming_the_limit(make_app):
    from flask import request

    app = make_app(MAX_CONTENT_LENGTH=1024 * 1024)
    probe = lambda: str(len(request.files))  # noqa: E731  (reads the body, as an upload view would)
    app.add_url_rule("/api/v1/upload-probe", "upload_probe", probe, methods=["POST"])
    client = app.test_client()
    response = client.post(
        "/api/v1/upload-probe", data=b"x" * (1024 * 1024 + 1), headers={"Content-Type": "text/csv"}
    )
    assert response.status_code == 413
    assert "1 MB" in response.get_json()["error"]["message"]
