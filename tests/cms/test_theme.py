"""Themes: a vendor picks a built-in theme, colours, logo and banner; the storefront wears them."""

from __future__ import annotations

import pytest

from modules.cms.models import MediaFile, ShopTheme
from tests.tenancy.helpers import count, error_fields, field_errors, flashes, load, page_text

from .helpers import files_in, pdf_bytes, png_bytes, upload

API = "/api/v1/vendor/cms/theme"


@pytest.fixture
def headers(vendor):
    return {"X-Vendor": vendor.code}


@pytest.fixture
def about_page(vendor_client, headers):
    response = vendor_client.post(
        "/api/v1/vendor/cms/pages",
        json={"slug": "about", "published": True, "title": {"en": "About"}},
        headers=headers,
    )
    assert response.status_code == 201


def media_id(vendor_client, headers, data=None, name="logo.png") -> int:
    response = vendor_client.post(
        "/api/v1/vendor/cms/media",
        data={"file": upload(data or png_bytes(), name)},
        headers=headers,
        content_type="multipart/form-data",
    )
    assert response.status_code == 201, response.get_json()
    return response.get_json()["id"]


def test_a_shop_without_a_theme_gets_the_classic_one(vendor_client, headers):
    theme = vendor_client.get(API, headers=headers).get_json()
    assert theme == {
        "theme": "classic",
        "primary_color": "",
        "accent_color": "",
        "logo": None,
        "banner": None,
    }


def test_the_storefront_wears_the_shops_theme_colours_and_logo(
    app, vendor_client, vendor, headers, about_page
):
    logo = media_id(vendor_client, headers)
    banner = media_id(vendor_client, headers, png_bytes((1600, 400)), "banner.png")
    saved = vendor_client.put(
        API,
        json={
            "theme": "night",
            "primary_color": "#ABC",
            "accent_color": "#ff0066",
            "logo_media_id": logo,
            "banner_media_id": banner,
        },
        headers=headers,
    )
    assert saved.status_code == 200, saved.get_json()
    body = saved.get_json()
    assert (
        body["primary_color"] == "#aabbcc" and body["logo"]["id"] == logo and body["banner"]["id"] == banner
    )

    html = page_text(app.test_client().get(f"/storefront/{vendor.code}/pages/about"))
    assert "--shop-primary:#aabbcc" in html and "--shop-accent:#ff0066" in html
    assert "--shop-bg:#121417" in html  # the night theme's background
    assert "/static/modules/cms/storefront/theme.css" in html
    logo_url = load(app, MediaFile, id=logo).storage_key
    assert f'src="/media/{logo_url}"' in html


def test_each_theme_changes_the_storefront(app, vendor_client, vendor, headers, about_page):
    from modules.cms.themes import THEMES

    for key, theme in THEMES.items():
        assert vendor_client.put(API, json={"theme": key}, headers=headers).status_code == 200
        html = page_text(app.test_client().get(f"/storefront/{vendor.code}/pages/about"))
        assert f"--shop-primary:{theme.primary}" in html and f"--shop-font:{theme.font}" in html


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"theme": "disco"}, "theme"),
        ({"primary_color": "red"}, "primary_color"),
        ({"accent_color": "#12345"}, "accent_color"),
        ({"primary_color": "#fff;} body{display:none"}, "primary_color"),
        ({"logo_media_id": "x"}, "logo_media_id"),
    ],
)
def test_bad_theme_input_is_refused_naming_the_field(app, vendor_client, headers, change, field):
    response = vendor_client.put(API, json={"theme": "fresh", **change}, headers=headers)
    assert response.status_code == 422, response.get_json()
    assert field in error_fields(response)
    assert count(app, ShopTheme) == 0


def test_a_pdf_is_no_logo_and_another_shops_image_is_not_found(
    app, vendor_client, headers, factory, other_vendor
):
    pdf = media_id(vendor_client, headers, pdf_bytes(), "doc.pdf")
    refused = vendor_client.put(API, json={"theme": "fresh", "logo_media_id": pdf}, headers=headers)
    assert refused.status_code == 422 and "logo_media_id" in error_fields(refused)
    with app.app_context():
        from modules.cms.services import media_service

        theirs = media_service.store_generated_image(
            other_vendor.id, other_vendor.platform_id, "x", "#000", "X"
        )
    foreign = vendor_client.put(API, json={"theme": "fresh", "banner_media_id": theirs.id}, headers=headers)
    assert foreign.status_code == 404 and "banner_media_id" in error_fields(foreign)
    assert count(app, ShopTheme) == 0


def test_the_theme_page_saves_with_an_uploaded_logo_and_shows_a_preview(
    app, vendor_client, vendor, media_dir
):
    url = f"/vendor/{vendor.code}/cms/theme"
    page = page_text(vendor_client.get(url))
    assert 'data-testid="theme-preview"' in page and 'data-theme-option="atelier"' in page
    saved = vendor_client.post(
        url,
        data={
            "theme": "atelier",
            "primary_color": "#336699",
            "accent_color": "",
            "logo_file": upload(png_bytes(), "logo.png"),
        },
        content_type="multipart/form-data",
    )
    assert saved.status_code == 302
    again = vendor_client.get(url)
    assert flashes(again) and "--shop-primary:#336699" in page_text(again)
    theme = load(app, ShopTheme, vendor_id=vendor.id)
    assert theme.theme == "atelier" and theme.logo_media_id == load(app, MediaFile, filename="logo.png").id


def test_a_refused_theme_form_keeps_no_uploaded_file(app, vendor_client, vendor, media_dir):
    refused = vendor_client.post(
        f"/vendor/{vendor.code}/cms/theme",
        data={"theme": "fresh", "accent_color": "nope", "banner_file": upload(png_bytes(), "banner.png")},
        content_type="multipart/form-data",
    )
    assert refused.status_code == 422 and "accent_color" in field_errors(refused)
    wrong = vendor_client.post(
        f"/vendor/{vendor.code}/cms/theme",
        data={"theme": "fresh", "logo_file": upload(pdf_bytes(), "logo.pdf")},
        content_type="multipart/form-data",
    )
    assert wrong.status_code == 422 and "logo_file" in field_errors(wrong)
    assert count(app, MediaFile) == 0 and count(app, ShopTheme) == 0 and files_in(media_dir) == []
