"""Every string of the shells, tenancy and core exists in en, de, fr and lb (keys raised from
Python included: tenancy and core raise locale keys, never English), and pages come out in the
language the user chose: error pages in every frontend, module names, settings and profile
errors, and the language switcher."""

from __future__ import annotations

import ast
import json
import re
from functools import cache
from pathlib import Path

import pytest
from markupsafe import escape

from modules.tenancy.exceptions import RECORD_KINDS, UNIQUE_FIELDS
from modules.tenancy.models import PlatformStatus, VendorRole, VendorStatus
from modules.tenancy.testing import sign_in
from wizamart.database import db
from wizamart.modules.definition import ModuleTier
from wizamart.web import TRANSLATED_ERRORS

ROOT = Path(__file__).resolve().parent.parent
LANGUAGES = ("en", "de", "fr", "lb")

# ------------------------------------------------------------------ the keys the code uses

KEY = re.compile(r"^[a-z][a-z0-9-]*\.[a-z0-9_.]+$")
TEMPLATE_CALL = re.compile(r"""\bt\(\s*(["'])([^"']+)\1\s*(~)?""")
LABEL_KEYWORDS = ("label", "detail", "help")  # menu items, widgets and setting fields carry keys

STATUSES = sorted({s.value for s in VendorStatus} | {s.value for s in PlatformStatus})
ACTIONS = ["enable", "disable"]
REALMS = ["admin", "vendor"]
# Keys built at run time ("tenancy.status." ~ status): each family and every value it can take.
# A new family fails test_every_key_the_code_uses_exists until it is declared here.
DYNAMIC_KEYS = {
    "tenancy.status.*": STATUSES,
    "tenancy.role.*": [r.value for r in VendorRole],
    "core.tier.*": [tier.value for tier in ModuleTier],
    "core.vendor_status.*": [s.value for s in VendorStatus],
    "core.vendor_status_note.*": [s.value for s in VendorStatus if s is not VendorStatus.ACTIVE],
    "tenancy.login.title_*": REALMS,
    "tenancy.login.lead_*": REALMS,
    "tenancy.modules.confirm_*": ACTIONS,
    "tenancy.modules.cascade_*": ACTIONS,
    "tenancy.modules.because_*": ACTIONS,
    "tenancy.modules.apply_*": ACTIONS,
    "tenancy.modules.did_*": ACTIONS,
    "tenancy.modules.*d": ACTIONS,
    "core.errors.*": [str(status) for status in TRANSLATED_ERRORS],
    "core.errors.title_*": [str(status) for status in TRANSLATED_ERRORS],
    # a field's label before its error in a flash (the status forms' field), and the label of a
    # field whose value must be unique in FieldTaken's message
    "tenancy.field.*": ["reason", *UNIQUE_FIELDS],
    "tenancy.errors.not_found_*": list(RECORD_KINDS),
    # what changed in a cart line since it was last shown (cart_service.Note.code)
    "cart.notes.*": ["price_changed", "quantity_lowered", "sold_out", "unavailable", "not_enough_stock"],
}
# Module codes: a raised string is a locale key when it starts with one of them.
MODULE_CODES = sorted(path.parent.name.replace("_", "-") for path in ROOT.glob("modules/*/definition.py"))
RAISED_KEY = re.compile(rf"^(?:{'|'.join(map(re.escape, MODULE_CODES))})\.[a-z0-9_]+(?:\.[a-z0-9_]+)+$")
# Calls whose string arguments are messages shown to people: exceptions (by name), pydantic
# validator errors, flashes, and ``label()``/``invalid()`` (tenancy's lazy parameter, the
# framework's ValueError with placeholders).
MESSAGE_CALLS = ("ValueError", "PydanticCustomError", "flash", "label", "invalid")
ENGLISH = re.compile(r"[A-Za-z]{2,}[ ,:;]+[A-Za-z]{2,}")


def template_files(folders: list[Path] | None = None) -> list[Path]:
    folders = folders or [ROOT / "templates", *sorted(ROOT.glob("modules/*/templates"))]
    return [
        path for folder in folders for path in sorted(folder.rglob("*")) if path.suffix in (".html", ".txt")
    ]


