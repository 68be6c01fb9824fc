"""No shop sees or changes another shop's pages, media or theme: every cms vendor route, taken
from ``app.url_map``, is walked by shop A's owner with shop B's record ids (404, nothing
changed) and with shop B's code (refused). Roles: staff may handle media, not pages or theme."""

from __future__ import annotations

import pytest

from modules.cms.models import ContentPage, MediaFile, ShopTheme
from modules.tenancy.models import VendorRole
from modules.tenancy.testing import sign_in
from wizamart.database import db
from wizamart.modules.definition import FrontendType
from wizamart.security import frontend_of

from .helpers import files_in, png_bytes, upload

ID_ARGS = {"page_id", "media_id"}


def cms_vendor_routes(app):
    """Every (rule, method) of the cms on the vendor frontend: its pages and its API."""
    found = []
    for rule in app.url_map.iter_rules():
        if frontend_of(rule.rule) is not FrontendType.VENDOR or not rule.endpoint.startswith("cms."):
            continue
        found += [(rule, method) for method in sorted(rule.methods - {"HEAD", "OPTIONS"})]
    return found


def send(client, rule, method, url, code):
    """A request a forgetful route would act on: valid data for every cms form and schema."""
    body = {
        "slug": "taken-over",
        "kind": "page",
        "published": "true",
        "title_en": "Mine now",
        "alt_en": "Mine now",
        "theme": "night",
    }
    headers = {"X-Vendor": code}
    if method in ("GET", "DELETE"):
        return client.open(url, method=method, headers=headers)
    if url.startswith("/api/"):
        return client.open(url, method=method, json={**body, "published": True}, headers=headers)
    return client.open(url, method=method, data=body, headers=headers)


@pytest.fixture
def shops(app, factory, vendor, vendor_owner, other_vendor):
    """Shop B with a page, an image and a theme using it."""
    b_owner = factory.member(other_vendor, VendorRole.OWNER, email="b-owner@example.lu")
    client = app.test_client()
    sign_in(client, "vendor", b_owner.email)
    headers = {"X-Vendor": other_vendor.code}
    page = client.post(
        "/api/v1/vendor/cms/pages",
        json={"slug": "about", "published": True, "title": {"en": "B's page"}},
        headers=headers,
    ).get_json()
    media = client.post(
        "/api/v1/vendor/cms/media",
        data={"file": upload(png_bytes(), "b.png"), "alt_en": "B's image"},
        headers=headers,
        content_type="multipart/form-data",
    ).get_json()
    assert (
        client.put(
            "/api/v1/vendor/cms/theme", json={"theme": "fresh", "logo_media_id": media["id"]}, headers=headers
        ).status_code
        == 200
    )
    return {"b_page": page["id"], "b_media": media["id"], "b": other_vendor, "a": vendor}


def snapshot(app, media_dir) -> dict:
    with app.app_context():
        return {
            "pages": sorted(
                (p.id, p.vendor_id, p.slug, str(p.title), p.published) for p in db.session.query(ContentPage)
            ),
            "media": sorted(
                (m.id, m.vendor_id, m.filename, str(m.alt_text)) for m in db.session.query(MediaFile)
            ),
            "themes": sorted((t.vendor_id, t.theme, t.logo_media_id) for t in db.session.query(ShopTheme)),
            "files": files_in(media_dir),
        }


def test_the_walk_covers_every_cms_vendor_route(app):
    paths = {rule.rule for rule, _ in cms_vendor_routes(app)}
    assert "/vendor/<vendor_code>/cms/media/<int:media_id>/delete" in paths
    assert "/api/v1/vendor/cms/pages/<int:page_id>" in paths
    assert "/vendor/<vendor_code>/cms/theme" in paths
    assert len(cms_vendor_routes(app)) >= 25


def test_another_shops_ids_are_not_found_on_every_route_and_nothing_changes(
    app, vendor_client, shops, media_dir
):
    before = snapshot(app, media_dir)
    outcomes = {}
    for rule, method in cms_vendor_routes(app):
        if not ID_ARGS & set(rule.arguments):
            continue
        url = rule.build(
            {"vendor_code": shops["a"].code, "page_id": shops["b_page"], "media_id": shops["b_media"]},
            append_unknown=False,
        )[1]
        outcomes[f"{method} {rule.rule}"] = send(
            vendor_client, rule, method, url, shops["a"].code
        ).status_code
    assert len(outcomes) == 12
    wrong = {route: status for route, status in outcomes.items() if status != 404}
    assert not wrong, wrong
    assert snapshot(app, media_dir) == before


def test_another_shops_code_is_refused_on_every_route_and_nothing_changes(
    app, vendor_client, shops, media_dir
):
    before = snapshot(app, media_dir)
    outcomes = {}
    for rule, method in cms_vendor_routes(app):
        url = rule.build(
            {"vendor_code": shops["b"].code, "page_id": shops["b_page"], "media_id": shops["b_media"]},
            append_unknown=False,
        )[1]
        outcomes[f"{method} {rule.rule}"] = send(
            vendor_client, rule, method, url, shops["b"].code
        ).status_code
    wrong = {route: status for route, status in outcomes.items() if status not in (403, 404)}
    assert not wrong, wrong
    assert snapshot(app, media_dir) == before


def test_shop_a_lists_only_its_own_records(app, vendor_client, shops):
    headers = {"X-Vendor": shops["a"].code}
    assert vendor_client.get("/api/v1/vendor/cms/pages", headers=headers).get_json()["items"] == []
    assert vendor_client.get("/api/v1/vendor/cms/media", headers=headers).get_json()["items"] == []
    assert vendor_client.get("/api/v1/vendor/cms/theme", headers=headers).get_json()["logo"] is None
    code = shops["a"].code
    assert "b.png" not in vendor_client.get(f"/vendor/{code}/cms/media").get_data(as_text=True)
    assert "B&#39;s page" not in vendor_client.get(f"/vendor/{code}/cms/pages").get_data(as_text=True)
    assert "b.png" not in vendor_client.get(f"/vendor/{code}/cms/theme").get_data(as_text=True)


def test_staff_handle_media_but_not_pages_or_theme(app, factory, vendor):
    staff = factory.member(vendor, VendorRole.STAFF, email="staff@example.lu")
    client = app.test_client()
    sign_in(client, "vendor", staff.email)
    headers = {"X-Vendor": vendor.code}
    assert client.get("/api/v1/vendor/cms/media", headers=headers).status_code == 200
    assert client.get(f"/vendor/{vendor.code}/cms/media").status_code == 200
    assert client.get("/api/v1/vendor/cms/pages", headers=headers).status_code == 403
    assert client.get(f"/vendor/{vendor.code}/cms/theme").status_code == 403
    menu = client.get(f"/vendor/{vendor.code}/cms/media").get_data(as_text=True)
    assert 'data-menu="media"' in menu and 'data-menu="pages"' not in menu and 'data-menu="theme"' not in menu
    manager = factory.member(vendor, VendorRole.MANAGER, email="manager@example.lu")
    client = app.test_client()
    sign_in(client, "vendor", manager.email)
    assert client.get("/api/v1/vendor/cms/pages", headers=headers).status_code == 200
    assert client.get("/api/v1/vendor/cms/theme", headers=headers).status_code == 403  # the owner's choice
