"""Fixtures of the catalog's vendor-side tests: shops A (``vendor``, owner signed in) and B
(``other_vendor``), API helpers, and a plugin that records the catalog's events."""

from __future__ import annotations

import pytest

from hookspecs.markers import hookimpl
from modules.tenancy.models import VendorRole
from modules.tenancy.testing import sign_in


def product_body(sku: str = "BK-1", title: str = "Gravel bike", **overrides) -> dict:
    """A valid product for the API: one variant without options, 1,299.00 € incl. 17 % VAT."""
    body = {
        "translations": {"en": {"title": title, "description": "Fast on any road."}},
        "brand": "Trek",
        "vat_rate": 17,
        "status": "active",
        "variants": [{"sku": sku, "price": "1299.00", "gtin": "4006381333931"}],
    }
    body.update(overrides)
    return body


class Api:
    """JSON calls to the catalog's vendor API as one shop (``X-Vendor``)."""

    def __init__(self, client, vendor_code: str):
        self.client = client
        self.headers = {"X-Vendor": vendor_code}

    def url(self, path: str) -> str:
        return f"/api/v1/vendor/catalog{path}"

    def get(self, path, **kw):
        return self.client.get(self.url(path), headers=self.headers, **kw)

    def post(self, path, json=None, **kw):
        return self.client.post(self.url(path), json=json, headers=self.headers, **kw)

    def put(self, path, json=None, **kw):
        return self.client.put(self.url(path), json=json, headers=self.headers, **kw)

    def delete(self, path, **kw):
        return self.client.delete(self.url(path), headers=self.headers, **kw)

    def create(self, **body) -> dict:
        response = self.post("/products", json=product_body(**body))
        assert response.status_code == 201, response.get_json()
        return response.get_json()


@pytest.fixture
def api(vendor_client, vendor):
    return Api(vendor_client, vendor.code)


@pytest.fixture
def other_owner(factory, other_vendor):
    return factory.member(other_vendor, VendorRole.OWNER, email="velo-owner@example.lu")


@pytest.fixture
def other_api(app, other_vendor, other_owner):
    client = app.test_client()
    assert sign_in(client, "vendor", other_owner.email).status_code == 302
    return Api(client, other_vendor.code)


def client_for(app, factory, vendor, role: VendorRole, email: str):
    user = factory.member(vendor, role, email=email)
    client = app.test_client()
    assert sign_in(client, "vendor", user.email).status_code == 302
    return client


@pytest.fixture
def staff_client(app, factory, vendor):
    return client_for(app, factory, vendor, VendorRole.STAFF, "staff@example.lu")


@pytest.fixture
def manager_client(app, factory, vendor):
    return client_for(app, factory, vendor, VendorRole.MANAGER, "manager@example.lu")


class Recorder:
    """A plugin recording the catalog's events (and the status the product had when fired)."""

    def __init__(self):
        self.events: list[tuple] = []

    @hookimpl
    def on_product_created(self, product):
        self.events.append(("created", product.id, product.status.value, [v.sku for v in product.variants]))

    @hookimpl
    def on_product_updated(self, product, changes):
        self.events.append(("updated", product.id, changes))

    @hookimpl
    def on_product_archived(self, product):
        self.events.append(("archived", product.id, product.status.value))

    @hookimpl
    def on_products_imported(self, vendor_id, created_product_ids, updated_product_ids, created_variant_ids):
        self.events.append(
            ("imported", vendor_id, created_product_ids, updated_product_ids, created_variant_ids)
        )

    def named(self, name: str) -> list[tuple]:
        return [e for e in self.events if e[0] == name]


@pytest.fixture
def events(app):
    recorder = Recorder()
    pm = app.extensions["wizamart"].pm
    pm.register(recorder, name="test-catalog-events")
    yield recorder
    pm.unregister(recorder)


@pytest.fixture
def bikes(api):
    """A category ``bikes`` in shop A."""
    return api.post("/categories", json={"names": {"en": "Bikes"}, "slug": "bikes"}).get_json()
