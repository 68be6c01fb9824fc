"""How tenancy's records look in the API."""

from __future__ import annotations

from ..models import ApiToken, Company, Invitation, Platform, User, Vendor, VendorMembership


def _time(value) -> str | None:
    return value.isoformat() if value else None


def platform_out(p: Platform) -> dict:
    return {
        "id": p.id,
        "code": p.code,
        "name": p.name,
        "domains": p.domain_names,
        "default_language": p.default_language,
        "currency": p.currency,
        "status": p.status.value,
        "status_reason": p.status_reason,
        "created_at": _time(p.created_at),
    }


def company_out(c: Company) -> dict:
    return {
        "id": c.id,
        "platform_id": c.platform_id,
        "legal_name": c.legal_name,
        "vat_number": c.vat_number,
        "rcs_number": c.rcs_number,
        "street": c.street,
        "postal_code": c.postal_code,
        "city": c.city,
        "country": c.country,
        "created_at": _time(c.created_at),
    }


def vendor_out(v: Vendor) -> dict:
    return {
        "id": v.id,
        "code": v.code,
        "name": v.name,
        "company_id": v.company_id,
        "platform_id": v.platform_id,
        "status": v.status.value,
        "status_reason": v.status_reason,
        "default_language": v.default_language,
        "custom_domain": v.custom_domain or "",
        "created_at": _time(v.created_at),
    }


def user_out(u: User) -> dict:
    return {
        "id": u.id,
        "email": u.email,
        "name": u.name,
        "is_active": u.is_active,
        "is_super_admin": u.is_super_admin,
        "platform_ids": sorted(pa.platform_id for pa in u.admin_platforms),
        "locale": u.locale,
        "last_login_at": _time(u.last_login_at),
    }


def member_out(m: VendorMembership) -> dict:
    return {"user_id": m.user_id, "email": m.user.email, "name": m.user.name, "role": m.role.value}


def invitation_out(i: Invitation) -> dict:
    return {"id": i.id, "email": i.email, "role": i.role.value, "expires_at": _time(i.expires_at)}


def token_out(tk: ApiToken) -> dict:
    return {
        "id": tk.id,
        "name": tk.name,
        "prefix": tk.prefix,
        "created_at": _time(tk.created_at),
        "expires_at": _time(tk.expires_at),
        "last_used_at": _time(tk.last_used_at),
    }


def page_out(page, serialize) -> dict:
    return {"items": [serialize(item) for item in page.items], **page.meta()}
