"""Discovery, definitions, dependencies, broken modules and the hook contract."""

import pytest

from tests.conftest import CORE, definition_py, write_shop_module
from wizamart.errors import DependencyError, ModuleLoadError
from wizamart.modules.registry import ModuleStatus


def paths(module_folder):
    return {"WIZAMART_MODULE_PATHS": [str(module_folder.root)]}


# ------------------------------------------------------------------ discovery


def test_convention_module_is_wired_in_with_no_hook_code(shop_app):
    client = shop_app.test_client()
    assert client.get("/sales/").get_data(as_text=True) == "<h1>Sales (en)</h1>"
    assert client.get("/api/v1/storefront/sales/status").json == {"module": "sales"}
    endpoints = {rule.endpoint for rule in shop_app.url_map.iter_rules()}
    assert {"sales.public_pages.index", "sales.storefront_api.status"} <= endpoints


def test_load_order_is_topological_with_ties_by_code(shop_app):
    codes = [m.code for m in shop_app.extensions["wizamart"].registry.loaded()]
    assert codes == ["basket", "tenancy", "cms", "core", "customers", "tills", "sales", "counter"]


def test_only_the_named_modules_are_loaded_with_the_core_ones(make_app, module_folder):
    write_shop_module(module_folder, "basket", [])
    write_shop_module(module_folder, "tills", [])
    app = make_app(WIZAMART_MODULES=["basket"], **paths(module_folder))
    loaded = list(app.extensions["wizamart"].registry.modules)
    assert loaded == ["basket", "tenancy", "cms", "core", "customers"]


def test_deleting_the_folder_removes_everything_it_brought(make_app, module_folder):
    folder = write_shop_module(module_folder, "basket", [])
    app = make_app(**paths(module_folder))
    assert "basket.public_pages.index" in {r.endpoint for r in app.url_map.iter_rules()}

    import shutil

    shutil.rmtree(folder)
    app = make_app(**paths(module_folder))
    state = app.extensions["wizamart"]
    assert "basket" not in state.registry.modules
    assert not [r for r in app.url_map.iter_rules() if "basket" in r.endpoint]
    assert "basket.title" not in state.translations.messages["en"]
    assert all(item.module != "basket" for items in state.menus.values() for item in items)
    assert app.test_client().get("/basket/").status_code == 404


def test_module_from_a_pip_distribution_is_found_by_entry_point(make_app, tmp_path, monkeypatch):
    site = tmp_path / "site"
    package = site / "wizamart_loyalty"
    (package / "routes" / "api").mkdir(parents=True)
    for init in (package, package / "routes", package / "routes" / "api"):
        (init / "__init__.py").write_text("")
    (package / "definition.py").write_text(
        "from wizamart import ModuleDefinition\nloyalty = ModuleDefinition(code='loyalty', name='Loyalty')\n"
    )
    (package / "routes" / "api" / "storefront.py").write_text(
        "from flask import Blueprint\nblueprint = Blueprint('api', __name__)\n"
        "@blueprint.get('/points')\ndef points():\n    return {'points': 42}\n"
    )
    dist = site / "wizamart_loyalty-1.2.0.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: wizamart-loyalty\nVersion: 1.2.0\n")
    (dist / "entry_points.txt").write_text("[wizamart.modules]\nloyalty = wizamart_loyalty.definition\n")
    monkeypatch.syspath_prepend(str(site))

    app = make_app(WIZAMART_MODULES=["core", "loyalty"])
    entry = app.extensions["wizamart"].registry.entry("loyalty")
    assert entry.source == "entry point wizamart-loyalty"
    assert app.test_client().get("/api/v1/storefront/loyalty/points").json == {"points": 42}


# ------------------------------------------------------------------ definitions


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"version": "one"}, "field 'version': must be a semantic version"),
        ({"requires": ["Not A Code"]}, "field 'requires': not module codes"),
        ({"is_core": True, "is_internal": True}, "a module is core or internal, not both"),
        ({"colour": "red"}, "field 'colour': Extra inputs are not permitted"),
    ],
)
def test_bad_definition_stops_startup_naming_module_field_and_problem(
    make_app, module_folder, fields, expected
):
    module_folder.definition("widgets", **fields)
    with pytest.raises(ModuleLoadError) as raised:
        make_app(**paths(module_folder))
    message = str(raised.value)
    assert message.startswith("Module 'widgets': invalid definition")
    assert "widgets/definition.py" in message
    assert expected in message