def python_files() -> list[Path]:
    files = sorted(ROOT.glob("modules/*/**/*.py")) + sorted(ROOT.glob("wizamart/**/*.py"))
    return [path for path in files if "migrations" not in path.parts]


def keys_in_template(source: str) -> tuple[set[str], set[str]]:
    """``t("key")`` literals, and ``t("prefix." ~ value)`` families as ``prefix.*``."""
    keys, families = set(), set()
    for match in TEMPLATE_CALL.finditer(source):
        (families if match.group(3) else keys).add(match.group(2) + ("*" if match.group(3) else ""))
    return keys, families


def is_key_literal(node: ast.AST) -> bool:
    return isinstance(node, ast.Constant) and isinstance(node.value, str) and bool(KEY.match(node.value))


def assigns_message(node: ast.Assign) -> bool:
    """``message = "core.profile.saved"``: a key chosen now, translated later (``t(message)``)."""
    return "message" in [target.id for target in node.targets if isinstance(target, ast.Name)]


def call_name(node: ast.Call) -> str:
    return node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")


def is_message_call(node: ast.AST) -> bool:
    """An exception built (``NotAllowed(...)``: a class name, or ``super().__init__(...)`` in one),
    a pydantic error, a flash or a lazy label: its string arguments are shown to people."""
    if not isinstance(node, ast.Call):
        return False
    name = call_name(node)
    constructor = name == "__init__" and isinstance(node.func.value, ast.Call)  # super().__init__(...)
    return name in MESSAGE_CALLS or name in exception_names() or constructor


@cache
def exception_names() -> frozenset[str]:
    """Names of every WizamartException class of the framework and the project's modules."""
    import importlib

    from wizamart.errors import WizamartException

    for path in sorted(ROOT.glob("modules/*/exceptions.py")):
        importlib.import_module(f"modules.{path.parent.name}.exceptions")
    importlib.import_module("wizamart.security")
    found, todo = set(), [WizamartException]
    while todo:
        cls = todo.pop()
        found.add(cls.__name__)
        todo += cls.__subclasses__()
    return frozenset(found)


def message_strings(node: ast.AST):
    """The string literals and f-strings (as families, ``prefix.*``) inside a message call: its
    message, details and params."""
    for inner in ast.iter_child_nodes(node):
        if isinstance(inner, ast.Constant) and isinstance(inner.value, str):
            yield inner.value, None
        elif isinstance(inner, ast.JoinedStr):  # not its parts: "tenancy.errors.not_found_" is no key
            yield None, "".join(p.value if isinstance(p, ast.Constant) else "*" for p in inner.values)
        else:
            yield from message_strings(inner)


def raised_keys(node: ast.Call) -> tuple[set[str], set[str]]:
    """Locale keys (``<code>.errors.x``, ``<code>.validation.y``…) and key families passed to a
    message call: what people read when it is raised or flashed."""
    keys, families = set(), set()
    for text, family in message_strings(node):
        if text is not None and RAISED_KEY.match(text):
            keys.add(text)
        elif family is not None and RAISED_KEY.match(family.replace("*", "x")):
            families.add(family)
    return keys, families


def keys_in_python(source: str) -> tuple[set[str], set[str]]:
    """``t("key")``, ``t(f"prefix.{value}")`` (a family), ``label="key"``, ``message = "key"``, and
    the keys raised or flashed: ``raise NotAllowed("tenancy.errors.x")``, ``ValueError("…")``,
    ``details={"fields": {...: "<key>"}}``, ``flash(...)``, ``label(f"tenancy.status.{s}")``."""
    keys, families = set(), set()
    for node in ast.walk(ast.parse(source)):
        if is_message_call(node):
            found, found_families = raised_keys(node)
            keys |= found
            families |= found_families
        if isinstance(node, ast.Call):
            name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")
            if name == "t" and node.args:
                first = node.args[0]
                if isinstance(first, ast.Constant) and isinstance(first.value, str):
                    keys.add(first.value)
                elif isinstance(first, ast.JoinedStr):
                    families.add(
                        "".join(p.value if isinstance(p, ast.Constant) else "*" for p in first.values)
                    )
            for keyword in node.keywords:
                value = keyword.value
                if keyword.arg in LABEL_KEYWORDS and is_key_literal(value):
                    keys.add(value.value)
        elif isinstance(node, ast.Assign) and is_key_literal(node.value) and assigns_message(node):
            keys.add(node.value.value)
    return keys, families


