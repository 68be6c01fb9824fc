"""Categories through the API and the pages: names per language, slug, parent, position."""

from __future__ import annotations

from tests.tenancy.helpers import field_errors


def test_category_crud_through_the_api(api):
    bikes = api.post("/categories", json={"names": {"en": "Bikes", "fr": "Vélos"}, "position": 1})
    assert bikes.status_code == 201
    bikes = bikes.get_json()
    assert bikes["slug"] == "bikes"
    city = api.post("/categories", json={"names": {"en": "City bikes"}, "parent_id": bikes["id"]}).get_json()
    assert city["parent_id"] == bikes["id"]
    assert [c["slug"] for c in api.get("/categories").get_json()["items"]] == ["bikes", "city-bikes"]
    renamed = api.put(
        f"/categories/{city['id']}",
        json={"names": {"en": "Town bikes"}, "slug": "town", "parent_id": bikes["id"]},
    )
    assert renamed.get_json()["slug"] == "town"
    cycle = api.put(f"/categories/{bikes['id']}", json={"names": {"en": "Bikes"}, "parent_id": city["id"]})
    assert cycle.status_code == 422 and "parent_id" in cycle.get_json()["error"]["details"]["fields"]
    taken = api.post("/categories", json={"names": {"en": "Other"}, "slug": "town"})
    assert taken.status_code == 409 and "slug" in taken.get_json()["error"]["details"]["fields"]
    unnamed = api.post("/categories", json={"names": {"de": "Nur Deutsch"}})
    assert unnamed.status_code == 422 and "names.en" in unnamed.get_json()["error"]["details"]["fields"]
    assert api.delete(f"/categories/{bikes['id']}").status_code == 409  # has a sub-category
    assert api.delete(f"/categories/{city['id']}").status_code == 204
    assert api.delete(f"/categories/{bikes['id']}").status_code == 204
    assert api.get("/categories").get_json()["items"] == []


def test_category_pages(vendor_client, vendor):
    base = f"/vendor/{vendor.code}/catalog/categories"
    response = vendor_client.post(base, data={"name_en": "Breads", "name_fr": "Pains", "position": "2"})
    assert response.status_code == 302
    page = vendor_client.get(base).get_data(as_text=True)
    assert "Breads" in page and "breads" in page
    bad = vendor_client.post(base, data={"name_fr": "Sans anglais", "slug": "Not A Slug"})
    assert bad.status_code == 422
    errors = field_errors(bad)
    assert "slug" in errors
    missing = vendor_client.post(base, data={"name_fr": "Sans anglais"})
    assert "name_en" in field_errors(missing)
