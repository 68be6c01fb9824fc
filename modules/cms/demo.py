# ruff: noqa: E501  (demo texts in four languages read best unbroken)
"""Demo data of the cms: each demo shop's theme (with a drawn logo and banner), its legal pages and
an "about us" page in four languages, and one page of the platform. Running it again changes nothing."""

from __future__ import annotations

from sqlalchemy import select

from wizamart.database import db

from .models import ContentPage, ShopTheme
from .schemas import PageIn, ThemeIn
from .services import media_service, page_service, theme_service

SHOPS = {
    # code: (theme, primary, accent, initials, tagline)
    "boulangerie-paul": ("atelier", "#8d5524", "#c8102e", "BP", "Boulangerie Paul"),
    "velo-lux": ("fresh", "#00a3e0", "#ef3340", "VL", "Vëlo Lux"),
}


def _legal_pages(shop: str) -> list[dict]:
    """The three legal pages every shop needs, and an about page, in en/de/fr/lb."""
    return [
        {
            "slug": "about",
            "kind": "page",
            "show_in_footer": True,
            "position": 1,
            "title": {"en": "About us", "de": "Über uns", "fr": "À propos", "lb": "Iwwer eis"},
            "body": {
                "en": f"## {shop}\n\nA family business in Luxembourg since 1987.\n\n"
                "- Local suppliers\n- Delivery across the Grand Duchy\n- Friendly advice in four languages\n\n"
                "Questions? Write to us at [hello@example.lu](mailto:hello@example.lu).",
                "de": f"## {shop}\n\nEin Familienbetrieb in Luxemburg seit 1987.\n\n"
                "- Lokale Lieferanten\n- Lieferung im ganzen Großherzogtum\n- Freundliche Beratung in vier Sprachen\n\n"
                "Fragen? Schreiben Sie uns an [hello@example.lu](mailto:hello@example.lu).",
                "fr": f"## {shop}\n\nUne entreprise familiale au Luxembourg depuis 1987.\n\n"
                "- Fournisseurs locaux\n- Livraison dans tout le Grand-Duché\n- Des conseils aimables en quatre langues\n\n"
                "Des questions ? Écrivez-nous à [hello@example.lu](mailto:hello@example.lu).",
                "lb": f"## {shop}\n\nE Familljebetrib zu Lëtzebuerg zënter 1987.\n\n"
                "- Lokal Fournisseuren\n- Liwwerung am ganze Groussherzogtum\n- Frëndlech Berodung a véier Sproochen\n\n"
                "Froen? Schreift eis op [hello@example.lu](mailto:hello@example.lu).",
            },
        },
        {
            "slug": "terms",
            "kind": "legal_terms",
            "position": 10,
            "title": {
                "en": "Terms of sale",
                "de": "Allgemeine Geschäftsbedingungen",
                "fr": "Conditions générales de vente",
                "lb": "Allgemeng Verkafsbedéngungen",
            },
            "body": {
                "en": f"## 1. Scope\n\nThese terms apply to every order placed with {shop}.\n\n"
                "## 2. Prices\n\nAll prices are in euros and include Luxembourg VAT.\n\n"
                "## 3. Delivery\n\nWe deliver within 3 working days in Luxembourg.",
                "de": f"## 1. Geltungsbereich\n\nDiese Bedingungen gelten für jede Bestellung bei {shop}.\n\n"
                "## 2. Preise\n\nAlle Preise verstehen sich in Euro inklusive luxemburgischer Mehrwertsteuer.\n\n"
                "## 3. Lieferung\n\nWir liefern innerhalb von 3 Werktagen in Luxemburg.",
                "fr": f"## 1. Champ d’application\n\nLes présentes conditions s’appliquent à toute commande passée "
                f"auprès de {shop}.\n\n## 2. Prix\n\nTous les prix sont en euros, TVA luxembourgeoise comprise.\n\n"
                "## 3. Livraison\n\nNous livrons sous 3 jours ouvrables au Luxembourg.",
                "lb": f"## 1. Uwendungsberäich\n\nDës Bedéngunge gëlle fir all Bestellung bei {shop}.\n\n"
                "## 2. Präisser\n\nAll Präisser sinn an Euro mat der Lëtzebuerger TVA.\n\n"
                "## 3. Liwwerung\n\nMir liwweren bannent 3 Aarbechtsdeeg zu Lëtzebuerg.",
            },
        },
        {
            "slug": "withdrawal",
            "kind": "legal_withdrawal",
            "position": 11,
            "title": {
                "en": "Right of withdrawal",
                "de": "Widerrufsrecht",
                "fr": "Droit de rétractation",
                "lb": "Réckzuchsrecht",
            },
            "body": {
                "en": "You may withdraw from your purchase within **14 days** without giving any reason. "
                "The period starts on the day you receive the goods.\n\n"
                "Perishable goods are excluded from the right of withdrawal.",
                "de": "Sie können Ihren Kauf innerhalb von **14 Tagen** ohne Angabe von Gründen widerrufen. "
                "Die Frist beginnt am Tag, an dem Sie die Ware erhalten.\n\n"
                "Verderbliche Waren sind vom Widerrufsrecht ausgenommen.",
                "fr": "Vous pouvez vous rétracter de votre achat dans un délai de **14 jours** sans donner de motif. "
                "Le délai court à partir du jour de réception des biens.\n\n"
                "Les denrées périssables sont exclues du droit de rétractation.",
                "lb": "Dir kënnt Äre Kaf bannent **14 Deeg** ouni Grond réckgängeg maachen. "
                "D’Frist fänkt den Dag un, wou Dir d’Wuer kritt.\n\n"
                "Wuer, déi séier verdierft, ass vum Réckzuchsrecht ausgeschloss.",
            },
        },
        {
            "slug": "imprint",
            "kind": "legal_imprint",
            "position": 12,
            "title": {"en": "Imprint", "de": "Impressum", "fr": "Mentions légales", "lb": "Impressum"},
            "body": {
                lang: f"**{shop}**\n12, rue du Marché-aux-Herbes\nL-1728 Luxembourg\n\n"
                "RCS Luxembourg B123456 · TVA LU12345613"
                for lang in ("en", "de", "fr", "lb")
            },
        },
    ]