def used_keys() -> tuple[dict[str, set[str]], set[str]]:
    """Every key the code uses (with the files using it), dynamic families expanded."""
    uses: dict[str, set[str]] = {}
    unknown_families: set[str] = set()
    scans = [(path, keys_in_template) for path in template_files()]
    scans += [(path, keys_in_python) for path in python_files()]
    for path, scan in scans:
        keys, families = scan(path.read_text(encoding="utf-8"))
        for family in families:
            if family not in DYNAMIC_KEYS:
                unknown_families.add(f"{family}  ({path.relative_to(ROOT)})")
                continue
            keys |= {family.replace("*", value) for value in DYNAMIC_KEYS[family]}
        for key in keys:
            uses.setdefault(key, set()).add(str(path.relative_to(ROOT)))
    return uses, unknown_families


def module_messages(prefix: str, lang: str) -> dict[str, str]:
    """The ``lang`` messages of the module whose keys start with ``prefix.``."""
    path = ROOT / "modules" / prefix.replace("-", "_") / "locales" / f"{lang}.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


def test_every_key_the_code_uses_exists_in_its_modules_english_messages():
    uses, unknown_families = used_keys()
    assert not unknown_families, f"declare these key families in DYNAMIC_KEYS: {sorted(unknown_families)}"
    assert len(uses) > 200  # the scan found the code's keys, not nothing
    # ... the raised ones too: a validator, a field error in details, a lazy parameter, the framework
    for raised in (
        "tenancy.validation.vat_checksum",
        "tenancy.validation.taken",
        "tenancy.errors.vendor_transition",
        "tenancy.errors.not_found_team_member",
        "tenancy.status.rejected",
        "core.validation.current_password",
        "core.validation.url",
    ):
        assert raised in uses, raised
    missing = sorted(
        f"{key}  (used in {', '.join(sorted(files))})"
        for key, files in uses.items()
        if key not in module_messages(key.split(".", 1)[0], "en")
    )
    assert not missing, "keys missing from en.json:\n" + "\n".join(missing)


def test_the_scan_finds_keys_raised_flashed_and_named_in_details():
    source = """
def act(value):
    flash(t("shop.flash.saved"))
    if value:
        raise NotAllowed("shop.errors.closed", params={"day": value})
    raise ValidationError(
        "shop.errors.bad", details={"fields": {"sku": "shop.validation.sku"}}, params={"n": label("shop.x.y")}
    )


def check(value):
    raise ValueError("shop.validation.colour")


def other():
    raise RecordNotFound(f"shop.errors.no_{value}")
    print("shop.not.a_message")
"""
    keys, families = keys_in_python(source.replace("shop.", "core."))
    assert keys == {
        "core.flash.saved",
        "core.errors.closed",
        "core.errors.bad",
        "core.validation.sku",
        "core.x.y",
        "core.validation.colour",
    }
    assert families == {"core.errors.no_*"}


ENGLISH_ALLOWED = ("testing.py", "demo.py", "cli.py")  # for developers and the operator


def test_tenancy_and_core_raise_and_flash_keys_not_english():
    """A message built in Python for people is a locale key: English text in an exception, a
    validator or a flash of tenancy or core would reach German, French and Luxembourgish users."""
    found = []
    for path in python_files():
        relative = path.relative_to(ROOT)
        if relative.parts[:2] not in (("modules", "tenancy"), ("modules", "core")):
            continue
        if path.name in ENGLISH_ALLOWED:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not is_message_call(node):
                continue
            for text, family in message_strings(node):
                if ENGLISH.search(text or family or "") and not (text or family).startswith(("%", "{")):
                    found.append(f"{relative}:{node.lineno}: {text or family!r}")
    assert not found, "English messages (raise or flash a locale key instead):\n" + "\n".join(found)


