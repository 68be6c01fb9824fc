"""The architecture validator: each rule MOD-001…MOD-019 against a module (or project) breaking it.

Every test starts from ``clean_module`` (a module that passes every rule, checked by the
first test), breaks one thing, and asserts that exactly the rule about it fires.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from wizamart.settings import PROJECT_ROOT
from wizamart.validator import RULES, Finding, Severity, module_dirs_in, validate_app, validate_module_tree

LOCALES = {f"locales/{lang}.json": '{"shop.title": "Shop"}' for lang in ("en", "de", "fr", "lb")}
EXCEPTIONS = """
    from wizamart.errors import WizamartException


    class ShopException(WizamartException):
        error_code = "shop_error"
"""
BLUEPRINT = 'from flask import Blueprint\n\nblueprint = Blueprint("shop_{name}", __name__)\n'


def clean_module(module_folder, code: str = "shop", **fields) -> Path:
    """A module passing every rule: definition, ``__init__``, exceptions and four locales."""
    folder = module_folder.definition(code, **fields)
    module_folder.write(folder.name, {"exceptions.py": EXCEPTIONS, **LOCALES})
    return folder


def fired(findings: list[Finding]) -> set[tuple[str, Severity]]:
    return {(f.rule, f.severity) for f in findings}


def messages(findings: list[Finding], rule: str) -> str:
    return "\n".join(f.message for f in findings if f.rule == rule)


@pytest.fixture
def shop(module_folder) -> Path:
    return clean_module(module_folder)


def check(project_root: Path, *folders: Path) -> list[Finding]:
    return validate_module_tree(project_root, list(folders))


# ----------------------------------------------------------------- the registry and the baseline


def test_registry_lists_every_rule_once_with_a_docstring():
    assert [r.id for r in RULES] == [f"MOD-{n:03d}" for n in range(1, 20)]
    assert all(r.description and r.description != r.title for r in RULES)
    assert {r.id for r in RULES if r.scope == "project"} == {"MOD-016", "MOD-017", "MOD-018", "MOD-019"}


def test_clean_module_has_no_finding(tmp_path, module_folder):
    folder = clean_module(module_folder, services_path="modules.shop.services")
    module_folder.write(
        "shop",
        {
            "services/__init__.py": "from .cart import CartService\n__all__ = ['CartService']\n",
            "services/cart.py": "class CartService:\n    def total(self):\n        return 0\n",
            "routes/__init__.py": "",
            "routes/pages/__init__.py": "",
            "routes/pages/storefront.py": BLUEPRINT.format(name="storefront_pages"),
            "templates/shop/storefront/cart.html": "<p>cart</p>",
            "static/storefront/js/cart.js": "",
            "tasks/__init__.py": "",
            "config.py": "config_class = dict\n",
        },
    )
    assert check(tmp_path, folder) == []


def test_real_core_module_passes_without_errors_or_warnings():
    findings = check(PROJECT_ROOT, PROJECT_ROOT / "modules" / "core")
    serious = [f.line() for f in findings if f.severity in (Severity.ERROR, Severity.WARNING)]
    assert serious == []


# ----------------------------------------------------------------- module rules


def test_mod_001_code_folders_must_be_packages(tmp_path, module_folder, shop):
    module_folder.write("shop", {"services/cart.py": "class CartService:\n    pass\n"})
    (shop / "__init__.py").unlink()
    findings = check(tmp_path, shop)
    assert fired(findings) == {("MOD-001", Severity.ERROR)}
    assert {f.path.as_posix() for f in findings} == {
        "extra_modules/shop/__init__.py",
        "extra_modules/shop/services/__init__.py",
    }


def test_mod_001_route_file_outside_api_and_pages(tmp_path, module_folder, shop):
    module_folder.write("shop", {"routes/__init__.py": "", "routes/admin.py": BLUEPRINT.format(name="a")})
    findings = check(tmp_path, shop)
    assert fired(findings) == {("MOD-001", Severity.ERROR)}
    assert "routes/admin.py is never mounted" in messages(findings, "MOD-001")


def test_mod_002_services_that_only_reexport(tmp_path, module_folder, shop):
    package = '"""Services."""\nfrom .cart import cart_service\n\n__all__ = ["cart_service"]\n'
    reexport = "from wizamart.services.cart import cart_service  # noqa: F401\n"
    module_folder.write("shop", {"services/__init__.py": package, "services/cart.py": reexport})
    findings = check(tmp_path, shop)
    assert fired(findings) == {("MOD-002", Severity.WARNING)}
    assert "services only re-exports" in messages(findings, "MOD-002")


def test_mod_003_schemas_that_only_reexport(tmp_path, module_folder, shop):
    module_folder.write(
        "shop",
        {"schemas/__init__.py": "from models.schema.cart import CartResponse\n__all__ = ['CartResponse']\n"},
    )
    findings = check(tmp_path, shop)
    assert fired(findings) == {("MOD-003", Severity.WARNING)}
    assert "move the pydantic schema classes into it" in messages(findings, "MOD-003")


def test_mod_004_route_importing_from_a_legacy_location(tmp_path, module_folder, shop):
    route = BLUEPRINT.format(name="admin_api") + "from app.services.cart import cart_service\n"
    module_folder.write(
        "shop", {"routes/__init__.py": "", "routes/api/__init__.py": "", "routes/api/admin.py": route}
    )
    findings = check(tmp_path, shop)
    assert fired(findings) == {("MOD-004", Severity.WARNING)}
    assert "imports app.services.cart, a legacy location" in messages(findings, "MOD-004")


@pytest.mark.parametrize(
    ("present", "missing"),
    [((), {"templates", "static"}), (("templates/shop/admin/index.html",), {"static"})],
)
def test_mod_005_pages_without_templates_or_static(tmp_path, module_folder, shop, present, missing):
    files = {"routes/__init__.py": "", "routes/pages/__init__.py": ""}
    files["routes/pages/admin.py"] = BLUEPRINT.format(name="admin_pages")
    module_folder.write("shop", files | {name: "<p></p>" for name in present})
    findings = check(tmp_path, shop)
    assert fired(findings) == {("MOD-005", Severity.WARNING)}
    assert {f.path.name for f in findings} == missing


def test_mod_006_module_without_locales(tmp_path, module_folder):
    folder = module_folder.definition("shop")
    module_folder.write("shop", {"exceptions.py": EXCEPTIONS})
    findings = check(tmp_path, folder)
    assert fired(findings) == {("MOD-006", Severity.INFO)}


def test_mod_007_definition_paths_that_do_not_exist(tmp_path, module_folder):
    folder = clean_module(
        module_folder,
        services_path="modules.shop.services",
        schemas_path="wizamart.schemas",
        templates_path="views",
    )
    findings = check(tmp_path, folder)
    assert fired(findings) == {("MOD-007", Severity.ERROR)}
    text = messages(findings, "MOD-007")
    assert "services_path='modules.shop.services' names services/ (or .py), which does not exist" in text
    assert "schemas_path='wizamart.schemas' points outside the module" in text
    assert "templates_path='views'" in text
    assert len(findings) == 3


def test_mod_008_module_without_exceptions(tmp_path, module_folder):
    folder = module_folder.definition("shop")
    module_folder.write("shop", LOCALES)
    findings = check(tmp_path, folder)
    assert fired(findings) == {("MOD-008", Severity.WARNING)}


def test_mod_009_python_folder_without_definition(tmp_path, module_folder):
    folder = module_folder.write("helpers", {"money.py": "def cents(x):\n    return round(x * 100)\n"})
    assert module_dirs_in(module_folder.root) == [folder]
    findings = check(tmp_path, *module_dirs_in(module_folder.root))
    assert fired(findings) == {("MOD-009", Severity.ERROR)}
    assert findings[0].module == "helpers"
    assert findings[0].path.as_posix() == "extra_modules/helpers/definition.py"


def test_mod_009_folder_name_discovery_cannot_import(tmp_path, module_folder):
    folder = clean_module(module_folder, "dev-tools")
    folder = folder.rename(folder.with_name("dev-tools"))
    findings = check(tmp_path, folder)
    assert fired(findings) == {("MOD-009", Severity.ERROR)}
    assert "rename the folder to 'dev_tools'" in messages(findings, "MOD-009")


def test_mod_010_route_file_without_blueprint(tmp_path, module_folder, shop):
    files = {"routes/__init__.py": "", "routes/api/__init__.py": ""}
    files["routes/api/vendor.py"] = "from flask import Blueprint\n\nshop_api = Blueprint('x', __name__)\n"
    files["routes/api/admin.py"] = "from fastapi import APIRouter\n\nrouter = APIRouter()\n"
    files["routes/api/storefront.py"] = (
        "from flask import Blueprint\n\nstorefront_router = Blueprint('s', __name__)\n"
    )
    module_folder.write("shop", files)
    findings = check(tmp_path, shop)
    assert fired(findings) == {("MOD-010", Severity.WARNING)}
    assert {f.path.name: f.message.split(":")[0] for f in findings} == {
        "admin.py": "router is a FastAPI APIRouter",
        "vendor.py": "exports no Blueprint, so it is not mounted",
    }


def test_mod_011_tasks_without_init(tmp_path, module_folder, shop):
    module_folder.write("shop", {"tasks/cleanup.py": "def purge():\n    return 0\n"})
    findings = check(tmp_path, shop)
    assert fired(findings) == {("MOD-011", Severity.WARNING)}
    assert findings[0].path.as_posix() == "extra_modules/shop/tasks/__init__.py"


def test_mod_011_single_tasks_file(tmp_path, module_folder, shop):
    module_folder.write("shop", {"tasks.py": "def purge():\n    return 0\n"})
    findings = check(tmp_path, shop)
    assert fired(findings) == {("MOD-011", Severity.WARNING)}


def test_mod_012_missing_languages_with_lu_counting_as_lb(tmp_path, module_folder):
    folder = module_folder.definition("shop")
    module_folder.write(
        "shop", {"exceptions.py": EXCEPTIONS, "locales/en.json": "{}", "locales/lu.json": "{}"}
    )
    findings = check(tmp_path, folder)
    assert fired(findings) == {("MOD-012", Severity.INFO)}
    assert messages(findings, "MOD-012") == "missing languages: add de.json, fr.json"


def test_mod_013_config_without_export(tmp_path, module_folder, shop):
    config = "from pydantic_settings import BaseSettings\n\n\nclass ShopConfig(BaseSettings):\n    x: int = 1"
    module_folder.write("shop", {"config.py": config})
    findings = check(tmp_path, shop)
    assert fired(findings) == {("MOD-013", Severity.INFO)}


MIGRATION = '''
    """A migration."""

    revision = {revision!r}
    down_revision = {down!r}
    branch_labels = {labels!r}


    def upgrade():
        pass
'''


def migration_files(*versions: tuple[str, str, str | None, tuple | None]) -> dict[str, str]:
    files = {"migrations/__init__.py": "", "migrations/versions/__init__.py": ""}
    for name, revision, down, labels in versions:
        files[f"migrations/versions/{name}"] = MIGRATION.format(revision=revision, down=down, labels=labels)
    return files


def test_mod_014_migration_names_revisions_and_branch_label(tmp_path, module_folder, shop):
    module_folder.write(
        "shop",
        migration_files(
            ("shop_001_create_carts.py", "shop_001", None, None),
            ("shop_002_add_totals.py", "a1b2c3", "shop_001", None),
            ("003_add_index.py", "shop_003", "shop_002", None),
        ),
    )
    findings = check(tmp_path, shop)
    assert fired(findings) == {("MOD-014", Severity.WARNING)}
    by_file = {f.path.name: f.message for f in findings}
    assert by_file["shop_001_create_carts.py"].endswith("branch_labels = ('shop',)")
    assert by_file["shop_002_add_totals.py"].startswith("revision = 'a1b2c3': use 'shop_002'")
    assert by_file["003_add_index.py"].startswith("rename to shop_<NNN>_<description>.py")


def test_mod_014_accepts_package_names_with_the_module_code_as_label(tmp_path, module_folder):
    folder = clean_module(module_folder, "dev-tools")
    module_folder.write(
        "dev_tools", migration_files(("dev_tools_001_init.py", "dev_tools_001", None, ("dev-tools",)))
    )
    assert check(tmp_path, folder) == []


def test_mod_015_migrations_without_init_files(tmp_path, module_folder, shop):
    files = migration_files(("shop_001_create_carts.py", "shop_001", None, ("shop",)))
    del files["migrations/__init__.py"], files["migrations/versions/__init__.py"]
    module_folder.write("shop", files)
    findings = check(tmp_path, shop)
    assert fired(findings) == {("MOD-015", Severity.WARNING)}
    assert [f.path.as_posix() for f in findings] == [
        "extra_modules/shop/migrations/__init__.py",
        "extra_modules/shop/migrations/versions/__init__.py",
    ]


# ----------------------------------------------------------------- project rules


def write_project(root: Path, files: list[str]) -> None:
    for relative in files:
        (root / relative).parent.mkdir(parents=True, exist_ok=True)
        (root / relative).write_text("x = 1\n", encoding="utf-8")


@pytest.mark.parametrize(
    ("rule", "files", "flagged"),
    [
        (
            "MOD-016",
            ["app/api/v1/vendor/orders.py", "wizamart/api/__init__.py"],
            {"app/api/v1", "wizamart/api"},
        ),
        (
            "MOD-017",
            ["app/services/order_service.py", "wizamart/services/cart.py"],
            {"app/services", "wizamart/services"},
        ),
        ("MOD-018", ["app/tasks/imports.py", "wizamart/tasks/__init__.py"], {"app/tasks", "wizamart/tasks"}),
        (
            "MOD-019",
            ["models/schema/order.py", "wizamart/schemas/cart.py"],
            {"models/schema", "wizamart/schemas"},
        ),
    ],
)
def test_mod_016_to_019_code_outside_the_modules(tmp_path, rule, files, flagged):
    write_project(tmp_path, files)
    findings = check(tmp_path)
    assert fired(findings) == {(rule, Severity.ERROR)}
    assert {f.path.as_posix() for f in findings} == flagged
    assert all(
        f.module is None and "outside the modules: move them to modules/" in f.message for f in findings
    )


def test_framework_files_named_like_legacy_locations_are_fine(tmp_path):
    write_project(tmp_path, ["wizamart/tasks.py", "wizamart/services.txt", "models/database/user.py"])
    (tmp_path / "app" / "api").mkdir(parents=True)  # an empty folder holds no code
    assert check(tmp_path) == []


# ----------------------------------------------------------------- the app and the CLI


def test_validate_app_reads_the_registry(make_app):
    app = make_app(WIZAMART_MODULES=["core"])  # every other core module loads too
    report = validate_app(app)
    codes = [m.code for m in report.modules]
    assert codes == list(app.extensions["wizamart"].registry.modules)
    assert codes.index("tenancy") < codes.index("core")  # load order: what core requires first
    assert all(m.package == "modules." + m.code.replace("-", "_") for m in report.modules)
    assert not report.failed(strict=True), [f.line() for f in report.findings]


def test_cli_passes_on_the_clean_tree(make_app):
    result = (
        make_app(WIZAMART_MODULES=["core"]).test_cli_runner().invoke(args=["modules", "validate", "--strict"])
    )
    assert result.exit_code == 0, result.output
    assert result.output.strip().endswith("-> OK")


def test_cli_fails_on_a_module_breaking_an_error_rule(make_app, module_folder):
    clean_module(module_folder, services_path="modules.shop.services")
    app = make_app(WIZAMART_MODULE_PATHS=[str(module_folder.root)], WIZAMART_MODULES=["core", "shop"])
    result = app.test_cli_runner().invoke(args=["modules", "validate"])
    assert result.exit_code == 1, result.output
    lines = result.output.splitlines()
    assert any(line.startswith("MOD-007 ERROR shop ") and "services_path=" in line for line in lines)
    # shop, and the four core modules
    assert lines[-1].startswith("5 module(s) validated: 1 error(s)") and lines[-1].endswith("-> FAILED")


def test_cli_strict_fails_on_warnings_only(make_app, module_folder):
    module_folder.definition("shop")
    module_folder.write("shop", LOCALES)  # no exceptions.py: MOD-008, a warning
    app = make_app(WIZAMART_MODULE_PATHS=[str(module_folder.root)], WIZAMART_MODULES=["core", "shop"])
    runner = app.test_cli_runner()
    assert runner.invoke(args=["modules", "validate"]).exit_code == 0
    strict = runner.invoke(args=["modules", "validate", "--strict", "--json"])
    assert strict.exit_code == 1
    report = json.loads(strict.output)
    assert report["ok"] is False
    assert (report["summary"]["error"], report["summary"]["warning"]) == (0, 1)  # infos never fail
    assert report["findings"][0]["rule"] == "MOD-008" and report["findings"][0]["module"] == "shop"


def test_cli_validates_a_broken_module_from_its_folder(make_app, module_folder):
    clean_module(module_folder, version="one", schemas_path="modules.shop.schemas")  # invalid version
    app = make_app(
        WIZAMART_MODULE_PATHS=[str(module_folder.root)],
        WIZAMART_MODULES=["core", "shop"],
        WIZAMART_STRICT_MODULES=False,
    )
    assert app.extensions["wizamart"].registry.entry("shop").definition is None
    result = app.test_cli_runner().invoke(args=["modules", "validate"])
    assert result.exit_code == 1, result.output
    assert "MOD-007 ERROR shop" in result.output
    assert "1 broken module(s) checked from their folders" in result.output


def test_cli_path_option_and_folders_discovery_skips(make_app, module_folder, tmp_path):
    module_folder.write("helpers", {"money.py": "x = 1\n"})  # skipped by discovery: MOD-009
    elsewhere = tmp_path / "candidates"
    (elsewhere / "orders").mkdir(parents=True)
    (elsewhere / "orders" / "definition.py").write_text("x = 1\n")
    app = make_app(WIZAMART_MODULE_PATHS=[str(module_folder.root)], WIZAMART_MODULES=["core", "helpers"])
    result = app.test_cli_runner().invoke(args=["modules", "validate", "--path", str(elsewhere), "--json"])
    report = json.loads(result.output)
    rules = {(f["module"], f["rule"]) for f in report["findings"]}
    assert ("helpers", "MOD-009") in rules
    assert ("orders", "MOD-001") in rules  # read from --path: no __init__.py
    assert result.exit_code == 1


def test_cli_lists_the_rules(make_app):
    result = (
        make_app(WIZAMART_MODULES=["core"]).test_cli_runner().invoke(args=["modules", "validate", "--rules"])
    )
    assert result.exit_code == 0
    assert len(result.output.splitlines()) == 19
    assert result.output.startswith("MOD-001 ERROR   Self-contained modules must have required directories")