def test_code_must_match_its_folder(make_app, module_folder):
    module_folder.write(
        "widgets",
        {
            "definition.py": "from wizamart import ModuleDefinition\n"
            "m = ModuleDefinition(code='gadgets', name='G')\n"
        },
    )
    with pytest.raises(ModuleLoadError, match="field 'code': 'gadgets' does not match its folder 'widgets'"):
        make_app(**paths(module_folder))


def test_hyphenated_code_lives_in_an_underscored_package(make_app, module_folder):
    folder = module_folder.definition("price-watch", is_internal=True)  # dev-tools is a real module now
    assert folder.name == "price_watch"
    app = make_app(**paths(module_folder))
    assert app.extensions["wizamart"].registry.get("price-watch").tier.value == "internal"


# ------------------------------------------------------------------ dependencies


def test_missing_dependency_stops_startup(make_app, module_folder):
    module_folder.definition("sales", requires=["tills"])
    with pytest.raises(DependencyError, match=r"sales -> tills \(missing\)"):
        make_app(WIZAMART_MODULES=["core", "sales"], **paths(module_folder))


def test_cycle_is_printed_whole(make_app, module_folder):
    module_folder.definition("a", requires=["b"])
    module_folder.definition("b", requires=["c"])
    module_folder.definition("c", requires=["a"])
    with pytest.raises(DependencyError, match="dependency cycle: a -> b -> c -> a"):
        make_app(**paths(module_folder))


def test_core_module_may_not_require_an_optional_one(make_app, module_folder):
    module_folder.definition("tills")
    module_folder.definition("loyalty", is_core=True, requires=["tills"])
    with pytest.raises(DependencyError, match="core module 'loyalty' requires optional module 'tills'"):
        make_app(**paths(module_folder))


# ------------------------------------------------------------------ broken modules

BROKEN_IMPORT = {
    "definition.py": definition_py("tills"),
    "hooks.py": "import no_such_library_anywhere\n",
}


def test_strict_mode_stops_on_an_import_error_with_name_and_traceback(make_app, module_folder):
    module_folder.write("tills", BROKEN_IMPORT)
    with pytest.raises(ModuleLoadError) as raised:
        make_app(**paths(module_folder))
    message = str(raised.value)
    assert message.startswith("Module 'tills':")
    assert "Traceback (most recent call last)" in message
    assert "No module named 'no_such_library_anywhere'" in message


def test_lenient_mode_starts_without_the_broken_module_and_its_dependents(make_app, module_folder):
    module_folder.write("tills", BROKEN_IMPORT)
    write_shop_module(module_folder, "sales", ["tills"])
    write_shop_module(module_folder, "basket", [])
    wanted = ["tills", "sales", "basket"]
    app = make_app(WIZAMART_STRICT_MODULES=False, WIZAMART_MODULES=wanted, **paths(module_folder))
    registry = app.extensions["wizamart"].registry

    assert registry.entry("tills").status is ModuleStatus.BROKEN
    assert registry.entry("sales").status is ModuleStatus.BLOCKED
    assert registry.entry("sales").reason == "sales -> tills (broken)"
    assert set(registry.modules) == CORE | {"basket"}

    client = app.test_client()
    assert client.get("/sales/").status_code == 404
    assert client.get("/basket/").status_code == 200
    health = client.get("/health").json
    assert health["modules"]["tills"]["status"] == "broken"
    assert health["modules"]["sales"] == {"status": "blocked", "reason": "sales -> tills (broken)"}
    assert health["status"] == "degraded"

    listing = app.test_cli_runner().invoke(args=["modules", "list"])
    assert "tills" in listing.output and "broken" in listing.output
    assert "sales -> tills (broken)" in listing.output