def placeholders(text: str) -> set[str]:
    return set(re.findall(r"\{\w+\}", text))


@pytest.mark.parametrize("module", ["core", "tenancy", "dev-tools"])
def test_each_language_has_exactly_the_english_keys_and_placeholders(module):
    english = module_messages(module, "en")
    for lang in LANGUAGES[1:]:
        messages = module_messages(module, lang)
        assert sorted(messages) == sorted(english), lang
        for key, text in english.items():
            assert placeholders(messages[key]) == placeholders(text), (lang, key)


def test_locales_missing_finds_no_gap_in_any_language(runner):
    result = runner.invoke(args=["modules", "locales", "--missing"])
    assert result.exit_code == 0, result.output
    counts = dict(re.findall(r"^(\w+): (\d+) keys, 0 missing$", result.output, flags=re.M))
    assert sorted(counts) == sorted(LANGUAGES), result.output
    assert len(set(counts.values())) == 1, result.output


# ------------------------------------------------------------------ no English left in templates

SHELL_AND_MODULE_TEMPLATES = [
    ROOT / "templates",
    ROOT / "modules/core/templates",
    ROOT / "modules/tenancy/templates",
]
JINJA = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.S)
TEXT_ATTRIBUTE = re.compile(r'\b(aria-label|title|placeholder|alt)="([^"]*)"')


def literal_text(source: str) -> tuple[list[str], list[str]]:
    """Words a template shows outside ``t()``: text between tags, and text attributes."""
    source = re.sub(r"\{#.*?#\}", "", source, flags=re.S)
    source = re.sub(r"\{% block frontend %\}\w+\{% endblock %\}", "", source)  # a CSS class, not text
    attributes = [
        f'{name}="{value}"'
        for name, value in TEXT_ATTRIBUTE.findall(source)
        if "{{" not in value and re.search(r"[A-Za-z]{2,}", value) and not re.search(r"\d", value)
    ]
    text = JINJA.sub(" ", source)
    text = re.sub(r"<(script|style)\b.*?</\1>", " ", text, flags=re.S)
    text = re.sub(r"<[^>]*>", " ", text, flags=re.S)
    text = re.sub(r"&\w+;", " ", text)
    return re.findall(r"[^\W\d_]{2,}", text), attributes


def test_templates_show_no_hard_coded_text():
    found = {}
    for path in template_files(SHELL_AND_MODULE_TEMPLATES):
        words, attributes = literal_text(path.read_text(encoding="utf-8"))
        if words or attributes:
            found[str(path.relative_to(ROOT))] = words + attributes
    assert not found, f"text outside t() (add a key): {found}"


# ------------------------------------------------------------------ error pages, every frontend and language

BOOM_DEFINITION = "from wizamart import ModuleDefinition\nm = ModuleDefinition(code='boom', name='Boom')\n"
RAISING_PAGE = """
from flask import Blueprint
from wizamart.errors import PermissionDenied

blueprint = Blueprint("pages", __name__)


@blueprint.get("/boom/<int:status>")
def boom(status, vendor_code=None):
    if status == 403:
        raise PermissionDenied("Internal reason nobody should read on a German page.")
    raise RuntimeError("secret internals")
"""


@pytest.fixture
def app(make_app, module_folder):
    """Every project module plus ``boom``, whose page in each frontend raises 403 or 500."""
    module_folder.write(
        "boom",
        {
            "definition.py": BOOM_DEFINITION,
            "routes/__init__.py": "",
            "routes/pages/__init__.py": "",
            **{
                f"routes/pages/{frontend}.py": RAISING_PAGE
                for frontend in ("admin", "vendor", "storefront", "public")
            },
            **{f"locales/{lang}.json": "{}" for lang in LANGUAGES},
        },
    )
    return make_app(WIZAMART_MODULE_PATHS=[str(module_folder.root)])


@pytest.fixture
def scoped_admin_client(app, factory):
    """An admin of another platform only: the platform served on localhost refuses them."""
    admin = factory.admin(
        [factory.platform("mosel", domains=("mosel.example.lu",))], email="scoped@example.lu"
    )
    client = app.test_client()
    assert sign_in(client, "admin", admin.email).status_code == 302
    return client


