"""Demo data of customers: eight customers per demo shop with Luxembourg addresses and varied
order figures (so the two segments per shop have members), and Lena, who can sign in to Vëlo Lux."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from modules.tenancy.demo import DEMO_PASSWORD
from modules.tenancy.services.auth_service import hash_password
from wizamart.database import db, utcnow

from .models import Customer, CustomerAddress, Segment

LENA = "lena@example.lu"
# name, e-mail local part, language, street, postal code, city, orders, spent (cents), days since last order
PEOPLE = [
    ("Lena Schroeder", "lena", "lb", "12, rue de la Gare", "3510", "Dudelange", 6, 41_250, 12),
    ("Tom Wagner", "tom.wagner", "de", "4, Grand-Rue", "9050", "Ettelbruck", 2, 8_990, 45),
    (
        "Claire Bernard",
        "claire.bernard",
        "fr",
        "27, avenue de la Liberté",
        "1930",
        "Luxembourg",
        9,
        124_000,
        3,
    ),
    ("Jang Kieffer", "jang.kieffer", "lb", "8, rue du Moulin", "4001", "Esch-sur-Alzette", 1, 1_950, 200),
    ("Maria Costa", "maria.costa", "fr", "15, rue Principale", "5366", "Munsbach", 4, 31_000, 30),
    ("Paul Reuter", "paul.reuter", "de", "3, place Guillaume II", "1648", "Luxembourg", 0, 0, None),
    ("Sarah Klein", "sarah.klein", "en", "44, route d'Arlon", "8009", "Strassen", 3, 15_780, 90),
    ("Luc Hansen", "luc.hansen", "lb", "2, rue de Diekirch", "9201", "Diekirch", 12, 205_000, 1),
]
SEGMENTS = [
    ("Top customers", [{"field": "total_spent", "op": "gte", "value": 30_000}]),
    (
        "Capital, recent buyers",
        [
            {"field": "city", "op": "eq", "value": "Luxembourg"},
            {"field": "ordered_within", "op": "within", "value": 60},
        ],
    ),
]


def _customers(vendor_id: int, domain: str) -> None:
    now = utcnow()
    for index, (name, local, language, street, postal, city, orders, spent, days) in enumerate(PEOPLE):
        email = LENA if local == "lena" and domain == "velo" else f"{local}@{domain}-demo.lu"
        if db.session.scalar(
            select(Customer.id).where(Customer.vendor_id == vendor_id, Customer.email == email)
        ):
            continue
        registered = index % 3 != 1  # every third is a guest who only ever checked out
        customer = Customer(
            vendor_id=vendor_id,
            email=email,
            name=name,
            language=language,
            phone=f"+352 621 {100 + index:03d} {200 + index:03d}",
            password_hash=hash_password(DEMO_PASSWORD) if registered else None,
            email_verified_at=now - timedelta(days=300 - index) if registered else None,
            registered_at=now - timedelta(days=300 - index * 30) if registered else None,
            created_at=now - timedelta(days=320 - index * 30),
            order_count=orders,
            total_spent_cents=spent,
            last_order_at=now - timedelta(days=days) if days is not None else None,
        )
        customer.addresses = [
            CustomerAddress(
                vendor_id=vendor_id,
                label="Home",
                name=name,
                street=street,
                postal_code=postal,
                city=city,
                country="LU",
                is_default=True,
            )
        ]
        db.session.add(customer)


def load(demo: dict) -> None:
    """Create what is missing; running it again changes nothing."""
    vendors = demo.get("tenancy", {}).get("vendors", {})
    for code, domain in (("velo-lux", "velo"), ("boulangerie-paul", "paul")):
        vendor_id = vendors.get(code)
        if vendor_id is None:
            continue
        _customers(vendor_id, domain)
        for name, rules in SEGMENTS:
            exists = db.session.scalar(
                select(Segment.id).where(Segment.vendor_id == vendor_id, Segment.name == name)
            )
            if not exists:
                db.session.add(Segment(vendor_id=vendor_id, name=name, rules=rules))
    db.session.commit()
    demo["customers"] = {"lena": LENA}
    if "velo-lux" in vendors:
        demo["logins"].append(
            f"{'customer:':<10}{LENA} / {DEMO_PASSWORD}  ->  /storefront/velo-lux/account/login  (Vëlo Lux)"
        )
