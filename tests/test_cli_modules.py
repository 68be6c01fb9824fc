"""``flask modules …``: list, show, graph, enable and disable."""

import json

from wizamart import module_service


def invoke(app, *args):
    return app.test_cli_runner().invoke(args=list(args))


def test_list_json_shows_code_tier_version_source_status_and_hooks(shop_app):
    rows = {row["code"]: row for row in json.loads(invoke(shop_app, "modules", "list", "--json").output)}
    assert rows["core"]["tier"] == "core"
    assert rows["core"]["source"] == "local"
    assert rows["core"]["hooks"] == ["dashboard_widgets", "health_check", "settings_fields"]
    assert "authorize_request" in rows["tenancy"]["hooks"]
    assert rows["sales"]["status"] == "loaded"
    assert rows["sales"]["version"] == "1.0.0"
    assert rows["sales"]["source"].startswith("path ")
    assert rows["counter"]["requires"] == ["basket", "sales", "tills"]


def test_list_as_a_table(shop_app):
    output = invoke(shop_app, "modules", "list").output
    assert output.splitlines()[0].split() == ["CODE", "TIER", "VERSION", "STATUS", "SOURCE", "HOOKS"]
    assert any(line.split()[:4] == ["core", "core", "1.0.0", "loaded"] for line in output.splitlines())


def test_show_describes_one_module(shop_app):
    output = invoke(shop_app, "modules", "show", "tills").output
    assert "required_by       counter, sales" in output
    assert "tier              optional" in output
    assert invoke(shop_app, "modules", "show", "nope").exit_code == 1


def test_graph_prints_every_dependency(shop_app):
    output = invoke(shop_app, "modules", "graph").output
    assert "counter (optional) -> basket, sales, tills" in output
    dot = invoke(shop_app, "modules", "graph", "--dot").output
    assert '"sales" -> "tills";' in dot


def test_disable_dry_run_prints_the_cascade_and_changes_nothing(shop_app):
    result = invoke(shop_app, "modules", "disable", "tills", "--platform", "1", "--dry-run")
    assert result.exit_code == 0
    assert "would disable on platform 1: tills, counter, sales" in result.output
    assert "no data is deleted" in result.output
    with shop_app.app_context():
        assert module_service.is_module_enabled(1, "tills")


def test_disable_then_enable_through_the_cli(shop_app):
    result = invoke(shop_app, "modules", "disable", "sales", "--platform", "default")
    assert "disabled on platform default: sales, counter" in result.output
    result = invoke(shop_app, "modules", "enable", "counter", "--platform", "1")
    assert "enabled on platform 1: sales, counter" in result.output
    assert "cascade (dependencies of 'counter'): sales" in result.output


def test_cli_errors_are_clear(shop_app):
    result = invoke(shop_app, "modules", "disable", "core", "--platform", "1")
    assert result.exit_code == 1
    assert "'core' is a core module and cannot be disabled" in result.output
    result = invoke(shop_app, "modules", "enable", "sales", "--platform", "nowhere")
    assert result.exit_code == 2
    assert "no platform 'nowhere'" in result.output
