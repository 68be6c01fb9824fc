"""Companies: the legal entities that own vendors."""

from __future__ import annotations

from sqlalchemy import or_, select

from wizamart.database import db
from wizamart.errors import ValidationError
from wizamart.pagination import Page, paginate

from ..exceptions import RecordNotFound
from ..models import Company, Platform
from ..schemas import CompanyIn


class CompanyService:
    """Create, find and edit companies; each belongs to one platform."""

    def get(self, company_id: int, platform_ids: set[int] | None = None) -> Company:
        company = db.session.get(Company, company_id)
        if company is None or (platform_ids is not None and company.platform_id not in platform_ids):
            raise RecordNotFound("company", company_id)
        return company

    def search(
        self, q: str = "", platform_ids: set[int] | None = None, page: int = 1, per_page: int = 20
    ) -> Page:
        """Companies matching ``q`` (legal name, VAT, RCS, city) on the given platforms."""
        query = select(Company).order_by(Company.legal_name, Company.id)
        if q:
            like = f"%{q}%"
            query = query.where(
                or_(
                    Company.legal_name.ilike(like),
                    Company.vat_number.ilike(like),
                    Company.rcs_number.ilike(like),
                    Company.city.ilike(like),
                )
            )
        if platform_ids is not None:
            query = query.where(Company.platform_id.in_(platform_ids))
        return paginate(query, page, per_page)

    def create(self, data: CompanyIn, platform_id: int) -> Company:
        if platform_id is None or db.session.get(Platform, platform_id) is None:
            raise ValidationError(
                "tenancy.errors.unknown_platform",
                details={"fields": {"platform_id": "tenancy.validation.unknown_platform"}},
            )
        company = Company(platform_id=platform_id, **data.model_dump(exclude={"platform_id"}))
        db.session.add(company)
        db.session.commit()
        return company

    def update(self, company_id: int, data: CompanyIn, platform_ids: set[int] | None = None) -> Company:
        company = self.get(company_id, platform_ids)
        for field, value in data.model_dump(exclude={"platform_id"}).items():
            setattr(company, field, value)
        db.session.commit()
        return company

    def choices(self, platform_id: int | None) -> list[Company]:
        query = select(Company).order_by(Company.legal_name)
        if platform_id is not None:
            query = query.where(Company.platform_id == platform_id)
        return list(db.session.scalars(query))


company_service = CompanyService()
