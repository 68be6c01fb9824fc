"""The review shows net, VAT per rate and gross to the cent — the figures of orders'
``compute_totals``, rounded per line — and the placed order records the very same."""

from __future__ import annotations

import re

from .conftest import orders_of


def figures(response) -> dict[str, str]:
    """``{testid: text}`` of the review's totals table."""
    html = response.get_data(as_text=True)
    table = html[html.index('data-testid="review-totals"') :]
    return {m[1]: m[2].strip() for m in re.finditer(r'data-testid="([\w-]+)">([^<]*)<', table)}


def test_the_review_shows_net_vat_per_rate_and_gross_to_the_cent(app, vendor, shop, ready, shopper):
    cheap = shop.product(vendor, "TUBE", 999, 17, "Inner tube")
    shopper.add(cheap, 3)  # 29.97 at 17 %: net round(2997 × 100 / 117) = 25.62, VAT 4.35
    shopper.add(ready["book"], 1)  # 4.55 at 3 %: net 4.42, VAT 0.13
    review = shopper.to_review(ready["standard"])  # 4.90 at 17 %: net 4.19, VAT 0.71
    shown = figures(review)
    assert shown["subtotal"] == "€34.52"
    assert shown["shipping"] == "€4.90"
    assert shown["total-net"] == "€34.23"  # 25.62 + 4.19 + 4.42
    assert shown["vat-17"] == "€5.06"  # 4.35 + 0.71
    assert shown["vat-3"] == "€0.13"
    assert shown["total-gross"] == "€39.42"
    text = review.get_data(as_text=True)
    assert "VAT 17 % on €29.81" in text and "VAT 3 % on €4.42" in text
    assert text.index('data-rate="17"') < text.index('data-rate="3"'), "highest rate first"

    assert shopper.place().status_code == 302
    [order] = orders_of(app, vendor)
    assert (order.subtotal_gross_cents, order.shipping_cents) == (3452, 490)
    assert (order.total_net_cents, order.total_vat_cents, order.total_gross_cents) == (3423, 519, 3942)
    assert order.vat_breakdown == {
        "17": {"net": 2981, "vat": 506, "gross": 3487},
        "3": {"net": 442, "vat": 13, "gross": 455},
    }
    lines = {line.sku: (line.line_net_cents, line.line_vat_cents) for line in order.lines}
    assert lines == {"TUBE": (2562, 435), "BOOK": (442, 13)}


def test_shipping_is_free_from_the_threshold_on(app, vendor, shop, ready, shopper):
    half = shop.product(vendor, "HALF", 2500, 17, "Half of fifty")
    shopper.add(half, 2)  # exactly 50.00: the threshold itself ships free
    shown = figures(shopper.to_review(ready["standard"]))
    assert shown["shipping"] == "Free"
    assert shown["total-gross"] == "€50.00"
    assert shown["vat-17"] == "€7.26"  # round(5000 × 100 / 117) = 42.74 net


def test_below_the_threshold_the_shipping_page_says_what_is_missing(app, vendor, shop, ready, shopper):
    almost = shop.product(vendor, "ALMOST", 4999, 17)
    shopper.add(almost)
    shopper.start()
    shopper.address()
    text = shopper.page("shipping").get_data(as_text=True)
    assert "Free from €50.00: add €0.01 more." in text
    shopper.choose_shipping(ready["standard"])
    shopper.choose_payment()
    shown = figures(shopper.page("review"))
    assert shown["shipping"] == "€4.90"
    assert shown["total-gross"] == "€54.89"


def test_the_review_speaks_the_customers_language(app, vendor, ready, shopper):
    shopper.add(ready["bike"])
    shopper.client.set_cookie("lang", "fr")
    text = shopper.to_review(ready["standard"]).get_data(as_text=True)
    assert "Vérifiez votre commande" in text
    assert "Gravel bike (fr)" in text
    assert "24,89\xa0€" in text or "24,89 €" in text  # 19.99 + 4.90
