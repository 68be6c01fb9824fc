"""Platforms and the host names that lead to them."""

from __future__ import annotations

import threading
import time

from flask import current_app
from sqlalchemy import or_, select

from wizamart.database import db
from wizamart.pagination import Page, paginate

from ..exceptions import FieldTaken, InvalidTransition, RecordNotFound
from ..models import Platform, PlatformDomain, PlatformStatus, Vendor
from ..schemas import PlatformIn
from .filters import choice

HOST_CACHE_SECONDS = 5.0


class PlatformService:
    """Create, find, edit and suspend platforms; resolve a request's host to its platform."""

    def get(self, platform_id: int) -> Platform:
        platform = db.session.get(Platform, platform_id)
        if platform is None:
            raise RecordNotFound("platform", platform_id)
        return platform

    def by_code(self, code: str) -> Platform | None:
        return db.session.scalar(select(Platform).where(Platform.code == code))

    def search(
        self,
        q: str = "",
        status: str = "",
        page: int = 1,
        per_page: int = 20,
        only_ids: set[int] | None = None,
    ) -> Page:
        """Platforms matching ``q`` (code, name or domain) and ``status``, newest first."""
        query = select(Platform).order_by(Platform.name, Platform.id)
        if q:
            like = f"%{q.lower()}%"
            domain_match = select(PlatformDomain.platform_id).where(PlatformDomain.domain.like(like))
            query = query.where(
                or_(Platform.code.ilike(like), Platform.name.ilike(like), Platform.id.in_(domain_match))
            )
        if status:
            query = query.where(Platform.status == choice(PlatformStatus, "status", status))
        if only_ids is not None:
            query = query.where(Platform.id.in_(only_ids))
        return paginate(query, page, per_page)

    def create(self, data: PlatformIn) -> Platform:
        if self.by_code(data.code):
            raise FieldTaken("code", data.code)
        platform = Platform(
            code=data.code, name=data.name, default_language=data.default_language, currency=data.currency
        )
        self._set_domains(platform, data.domains)
        db.session.add(platform)
        self._commit()
        return platform

    def update(self, platform_id: int, data: PlatformIn) -> Platform:
        platform = self.get(platform_id)
        other = self.by_code(data.code)
        if other is not None and other.id != platform.id:
            raise FieldTaken("code", data.code)
        platform.code, platform.name = data.code, data.name
        platform.default_language, platform.currency = data.default_language, data.currency
        self._set_domains(platform, data.domains)
        self._commit()
        return platform

    def suspend(self, platform_id: int, reason: str) -> Platform:
        platform = self.get(platform_id)
        if platform.status is PlatformStatus.SUSPENDED:
            raise InvalidTransition("tenancy.errors.platform_already_suspended")
        platform.status, platform.status_reason = PlatformStatus.SUSPENDED, reason
        self._commit()
        return platform

    def reactivate(self, platform_id: int) -> Platform:
        platform = self.get(platform_id)
        if platform.status is PlatformStatus.ACTIVE:
            raise InvalidTransition("tenancy.errors.platform_already_active")
        platform.status, platform.status_reason = PlatformStatus.ACTIVE, ""
        self._commit()
        return platform

    def all(self) -> list[Platform]:
        return list(db.session.scalars(select(Platform).order_by(Platform.name)))

    # ----------------------------------------------------------------- hosts

    def id_for_host(self, host: str, default_code: str) -> int | None:
        """The platform serving ``host`` (port ignored), else the default platform."""
        return _host_cache().lookup(host, default_code)

    def shop_for_host(self, host: str, default_code: str) -> str | None:
        """The code of the shop whose own domain ``host`` is, if any (from the same cache)."""
        return _host_cache().shop(host, default_code)

    def is_suspended(self, platform_id: int | None, default_code: str) -> bool:
        """Whether the platform is suspended (from the same cache as the hosts)."""
        cache = _host_cache()
        cache.refresh(default_code)
        return platform_id in cache.suspended

    def forget_hosts(self) -> None:
        """Re-read the domains on the next request (this process; others within seconds)."""
        _host_cache().loaded_at = float("-inf")

    def _set_domains(self, platform: Platform, domains: list[str]) -> None:
        taken = db.session.scalars(select(PlatformDomain).where(PlatformDomain.domain.in_(domains))).all()
        for domain in taken:
            if domain.platform_id != platform.id:
                raise FieldTaken("domains", domain.domain)
        shop_domain = db.session.scalar(select(Vendor.custom_domain).where(Vendor.custom_domain.in_(domains)))
        if shop_domain:
            raise FieldTaken("domains", shop_domain)
        keep = {d.domain: d for d in platform.domains}
        platform.domains = [keep.get(name) or PlatformDomain(domain=name) for name in domains]

    def _commit(self) -> None:
        try:
            db.session.commit()
        except Exception:
            db.session.rollback()
            raise
        self.forget_hosts()


class HostCache:
    """Host name -> platform id, and which platforms are suspended, re-read from the
    database every few seconds: a request costs no query for either.

    One per app (``app.extensions``), so two apps in one process (tests) never answer
    with each other's platforms.
    """

    def __init__(self):
        self.hosts: dict[str, int | None] = {}
        self.shops: dict[str, str] = {}  # a shop's own domain -> its code
        self.suspended: frozenset[int] = frozenset()
        self.loaded_at = float("-inf")
        self.lock = threading.Lock()

    def refresh(self, default_code: str) -> None:
        now = time.monotonic()
        if now - self.loaded_at <= HOST_CACHE_SECONDS:
            return
        rows = db.session.execute(select(PlatformDomain.domain, PlatformDomain.platform_id)).all()
        default = db.session.scalar(
            select(Platform.id).order_by((Platform.code != default_code), Platform.id).limit(1)
        )
        suspended = db.session.scalars(select(Platform.id).where(Platform.status == PlatformStatus.SUSPENDED))
        shops = db.session.execute(
            select(Vendor.custom_domain, Vendor.code, Vendor.platform_id).where(
                Vendor.custom_domain.is_not(None)
            )
        ).all()
        with self.lock:
            self.hosts = {**{d: p for d, _, p in shops}, **dict(rows), "": default}
            self.shops = {d: code for d, code, _ in shops}
            self.suspended = frozenset(suspended)
            self.loaded_at = now

    def lookup(self, host: str, default_code: str) -> int | None:
        self.refresh(default_code)
        name = host.split(":", 1)[0].lower()
        return self.hosts.get(host.lower()) or self.hosts.get(name) or self.hosts.get("")

    def shop(self, host: str, default_code: str) -> str | None:
        self.refresh(default_code)
        return self.shops.get(host.lower()) or self.shops.get(host.split(":", 1)[0].lower())


def _host_cache() -> HostCache:
    return current_app.extensions.setdefault("tenancy.hosts", HostCache())


platform_service = PlatformService()