def in_language(client, lang: str, url: str):
    """GET ``url`` asking for ``lang``: en and de through Accept-Language, fr and lb through the
    switcher's cookie, which must win over a browser asking for something else."""
    if lang in ("en", "de"):
        client.delete_cookie("lang")
        return client.get(url, headers={"Accept-Language": f"{lang}-LU,{lang};q=0.9"})
    client.set_cookie("lang", lang)
    return client.get(url, headers={"Accept-Language": "de-LU,de;q=0.9"})


def assert_error_page(response, status: int, lang: str) -> None:
    messages = module_messages("core", lang)
    html = response.get_data(as_text=True)
    assert response.status_code == status, html
    assert response.mimetype == "text/html"
    assert f'<html lang="{lang}">' in html
    assert f"<h1>{escape(messages[f'core.errors.title_{status}'])}</h1>" in html
    assert str(escape(messages[f"core.errors.{status}"])) in html
    assert str(escape(messages["core.errors.back"])) in html
    assert "secret internals" not in html and "Internal reason" not in html
    if lang != "en":
        assert messages[f"core.errors.{status}"] != module_messages("core", "en")[f"core.errors.{status}"]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_error_pages_in_every_frontend_speak_the_users_language(
    lang, app, admin_client, vendor_client, scoped_admin_client, vendor, other_vendor
):
    anonymous = app.test_client()
    pages = [
        # 404: addresses nothing answers, in each frontend
        (anonymous, "/admin/no-such-page", 404),
        (anonymous, f"/vendor/{vendor.code}/no-such-page", 404),
        (anonymous, f"/storefront/{vendor.code}/no-such-page", 404),
        (anonymous, "/no-such-page", 404),
        (admin_client, "/admin/platforms/999999", 404),  # a record that does not exist
        # 403: refused by the access check, and raised by a page
        (scoped_admin_client, "/admin/", 403),
        (vendor_client, f"/vendor/{other_vendor.code}/", 403),  # another shop's address
        (admin_client, "/admin/boom/403", 403),
        (vendor_client, f"/vendor/{vendor.code}/boom/403", 403),
        (anonymous, f"/storefront/{vendor.code}/boom/403", 403),
        (anonymous, "/boom/403", 403),
        # 500: a page that crashes
        (admin_client, "/admin/boom/500", 500),
        (vendor_client, f"/vendor/{vendor.code}/boom/500", 500),
        (anonymous, f"/storefront/{vendor.code}/boom/500", 500),
        (anonymous, "/boom/500", 500),
    ]
    for client, url, status in pages:
        response = in_language(client, lang, url)
        assert_error_page(response, status, lang)


# ------------------------------------------------------------------ module names, settings and profile errors


def project_definitions():
    """The definitions of the modules this repository ships (core, tenancy, dev-tools…)."""
    import importlib

    for path in sorted(ROOT.glob("modules/*/definition.py")):
        module = importlib.import_module(f"modules.{path.parent.name}.definition")
        yield from (v for v in vars(module).values() if type(v).__name__ == "ModuleDefinition")


def test_every_project_module_has_its_name_description_and_features_in_every_language():
    definitions = list(project_definitions())
    assert {d.code for d in definitions} >= {"core", "tenancy", "dev-tools"}
    for definition in definitions:
        keys = [f"{definition.code}.module.{part}" for part in ("name", "description")]
        keys += [f"{definition.code}.module.feature.{feature}" for feature in definition.features]
        for lang in LANGUAGES:
            messages = module_messages(definition.code, lang)
            assert [key for key in keys if key not in messages] == [], (definition.code, lang)
        assert module_messages(definition.code, "en")[keys[0]] == definition.name


def test_the_dashboard_names_the_modules_in_german(admin_client):
    admin_client.set_cookie("lang", "de")
    html = admin_client.get("/admin/").get_data(as_text=True)
    table = re.search(r'<table[^>]*data-testid="module-table".*?</table>', html, re.S).group(0)
    assert f"<th>{escape(module_messages('core', 'de')['core.column.name'])}</th>" in table
    for code in ("core", "tenancy", "dev-tools"):
        name = module_messages(code, "de")[f"{code}.module.name"]
        assert f"<strong>{escape(name)}</strong>" in table, code
    assert "Developer tools" not in table and "<strong>Tenancy</strong>" not in table


