"""Shop customers as the shop and other modules see them: guests recorded at checkout, the
signed-in customer, order statistics, and the vendor's list, GDPR export and anonymisation.

This is the public service of the module (see the issue 4 contract): other modules call
``record_guest``, ``current_customer`` and ``record_order``; never the models.
"""

from __future__ import annotations

from datetime import UTC, datetime

from flask import g, has_request_context, session
from sqlalchemy import case, exists, or_, select, update
from sqlalchemy.exc import IntegrityError

from wizamart import current_vendor
from wizamart.database import db, utcnow
from wizamart.errors import ValidationError
from wizamart.pagination import Page, paginate

from ..exceptions import AlreadyAnonymised, CustomerNotFound
from ..models import Customer, CustomerAddress, PrivacyAction
from ..schemas import check_email, check_language

REALM = "storefront"
KINDS = ("guest", "registered", "anonymised")


def aware(moment: datetime | None) -> datetime | None:
    """SQLite hands back naive datetimes; every timestamp here is UTC."""
    if moment is None:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _iso(moment: datetime | None) -> str | None:
    return aware(moment).isoformat() if moment else None


class CustomerService:
    """Customers of a shop, for checkout, the storefront shell and the vendor."""

    # ------------------------------------------------------------ the contract

    def record_guest(
        self, vendor_id: int, email: str, name: str = "", language: str | None = None, commit: bool = True
    ) -> Customer:
        """The shop's customer with this e-mail, created as a guest (no password) when new.

        A guest who registers later gets the same row, so their order history stays theirs.
        Names and languages already known are kept; empty ones are filled in. With
        ``commit=False`` the caller's unit of work (checkout) commits.
        """
        try:
            email = check_email(email or "")
            language = check_language(language)
        except ValueError as exc:
            field = "language" if "language" in str(exc) else "email"
            raise ValidationError(str(exc), details={"fields": {field: str(exc)}}) from None
        customer = self._by_email(vendor_id, email)
        if customer is None:
            customer = Customer(vendor_id=vendor_id, email=email, name=name.strip()[:120], language=language)
            try:
                with db.session.begin_nested():
                    db.session.add(customer)
            except IntegrityError:
                # Another request recorded the same guest a moment ago: use theirs.
                customer = self._by_email(vendor_id, email)
        else:
            customer.name = customer.name or name.strip()[:120]
            customer.language = customer.language or language
        if commit:
            db.session.commit()
        return customer

    def current_customer(self) -> Customer | None:
        """The customer signed in to the current shop's storefront, or None.

        The session entry counts only in the shop that made it: a customer of shop A is
        nobody in shop B. Read once per request.
        """
        if not has_request_context():
            return None
        if "customers_current" in g:
            return g.customers_current
        vendor = current_vendor()
        customer = self.session_customer(vendor.id) if vendor is not None else None
        g.customers_current = customer
        return customer

    def session_customer(self, vendor_id: int) -> Customer | None:
        """The customer this browser session is signed in as, in shop ``vendor_id`` only."""
        entry = session.get("auth", {}).get(REALM)
        if not entry or entry.get("vid") != vendor_id:
            return None
        found = db.session.get(Customer, entry.get("cid"))
        if (
            found is not None
            and found.vendor_id == vendor_id
            and found.password_hash
            and found.anonymised_at is None
            and found.session_version == entry.get("v")
        ):
            return found
        return None

    def record_order(
        self, vendor_id: int, customer_id: int, total_cents: int, placed_at: datetime, commit: bool = True
    ) -> None:
        """Count an order in the customer's statistics (order count, total spent, last order).

        One UPDATE, so concurrent orders never lose a count. Raises CustomerNotFound for a
        customer of another shop. With ``commit=False`` the caller's unit of work commits.
        """
        if not isinstance(total_cents, int) or total_cents < 0:
            raise ValidationError(
                "customers.validation.total_cents",
                details={"fields": {"total_cents": "customers.validation.total_cents"}},
            )
        placed_at = aware(placed_at)
        result = db.session.execute(
            update(Customer)
            .where(Customer.id == customer_id, Customer.vendor_id == vendor_id)
            .values(
                order_count=Customer.order_count + 1,
                total_spent_cents=Customer.total_spent_cents + total_cents,
                last_order_at=case(
                    (
                        or_(Customer.last_order_at.is_(None), Customer.last_order_at < placed_at),
                        placed_at,
                    ),
                    else_=Customer.last_order_at,
                ),
            )
            .execution_options(synchronize_session=False)
        )
        if result.rowcount == 0:
            db.session.rollback()
            raise CustomerNotFound(customer_id)
        if commit:
            db.session.commit()
        customer = db.session.get(Customer, customer_id)
        if customer is not None:
            db.session.refresh(customer)

    # ------------------------------------------------------------ the vendor's view

    def _by_email(self, vendor_id: int, email: str) -> Customer | None:
        return db.session.scalar(
            select(Customer).where(Customer.vendor_id == vendor_id, Customer.email == email)
        )

    def get(self, vendor_id: int, customer_id: int) -> Customer:
        """The shop's customer, or CustomerNotFound (also for another shop's id)."""
        customer = db.session.get(Customer, customer_id)
        if customer is None or customer.vendor_id != vendor_id:
            raise CustomerNotFound(customer_id)
        return customer

    def search(self, vendor_id: int, q: str = "", kind: str = "", page: int = 1, per_page: int = 20) -> Page:
        """The shop's customers matching ``q`` (name, e-mail or a city of their addresses) and
        ``kind`` (guest, registered or anonymised), newest first."""
        query = select(Customer).where(Customer.vendor_id == vendor_id)
        query = self._filter(query, q, kind)
        return paginate(query.order_by(Customer.created_at.desc(), Customer.id.desc()), page, per_page)

    def _filter(self, query, q: str, kind: str):
        q = q.strip()
        if q:
            like = f"%{q}%"
            in_city = exists().where(
                CustomerAddress.customer_id == Customer.id, CustomerAddress.city.ilike(like)
            )
            query = query.where(or_(Customer.name.ilike(like), Customer.email.ilike(like), in_city))
        if kind and kind not in KINDS:
            raise ValidationError(
                "customers.validation.kind",
                details={"fields": {"kind": "customers.validation.kind"}},
            )
        if kind == "guest":
            query = query.where(Customer.password_hash.is_(None), Customer.anonymised_at.is_(None))
        elif kind == "registered":
            query = query.where(Customer.password_hash.is_not(None))
        elif kind == "anonymised":
            query = query.where(Customer.anonymised_at.is_not(None))
        return query

    def search_all(
        self, platform_ids: set[int] | None, q: str = "", kind: str = "", page: int = 1, per_page: int = 20
    ) -> Page:
        """Customers of every shop on ``platform_ids`` (None: every platform), for admins.
        Items are ``(customer, vendor_name, vendor_code)`` rows."""
        from modules.tenancy.models import Vendor  # read-only join for the shop's name

        query = select(Customer).join(Vendor, Vendor.id == Customer.vendor_id)
        if platform_ids is not None:
            query = query.where(Vendor.platform_id.in_(platform_ids))
        query = self._filter(query, q, kind).order_by(Customer.created_at.desc(), Customer.id.desc())
        found = paginate(query, page, per_page)
        vendor_ids = {c.vendor_id for c in found.items}
        shops = (
            dict(db.session.execute(select(Vendor.id, Vendor.name).where(Vendor.id.in_(vendor_ids))).all())
            if vendor_ids
            else {}
        )
        return Page(
            items=[(c, shops.get(c.vendor_id, "")) for c in found.items],
            total=found.total,
            page=found.page,
            per_page=found.per_page,
        )

    def counts(self, vendor_id: int) -> tuple[int, int]:
        """(customers, of whom registered) of the shop, erased ones left out; one query."""
        from sqlalchemy import func

        total, registered = db.session.execute(
            select(func.count(), func.count(Customer.password_hash)).where(
                Customer.vendor_id == vendor_id, Customer.anonymised_at.is_(None)
            )
        ).one()
        return total, registered

    def privacy_actions(self, vendor_id: int, customer_id: int) -> list[PrivacyAction]:
        return list(
            db.session.scalars(
                select(PrivacyAction)
                .where(PrivacyAction.vendor_id == vendor_id, PrivacyAction.customer_id == customer_id)
                .order_by(PrivacyAction.created_at.desc(), PrivacyAction.id.desc())
            )
        )

    # ------------------------------------------------------------ GDPR

    def export(self, vendor_id: int, customer_id: int, user=None) -> dict:
        """Everything the shop holds on the customer (GDPR article 15), as JSON-ready data.

        ``user`` is the vendor staff member who asked (None: the customer themselves); the
        export is recorded with who and when.
        """
        from .segment_service import segment_service

        customer = self.get(vendor_id, customer_id)
        self._record(customer, "export", user)
        data = {
            "customer": {
                "id": customer.id,
                "email": customer.email,
                "name": customer.name,
                "phone": customer.phone,
                "language": customer.language,
                "is_guest": customer.is_guest,
                "email_verified_at": _iso(customer.email_verified_at),
                "registered_at": _iso(customer.registered_at),
                "created_at": _iso(customer.created_at),
                "anonymised_at": _iso(customer.anonymised_at),
            },
            "statistics": {
                "order_count": customer.order_count,
                "total_spent_cents": customer.total_spent_cents,
                "last_order_at": _iso(customer.last_order_at),
            },
            "addresses": [address_data(a) for a in customer.addresses],
            "segments": [s.name for s in segment_service.segments_of(customer)],
            "privacy_actions": [
                {"action": p.action, "by": p.actor_name or "customer", "at": _iso(p.created_at)}
                for p in self.privacy_actions(vendor_id, customer_id)
            ],
            "exported_at": utcnow().isoformat(),
        }
        db.session.commit()
        return data

    def anonymise(self, vendor_id: int, customer_id: int, user=None) -> Customer:
        """Erase the customer's personal data on request (GDPR article 17).

        Name, e-mail and phone are replaced, addresses deleted, the login removed (every
        session ends); order statistics stay for the shop's accounts. Recorded with who
        (``user``, or None for the customer themselves) and when.
        """
        customer = self.get(vendor_id, customer_id)
        if customer.anonymised_at is not None:
            raise AlreadyAnonymised("customers.errors.already_anonymised")
        customer.name = ""
        customer.email = f"anonymised-{customer.id}@anonymised.invalid"
        customer.phone = ""
        customer.language = None
        customer.password_hash = None
        customer.email_verified_at = None
        customer.session_version += 1
        customer.anonymised_at = utcnow()
        customer.addresses.clear()
        self._record(customer, "anonymise", user)
        db.session.commit()
        return customer

    def _record(self, customer: Customer, action: str, user) -> None:
        db.session.add(
            PrivacyAction(
                vendor_id=customer.vendor_id,
                customer_id=customer.id,
                action=action,
                user_id=getattr(user, "id", None),
                actor_name=getattr(user, "email", "") if user is not None else "",
            )
        )


def address_data(address: CustomerAddress) -> dict:
    return {
        "id": address.id,
        "label": address.label,
        "name": address.name,
        "street": address.street,
        "postal_code": address.postal_code,
        "city": address.city,
        "country": address.country,
        "phone": address.phone,
        "is_default": address.is_default,
    }


customer_service = CustomerService()
