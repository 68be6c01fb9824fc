"""The module management page, /admin/platforms/<id>/modules: modules by tier, a preview of
the cascade before anything changes, the change on confirmation, and its history."""

from __future__ import annotations

import re

import pytest

from modules.tenancy.testing import TenancyFactory, sign_in
from tests.conftest import write_shop_module

from .helpers import flashes, page_text


@pytest.fixture
def shop_platform(make_app, module_folder):
    """An app with two throw-away optional modules: ``sales`` requires ``tills``."""
    write_shop_module(module_folder, "tills", [])
    write_shop_module(module_folder, "sales", ["tills"])
    app = make_app(WIZAMART_MODULES=["tills", "sales"], WIZAMART_MODULE_PATHS=[str(module_folder.root)])
    factory = TenancyFactory(app)
    platform = factory.platform("lux", domains=("localhost",))
    admin = factory.admin(email="admin@example.lu")
    client = app.test_client()
    assert sign_in(client, "admin", admin.email).status_code == 302
    return app, client, platform


def module_row(response, code: str) -> str:
    match = re.search(rf'<tr data-module="{code}">.*?</tr>', page_text(response), re.S)
    assert match, f"no row for {code}"
    return match.group(0)


def test_the_page_lists_modules_by_tier_and_core_ones_cannot_be_disabled(shop_platform):
    app, client, platform = shop_platform
    page = client.get(f"/admin/platforms/{platform.id}/modules")
    assert page.status_code == 200
    text = page_text(page)
    assert 'data-testid="modules-core"' in text and 'data-testid="modules-optional"' in text
    for core in ("core", "tenancy"):
        assert "<form" not in module_row(page, core) and f"disable-{core}" not in text
    assert 'data-testid="disable-tills"' in module_row(page, "tills")
    assert "tills" in module_row(page, "sales"), "dependencies are shown"
    assert client.get("/admin/modules").location == f"/admin/platforms/{platform.id}/modules"


def test_disabling_shows_the_cascade_first_and_changes_nothing_until_confirmed(shop_platform):
    app, client, platform = shop_platform
    url = f"/admin/platforms/{platform.id}/modules/tills"
    preview = client.post(url, data={"action": "disable"})
    assert preview.status_code == 200
    cascade = re.search(r'data-testid="cascade-list">(.*?)</ul>', page_text(preview), re.S).group(1)
    assert "<code>tills</code>" in cascade and "<code>sales</code>" in cascade
    assert "no data" in page_text(preview).lower()
    assert client.get("/tills/").status_code == 200 and client.get("/sales/").status_code == 200

    applied = client.post(url, data={"action": "disable", "confirm": "yes"}, follow_redirects=True)
    assert applied.status_code == 200 and any("sales" in m and "tills" in m for m in flashes(applied))
    assert client.get("/tills/").status_code == 404
    assert client.get("/sales/").status_code == 404
    assert client.get("/api/v1/storefront/tills/status").status_code == 404
    assert 'data-testid="enable-tills"' in module_row(
        client.get(f"/admin/platforms/{platform.id}/modules"), "tills"
    )


def test_a_disabled_modules_menu_item_is_gone_and_comes_back(shop_platform):
    app, client, platform = shop_platform
    assert 'href="/tills/"' in page_text(client.get("/"))
    client.post(f"/admin/platforms/{platform.id}/modules/tills", data={"action": "disable", "confirm": "yes"})
    home = page_text(client.get("/"))
    assert 'href="/tills/"' not in home and 'href="/sales/"' not in home

    preview = client.post(f"/admin/platforms/{platform.id}/modules/sales", data={"action": "enable"})
    cascade = re.search(r'data-testid="cascade-list">(.*?)</ul>', page_text(preview), re.S).group(1)
    assert "<code>tills</code>" in cascade, "enabling sales brings tills back too"
    client.post(f"/admin/platforms/{platform.id}/modules/sales", data={"action": "enable", "confirm": "yes"})
    assert 'href="/tills/"' in page_text(client.get("/"))
    assert client.get("/sales/").status_code == 200


def test_the_history_says_who_when_and_the_cascade(shop_platform):
    app, client, platform = shop_platform
    client.post(f"/admin/platforms/{platform.id}/modules/tills", data={"action": "disable", "confirm": "yes"})
    page = page_text(client.get(f"/admin/platforms/{platform.id}/modules"))
    history = re.search(r'data-testid="module-history">(.*?)</table>', page, re.S).group(1)
    row = re.search(r"<tr><td>.*?</tr>", history, re.S).group(0)
    assert "admin@example.lu" in row and "<code>tills</code>" in row
    assert "tills" in row and "sales" in row.split("<code>tills</code>")[1]
    assert re.search(r"\d{4}|\d{1,2}:\d{2}", row), "the time of the change"


def test_core_modules_and_bad_actions_are_refused_with_a_message(shop_platform):
    app, client, platform = shop_platform
    core = client.post(
        f"/admin/platforms/{platform.id}/modules/tenancy",
        data={"action": "disable", "confirm": "yes"},
        follow_redirects=True,
    )
    assert any("core module" in m for m in flashes(core))
    assert client.get("/admin/").status_code == 200

    odd = client.post(
        f"/admin/platforms/{platform.id}/modules/tills", data={"action": "explode"}, follow_redirects=True
    )
    assert odd.status_code == 200 and flashes(odd)
    unknown = client.post(
        f"/admin/platforms/{platform.id}/modules/nope", data={"action": "disable"}, follow_redirects=True
    )
    assert unknown.status_code == 200 and any("nope" in m for m in flashes(unknown))
    assert client.get("/tills/").status_code == 200
