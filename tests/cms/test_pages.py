"""Content pages: vendors write them (API and pages), visitors read them in their language, legal
pages reach the storefront's footer, admins write the platform's own pages."""

from __future__ import annotations

import pytest
from sqlalchemy import event

from modules.cms.hooks import storefront_shell
from modules.cms.models import ContentPage
from tests.tenancy.helpers import count, error_fields, field_errors, flashes, load, page_text
from wizamart.database import db

API = "/api/v1/vendor/cms/pages"


def page_json(slug="about", **fields) -> dict:
    return {
        "slug": slug,
        "published": True,
        "title": {"en": "About us", "fr": "À propos", "de": "Über uns"},
        "body": {"en": "We bake.", "fr": "Nous faisons du **pain**.", "de": "Wir backen."},
        **fields,
    }


@pytest.fixture
def api(vendor_client, vendor):
    """The signed-in owner's client, speaking the vendor API for their shop."""

    class Api:
        def __getattr__(self, method):
            def call(url, **kwargs):
                headers = {"X-Vendor": vendor.code, **kwargs.pop("headers", {})}
                return getattr(vendor_client, method)(url, headers=headers, **kwargs)

            return call

    return Api()


# ------------------------------------------------------------------ vendor API


def test_a_vendor_creates_reads_updates_lists_and_deletes_a_page(app, api, vendor):
    created = api.post(API, json=page_json())
    assert created.status_code == 201, created.get_json()
    page = created.get_json()
    assert page["slug"] == "about" and page["title"]["fr"] == "À propos" and page["kind"] == "page"
    assert api.get(f"{API}/{page['id']}").get_json()["body"]["de"] == "Wir backen."

    updated = api.put(f"{API}/{page['id']}", json=page_json(slug="about-us", published=False))
    assert updated.status_code == 200 and updated.get_json()["slug"] == "about-us"
    assert updated.get_json()["published"] is False

    listed = api.get(API).get_json()
    assert [p["slug"] for p in listed["items"]] == ["about-us"] and listed["meta"]["total"] == 1

    assert api.delete(f"{API}/{page['id']}").status_code == 204
    assert count(app, ContentPage, vendor_id=vendor.id) == 0
    assert api.get(f"{API}/{page['id']}").status_code == 404


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"slug": "Not a slug!"}, "slug"),
        ({"slug": ""}, "slug"),
        ({"kind": "brochure"}, "kind"),
        ({"title": {"en": "x" * 201}}, "title_en"),
        ({"title": {}, "body": {}}, "title_en"),
        ({"title": {"en": "About"}, "body": {"fr": "Sans titre"}}, "title_fr"),
        ({"position": -1}, "position"),
    ],
)
def test_bad_pages_are_refused_naming_the_field(app, api, vendor, change, field):
    response = api.post(API, json={**page_json(), **change})
    assert response.status_code == 422, response.get_json()
    assert field in error_fields(response), error_fields(response)
    assert count(app, ContentPage) == 0


def test_a_slug_is_unique_per_shop_but_not_across_shops(app, api, factory, other_vendor):
    assert api.post(API, json=page_json()).status_code == 201
    again = api.post(API, json=page_json())
    assert again.status_code == 409 and "slug" in error_fields(again)
    # another shop may use the same address
    other_owner = factory.member(other_vendor, email="velo-owner@example.lu")
    client = app.test_client()
    from modules.tenancy.testing import sign_in

    sign_in(client, "vendor", other_owner.email)
    theirs = client.post(API, json=page_json(), headers={"X-Vendor": other_vendor.code})
    assert theirs.status_code == 201


def test_a_shop_has_one_page_of_each_legal_kind(api):
    assert api.post(API, json=page_json("terms", kind="legal_terms")).status_code == 201
    second = api.post(API, json=page_json("terms-2", kind="legal_terms"))
    assert second.status_code == 409 and "kind" in error_fields(second)
    assert "terms" in second.get_json()["error"]["message"]


def test_missing_json_body_is_a_422_not_a_crash(api):
    response = api.post(API, data="not json", headers={"Content-Type": "text/plain"})
    assert response.status_code == 422


# ------------------------------------------------------------------ vendor pages


