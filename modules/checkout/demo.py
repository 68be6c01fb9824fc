"""Demo shipping methods: each demo shop delivers to Luxembourg, Belgium, France and Germany,
free above an amount, with an express option at home. Running it again changes nothing."""

from __future__ import annotations

from .schemas import ShippingMethodIn
from .services import shipping_service

METHODS = {
    "velo-lux": [
        ShippingMethodIn(
            name_en="Standard delivery (Luxembourg)",
            name_de="Standardversand (Luxemburg)",
            name_fr="Livraison standard (Luxembourg)",
            name_lb="Standardliwwerung (Lëtzebuerg)",
            countries=["LU"],
            rate_cents=490,
            free_above_cents=7500,
            position=0,
        ),
        ShippingMethodIn(
            name_en="Express courier (Luxembourg, next day)",
            name_de="Expresskurier (Luxemburg, nächster Tag)",
            name_fr="Coursier express (Luxembourg, lendemain)",
            name_lb="Expresskurier (Lëtzebuerg, nächsten Dag)",
            countries=["LU"],
            rate_cents=1290,
            free_above_cents=None,
            position=1,
        ),
        ShippingMethodIn(
            name_en="Greater Region (Belgium, France, Germany)",
            name_de="Großregion (Belgien, Frankreich, Deutschland)",
            name_fr="Grande Région (Belgique, France, Allemagne)",
            name_lb="Groussregioun (Belsch, Frankräich, Däitschland)",
            countries=["BE", "FR", "DE"],
            rate_cents=990,
            free_above_cents=15000,
            position=2,
        ),
    ],
    "boulangerie-paul": [
        ShippingMethodIn(
            name_en="Bakery van (Luxembourg)",
            name_de="Bäckerei-Lieferwagen (Luxemburg)",
            name_fr="Camionnette de la boulangerie (Luxembourg)",
            name_lb="Bäckereiswon (Lëtzebuerg)",
            countries=["LU"],
            rate_cents=350,
            free_above_cents=3000,
            position=0,
        ),
        ShippingMethodIn(
            name_en="Chilled parcel (Belgium, France, Germany)",
            name_de="Kühlpaket (Belgien, Frankreich, Deutschland)",
            name_fr="Colis réfrigéré (Belgique, France, Allemagne)",
            name_lb="Gekillte Pak (Belsch, Frankräich, Däitschland)",
            countries=["BE", "FR", "DE"],
            rate_cents=890,
            free_above_cents=6000,
            position=1,
        ),
    ],
}


def load(demo: dict) -> None:
    vendors = (demo.get("tenancy") or {}).get("vendors") or {}
    created = {}
    for code, methods in METHODS.items():
        vendor_id = vendors.get(code)
        if vendor_id is None:
            continue
        known = {method.names.get("en") for method in shipping_service.list_methods(vendor_id)}
        fresh = [m for m in methods if m.name_en not in known]
        for method in fresh:
            shipping_service.create(vendor_id, method)
        created[code] = len(fresh)
    demo["checkout"] = {"shipping_methods_created": created}
