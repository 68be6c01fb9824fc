"""JSON shapes of the customers API."""

from __future__ import annotations

from wizamart.pagination import Page

from ..models import Customer, PrivacyAction, Segment
from ..services.customer_service import address_data, aware


def _iso(moment) -> str | None:
    return aware(moment).isoformat() if moment else None


def customer_out(customer: Customer, addresses: bool = False) -> dict:
    data = {
        "id": customer.id,
        "vendor_id": customer.vendor_id,
        "email": customer.email,
        "name": customer.name,
        "phone": customer.phone,
        "language": customer.language,
        "is_guest": customer.is_guest,
        "email_verified": customer.email_verified_at is not None,
        "registered_at": _iso(customer.registered_at),
        "created_at": _iso(customer.created_at),
        "order_count": customer.order_count,
        "total_spent_cents": customer.total_spent_cents,
        "last_order_at": _iso(customer.last_order_at),
        "anonymised_at": _iso(customer.anonymised_at),
    }
    if addresses:
        data["addresses"] = [address_data(a) for a in customer.addresses]
    return data


def privacy_action_out(action: PrivacyAction) -> dict:
    return {
        "action": action.action,
        "user_id": action.user_id,
        "by": action.actor_name,
        "at": _iso(action.created_at),
    }


def segment_out(segment: Segment, member_count: int | None = None) -> dict:
    data = {
        "id": segment.id,
        "name": segment.name,
        "rules": segment.rules,
        "updated_at": _iso(segment.updated_at),
    }
    if member_count is not None:
        data["member_count"] = member_count
    return data


def page_out(page: Page, item) -> dict:
    return {"items": [item(i) for i in page.items], **page.meta()}