def test_the_page_form_creates_a_page_and_shows_errors_beside_fields(app, vendor_client, vendor):
    base = f"/vendor/{vendor.code}/cms/pages"
    assert vendor_client.get(base).status_code == 200
    assert 'data-testid="page-form"' in page_text(vendor_client.get(f"{base}/new"))

    bad = vendor_client.post(f"{base}/new", data={"slug": "Bad Slug", "title_en": ""})
    assert bad.status_code == 422
    errors = field_errors(bad)
    assert "slug" in errors and "title_en" not in errors  # the schema stops at the slug first
    assert count(app, ContentPage) == 0

    no_title = vendor_client.post(f"{base}/new", data={"slug": "hello", "body_fr": "Bonjour"})
    assert no_title.status_code == 422 and "title_fr" in field_errors(no_title)

    good = vendor_client.post(
        f"{base}/new",
        data={
            "slug": "livraison",
            "kind": "page",
            "published": "true",
            "show_in_footer": "true",
            "title_fr": "Livraison",
            "body_fr": "Partout au Luxembourg.",
            "title_en": "Delivery",
        },
    )
    assert good.status_code == 302, field_errors(good)
    listing = vendor_client.get(base)
    assert "livraison" in page_text(listing) and flashes(listing)
    page = load(app, ContentPage, slug="livraison")
    assert page.vendor_id == vendor.id and page.show_in_footer and page.title["en"] == "Delivery"

    edit = vendor_client.get(f"{base}/{page.id}")
    assert "Partout au Luxembourg." in page_text(edit)
    changed = vendor_client.post(f"{base}/{page.id}", data={"slug": "livraison", "title_en": "Shipping"})
    assert changed.status_code == 302
    assert load(app, ContentPage, id=page.id).title == {"en": "Shipping"}
    assert not load(app, ContentPage, id=page.id).published  # the unticked box says so

    assert vendor_client.post(f"{base}/{page.id}/delete").status_code == 302
    assert count(app, ContentPage) == 0


# ------------------------------------------------------------------ storefront


@pytest.fixture
def pages(api):
    ids = {}
    for spec in (
        page_json("about", show_in_footer=True),
        page_json(
            "terms",
            kind="legal_terms",
            title={"en": "Terms of sale", "fr": "Conditions générales"},
            body={"en": "Terms.", "fr": "Les conditions."},
        ),
        page_json("imprint", kind="legal_imprint", title={"de": "Impressum"}, body={"de": "Adresse"}),
        page_json("secret", published=False, title={"en": "Draft"}, body={}),
        page_json("hidden", title={"en": "Not in footer"}, body={}),
    ):
        response = api.post(API, json=spec)
        assert response.status_code == 201, response.get_json()
        ids[spec["slug"]] = response.get_json()["id"]
    return ids


def test_a_visitor_reads_a_page_in_french(app, vendor, pages):
    client = app.test_client()
    client.set_cookie("lang", "fr")
    response = client.get(f"/storefront/{vendor.code}/pages/about")
    assert response.status_code == 200
    html = page_text(response)
    assert "À propos" in html and "Nous faisons du <strong>pain</strong>." in html
    assert 'lang="fr"' in html


def test_a_page_missing_the_visitors_language_falls_back_to_the_shops_then_any(app, factory, company):
    shop = factory.vendor(company, "epicerie", default_language="de")
    with app.app_context():
        from modules.cms.schemas import PageIn
        from modules.cms.services import page_service

        owner = page_service.Owner(shop.platform_id, shop.id)
        page_service.create(
            owner,
            PageIn.model_validate(
                {"slug": "info", "published": True, "title": {"de": "Info DE", "en": "Info EN"}}
            ),
        )
        page_service.create(
            owner, PageIn.model_validate({"slug": "lux", "published": True, "title": {"lb": "Info LB"}})
        )
    client = app.test_client()
    client.set_cookie("lang", "fr")
    assert "Info DE" in page_text(client.get("/storefront/epicerie/pages/info"))
    assert "Info LB" in page_text(client.get("/storefront/epicerie/pages/lux"))


def test_drafts_and_unknown_pages_are_not_found(app, vendor, other_vendor, pages):
    client = app.test_client()
    assert client.get(f"/storefront/{vendor.code}/pages/secret").status_code == 404
    assert client.get(f"/storefront/{vendor.code}/pages/nope").status_code == 404
    # another shop's address does not show this shop's page
    assert client.get(f"/storefront/{other_vendor.code}/pages/about").status_code == 404


def test_what_a_vendor_types_is_escaped_never_run(app, api, vendor):
    body = (
        '<script>alert(1)</script>\n\n[click](javascript:alert(2)) and [home](https://example.lu/?a=1&b="x")'
    )
    response = api.post(API, json=page_json("xss", title={"en": "<b>Title</b>"}, body={"en": body}))
    assert response.status_code == 201
    html = page_text(app.test_client().get(f"/storefront/{vendor.code}/pages/xss"))
    assert "<script>alert(1)" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "javascript:" not in html
    assert '<a href="https://example.lu/?a=1&amp;b=&#34;x&#34;" rel="noopener nofollow">home</a>' in html
    assert "<b>Title</b>" not in html and "&lt;b&gt;Title&lt;/b&gt;" in html


