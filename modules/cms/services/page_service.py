"""Content pages of shops and of the platform itself, legal pages among them.

A page is owned either by a shop (``vendor_id``) or by the platform (``vendor_id`` empty);
every function takes the owner and never reaches another's pages. Texts exist per language;
visitors read the page in their language, else the shop's, else any language it has.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from markupsafe import Markup
from sqlalchemy import func, or_, select
from sqlalchemy.exc import IntegrityError

from wizamart.database import db
from wizamart.pagination import Page, paginate

from ..exceptions import FieldInvalid, LegalPageExists, PageNotFound, SlugTaken
from ..models import ContentPage, PageKind
from ..schemas import LANGUAGES, PageIn
from .markup import plain_excerpt, render_body


@dataclass(frozen=True)
class Owner:
    """Whose pages: a shop's (``vendor_id``) or the platform's own (``vendor_id`` None)."""

    platform_id: int
    vendor_id: int | None = None

    def clause(self):
        if self.vendor_id is not None:
            return ContentPage.vendor_id == self.vendor_id
        return (ContentPage.platform_id == self.platform_id) & ContentPage.vendor_id.is_(None)


def shop(vendor) -> Owner:
    return Owner(platform_id=vendor.platform_id, vendor_id=vendor.id)


def platform(platform_id: int) -> Owner:
    return Owner(platform_id=platform_id)


@dataclass(frozen=True)
class PageView:
    """A published page in one language, ready to show."""

    id: int
    slug: str
    kind: str
    title: str
    body_html: Markup
    language: str
    description: str
    updated_at: datetime


def pick_language(texts: dict, wanted: str, fallback: str | None) -> str | None:
    """The language to show: the visitor's, else the owner's default, else English, else any."""
    for lang in (wanted, fallback, "en", *LANGUAGES):
        if lang and texts.get(lang):
            return lang
    return next((lang for lang, text in texts.items() if text), None)


def title_in(page: ContentPage, lang: str, fallback: str | None = None) -> str:
    chosen = pick_language(page.title or {}, lang, fallback)
    return page.title[chosen] if chosen else page.slug


# ------------------------------------------------------------------ reading


def search(owner: Owner, q: str = "", page: int = 1, per_page: int = 20) -> Page:
    """The owner's pages (drafts too), by position then slug; ``q`` matches the slug."""
    query = select(ContentPage).where(owner.clause())
    if q:
        query = query.where(func.lower(ContentPage.slug).contains(q.lower(), autoescape=True))
    return paginate(query.order_by(ContentPage.position, ContentPage.slug), page, per_page)


def get(owner: Owner, page_id: int) -> ContentPage:
    """One of the owner's pages, or ``PageNotFound``."""
    page = db.session.scalar(select(ContentPage).where(ContentPage.id == page_id, owner.clause()))
    if page is None:
        raise PageNotFound(page_id)
    return page


def published(owner: Owner, slug: str, lang: str, fallback_lang: str | None = None) -> PageView:
    """The published page ``slug`` in ``lang`` (else ``fallback_lang``, else any), or ``PageNotFound``."""
    page = db.session.scalar(
        select(ContentPage).where(owner.clause(), ContentPage.slug == slug, ContentPage.published.is_(True))
    )
    if page is None:
        raise PageNotFound(slug)
    chosen = pick_language(page.title or {}, lang, fallback_lang) or lang
    body = (page.body or {}).get(chosen, "")
    return PageView(
        id=page.id,
        slug=page.slug,
        kind=page.kind.value,
        title=(page.title or {}).get(chosen) or page.slug,
        body_html=render_body(body),
        language=chosen,
        description=plain_excerpt(body),
        updated_at=page.updated_at,
    )


def footer_links(owner: Owner, lang: str, fallback_lang: str | None = None) -> list[tuple[str, str]]:
    """``(slug, title)`` of the owner's published footer pages — legal pages always — in one query."""
    rows = db.session.scalars(
        select(ContentPage)
        .where(
            owner.clause(),
            ContentPage.published.is_(True),
            or_(ContentPage.show_in_footer.is_(True), ContentPage.kind != PageKind.PAGE),
        )
        .order_by(ContentPage.position, ContentPage.id)
    )
    return [(page.slug, title_in(page, lang, fallback_lang)) for page in rows]


def count(owner: Owner) -> int:
    return db.session.scalar(select(func.count()).where(owner.clause())) or 0


def form_values(page: ContentPage) -> dict:
    """A page as its form's fields."""
    values = {
        "slug": page.slug,
        "kind": page.kind.value,
        "published": page.published,
        "show_in_footer": page.show_in_footer,
        "position": page.position,
    }
    for lang in LANGUAGES:
        values[f"title_{lang}"] = (page.title or {}).get(lang, "")
        values[f"body_{lang}"] = (page.body or {}).get(lang, "")
    return values


# ------------------------------------------------------------------ writing


def create(owner: Owner, data: PageIn) -> ContentPage:
    """A new page; ``SlugTaken`` / ``LegalPageExists`` (409) name the field in the way."""
    page = ContentPage(platform_id=owner.platform_id, vendor_id=owner.vendor_id)
    return _save(owner, page, data)


def update(owner: Owner, page_id: int, data: PageIn) -> ContentPage:
    return _save(owner, get(owner, page_id), data)


def delete(owner: Owner, page_id: int) -> None:
    db.session.delete(get(owner, page_id))
    db.session.commit()


def _save(owner: Owner, page: ContentPage, data: PageIn) -> ContentPage:
    _check_texts(data)
    others = [owner.clause()]
    if page.id is not None:
        others.append(ContentPage.id != page.id)
    if db.session.scalar(select(ContentPage.id).where(*others, ContentPage.slug == data.slug).limit(1)):
        raise SlugTaken(data.slug)
    if data.kind is not PageKind.PAGE:
        clash = db.session.scalar(
            select(ContentPage.slug).where(*others, ContentPage.kind == data.kind).limit(1)
        )
        if clash is not None:
            raise LegalPageExists(clash)
    page.slug = data.slug
    page.kind = data.kind
    page.published = data.published
    page.show_in_footer = data.show_in_footer
    page.position = data.position
    page.title = data.titles
    page.body = data.bodies
    db.session.add(page)
    try:
        db.session.commit()
    except IntegrityError:
        # Another request took the slug between our check and the insert.
        db.session.rollback()
        raise SlugTaken(data.slug) from None
    return page


def _check_texts(data: PageIn) -> None:
    for lang in LANGUAGES:
        if getattr(data, f"body_{lang}") and not getattr(data, f"title_{lang}"):
            # A text nobody could find by its title in that language.
            raise FieldInvalid(f"title_{lang}", "cms.validation.title_for_body")
    if not data.titles:
        raise FieldInvalid("title_en", "cms.validation.title_required")