PLATFORM_PAGE = {
    "slug": "about",
    "kind": "page",
    "show_in_footer": True,
    "title": {
        "en": "About Wizamart",
        "de": "Über Wizamart",
        "fr": "À propos de Wizamart",
        "lb": "Iwwer Wizamart",
    },
    "body": {
        "en": "Wizamart brings Luxembourg's independent shops online: one platform, four languages.",
        "de": "Wizamart bringt Luxemburgs unabhängige Geschäfte online: eine Plattform, vier Sprachen.",
        "fr": "Wizamart met en ligne les commerces indépendants du Luxembourg : une plateforme, quatre langues.",
        "lb": "Wizamart bréngt d’onofhängeg Geschäfter vu Lëtzebuerg online: eng Plattform, véier Sproochen.",
    },
}


def _page(owner: page_service.Owner, spec: dict) -> None:
    exists = db.session.scalar(select(ContentPage.id).where(owner.clause(), ContentPage.slug == spec["slug"]))
    if exists is None:
        page_service.create(owner, PageIn.model_validate({"published": True, **spec}))


def load(demo: dict) -> None:
    tenancy = demo.get("tenancy") or {}
    platform_id = tenancy.get("platform_id")
    media: dict[str, dict[str, int]] = {}
    for code, (theme, primary, accent, initials, name) in SHOPS.items():
        vendor_id = (tenancy.get("vendors") or {}).get(code)
        if vendor_id is None or platform_id is None:
            continue
        logo = media_service.store_generated_image(
            vendor_id,
            platform_id,
            f"{code}-logo",
            primary,
            initials,
            (320, 320),
            {
                "en": f"{name} logo",
                "de": f"Logo von {name}",
                "fr": f"Logo de {name}",
                "lb": f"Logo vu {name}",
            },
        )
        banner = media_service.store_generated_image(
            vendor_id,
            platform_id,
            f"{code}-banner",
            accent,
            name,
            (1600, 480),
            {
                "en": f"Welcome to {name}",
                "de": f"Willkommen bei {name}",
                "fr": f"Bienvenue chez {name}",
                "lb": f"Wëllkomm bei {name}",
            },
        )
        media[code] = {"logo": logo.id, "banner": banner.id}
        if db.session.scalar(select(ShopTheme.id).where(ShopTheme.vendor_id == vendor_id)) is None:
            theme_service.update(
                vendor_id,
                platform_id,
                ThemeIn(
                    theme=theme,
                    primary_color=primary,
                    accent_color=accent,
                    logo_media_id=logo.id,
                    banner_media_id=banner.id,
                ),
            )
        owner = page_service.Owner(platform_id=platform_id, vendor_id=vendor_id)
        for spec in _legal_pages(name):
            _page(owner, spec)
    if platform_id is not None:
        _page(page_service.platform(platform_id), PLATFORM_PAGE)
    demo["cms"] = {
        "media": media,
        # Catalog's demo draws its product photos with this (idempotent per file name).
        "store_generated_image": media_service.store_generated_image,
    }
