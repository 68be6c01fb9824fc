"""The media library: uploads checked by content and size, thumbnails, alt text, deletion, the
files served with cache headers, nothing half-saved, and the service other modules call."""

from __future__ import annotations

import pytest
from PIL import Image

from modules.cms.exceptions import MediaNotFound
from modules.cms.models import MediaFile
from modules.cms.services import media_service
from tests.tenancy.helpers import count, error_fields, field_errors, flashes, load, page_text
from wizamart import create_app
from wizamart.database import db

from .helpers import FILE_LIMIT, IMAGE_LIMIT, files_in, jpeg_bytes, noisy_png, pdf_bytes, png_bytes, upload

API = "/api/v1/vendor/cms/media"


@pytest.fixture
def post_file(vendor_client, vendor):
    def send(data: bytes, name: str, **form):
        return vendor_client.post(
            API,
            data={"file": upload(data, name), **form},
            headers={"X-Vendor": vendor.code},
            content_type="multipart/form-data",
        )

    return send


def test_a_png_is_stored_with_its_size_and_a_webp_thumbnail(app, post_file, vendor, media_dir):
    response = post_file(
        png_bytes((1200, 900)), "Red Card.PNG", alt_en="A red card", alt_fr="Une carte rouge"
    )
    assert response.status_code == 201, response.get_json()
    media = response.get_json()
    assert media["kind"] == "image" and media["content_type"] == "image/png"
    assert (media["width"], media["height"]) == (1200, 900)
    assert media["filename"] == "Red Card.png"
    assert media["alt_text"] == {"en": "A red card", "fr": "Une carte rouge"}
    assert media["url"].startswith("/media/") and media["thumbnail_url"].endswith("-thumb.webp")
    stored = files_in(media_dir)
    assert len(stored) == 2
    thumb = media_dir / media["thumbnail_url"].removeprefix("/media/")
    with Image.open(thumb) as image:
        assert image.format == "WEBP" and max(image.size) == 400 and image.size == (400, 300)
    record = load(app, MediaFile, id=media["id"])
    assert record.vendor_id == vendor.id and record.size_bytes == len(png_bytes((1200, 900)))


def test_stored_files_are_served_with_long_cache_headers(app, post_file):
    media = post_file(jpeg_bytes(), "photo.jpg").get_json()
    client = app.test_client()
    with client.get(media["url"]) as response:
        assert response.status_code == 200 and response.mimetype == "image/jpeg"
        assert response.cache_control.max_age == 365 * 24 * 3600 and response.cache_control.public
        assert response.headers["X-Content-Type-Options"] == "nosniff"
    with client.get(media["thumbnail_url"]) as thumbnail:
        assert thumbnail.mimetype == "image/webp"
    assert app.test_client().get("/media/2026/01/nothing.png").status_code == 404
    assert app.test_client().get("/media/../../etc/passwd").status_code == 404


def test_a_pdf_is_a_file_without_thumbnail(app, post_file, media_dir):
    response = post_file(pdf_bytes(), "Price list.pdf")
    assert response.status_code == 201, response.get_json()
    media = response.get_json()
    assert media["kind"] == "file" and media["content_type"] == "application/pdf"
    assert media["width"] is None and media["thumbnail_url"] == media["url"]
    assert len(files_in(media_dir)) == 1


def test_too_big_is_refused_with_413_naming_the_field(app, post_file, media_dir):
    big_image = post_file(noisy_png(IMAGE_LIMIT + 1), "big.png")
    assert big_image.status_code == 413
    assert "file" in error_fields(big_image)
    assert big_image.get_json()["error"]["details"]["limit_bytes"] == IMAGE_LIMIT
    big_pdf = post_file(pdf_bytes(pad=FILE_LIMIT), "big.pdf")
    assert big_pdf.status_code == 413 and "file" in error_fields(big_pdf)
    # a PDF may be bigger than an image may
    assert post_file(pdf_bytes(pad=IMAGE_LIMIT + 10), "medium.pdf").status_code == 201
    assert count(app, MediaFile) == 1 and len(files_in(media_dir)) == 1


@pytest.mark.parametrize(
    "data",
    [
        b"<html><script>alert(1)</script></html>",
        b"GIF89a" + b"\x00" * 40,  # the right magic number, not an image
        b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
        b"\x89PNG\r\n\x1a\n" + b"garbage" * 10,
    ],
    ids=["html", "broken-gif", "svg", "truncated-png"],
)
def test_a_file_that_is_not_what_its_name_says_is_refused(app, post_file, media_dir, data):
    response = post_file(data, "holiday.png")
    assert response.status_code == 422, response.get_json()
    assert "file" in error_fields(response)
    assert count(app, MediaFile) == 0 and files_in(media_dir) == []