def test_lenient_mode_drops_a_module_that_fails_while_wiring_in(make_app, module_folder):
    write_shop_module(module_folder, "basket", [])
    (module_folder.root / "basket" / "routes" / "api" / "storefront.py").write_text(
        "raise RuntimeError('boom')\n"
    )
    app = make_app(WIZAMART_STRICT_MODULES=False, **paths(module_folder))
    entry = app.extensions["wizamart"].registry.entry("basket")
    assert entry.status is ModuleStatus.BROKEN and "boom" in entry.reason
    assert "basket.title" not in app.extensions["wizamart"].translations.messages["en"]
    assert app.test_client().get("/basket/").status_code == 404


BROKEN_TASKS = "raise RuntimeError('tasks boom')\n"
# The same blueprint twice: Flask refuses it only when the app registers the module's routes.
TWICE_MOUNTED = (
    "from flask import Blueprint\nfrom wizamart import hookimpl\n\nbp = Blueprint('extra', __name__)\n\n\n"
    "@hookimpl\ndef register_routes():\n    return [bp, bp]\n"
)


@pytest.mark.parametrize(
    ("path", "source", "problem"),
    [("tasks/__init__.py", BROKEN_TASKS, "tasks boom"), ("hooks.py", TWICE_MOUNTED, "already registered")],
    ids=["tasks-import", "applying-routes"],
)
def test_strict_mode_names_a_module_failing_in_its_tasks_or_while_applied(
    make_app, module_folder, path, source, problem
):
    write_shop_module(module_folder, "basket", [])
    (module_folder.root / "basket" / path).write_text(source)
    with pytest.raises(ModuleLoadError) as raised:
        make_app(**paths(module_folder))
    message = str(raised.value)
    assert message.startswith("Module 'basket': failed to load:")
    assert problem in message
    assert "Traceback (most recent call last)" in message


@pytest.mark.parametrize(
    ("path", "source", "problem"),
    [("tasks/__init__.py", BROKEN_TASKS, "tasks boom"), ("hooks.py", TWICE_MOUNTED, "already registered")],
    ids=["tasks-import", "applying-routes"],
)
def test_lenient_mode_starts_without_a_module_failing_in_its_tasks_or_while_applied(
    make_app, module_folder, path, source, problem
):
    write_shop_module(module_folder, "basket", [])
    write_shop_module(module_folder, "counter", ["basket"])
    write_shop_module(module_folder, "tills", [])
    (module_folder.root / "basket" / path).write_text(source)
    wanted = ["basket", "counter", "tills"]
    app = make_app(WIZAMART_STRICT_MODULES=False, WIZAMART_MODULES=wanted, **paths(module_folder))
    registry = app.extensions["wizamart"].registry

    basket = registry.entry("basket")
    assert basket.status is ModuleStatus.BROKEN and problem in basket.reason, basket.reason
    assert registry.entry("counter").reason == "counter -> basket (broken)"
    assert set(registry.modules) == CORE | {"tills"}
    client = app.test_client()
    assert client.get("/tills/").status_code == 200
    assert client.get("/basket/").status_code == 404
    assert client.get("/counter/").status_code == 404
    home = client.get("/").get_data(as_text=True)
    assert 'href="/tills/"' in home and 'href="/basket/"' not in home
    assert client.get("/health").json["modules"]["basket"]["status"] == "broken"


# ------------------------------------------------------------------ hook contract


def test_misspelled_hook_is_refused_naming_module_and_hook(make_app, module_folder):
    module_folder.write(
        "basket",
        {
            "definition.py": definition_py("basket"),
            "hooks.py": "from wizamart import hookimpl\n\n@hookimpl\ndef menu_itemz(frontend):\n"
            "    return []\n",
        },
    )
    with pytest.raises(ModuleLoadError, match=r"Module 'basket': hook 'menu_itemz' .* matches no hookspec"):
        make_app(**paths(module_folder))


def test_hook_with_an_unknown_argument_is_refused(make_app, module_folder):
    module_folder.write(
        "basket",
        {
            "definition.py": definition_py("basket"),
            "hooks.py": "from wizamart import hookimpl\n\n@hookimpl\ndef menu_items(frontend, colour):\n"
            "    return []\n",
        },
    )
    with pytest.raises(ModuleLoadError, match=r"Module 'basket': hook refused: .*colour"):
        make_app(**paths(module_folder))