def test_the_footer_links_the_shops_legal_and_footer_pages_in_the_visitors_language(app, vendor, pages):
    client = app.test_client()
    client.set_cookie("lang", "fr")
    html = page_text(client.get(f"/storefront/{vendor.code}/pages/about"))
    footer = html[html.index('class="shop-footer"') :]
    expected = {"about": "À propos", "terms": "Conditions générales", "imprint": "Impressum"}
    for slug, title in expected.items():
        assert f'<a href="/storefront/{vendor.code}/pages/{slug}">{title}</a>' in footer, footer
    assert "secret" not in footer and "hidden" not in footer  # a draft, and a page not for the footer
    api = client.get("/api/v1/storefront/cms/footer", headers={"X-Vendor": vendor.code})
    assert [item["title"] for item in api.get_json()["items"]] == list(expected.values())


def shell_in_request(app, vendor, path):
    """The cms's storefront context, as a template of a request to ``path`` gets it, with the SQL
    it issued (the shop itself already resolved, as tenancy does before any template renders)."""
    statements = []

    def record(conn, cursor, statement, *args):
        statements.append(statement)

    with app.test_request_context(path):
        from flask import g

        from wizamart import current_vendor

        g.platform_id = vendor.platform_id
        current_vendor()
        event.listen(db.engine, "before_cursor_execute", record)
        try:
            first = storefront_shell()
            again = storefront_shell()  # a second template of the same request: no new query
        finally:
            event.remove(db.engine, "before_cursor_execute", record)
    return first, again, statements


def test_the_storefront_shell_context_costs_at_most_two_queries_and_is_cached(app, vendor, pages):
    first, again, statements = shell_in_request(app, vendor, f"/storefront/{vendor.code}/pages/about")
    assert len(statements) <= 2, statements
    assert again is first
    assert first["shell_theme"].name == vendor.name
    assert first["shell_theme"].stylesheet_url.endswith("/storefront/theme.css")
    assert len(first["shell_footer_links"]) == 3


def test_the_shell_context_is_skipped_off_the_storefront(app, vendor):
    with app.test_request_context(f"/vendor/{vendor.code}/cms/pages"):
        assert storefront_shell() == {}


# ------------------------------------------------------------------ admin: the platform's own pages


def test_an_admin_writes_platform_pages_shown_at_pages_slug(app, admin_client, platform):
    api = "/api/v1/admin/cms/pages"
    created = admin_client.post(
        api,
        json=page_json(
            "privacy", title={"en": "Privacy", "fr": "Confidentialité"}, body={"fr": "Vos données."}
        ),
    )
    assert created.status_code == 201, created.get_json()
    page = created.get_json()
    assert page["vendor_id"] is None
    assert admin_client.get(api).get_json()["meta"]["total"] == 1
    assert admin_client.put(f"{api}/{page['id']}", json={"slug": ""}).status_code == 422

    client = app.test_client()
    client.set_cookie("lang", "fr")
    public = client.get("/pages/privacy")
    assert public.status_code == 200 and "Confidentialité" in page_text(public)

    # the admin pages
    assert "privacy" in page_text(admin_client.get("/admin/cms/pages"))
    form = admin_client.post("/admin/cms/pages/new", data={"slug": "privacy", "title_en": "Again"})
    assert form.status_code == 422 and "slug" in field_errors(form)
    made = admin_client.post(
        "/admin/cms/pages/new", data={"slug": "help", "title_en": "Help", "published": "true"}
    )
    assert made.status_code == 302
    assert client.get("/pages/help").status_code == 200
    help_id = load(app, ContentPage, slug="help").id
    assert (
        admin_client.post(
            f"/admin/cms/pages/{help_id}", data={"slug": "help", "title_en": "Help!"}
        ).status_code
        == 302
    )
    assert client.get("/pages/help").status_code == 404  # saved as a draft
    assert admin_client.post(f"/admin/cms/pages/{help_id}/delete").status_code == 302
    assert admin_client.delete(f"{api}/{page['id']}").status_code == 204
    assert count(app, ContentPage) == 0


def test_platform_pages_and_shop_pages_do_not_mix(app, admin_client, api, vendor):
    assert api.post(API, json=page_json("about")).status_code == 201
    assert app.test_client().get("/pages/about").status_code == 404
    shop_page = load(app, ContentPage, slug="about")
    assert admin_client.get(f"/api/v1/admin/cms/pages/{shop_page.id}").status_code == 404
    assert (
        admin_client.post("/api/v1/admin/cms/pages", json=page_json("about")).status_code == 201
    )  # the platform may use the same address