def test_an_upload_without_a_file_names_the_field(vendor_client, vendor):
    response = vendor_client.post(API, data={"alt_en": "x"}, headers={"X-Vendor": vendor.code})
    assert response.status_code == 422 and "file" in error_fields(response)


def test_too_long_alt_text_is_refused_before_anything_is_stored(app, post_file, media_dir):
    response = post_file(png_bytes(), "a.png", alt_de="x" * 301)
    assert response.status_code == 422 and "alt_de" in error_fields(response)
    assert files_in(media_dir) == []


def test_nothing_is_half_saved_when_the_row_cannot_be_written(app, vendor, media_dir, monkeypatch):
    from werkzeug.datastructures import FileStorage

    def failing_flush(*args, **kwargs):
        raise RuntimeError("database went away")

    with app.test_request_context():
        monkeypatch.setattr(db.session, "flush", failing_flush)
        with pytest.raises(RuntimeError):
            media_service.store_upload(
                vendor.id, vendor.platform_id, FileStorage(upload(png_bytes(), "a.png")[0], "a.png")
            )
        monkeypatch.undo()
    assert files_in(media_dir) == []
    assert count(app, MediaFile) == 0


def test_alt_text_is_edited_and_read_in_the_visitors_language(app, post_file, vendor, vendor_client):
    media = post_file(png_bytes(), "a.png", alt_en="Bread").get_json()
    url = f"{API}/{media['id']}"
    headers = {"X-Vendor": vendor.code}
    changed = vendor_client.put(url, json={"alt": {"fr": "Pain", "lb": "Brout"}}, headers=headers)
    assert changed.status_code == 200 and changed.get_json()["alt_text"] == {"fr": "Pain", "lb": "Brout"}
    bad = vendor_client.put(url, json={"alt_fr": "x" * 400}, headers=headers)
    assert bad.status_code == 422 and "alt_fr" in error_fields(bad)
    with app.test_request_context():
        view = media_service.media_for(vendor.id, [media["id"]])[media["id"]]
        assert view.alt("lb") == "Brout" and view.alt("de") == "Pain"  # no German: English, else any


def test_the_media_pages_upload_list_edit_and_delete(app, vendor_client, vendor, media_dir):
    base = f"/vendor/{vendor.code}/cms/media"
    assert 'data-testid="upload-form"' in page_text(vendor_client.get(base))
    uploaded = vendor_client.post(
        base,
        data={"file": upload(png_bytes(), "shop.png"), "alt_en": "Our shop"},
        content_type="multipart/form-data",
    )
    assert uploaded.status_code == 302
    media = load(app, MediaFile, filename="shop.png")
    edit = vendor_client.get(uploaded.location)
    assert "Our shop" in page_text(edit) and flashes(edit)
    grid = page_text(vendor_client.get(base))
    assert f'data-media="{media.id}"' in grid and 'alt="Our shop"' in grid

    wrong = vendor_client.post(
        base,
        data={"file": upload(b"MZ\x90\x00 not an image", "virus.png")},
        content_type="multipart/form-data",
    )
    assert wrong.status_code == 422 and "file" in field_errors(wrong)
    big = vendor_client.post(
        base, data={"file": upload(noisy_png(IMAGE_LIMIT + 1), "big.png")}, content_type="multipart/form-data"
    )
    assert big.status_code == 413 and "file" in field_errors(big)

    saved = vendor_client.post(f"{base}/{media.id}", data={"alt_en": "Shop front", "alt_de": "Ladenfront"})
    assert saved.status_code == 302
    assert load(app, MediaFile, id=media.id).alt_text == {"en": "Shop front", "de": "Ladenfront"}

    assert vendor_client.post(f"{base}/{media.id}/delete").status_code == 302
    assert count(app, MediaFile) == 0 and files_in(media_dir) == []