def test_a_settings_error_is_shown_in_french(admin_client):
    admin_client.set_cookie("lang", "fr")
    response = admin_client.post(
        "/admin/settings", data={"core.support_email": "nobody", "core.tagline": "x" * 200}
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    messages = module_messages("core", "fr")
    assert str(escape(messages["core.validation.email"])) in html
    assert str(escape(messages["core.validation.string_too_long"].format(max_length=160))) in html


def test_a_wrong_current_password_is_shown_in_german(admin_client):
    admin_client.set_cookie("lang", "de")
    response = admin_client.post(
        "/admin/profile",
        data={
            "action": "password",
            "current_password": "not-mine-1",
            "password": "fresh-secret-9",
            "password_confirm": "fresh-secret-9",
        },
    )
    assert response.status_code == 422
    expected = module_messages("core", "de")["core.validation.current_password"]
    assert f'data-field="current_password">{escape(expected)}</p>' in response.get_data(as_text=True)


# ------------------------------------------------------------------ the language switcher

SWITCHER_TOKEN = re.compile(
    r'data-testid="language-switcher">\s*<input type="hidden" name="csrf_token" value="([^"]+)"'
)


def switch_language(client, lang: str, next_url: str, page: str | None = None):
    """Press a language button of the switcher on ``page`` (the form's own CSRF token)."""
    html = client.get(page or next_url).get_data(as_text=True)
    token = SWITCHER_TOKEN.search(html).group(1)
    return client.post("/language", data={"csrf_token": token, "lang": lang, "next": next_url}, csrf=False)


def test_switcher_sets_the_cookie_and_the_page_comes_back_in_that_language(client):
    home = module_messages("core", "lb")["core.home.title"]
    response = switch_language(client, "lb", "/")
    assert response.status_code == 302 and response.headers["Location"] == "/"
    assert client.get_cookie("lang").value == "lb"
    html = client.get("/", headers={"Accept-Language": "fr"}).get_data(as_text=True)
    assert '<html lang="lb">' in html
    assert str(escape(home)) in html
    assert 'value="lb" title="Lëtzebuergesch" lang="lb"\n      class="lang active"' in html


def test_switcher_refuses_a_post_without_its_token_and_says_so_in_the_users_language(client):
    response = client.post(
        "/language", data={"lang": "de", "next": "/"}, headers={"Accept-Language": "fr"}, csrf=False
    )
    assert_error_page(response, 400, "fr")
    assert client.get_cookie("lang") is None


def test_switcher_refuses_unknown_languages_and_foreign_next_addresses(client):
    assert client.post("/language", data={"lang": "xx", "next": "/"}).status_code == 422
    response = client.post("/language", data={"lang": "de", "next": "//evil.example/"})
    assert response.headers["Location"] == "/"


def test_a_signed_in_admins_choice_is_saved_and_wins_over_the_cookie(app, admin_client, admin_user):
    from modules.tenancy.models import User

    dashboard_de = module_messages("core", "de")["core.dashboard.title"]
    assert switch_language(admin_client, "de", "/admin/").status_code == 302
    with app.app_context():
        assert db.session.get(User, admin_user.id).locale == "de"

    admin_client.set_cookie("lang", "fr")  # the cookie says otherwise: the profile wins
    html = admin_client.get("/admin/", headers={"Accept-Language": "lb"}).get_data(as_text=True)
    assert '<html lang="de">' in html and f"<h1>{dashboard_de}</h1>" in html

    elsewhere = app.test_client()  # another browser: no cookie, another language asked for
    sign_in(elsewhere, "admin", admin_user.email)
    html = elsewhere.get("/admin/", headers={"Accept-Language": "fr"}).get_data(as_text=True)
    assert '<html lang="de">' in html

    anonymous = app.test_client()  # signed out, the saved choice does not apply
    anonymous.set_cookie("lang", "fr")
    assert '<html lang="fr">' in anonymous.get("/admin/login").get_data(as_text=True)
