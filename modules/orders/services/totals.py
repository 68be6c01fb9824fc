"""Order totals — the one source of truth for checkout's review page and for placing an order.

Money is integer cents (EUR). Catalog prices are GROSS: VAT is included, ``vat_rate`` is a percent
(Luxembourg: 17, 14, 8 or 3). The rounding is done once per line, never on sums:

* a line's gross is ``unit_price_cents × quantity`` (exact);
* its net is ``round_half_up(gross × 100 / (100 + rate))`` — computed in integers, so no float
  ever decides a cent — and its VAT is ``gross − net``;
* shipping is one more "line" (its gross rate, at 17 % unless the shipping method says otherwise);
* per rate, the breakdown sums the lines' net, VAT and gross; the totals sum the lines.

So ``total_net + total_vat == total_gross == subtotal_gross + shipping`` always holds to the cent,
and each line's figures printed on an invoice add up to the totals printed under them.

Example: 3 × 9.99 at 17 % is 29.97 gross → net round(2997 × 100 / 117) = 2561.54… → 25.62, VAT 4.35.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from ..schemas import SHIPPING_VAT_RATE, VAT_RATES

__all__ = ["VAT_RATES", "LineTotals", "Totals", "compute_totals", "net_of", "round_half_up_div"]


def round_half_up_div(numerator: int, denominator: int) -> int:
    """``numerator / denominator`` rounded half away from zero, in integers (denominator > 0)."""
    if numerator < 0:
        return -round_half_up_div(-numerator, denominator)
    return (2 * numerator + denominator) // (2 * denominator)


def net_of(gross_cents: int, vat_rate: int) -> int:
    """The net of a gross amount at ``vat_rate`` percent: ``round_half_up(gross × 100 / (100 + rate))``."""
    return round_half_up_div(gross_cents * 100, 100 + vat_rate)


@dataclass(frozen=True)
class LineTotals:
    """One line's figures (a product line or the shipping)."""

    vat_rate: int
    gross_cents: int
    net_cents: int
    vat_cents: int

    @classmethod
    def of(cls, gross_cents: int, vat_rate: int) -> LineTotals:
        net = net_of(gross_cents, vat_rate)
        return cls(vat_rate=vat_rate, gross_cents=gross_cents, net_cents=net, vat_cents=gross_cents - net)


@dataclass(frozen=True)
class Totals:
    """What an order costs: per line, per VAT rate, and in all.

    ``vat_breakdown`` maps the rate as a string (``"17"``, as JSON stores it) to
    ``{"net": …, "vat": …, "gross": …}`` in cents, highest rate first.
    """

    lines: list[LineTotals]
    shipping: LineTotals | None
    subtotal_gross_cents: int
    shipping_cents: int
    vat_breakdown: dict[str, dict[str, int]] = field(default_factory=dict)
    total_net_cents: int = 0
    total_vat_cents: int = 0
    total_gross_cents: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {
            "lines": [
                {
                    "vat_rate": x.vat_rate,
                    "gross_cents": x.gross_cents,
                    "net_cents": x.net_cents,
                    "vat_cents": x.vat_cents,
                }
                for x in self.lines
            ],
            "subtotal_gross_cents": self.subtotal_gross_cents,
            "shipping_cents": self.shipping_cents,
            "vat_breakdown": {rate: dict(sums) for rate, sums in self.vat_breakdown.items()},
            "total_net_cents": self.total_net_cents,
            "total_vat_cents": self.total_vat_cents,
            "total_gross_cents": self.total_gross_cents,
        }


def _value(item: Any, name: str, default: Any = None) -> Any:
    if isinstance(item, Mapping):
        return item.get(name, default)
    return getattr(item, name, default)


def _whole(value: Any, name: str) -> int:
    # bool is an int in Python; a True quantity is a caller's bug, not one unit.
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"{name} must be a whole number of cents/units, not {value!r}")
    return value


def compute_totals(lines: Iterable[Any], shipping: Any | None = None) -> Totals:
    """Totals of ``lines`` plus ``shipping``, rounded per line (see the module docstring).

    ``lines``: objects or mappings with ``unit_price_cents`` (gross), ``quantity`` and
    ``vat_rate`` (percent) — ``OrderLineIn``, a cart's lines, plain dicts.
    ``shipping``: an object or mapping with ``rate_cents`` (gross) and optionally ``vat_rate``
    (default 17), or ``None`` for no shipping.
    Raises ``ValueError`` for a negative or fractional amount, a quantity below 1 or a VAT rate
    outside 0–100 (the schemas check these first and name the field).
    """
    line_totals = []
    for item in lines:
        unit = _whole(_value(item, "unit_price_cents"), "unit_price_cents")
        quantity = _whole(_value(item, "quantity"), "quantity")
        rate = _whole(_value(item, "vat_rate"), "vat_rate")
        if unit < 0 or quantity < 1 or not 0 <= rate <= 100:
            raise ValueError(f"invalid line: unit {unit}, quantity {quantity}, VAT {rate} %")
        line_totals.append(LineTotals.of(unit * quantity, rate))
    shipping_totals = None
    if shipping is not None:
        rate_cents = _whole(_value(shipping, "rate_cents"), "rate_cents")
        rate = _whole(_value(shipping, "vat_rate", SHIPPING_VAT_RATE), "vat_rate")
        if rate_cents < 0 or not 0 <= rate <= 100:
            raise ValueError(f"invalid shipping: {rate_cents} cents at {rate} %")
        shipping_totals = LineTotals.of(rate_cents, rate)

    breakdown: dict[int, dict[str, int]] = {}
    for entry in [*line_totals, *([shipping_totals] if shipping_totals else [])]:
        sums = breakdown.setdefault(entry.vat_rate, {"net": 0, "vat": 0, "gross": 0})
        sums["net"] += entry.net_cents
        sums["vat"] += entry.vat_cents
        sums["gross"] += entry.gross_cents
    ordered = {str(rate): breakdown[rate] for rate in sorted(breakdown, reverse=True)}
    return Totals(
        lines=line_totals,
        shipping=shipping_totals,
        subtotal_gross_cents=sum(x.gross_cents for x in line_totals),
        shipping_cents=shipping_totals.gross_cents if shipping_totals else 0,
        vat_breakdown=ordered,
        total_net_cents=sum(s["net"] for s in ordered.values()),
        total_vat_cents=sum(s["vat"] for s in ordered.values()),
        total_gross_cents=sum(s["gross"] for s in ordered.values()),
    )
