"""Inventory listens to orders' events, but does not need the orders module to load."""


def test_inventory_loads_in_an_app_without_orders(make_app):
    app = make_app(WIZAMART_MODULES=["catalog", "inventory"])
    registry = app.extensions["wizamart"].registry
    assert "inventory" in registry.modules
    assert "orders" not in registry.modules
    assert {"order_placed", "order_status_changed"} <= set(registry.entry("inventory").hooks)
