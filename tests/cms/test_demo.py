"""The cms's demo data (run after tenancy's, as ``flask demo`` does): both demo shops get a theme
with a drawn logo and banner, their legal pages and an about page in four languages; the platform
gets a page; running it again changes nothing."""

from __future__ import annotations

from sqlalchemy import func, select

from modules.cms.models import ContentPage, MediaFile, PageKind, ShopTheme
from modules.tenancy.models import Vendor
from tests.tenancy.helpers import page_text
from wizamart.database import db

from .helpers import files_in


def cms_state(app, media_dir) -> dict:
    with app.app_context():
        return {
            "pages": db.session.scalar(select(func.count()).select_from(ContentPage)),
            "media": db.session.scalar(select(func.count()).select_from(MediaFile)),
            "themes": db.session.scalar(select(func.count()).select_from(ShopTheme)),
            "files": len(files_in(media_dir)),
        }


def load_demo(app) -> dict:
    """Tenancy's demo, then the cms's (other modules' demo data is theirs to test)."""
    from modules.cms import demo as cms_demo
    from modules.tenancy import demo as tenancy_demo

    demo = {"logins": []}
    with app.app_context():
        tenancy_demo.load(demo)
        cms_demo.load(demo)
    return demo


def test_the_demo_shops_are_themed_with_legal_pages_in_four_languages(app, media_dir):
    demo = load_demo(app)
    assert set(demo["cms"]["media"]) == {"boulangerie-paul", "velo-lux"}
    assert callable(demo["cms"]["store_generated_image"])
    with app.app_context():
        for code in ("boulangerie-paul", "velo-lux"):
            vendor = db.session.scalar(select(Vendor).where(Vendor.code == code))
            theme = db.session.scalar(select(ShopTheme).where(ShopTheme.vendor_id == vendor.id))
            assert theme.logo_media_id and theme.banner_media_id and theme.primary_color.startswith("#")
            pages = db.session.scalars(select(ContentPage).where(ContentPage.vendor_id == vendor.id)).all()
            kinds = {page.kind for page in pages}
            assert kinds == set(PageKind)
            for page in pages:
                assert page.published and set(page.title) == {"en", "de", "fr", "lb"}, page.slug
                assert set(page.body) == {"en", "de", "fr", "lb"}, page.slug
        platform_pages = db.session.scalars(select(ContentPage).where(ContentPage.vendor_id.is_(None))).all()
        assert [page.slug for page in platform_pages] == ["about"]
    first = cms_state(app, media_dir)
    assert first["files"] >= 8  # two images each for two shops, with their thumbnails

    client = app.test_client()
    client.set_cookie("lang", "fr")
    html = page_text(client.get("/storefront/boulangerie-paul/pages/withdrawal"))
    assert "Droit de rétractation" in html and "14 jours" in html
    assert "Conditions générales de vente" in html and "Mentions légales" in html  # the footer
    assert "--shop-primary:#8d5524" in html
    assert client.get("/pages/about").status_code == 200

    assert load_demo(app)["cms"]["media"] == demo["cms"]["media"]
    assert cms_state(app, media_dir) == first
