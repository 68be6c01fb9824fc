"""Pytest fixtures for anything that needs platforms, vendors and signed-in people.

A pytest plugin (entry point ``wizamart_tenancy``); every fixture builds on ``app`` from
``wizamart.testing``. Passwords are ``PASSWORD`` unless said otherwise.
"""

from __future__ import annotations

import pytest

from wizamart.database import db

from .models import (
    Company,
    Platform,
    PlatformAdmin,
    PlatformDomain,
    User,
    Vendor,
    VendorMembership,
    VendorRole,
    VendorStatus,
)
from .services.auth_service import hash_password
from .services.platform_service import platform_service

PASSWORD = "correct-horse-42"
_HASH_CACHE: dict[str, str] = {}


def fast_hash(password: str) -> str:
    """scrypt is slow on purpose; tests hash each distinct password once."""
    if password not in _HASH_CACHE:
        _HASH_CACHE[password] = hash_password(password)
    return _HASH_CACHE[password]


class TenancyFactory:
    """Creates tenancy records in the app's database.

    Each call runs in an app context of its own and returns the record detached, with its
    columns loaded: a test must not keep an app context open around requests, or every
    request would share one ``flask.g`` (and one signed-in user).
    """

    def __init__(self, app):
        self.app = app
        self.counter = 0

    def _save(self, *records):
        with self.app.app_context():
            db.session.add_all(records)
            db.session.commit()
            for record in records:
                db.session.refresh(record)
                db.session.expunge(record)
        return records[-1]

    def _next(self) -> int:
        self.counter += 1
        return self.counter

    def platform(self, code: str | None = None, domains: tuple[str, ...] = (), **fields) -> Platform:
        code = code or f"platform-{self._next()}"
        platform = Platform(code=code, name=fields.pop("name", code.title()), **fields)
        platform.domains = [PlatformDomain(domain=d) for d in domains]
        saved = self._save(platform)
        with self.app.app_context():
            platform_service.forget_hosts()  # its domains lead to it from the next request on
        return saved

    def company(self, platform: Platform, legal_name: str | None = None, **fields) -> Company:
        company = Company(
            platform_id=platform.id, legal_name=legal_name or f"Company {self._next()} S.A.", **fields
        )
        return self._save(company)

    def vendor(
        self, company: Company, code: str | None = None, status=VendorStatus.ACTIVE, **fields
    ) -> Vendor:
        code = code or f"shop-{self._next()}"
        vendor = Vendor(
            code=code,
            name=fields.pop("name", code.title()),
            company_id=company.id,
            platform_id=company.platform_id,
            status=status,
            **fields,
        )
        return self._save(vendor)

    def user(self, email: str | None = None, password: str = PASSWORD, **fields) -> User:
        user = User(
            email=email or f"user{self._next()}@example.lu", password_hash=fast_hash(password), **fields
        )
        return self._save(user)

    def admin(self, platforms: list[Platform] | None = None, **fields) -> User:
        """A super admin, or an admin scoped to ``platforms``."""
        user = self.user(is_super_admin=platforms is None, **fields)
        for platform in platforms or []:
            self._save(PlatformAdmin(user_id=user.id, platform_id=platform.id))
        return user

    def member(
        self, vendor: Vendor, role: VendorRole = VendorRole.OWNER, user: User | None = None, **fields
    ) -> User:
        user = user or self.user(**fields)
        self._save(VendorMembership(user_id=user.id, vendor_id=vendor.id, role=role))
        return user


def sign_in(client, realm: str, email: str, password: str = PASSWORD):
    """Sign ``client`` in to ``realm`` through the real sign-in form; returns the response."""
    url = "/admin/login" if realm == "admin" else "/vendor/login"
    return client.post(url, data={"email": email, "password": password})


@pytest.fixture
def factory(app):
    return TenancyFactory(app)


@pytest.fixture
def platform(factory):
    """The platform served on localhost (the test client's host)."""
    return factory.platform("lux", domains=("localhost",), name="Wizamart Lux")


@pytest.fixture
def company(factory, platform):
    return factory.company(platform, "Lëtzebuerger Handel S.à r.l.")


@pytest.fixture
def vendor(factory, company):
    return factory.vendor(company, "boulangerie", name="Boulangerie")


@pytest.fixture
def other_vendor(factory, platform):
    """A second shop, of another company, on the same platform."""
    return factory.vendor(factory.company(platform, "Other S.A."), "velo", name="Velo")


@pytest.fixture
def admin_user(factory, platform):
    return factory.admin(email="admin@example.lu", name="Ada Admin")


@pytest.fixture
def vendor_owner(factory, vendor):
    return factory.member(vendor, VendorRole.OWNER, email="owner@example.lu", name="Olga Owner")


@pytest.fixture
def admin_client(app, admin_user):
    client = app.test_client()
    assert sign_in(client, "admin", admin_user.email).status_code == 302
    return client


@pytest.fixture
def vendor_client(app, vendor_owner):
    client = app.test_client()
    assert sign_in(client, "vendor", vendor_owner.email).status_code == 302
    return client
