"""URL rules compile their builders when first used, and build what Werkzeug's own rules build."""

from __future__ import annotations

import pytest
from werkzeug.routing import Map, Rule

from wizamart.routing import LazyBuildRule

RULES = [
    ("/storefront/<vendor_code>/p/<slug>", "product", {}),
    ("/vendor/<vendor_code>/orders/<int:order_id>", "order", {}),
    ("/static/modules/<code>/<path:path>", "static", {}),
    ("/storefront/<vendor_code>/", "home", {"page": 1}),
]
BUILDS = [
    ("product", {"vendor_code": "velo-lux", "slug": "gravel-bike"}),
    ("product", {"vendor_code": "velo lux", "slug": "vëlo", "q": "a b", "page": 2}),
    ("order", {"vendor_code": "velo-lux", "order_id": 42}),
    ("static", {"code": "catalog", "path": "storefront/css/catalog.css"}),
    ("home", {"vendor_code": "velo-lux"}),
    ("home", {"vendor_code": "velo-lux", "page": 1, "sort": "price_asc"}),
]


def url_map(rule_class) -> Map:
    return Map(
        [rule_class(path, endpoint=endpoint, defaults=defaults or None) for path, endpoint, defaults in RULES]
    )


@pytest.mark.parametrize(("endpoint", "values"), BUILDS)
@pytest.mark.parametrize("append_unknown", [True, False])
def test_a_lazy_rule_builds_the_url_werkzeug_builds(endpoint, values, append_unknown):
    lazy = url_map(LazyBuildRule).bind("shop.lu")
    plain = url_map(Rule).bind("shop.lu")
    expected = plain.build(endpoint, values, append_unknown=append_unknown)
    assert lazy.build(endpoint, values, append_unknown=append_unknown) == expected
    assert lazy.build(endpoint, values, append_unknown=append_unknown) == expected  # compiled now


def test_a_builder_is_compiled_once_on_first_use():
    rule = next(iter(url_map(LazyBuildRule).iter_rules("order")))
    first = rule._build_unknown
    rule._build_unknown(vendor_code="v", order_id=1)
    assert rule._build_unknown is not first, "the compiled builder took the stub's place"
    compiled = rule._build_unknown
    rule._build_unknown(vendor_code="v", order_id=2)
    assert rule._build_unknown is compiled


def test_the_app_uses_lazy_rules(app):
    modules_rules = [rule for rule in app.url_map.iter_rules() if rule.endpoint != "static"]  # Flask's own
    assert modules_rules and all(isinstance(rule, LazyBuildRule) for rule in modules_rules)
    with app.test_request_context():
        from flask import url_for

        assert url_for("catalog.storefront_pages.product", vendor_code="velo-lux", slug="x", q=1) == (
            "/storefront/velo-lux/p/x?q=1"
        )