def test_a_module_can_add_hookspecs_that_others_implement(make_app, module_folder):
    module_folder.write(
        "tills",
        {
            "definition.py": "from wizamart import ModuleDefinition\n"
            "m = ModuleDefinition(code='tills', name='P')\n",
            "hookspecs.py": "from hookspecs import hookspec\n\n@hookspec\ndef till_receipts():\n"
            '    """Return receipt kinds."""\n',
        },
    )
    module_folder.write(
        "bank",
        {
            "definition.py": "from wizamart import ModuleDefinition\n"
            "m = ModuleDefinition(code='bank', name='B', requires=['tills'])\n",
            "hooks.py": "from wizamart import hookimpl\n\n@hookimpl\ndef till_receipts():\n"
            "    return ['paper_roll']\n",
        },
    )
    app = make_app(**paths(module_folder))
    pm = app.extensions["wizamart"].pm
    assert pm.hook.till_receipts() == [["paper_roll"]]
    assert app.extensions["wizamart"].registry.entry("bank").hooks == ["till_receipts"]


def test_module_hook_adds_to_what_the_conventions_found(make_app, module_folder):
    write_shop_module(module_folder, "basket", [])
    (module_folder.root / "basket" / "hooks.py").write_text(
        "from wizamart import MenuItem, hookimpl\n\n"
        "@hookimpl\ndef menu_items(frontend):\n"
        "    if frontend == 'public':\n"
        "        return [MenuItem(id='carts', label='basket.title', endpoint='basket.public_pages.index')]\n"
    )
    app = make_app(**paths(module_folder))
    ids = [item.id for item in app.extensions["wizamart"].menus["public"] if item.module == "basket"]
    assert ids == ["carts", "index"]


def test_internal_modules_may_only_serve_admin_routes(make_app, module_folder):
    module_folder.write(
        "monitoring",
        {
            "definition.py": "from wizamart import ModuleDefinition\n"
            "m = ModuleDefinition(code='monitoring', name='M', is_internal=True)\n",
            "routes/__init__.py": "",
            "routes/pages/__init__.py": "",
            "routes/pages/vendor.py": "from flask import Blueprint\nblueprint = Blueprint('v', __name__)\n",
        },
    )
    with pytest.raises(ModuleLoadError, match="internal modules are admin-only"):
        make_app(**paths(module_folder))


# ------------------------------------------------------------------ registry API and config


def test_registry_api_reads_the_current_app(shop_app):
    from wizamart.modules.registry import (
        CORE_MODULES,
        INTERNAL_MODULES,
        MODULES,
        OPTIONAL_MODULES,
        get_core_module_codes,
        get_module,
        get_module_tier,
    )

    with shop_app.app_context():
        assert set(MODULES) == CORE | {"basket", "tills", "sales", "counter"}
        assert set(CORE_MODULES) == CORE == get_core_module_codes()
        assert set(OPTIONAL_MODULES) == {"basket", "tills", "sales", "counter"}
        assert dict(INTERNAL_MODULES) == {}
        assert get_module("sales").requires == ["tills"]
        assert get_module("nope") is None
        assert get_module_tier("counter") == "optional"
        assert get_module_tier("core") == "core"


def test_module_config_reads_prefixed_env_and_config(make_app, monkeypatch):
    from wizamart import get_module_config

    monkeypatch.setenv("CORE_SUPPORT_EMAIL", "help@shop.lu")
    app = make_app(CORE_SITE_NAME="Buttek")
    with app.app_context():
        config = get_module_config("core")
    assert config.site_name == "Buttek"
    assert config.support_email == "help@shop.lu"


def test_internal_modules_may_not_add_vendor_menu_items(make_app, module_folder):
    module_folder.write(
        "monitoring",
        {
            "definition.py": "from wizamart import FrontendType, ModuleDefinition\n"
            "m = ModuleDefinition(code='monitoring', name='M', is_internal=True,\n"
            "    menu_items={FrontendType.VENDOR: ['logs']})\n",
        },
    )
    with pytest.raises(
        ModuleLoadError, match="internal modules are admin-only, but they add menu items to vendor"
    ):
        make_app(**paths(module_folder))
