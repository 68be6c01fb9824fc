"""Segments: named rules over a shop's customers, evaluated live as one SQL query each time,
so a customer's new order moves them in or out at once (membership is never stored)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from sqlalchemy import and_, exists, func, not_, or_, select
from sqlalchemy.exc import IntegrityError

from wizamart.database import db, utcnow
from wizamart.pagination import Page, paginate

from ..exceptions import SegmentNameTaken, SegmentNotFound
from ..models import Customer, CustomerAddress, Segment
from ..schemas import SegmentIn


def _compare(column, op: str, value):
    return {
        "gte": column >= value,
        "gt": column > value,
        "lte": column <= value,
        "lt": column < value,
        "eq": column == value,
        "ne": column != value,
    }[op]


def rule_condition(rule: dict, now: datetime):
    """The SQL condition of one validated rule (see ``schemas.RULE_FIELDS``)."""
    field, op, value = rule["field"], rule["op"], rule["value"]
    if field == "total_spent":
        return _compare(Customer.total_spent_cents, op, int(value))
    if field == "order_count":
        return _compare(Customer.order_count, op, int(value))
    if field == "ordered_within":
        recent = Customer.last_order_at >= now - timedelta(days=int(value))
        return recent if op == "within" else or_(Customer.last_order_at.is_(None), not_(recent))
    if field == "registered":
        day = datetime.combine(date.fromisoformat(value), datetime.min.time(), tzinfo=UTC)
        if op == "before":
            return and_(Customer.registered_at.is_not(None), Customer.registered_at < day)
        return and_(Customer.registered_at.is_not(None), Customer.registered_at >= day + timedelta(days=1))
    if field == "city":
        in_city = exists().where(
            CustomerAddress.customer_id == Customer.id,
            func.lower(CustomerAddress.city) == value.lower(),
        )
        return in_city if op == "eq" else not_(in_city)
    if field == "language":
        return (
            _compare(Customer.language, op, value)
            if op == "eq"
            else or_(Customer.language.is_(None), Customer.language != value)
        )
    raise ValueError(field)  # the schema lets no other field through


class SegmentService:
    """Create, edit and evaluate a shop's segments."""

    def list(self, vendor_id: int) -> list[Segment]:
        return list(
            db.session.scalars(select(Segment).where(Segment.vendor_id == vendor_id).order_by(Segment.name))
        )

    def get(self, vendor_id: int, segment_id: int) -> Segment:
        """The shop's segment, or SegmentNotFound (also for another shop's id)."""
        segment = db.session.get(Segment, segment_id)
        if segment is None or segment.vendor_id != vendor_id:
            raise SegmentNotFound(segment_id)
        return segment

    def create(self, vendor_id: int, data: SegmentIn) -> Segment:
        return self._save(Segment(vendor_id=vendor_id), data)

    def update(self, vendor_id: int, segment_id: int, data: SegmentIn) -> Segment:
        return self._save(self.get(vendor_id, segment_id), data)

    def _save(self, segment: Segment, data: SegmentIn) -> Segment:
        taken = db.session.scalar(
            select(Segment.id).where(
                Segment.vendor_id == segment.vendor_id,
                Segment.name == data.name,
                Segment.id != (segment.id or 0),
            )
        )
        if taken:
            db.session.rollback()
            raise SegmentNameTaken()
        segment.name = data.name
        segment.rules = [rule.model_dump() for rule in data.rules]
        db.session.add(segment)
        try:
            db.session.commit()
        except IntegrityError:
            db.session.rollback()
            raise SegmentNameTaken() from None
        return segment

    def delete(self, vendor_id: int, segment_id: int) -> None:
        db.session.delete(self.get(vendor_id, segment_id))
        db.session.commit()

    # ------------------------------------------------------------ live evaluation

    def members_query(self, segment: Segment, now: datetime | None = None):
        """The select of the segment's members: the shop's live (not erased) customers meeting
        every rule."""
        now = now or utcnow()
        conditions = [rule_condition(rule, now) for rule in segment.rules]
        return select(Customer).where(
            Customer.vendor_id == segment.vendor_id, Customer.anonymised_at.is_(None), *conditions
        )

    def members(self, vendor_id: int, segment_id: int, page: int = 1, per_page: int = 20) -> Page:
        """One page of the segment's members right now, highest spenders first, with the count."""
        query = self.members_query(self.get(vendor_id, segment_id))
        return paginate(query.order_by(Customer.total_spent_cents.desc(), Customer.id), page, per_page)

    def counts(self, vendor_id: int) -> dict[int, int]:
        """How many members each of the shop's segments has now (one query per segment)."""
        return {
            segment.id: db.session.scalar(
                select(func.count()).select_from(self.members_query(segment).subquery())
            )
            for segment in self.list(vendor_id)
        }

    def segments_of(self, customer: Customer) -> list[Segment]:
        """The shop's segments the customer is in now."""
        return [
            segment
            for segment in self.list(customer.vendor_id)
            if db.session.scalar(
                self.members_query(segment).where(Customer.id == customer.id).with_only_columns(Customer.id)
            )
        ]


segment_service = SegmentService()
