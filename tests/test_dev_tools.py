"""dev-tools: the component library and icon browser, admin only, switchable per platform."""

from wizamart import module_service


def test_component_library_renders_every_specimen_with_field_errors(admin_client, platform):
    page = admin_client.get("/admin/dev-tools/components?errors=1")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    for specimen in ("buttons", "alerts", "forms", "tables", "empty"):
        assert f'data-testid="specimen-{specimen}"' in html
    assert 'data-field="email">is not a valid e-mail address' in html


def test_icon_browser_lists_the_sprite(admin_client, platform):
    html = admin_client.get("/admin/dev-tools/icons").get_data(as_text=True)
    for icon in ("home", "settings", "users", "store"):
        assert f"<code>{icon}</code>" in html


def test_only_signed_in_admins_reach_it(client, vendor_client, platform, vendor):
    assert client.get("/admin/dev-tools/icons").status_code == 302
    assert vendor_client.get("/admin/dev-tools/icons").status_code == 302  # vendor realm gives nothing here


def test_disabled_on_the_platform_its_pages_404_and_its_menu_goes(app, admin_client, platform):
    assert 'data-menu="components"' in admin_client.get("/admin/").get_data(as_text=True)
    with app.app_context():
        assert module_service.disable_module(platform.id, "dev-tools") == ["dev-tools"]
    assert admin_client.get("/admin/dev-tools/components").status_code == 404
    assert 'data-menu="components"' not in admin_client.get("/admin/").get_data(as_text=True)
    with app.app_context():
        module_service.enable_module(platform.id, "dev-tools")
    assert admin_client.get("/admin/dev-tools/components").status_code == 200


def test_every_menu_item_has_an_icon_the_sprite_holds(app):
    import re
    from pathlib import Path

    sprite = (Path(__file__).resolve().parents[1] / "static" / "icons" / "icons.svg").read_text()
    symbols = set(re.findall(r'<symbol id="([a-z-]+)"', sprite))
    missing = {
        f"{code}:{item.id}": item.icon
        for code, definition in app.extensions["wizamart"].registry.modules.items()
        for items in definition.menu_items.values()
        for item in items
        if getattr(item, "icon", None) and item.icon not in symbols
    }
    assert not missing, missing
