"""The suite uses the fixtures of the ``wizamart.testing`` pytest plugin (see setup.cfg),
plus a small family of throw-away shop modules shaped like the spec's dependency graph."""

from pathlib import Path

import pytest

# Debian's Chromium, driven by playwright (which cannot download browsers here).
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for the whole session, whichever folder's tests use it (playwright's
    sync API allows one instance per process); fails, never skips, when it is not installed."""
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: run `make browser` (apt-get install chromium) first")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


# The spec's four core modules: they load whatever WIZAMART_MODULES names.
CORE = frozenset({"core", "tenancy", "cms", "customers"})


def definition_py(code: str, **fields) -> str:
    """The source of a minimal definition.py."""
    args = "".join(f", {k}={v!r}" for k, v in fields.items())
    return f"from wizamart import ModuleDefinition\nm = ModuleDefinition(code={code!r}, name='X'{args})\n"


PAGE = """
from flask import Blueprint, render_template_string

blueprint = Blueprint("pages", __name__)


@blueprint.get("/{code}/")
def index():
    return render_template_string("<h1>{{{{ t('{code}.title') }}}}</h1>")
"""

API = """
from flask import Blueprint, jsonify

blueprint = Blueprint("api", __name__)


@blueprint.get("/status")
def status():
    return jsonify(module="{code}")
"""

TASKS = """
from wizamart import task


@task
def echo(value, platform_id=None):
    return value
"""


def write_shop_module(module_folder, code: str, requires: list[str], **fields):
    """A convention-following module with a public page, a storefront API, a public menu item and
    a task (open frontends, so wiring tests need nobody signed in)."""
    package = code.replace("-", "_")
    definition = (
        "from wizamart import FrontendType, ModuleDefinition\n"
        f"module = ModuleDefinition(code={code!r}, name={code.title()!r}, requires={requires!r},\n"
        f"    menu_items={{FrontendType.PUBLIC: ['index']}}, **{fields!r})\n"
    )
    return module_folder.write(
        package,
        {
            "definition.py": definition,
            "routes/__init__.py": "",
            "routes/pages/__init__.py": "",
            "routes/pages/public.py": PAGE.format(code=code),
            "routes/api/__init__.py": "",
            "routes/api/storefront.py": API.format(code=code),
            "tasks/__init__.py": TASKS,
            "locales/en.json": f'{{"{code}.title": "{code.title()} (en)", "{code}.menu.index": "{code}"}}',
            "locales/de.json": f'{{"{code}.title": "{code.title()} (de)", "{code}.menu.index": "{code}"}}',
        },
    )


SHOP = {"tills": [], "sales": ["tills"], "basket": [], "counter": ["basket", "sales", "tills"]}


@pytest.fixture
def shop_app(make_app, module_folder):
    """core plus tills, sales, basket and counter (counter requires the other three)."""
    for code, requires in SHOP.items():
        write_shop_module(module_folder, code, requires)
    return make_app(
        WIZAMART_MODULES=["core", *SHOP],
        WIZAMART_MODULE_PATHS=[str(module_folder.root)],
    )