def test_pagination_and_filters(app, post_file, vendor, vendor_client):
    for i in range(3):
        post_file(png_bytes((10 + i, 10)), f"img{i}.png")
    post_file(pdf_bytes(), "doc.pdf")
    headers = {"X-Vendor": vendor.code}
    first = vendor_client.get(f"{API}?per_page=2", headers=headers).get_json()
    assert first["meta"] == {"total": 4, "page": 1, "per_page": 2, "pages": 2} and len(first["items"]) == 2
    assert vendor_client.get(f"{API}?kind=file", headers=headers).get_json()["meta"]["total"] == 1
    assert (
        vendor_client.get(f"{API}?q=IMG1", headers=headers).get_json()["items"][0]["filename"] == "img1.png"
    )
    assert "img2.png" in page_text(vendor_client.get(f"/vendor/{vendor.code}/cms/media?kind=image"))


def test_deleting_media_in_use_is_refused_with_a_message_naming_it(app, post_file, vendor, vendor_client):
    media = post_file(png_bytes(), "logo.png").get_json()
    headers = {"X-Vendor": vendor.code}
    theme = vendor_client.put(
        "/api/v1/vendor/cms/theme", json={"theme": "fresh", "logo_media_id": media["id"]}, headers=headers
    )
    assert theme.status_code == 200, theme.get_json()
    refused = vendor_client.delete(f"{API}/{media['id']}", headers=headers)
    assert refused.status_code == 409
    assert "logo.png" in refused.get_json()["error"]["message"]
    assert count(app, MediaFile) == 1
    page = vendor_client.post(f"/vendor/{vendor.code}/cms/media/{media['id']}/delete", follow_redirects=True)
    assert any("logo.png" in text for text in flashes(page))


def test_other_modules_can_report_a_use_through_the_media_in_use_hook(app, post_file, vendor, vendor_client):
    media = post_file(png_bytes(), "product.png").get_json()

    class Catalog:
        from hookspecs.markers import hookimpl

        @hookimpl
        def media_in_use(self, vendor_id, media_id):
            return "Product: Gravel bike" if media_id == media["id"] else None

    app.extensions["wizamart"].pm.register(Catalog(), name="test-catalog")
    refused = vendor_client.delete(f"{API}/{media['id']}", headers={"X-Vendor": vendor.code})
    assert refused.status_code == 409 and "Gravel bike" in refused.get_json()["error"]["message"]


# ------------------------------------------------------------------ the service other modules call


def test_media_for_and_require_vendor_media_keep_to_the_shop(app, vendor, other_vendor, post_file):
    mine = post_file(png_bytes(), "mine.png").get_json()["id"]
    with app.app_context():
        theirs = media_service.store_generated_image(
            other_vendor.id, other_vendor.platform_id, "theirs", "#123456", "T"
        )
        assert set(media_service.media_for(vendor.id, [mine, theirs.id])) == {mine}
        media_service.require_vendor_media(vendor.id, [mine])
        with pytest.raises(MediaNotFound) as refused:
            media_service.require_vendor_media(vendor.id, [mine, theirs.id, 999])
        assert refused.value.status_code == 404
        assert refused.value.details["ref"] == f"{theirs.id}, 999"


def test_generated_images_are_drawn_once_per_name(app, vendor, media_dir):
    with app.app_context():
        first = media_service.store_generated_image(
            vendor.id, vendor.platform_id, "bike-1", "#00a3e0", "Gravel", (640, 480)
        )
        again = media_service.store_generated_image(
            vendor.id, vendor.platform_id, "bike-1", "#00a3e0", "Gravel", (640, 480)
        )
        assert first.id == again.id and first.is_image and (first.width, first.height) == (640, 480)
        assert first.alt("en") == "Gravel"
    assert count(app, MediaFile) == 1 and len(files_in(media_dir)) == 2


def test_the_default_limits_are_5_and_20_megabytes(make_app):
    app = create_app({"TESTING": True, "DATABASE_URL": "sqlite://"})
    with app.app_context():
        from wizamart import get_module_config

        config = get_module_config("cms")
        assert (config.image_max_bytes, config.file_max_bytes) == (5 * 1024 * 1024, 20 * 1024 * 1024)


def test_a_pdf_has_its_own_page_and_the_dashboard_counts_the_library(app, post_file, vendor, vendor_client):
    media = post_file(pdf_bytes(), "menu.pdf").get_json()
    page = page_text(vendor_client.get(f"/vendor/{vendor.code}/cms/media/{media['id']}"))
    assert 'data-testid="media-download"' in page and media["url"] in page
    assert ">PDF<" in page_text(vendor_client.get(f"/vendor/{vendor.code}/cms/media"))
    dashboard = page_text(vendor_client.get(f"/vendor/{vendor.code}/"))
    assert 'data-widget="cms.media"' in dashboard and 'data-widget="cms.pages"' in dashboard
