"""Vendors and their lifecycle: pending -> active -> suspended (with a reason); a vendor
that never traded can be rejected."""

from __future__ import annotations

from sqlalchemy import or_, select

from wizamart.database import db
from wizamart.errors import ValidationError
from wizamart.pagination import Page, paginate

from ..exceptions import FieldTaken, InvalidTransition, RecordNotFound, label
from ..models import Company, PlatformDomain, Vendor, VendorStatus
from ..schemas import VendorIn, VendorUpdate
from .filters import choice
from .platform_service import platform_service

S = VendorStatus
TRANSITIONS = {
    "activate": ({S.PENDING, S.SUSPENDED}, S.ACTIVE),
    "suspend": ({S.ACTIVE, S.PENDING}, S.SUSPENDED),
    "reject": ({S.PENDING, S.SUSPENDED}, S.REJECTED),
}


class VendorService:
    """Create, find, edit and move vendors through their lifecycle."""

    def get(self, vendor_id: int, platform_ids: set[int] | None = None) -> Vendor:
        vendor = db.session.get(Vendor, vendor_id)
        if vendor is None or (platform_ids is not None and vendor.platform_id not in platform_ids):
            raise RecordNotFound("vendor", vendor_id)
        return vendor

    def by_code(self, code: str) -> Vendor | None:
        return db.session.scalar(select(Vendor).where(Vendor.code == code))

    def search(
        self,
        q: str = "",
        status: str = "",
        platform_ids: set[int] | None = None,
        company_id: int | None = None,
        page: int = 1,
        per_page: int = 20,
    ) -> Page:
        """Vendors matching ``q`` (code or name), ``status`` and ``company_id``."""
        query = select(Vendor).order_by(Vendor.name, Vendor.id)
        if q:
            like = f"%{q}%"
            query = query.where(or_(Vendor.code.ilike(like), Vendor.name.ilike(like)))
        if status:
            query = query.where(Vendor.status == choice(VendorStatus, "status", status))
        if platform_ids is not None:
            query = query.where(Vendor.platform_id.in_(platform_ids))
        if company_id:
            query = query.where(Vendor.company_id == company_id)
        return paginate(query, page, per_page)

    def create(self, data: VendorIn, platform_ids: set[int] | None = None) -> Vendor:
        if self.by_code(data.code):
            raise FieldTaken("code", data.code)
        company = db.session.get(Company, data.company_id)
        if company is None or (platform_ids is not None and company.platform_id not in platform_ids):
            raise ValidationError(
                "tenancy.errors.unknown_company",
                details={"fields": {"company_id": "tenancy.validation.unknown_company"}},
            )
        vendor = Vendor(
            code=data.code,
            name=data.name,
            company_id=company.id,
            platform_id=company.platform_id,
            default_language=data.default_language,
        )
        self._set_domain(vendor, data.custom_domain)
        db.session.add(vendor)
        db.session.commit()
        platform_service.forget_hosts()
        return vendor

    def update(self, vendor_id: int, data: VendorUpdate, platform_ids: set[int] | None = None) -> Vendor:
        vendor = self.get(vendor_id, platform_ids)
        vendor.name, vendor.default_language = data.name, data.default_language
        self._set_domain(vendor, data.custom_domain)
        db.session.commit()
        platform_service.forget_hosts()
        return vendor

    def _set_domain(self, vendor: Vendor, domain: str) -> None:
        """A shop's own domain may be no platform's and no other shop's."""
        if domain:
            other_shop = db.session.scalar(
                select(Vendor.id).where(Vendor.custom_domain == domain, Vendor.id != vendor.id)
            )
            platform_domain = db.session.scalar(
                select(PlatformDomain.id).where(PlatformDomain.domain == domain)
            )
            if other_shop or platform_domain:
                raise FieldTaken("custom_domain", domain)
        vendor.custom_domain = domain or None

    def change_status(
        self, vendor_id: int, action: str, reason: str = "", platform_ids: set[int] | None = None
    ) -> Vendor:
        """``activate``, ``suspend`` (reason required) or ``reject`` (only if it never traded)."""
        vendor = self.get(vendor_id, platform_ids)
        if action not in TRANSITIONS:
            raise ValidationError(
                "tenancy.errors.unknown_action",
                details={"fields": {"action": "tenancy.validation.unknown_action"}},
                params={"action": action},
            )
        allowed_from, target = TRANSITIONS[action]
        if vendor.status not in allowed_from:
            raise InvalidTransition(
                "tenancy.errors.vendor_transition",
                params={
                    "status": label(f"tenancy.status.{vendor.status.value}"),
                    "target": label(f"tenancy.status.{target.value}"),
                },
            )
        if action in ("suspend", "reject") and len(reason.strip()) < 3:
            raise ValidationError(
                "tenancy.errors.reason_needed", details={"fields": {"reason": "tenancy.validation.reason"}}
            )
        if action == "reject" and vendor.has_traded:
            raise InvalidTransition("tenancy.errors.traded_vendor")
        vendor.status, vendor.status_reason = target, reason.strip()
        db.session.commit()
        return vendor

    def count(self, platform_ids: set[int] | None = None) -> dict[str, int]:
        from sqlalchemy import func

        query = select(Vendor.status, func.count()).group_by(Vendor.status)
        if platform_ids is not None:
            query = query.where(Vendor.platform_id.in_(platform_ids))
        return {status.value: n for status, n in db.session.execute(query).all()}


vendor_service = VendorService()
