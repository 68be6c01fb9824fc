"""Shipping methods: flat rates a shop charges per country, free above an amount.

A shop lists its methods in the order it chooses (``position``, then creation). The checkout
offers the active ones that serve the shipping country, each at its price for the goods in
the cart (``price_for``: the rate, or nothing from ``free_above_cents`` on). A method a
checkout chose may be switched off or deleted later: placing then stops with a problem, and
orders keep their own snapshot of the method.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from wizamart.database import db

from ..exceptions import ShippingMethodNotFound
from ..models import ShippingMethod
from ..schemas import ShippingMethodIn

SHIPPING_VAT_RATE = 17  # percent: delivery is taxed at Luxembourg's standard rate


@dataclass(frozen=True)
class ShippingOption:
    """A method as the checkout offers it to one cart: its name in the reader's language and
    what it costs for these goods (``free``: the threshold was reached)."""

    id: int
    name: str
    rate_cents: int
    price_cents: int
    free_above_cents: int | None
    # How much more in goods would make it free (None: never free, or free already).
    missing_for_free_cents: int | None = None
    vat_rate: int = SHIPPING_VAT_RATE

    @property
    def free(self) -> bool:
        return self.price_cents == 0

    def to_dict(self) -> dict:
        return {
            "id": self.id,
            "name": self.name,
            "rate_cents": self.rate_cents,
            "price_cents": self.price_cents,
            "free": self.free,
            "free_above_cents": self.free_above_cents,
            "missing_for_free_cents": self.missing_for_free_cents,
            "vat_rate": self.vat_rate,
        }


def list_methods(vendor_id: int, active_only: bool = False) -> list[ShippingMethod]:
    """The shop's methods in their order."""
    statement = select(ShippingMethod).where(ShippingMethod.vendor_id == vendor_id)
    if active_only:
        statement = statement.where(ShippingMethod.active.is_(True))
    return list(db.session.scalars(statement.order_by(ShippingMethod.position, ShippingMethod.id)))


def get(vendor_id: int, method_id, field_name: str = "shipping_method_id") -> ShippingMethod:
    """The shop's method; ``ShippingMethodNotFound`` (404, naming the field) for another shop's."""
    method = db.session.get(ShippingMethod, method_id) if isinstance(method_id, int) else None
    if method is None or method.vendor_id != vendor_id:
        raise ShippingMethodNotFound(method_id, field_name)
    return method


def create(vendor_id: int, data: ShippingMethodIn) -> ShippingMethod:
    """Add a method to the shop."""
    method = ShippingMethod(vendor_id=vendor_id)
    _apply(method, data)
    try:
        db.session.add(method)
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    return method


def update(vendor_id: int, method_id: int, data: ShippingMethodIn) -> ShippingMethod:
    """Change a method. Checkouts that chose it see the change when they are placed."""
    try:
        method = get(vendor_id, method_id)
        _apply(method, data)
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    return method


def delete(vendor_id: int, method_id: int) -> None:
    """Remove a method. Orders keep their snapshot; open checkouts that chose it must choose again."""
    try:
        db.session.delete(get(vendor_id, method_id))
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise


def _apply(method: ShippingMethod, data: ShippingMethodIn) -> None:
    method.names = data.names
    method.countries = list(data.countries)
    method.rate_cents = data.rate_cents
    method.free_above_cents = data.free_above_cents
    method.active = data.active
    method.position = data.position


def option(method: ShippingMethod, goods_gross_cents: int, lang: str | None = None) -> ShippingOption:
    """``method`` as offered for goods worth ``goods_gross_cents``."""
    price = method.price_for(goods_gross_cents)
    missing = None
    if price and method.free_above_cents is not None:
        missing = method.free_above_cents - goods_gross_cents
    return ShippingOption(
        id=method.id,
        name=method.name(lang),
        rate_cents=method.rate_cents,
        price_cents=price,
        free_above_cents=method.free_above_cents,
        missing_for_free_cents=missing,
    )


def options_for(
    vendor_id: int, country: str | None, goods_gross_cents: int, lang: str | None = None
) -> list[ShippingOption]:
    """The active methods that deliver to ``country``, priced for the goods, in the shop's order."""
    return [
        option(method, goods_gross_cents, lang)
        for method in list_methods(vendor_id, active_only=True)
        if method.serves(country)
    ]


def serves_country(vendor_id: int, country: str | None) -> bool:
    """Whether some active method delivers to ``country``."""
    return any(method.serves(country) for method in list_methods(vendor_id, active_only=True))


def countries(vendor_id: int) -> list[str]:
    """Every country some active method delivers to, sorted."""
    return sorted({c for method in list_methods(vendor_id, active_only=True) for c in method.countries or []})


def usable(vendor_id: int, method_id: int | None, country: str | None) -> ShippingMethod | None:
    """The method, when it still exists, is active and delivers to ``country``; else None."""
    method = db.session.get(ShippingMethod, method_id) if method_id else None
    if method is None or method.vendor_id != vendor_id or not method.active or not method.serves(country):
        return None
    return method
