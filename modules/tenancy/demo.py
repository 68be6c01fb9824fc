"""Demo data of tenancy: a platform, a company, two shops with their teams, and an admin."""

from __future__ import annotations

from sqlalchemy import select

from wizamart.database import db

from .models import (
    Company,
    Platform,
    PlatformDomain,
    User,
    Vendor,
    VendorMembership,
    VendorRole,
    VendorStatus,
)
from .services.auth_service import hash_password

DEMO_PASSWORD = "wizamart-demo-2026"
ADMIN_EMAIL = "admin@wizamart.lu"
SHOPS = [
    # code, name, language, [(email, name, role)]
    (
        "boulangerie-paul",
        "Boulangerie Paul",
        "fr",
        [
            ("paul@boulangerie-paul.lu", "Paul Weber", VendorRole.OWNER),
            ("anne@boulangerie-paul.lu", "Anne Schmit", VendorRole.STAFF),
        ],
    ),
    (
        "velo-lux",
        "Vëlo Lux",
        "lb",
        [
            ("marc@velo-lux.lu", "Marc Hoffmann", VendorRole.OWNER),
            ("sophie@velo-lux.lu", "Sophie Muller", VendorRole.MANAGER),
        ],
    ),
]


def _user(email: str, name: str, **fields) -> User:
    user = db.session.scalar(select(User).where(User.email == email))
    if user is None:
        user = User(email=email, name=name, password_hash=hash_password(DEMO_PASSWORD), **fields)
        db.session.add(user)
        db.session.flush()
    return user


def load(demo: dict) -> None:
    """Create what is missing; running it again changes nothing."""
    platform = db.session.scalar(select(Platform).where(Platform.code == "wizamart"))
    if platform is None:
        platform = Platform(
            code="wizamart", name="Wizamart Lëtzebuerg", default_language="en", currency="EUR"
        )
        platform.domains = [PlatformDomain(domain=d) for d in ("localhost", "127.0.0.1")]
        db.session.add(platform)
        db.session.flush()
    company = db.session.scalar(select(Company).where(Company.legal_name == "Lëtzebuerger Handel S.à r.l."))
    if company is None:
        company = Company(
            platform_id=platform.id,
            legal_name="Lëtzebuerger Handel S.à r.l.",
            vat_number="LU12345613",
            rcs_number="B123456",
            street="12, rue du Marché-aux-Herbes",
            postal_code="1728",
            city="Luxembourg",
        )
        db.session.add(company)
        db.session.flush()
    _user(ADMIN_EMAIL, "Platform Admin", is_super_admin=True)
    logins = [f"{'admin:':<10}{ADMIN_EMAIL} / {DEMO_PASSWORD}  ->  /admin/login"]
    vendors = {}
    for code, name, language, team in SHOPS:
        vendor = db.session.scalar(select(Vendor).where(Vendor.code == code))
        if vendor is None:
            vendor = Vendor(
                code=code,
                name=name,
                company_id=company.id,
                platform_id=platform.id,
                default_language=language,
                status=VendorStatus.ACTIVE,
            )
            db.session.add(vendor)
            db.session.flush()
        vendors[code] = vendor.id
        for email, person, role in team:
            user = _user(email, person)
            member = db.session.scalar(
                select(VendorMembership).where(
                    VendorMembership.user_id == user.id, VendorMembership.vendor_id == vendor.id
                )
            )
            if member is None:
                db.session.add(VendorMembership(user_id=user.id, vendor_id=vendor.id, role=role))
            logins.append(f"{role.value + ':':<10}{email} / {DEMO_PASSWORD}  ->  /vendor/login  ({name})")
    db.session.commit()
    demo["tenancy"] = {"platform_id": platform.id, "company_id": company.id, "vendors": vendors}
    demo["logins"].extend(logins)
