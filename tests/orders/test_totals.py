"""compute_totals to the cent: gross prices, VAT rounded half up once per line, shipping as one
more line at 17 %, a breakdown per rate, and sums that always add up."""

from __future__ import annotations

import itertools
import random

import pytest

from modules.orders.schemas import OrderLineIn, ShippingIn
from modules.orders.services.totals import compute_totals, net_of, round_half_up_div


def line(unit: int, quantity: int, rate: int) -> OrderLineIn:
    return OrderLineIn(product_title="x", unit_price_cents=unit, quantity=quantity, vat_rate=rate)


def test_one_line_at_17_percent():
    totals = compute_totals([line(999, 3, 17)])
    # 29.97 gross: 2997 × 100 / 117 = 2561.54 → 25.62 net, 4.35 VAT
    assert (totals.total_gross_cents, totals.total_net_cents, totals.total_vat_cents) == (2997, 2562, 435)
    assert totals.vat_breakdown == {"17": {"net": 2562, "vat": 435, "gross": 2997}}
    assert totals.shipping is None and totals.shipping_cents == 0


def test_mixed_rates_with_shipping():
    totals = compute_totals(
        [line(129_900, 1, 17), line(450, 4, 3), line(1_295, 2, 8), line(2_599, 1, 14)],
        ShippingIn(name="POST", rate_cents=590),
    )
    # Per line: 1299.00 @17 → net 1110.26 (129900×100/117 = 111025.64…), VAT 188.74
    #           18.00 @3 → net 17.48 (1800×100/103 = 1747.57…), VAT 0.52
    #           25.90 @8 → net 23.98 (2590×100/108 = 2398.15…), VAT 1.92
    #           25.99 @14 → net 22.80 (2599×100/114 = 2279.82…), VAT 3.19
    # Shipping  5.90 @17 → net 5.04 (590×100/117 = 504.27…), VAT 0.86
    assert [(x.net_cents, x.vat_cents) for x in totals.lines] == [
        (111_026, 18_874),
        (1_748, 52),
        (2_398, 192),
        (2_280, 319),
    ]
    assert (totals.shipping.net_cents, totals.shipping.vat_cents) == (504, 86)
    assert totals.vat_breakdown == {
        "17": {"net": 111_530, "vat": 18_960, "gross": 130_490},
        "14": {"net": 2_280, "vat": 319, "gross": 2_599},
        "8": {"net": 2_398, "vat": 192, "gross": 2_590},
        "3": {"net": 1_748, "vat": 52, "gross": 1_800},
    }
    assert list(totals.vat_breakdown) == ["17", "14", "8", "3"], "highest rate first"
    assert totals.subtotal_gross_cents == 136_889
    assert totals.shipping_cents == 590
    assert totals.total_gross_cents == 137_479
    assert totals.total_net_cents == 117_956
    assert totals.total_vat_cents == 19_523


def test_rounding_is_per_line_not_on_the_sum():
    # Each 0.05 line at 17 %: 5 × 100 / 117 = 4.27 → net 4, VAT 1. Ten lines: net 40, VAT 10 —
    # the sum's own rounding (50 × 100 / 117 = 42.7 → 43) would differ: per line is the rule.
    totals = compute_totals([line(5, 1, 17) for _ in range(10)])
    assert (totals.total_net_cents, totals.total_vat_cents) == (40, 10)


def test_half_cents_round_up():
    assert round_half_up_div(5, 2) == 3
    assert round_half_up_div(7, 2) == 4
    assert round_half_up_div(-5, 2) == -3
    # 103 × 100 / 103 = 100 exactly; 206 / 4 = 51.5 → 52
    assert net_of(103, 3) == 100
    assert round_half_up_div(206, 4) == 52
    # A gross whose net lands on exactly half a cent: 1.17 × 50 = 58.5 → 59
    assert net_of(5850, 17) == 5000
    assert round_half_up_div(11_700, 200) == 59


def test_free_shipping_is_a_zero_line_and_mappings_work_too():
    totals = compute_totals([{"unit_price_cents": 1000, "quantity": 1, "vat_rate": 8}], {"rate_cents": 0})
    assert totals.vat_breakdown == {
        "8": {"net": 926, "vat": 74, "gross": 1000},
        "17": {"net": 0, "vat": 0, "gross": 0},
    }
    assert totals.total_gross_cents == 1000


def test_sums_always_add_up():
    rng = random.Random(20260501)
    for _ in range(300):
        lines = [
            line(rng.randint(0, 50_000), rng.randint(1, 12), rng.choice((17, 14, 8, 3)))
            for _ in range(rng.randint(1, 6))
        ]
        totals = compute_totals(lines, ShippingIn(name="x", rate_cents=rng.randint(0, 2_000)))
        assert totals.total_net_cents + totals.total_vat_cents == totals.total_gross_cents
        assert totals.total_gross_cents == totals.subtotal_gross_cents + totals.shipping_cents
        for figures in itertools.chain(totals.lines, [totals.shipping]):
            assert figures.net_cents + figures.vat_cents == figures.gross_cents
            assert (
                abs(figures.net_cents * (100 + figures.vat_rate) - figures.gross_cents * 100)
                <= (100 + figures.vat_rate) // 2
            )


@pytest.mark.parametrize(
    "bad",
    [
        {"unit_price_cents": -1, "quantity": 1, "vat_rate": 17},
        {"unit_price_cents": 100, "quantity": 0, "vat_rate": 17},
        {"unit_price_cents": 1.5, "quantity": 1, "vat_rate": 17},
        {"unit_price_cents": 100, "quantity": True, "vat_rate": 17},
        {"unit_price_cents": 100, "quantity": 1, "vat_rate": 170},
    ],
)
def test_nonsense_is_refused(bad):
    with pytest.raises(ValueError):
        compute_totals([bad])


def test_to_dict_is_json_ready():
    data = compute_totals([line(999, 1, 17)], ShippingIn(name="x", rate_cents=500)).to_dict()
    assert data["total_gross_cents"] == 1499
    assert data["vat_breakdown"]["17"]["gross"] == 1499
