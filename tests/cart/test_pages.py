"""The cart page and the product page's "Add to cart", as a guest uses them without JavaScript:
add, see, change, remove; stock limits; what changed since last time, told once."""

from __future__ import annotations

from modules.catalog.models import ProductStatus
from tests.tenancy.helpers import flashes, page_text
from wizamart import module_service
from wizamart.database import db

from .conftest import add, cart_rows, cart_url, lines


def product_page(client, vendor, product, **args):
    query = "&".join(f"{k}={v}" for k, v in args.items())
    return client.get(f"/storefront/{vendor.code}/p/{product['slug']}" + (f"?{query}" if query else ""))


def test_a_guest_adds_from_the_product_page_and_sees_the_cart(app, vendor, shop):
    picture = shop.builder.media(vendor, alt={"en": "The bike from the side"})
    bike = shop.product(vendor, "Gravel bike", price=129900, stock=5, images=(picture,))
    client = app.test_client()

    page = page_text(product_page(client, vendor, bike))
    assert 'data-testid="add-to-cart"' in page
    assert f'name="variant_id" value="{bike["variant"]}"' in page
    assert f'action="/storefront/{vendor.code}/cart/add"' in page
    assert 'data-testid="shop-cart"' in page and 'data-testid="shop-cart-count"' not in page

    response = add(client, vendor, bike["variant"], 2, next=f"/storefront/{vendor.code}/p/{bike['slug']}")
    assert response.status_code == 302
    assert response.location.startswith(cart_url(vendor))
    assert lines(app) == {bike["variant"]: 2}

    cart = client.get(response.location)
    text = page_text(cart)
    assert cart.status_code == 200
    assert flashes(cart) == ["Added to your cart."]
    assert "Gravel bike" in text and "€1,299.00" in text and "€2,598.00" in text
    assert 'data-testid="shop-cart-count">2<' in text
    assert "-thumb.png" in text and 'alt="The bike from the side"' in text  # the product's first picture
    assert f'href="/storefront/{vendor.code}/p/{bike["slug"]}"' in text  # continue shopping goes back
    # No checkout module in this app: no button leading nowhere.
    assert 'data-testid="checkout"' not in text

    assert add(client, vendor, bike["variant"], 1).status_code == 302  # the same line grows
    assert lines(app) == {bike["variant"]: 3}


def test_the_chosen_variant_is_the_one_added(app, vendor, shop):
    shirt = shop.product(
        vendor,
        "Jersey",
        variants=[
            {"sku": "JERSEY-S", "price_cents": 4500, "options": {"size": "S"}, "stock_available": 0},
            {"sku": "JERSEY-M", "price_cents": 4500, "options": {"size": "M"}},
        ],
    )
    small, medium = shirt["variants"]["JERSEY-S"], shirt["variants"]["JERSEY-M"]
    client = app.test_client()
    # The page picks the first available variant; asking for the sold-out one disables the button.
    assert f'name="variant_id" value="{medium}"' in page_text(product_page(client, vendor, shirt))
    page = page_text(product_page(client, vendor, shirt, variant=small))
    assert f'name="variant_id" value="{small}"' in page
    button = page.split('data-testid="add-to-cart-button"', 1)[1].split("</button>", 1)[0]
    assert " disabled" in button and "Sold out" in button

    response = add(client, vendor, small, 1)
    assert response.status_code == 409
    assert "Jersey (S) is sold out." in page_text(response)
    assert lines(app) == {}
    assert add(client, vendor, medium, 1).status_code == 302
    assert lines(app) == {medium: 1}


def test_quantities_are_checked_against_stock(app, vendor, shop):
    lamp = shop.product(vendor, "Lamp", price=2500, stock=3)
    client = app.test_client()
    response = add(client, vendor, lamp["variant"], 4)
    assert response.status_code == 409 and "Only 3 of Lamp available." in page_text(response)
    assert add(client, vendor, lamp["variant"], 2).status_code == 302
    response = add(client, vendor, lamp["variant"], 2)
    assert response.status_code == 409
    assert "Only 3 of Lamp available, and 2 are already in your cart." in page_text(response)
    assert lines(app) == {lamp["variant"]: 2}

    # Untracked stock (None) is always available, up to the most one line may hold (99).
    bell = shop.product(vendor, "Bell", price=900, stock=None)
    assert add(client, vendor, bell["variant"], 99).status_code == 302
    response = add(client, vendor, bell["variant"], 1)
    assert response.status_code == 422 and "Choose a quantity from 1 to 99." in page_text(response)


def test_bad_add_forms_are_refused_naming_the_problem(app, vendor, other_vendor, shop):
    lamp = shop.product(vendor, "Lamp", stock=3)
    theirs = shop.product(other_vendor, "Their lamp", stock=3)
    client = app.test_client()
    for data, status, text in (
        ({"variant_id": "abc", "quantity": 1}, 422, "Product:"),
        ({"quantity": 1}, 422, "Product:"),
        ({"variant_id": lamp["variant"], "quantity": "lots"}, 422, "Quantity:"),
        ({"variant_id": lamp["variant"], "quantity": 0}, 422, "Choose a quantity from 1 to 99."),
        ({"variant_id": lamp["variant"], "quantity": -2}, 422, "Choose a quantity from 1 to 99."),
        ({"variant_id": 999999, "quantity": 1}, 404, "This shop has no product variant 999999."),
        ({"variant_id": theirs["variant"], "quantity": 1}, 404, "This shop has no product variant"),
    ):
        response = client.post(cart_url(vendor, "/add"), data=data)
        assert response.status_code == status, (data, response.status_code)
        assert text in page_text(response), (data, page_text(response)[:2000])
    assert cart_rows(app) == []
    # Without the CSRF token a form is refused.
    response = client.post(cart_url(vendor, "/add"), data={"variant_id": lamp["variant"]}, csrf=False)
    assert response.status_code == 400 and lines(app) == {}


def test_drafts_and_archived_products_cannot_be_added(app, vendor, shop):
    draft = shop.product(vendor, "Prototype", stock=5, status=ProductStatus.DRAFT)
    old = shop.product(vendor, "Old model", stock=5)
    shop.archive(vendor, old["id"])
    client = app.test_client()
    for product, title in ((draft, "Prototype"), (old, "Old model")):
        response = add(client, vendor, product["variant"], 1)
        assert response.status_code == 409 and f"{title} is not on sale." in page_text(response)
    assert lines(app) == {}


def test_change_and_remove_lines(app, vendor, shop):
    lamp = shop.product(vendor, "Lamp", price=2500, stock=5)
    bell = shop.product(vendor, "Bell", price=900)
    client = app.test_client()
    add(client, vendor, lamp["variant"], 1)
    add(client, vendor, bell["variant"], 1)

    # Enter in a quantity field submits with the form's first button: it must update, not remove.
    form = page_text(client.get(cart_url(vendor))).split('data-testid="cart-form"', 1)[1]
    first_button = form.split("<button", 1)[1].split(">", 1)[0]
    assert "formaction" not in first_button and 'type="submit"' in first_button

    response = client.post(
        cart_url(vendor, "/update"),
        data={f"quantity-{lamp['variant']}": "4", f"quantity-{bell['variant']}": "1"},
    )
    assert response.status_code == 302
    assert flashes(client.get(cart_url(vendor)))[-1] == "Your cart was updated."
    assert lines(app) == {lamp["variant"]: 4, bell["variant"]: 1}

    # Too many, and not a number: each refused beside its line; the valid change is kept.
    response = client.post(
        cart_url(vendor, "/update"),
        data={f"quantity-{lamp['variant']}": "6", f"quantity-{bell['variant']}": "two"},
    )
    assert response.status_code == 422
    text = page_text(response)
    assert text.count('data-testid="line-error"') == 2
    assert "Only 5 of Lamp available." in text and "Choose a quantity from 0 to 99." in text
    assert lines(app) == {lamp["variant"]: 4, bell["variant"]: 1}

    # 0 removes a line; the remove button (formaction) removes one too.
    response = client.post(cart_url(vendor, "/update"), data={f"quantity-{bell['variant']}": "0"})
    assert response.status_code == 302
    assert lines(app) == {lamp["variant"]: 4}
    response = client.post(cart_url(vendor, f"/remove/{lamp['variant']}"))
    assert response.status_code == 302 and lines(app) == {}
    page = client.get(cart_url(vendor))
    assert flashes(page)[-1] == "Removed from your cart."
    assert "Your cart is empty" in page_text(page)
    # Removing what is not there: 404, nothing else changes.
    assert client.post(cart_url(vendor, f"/remove/{lamp['variant']}")).status_code == 404


def test_a_price_change_is_told_once_and_the_new_price_is_used(app, vendor, shop):
    lamp = shop.product(vendor, "Lamp", price=2500, stock=5)
    client = app.test_client()
    add(client, vendor, lamp["variant"], 2)
    shop.set_price(lamp["variant"], 2790)

    text = page_text(client.get(cart_url(vendor)))
    assert 'data-testid="cart-notes"' in text
    assert "The price of Lamp changed from €25.00 to €27.90." in text
    assert "€55.80" in text  # the line at today's price
    again = page_text(client.get(cart_url(vendor)))
    assert "changed from" not in again and 'data-testid="cart-notes"' not in again

    # In the customer's language, with the money written their way.
    shop.set_price(lamp["variant"], 2500)
    client.set_cookie("lang", "fr")
    text = page_text(client.get(cart_url(vendor)))
    assert "Le prix de Lamp (fr) est passé de 27,90\xa0€ à 25,00\xa0€." in text


def test_stock_falling_lowers_the_quantity_and_a_sold_out_line_goes(app, vendor, shop):
    lamp = shop.product(vendor, "Lamp", price=2500, stock=5)
    bell = shop.product(vendor, "Bell", price=900, stock=5)
    client = app.test_client()
    add(client, vendor, lamp["variant"], 4)
    add(client, vendor, bell["variant"], 1)
    shop.set_stock(vendor, lamp["variant"], 2)
    shop.set_stock(vendor, bell["variant"], 0)

    text = page_text(client.get(cart_url(vendor)))
    assert "Only 2 of Lamp are available: the quantity was lowered from 4 to 2." in text
    assert "Bell is sold out and was removed from your cart." in text
    assert lines(app) == {lamp["variant"]: 2}
    assert 'max="2"' in text
    text = page_text(client.get(cart_url(vendor)))
    assert "lowered" not in text and "sold out" not in text


def test_an_archived_or_deleted_product_leaves_the_cart_with_a_note(app, vendor, shop):
    lamp = shop.product(vendor, "Lamp", stock=5)
    bell = shop.product(vendor, "Bell", stock=5)
    client = app.test_client()
    add(client, vendor, lamp["variant"], 1)
    add(client, vendor, bell["variant"], 1)
    shop.archive(vendor, lamp["id"])
    with app.app_context():  # the vendor deletes the product outright
        from modules.catalog.models import Product

        db.session.delete(db.session.get(Product, bell["id"]))
        db.session.commit()

    text = page_text(client.get(cart_url(vendor)))
    assert "Lamp is no longer available and was removed from your cart." in text
    assert "Bell is no longer available and was removed from your cart." in text
    assert lines(app) == {}
    assert "no longer available" not in page_text(client.get(cart_url(vendor)))


def test_without_the_cart_module_the_shop_has_no_cart(app, vendor, shop):
    lamp = shop.product(vendor, "Lamp", stock=5)
    client = app.test_client()
    with app.app_context():
        module_service.disable_module(vendor.platform_id, "cart")
        db.session.commit()
    page = page_text(product_page(client, vendor, lamp))
    assert 'data-testid="add-to-cart"' not in page and 'data-testid="shop-cart"' not in page
    assert client.get(cart_url(vendor)).status_code == 404
    assert add(client, vendor, lamp["variant"], 1).status_code == 404
    assert lines(app) == {}


def test_the_checkout_button_leads_to_the_checkout_when_there_is_one(shop_factory):
    """With the checkout module loaded and enabled, the cart page's button leads to its first
    step; switched off on the platform, the button goes (and the cart stays)."""
    app, vendor, shop = shop_factory(["catalog", "cart", "payments", "orders", "checkout"])
    lamp = shop.product(vendor, "Lamp", stock=5)
    client = app.test_client()
    assert 'data-testid="checkout"' not in page_text(client.get(cart_url(vendor)))  # nothing to check out
    add(client, vendor, lamp["variant"], 1)
    page = page_text(client.get(cart_url(vendor)))
    assert 'data-testid="checkout"' in page and f'href="/storefront/{vendor.code}/checkout/"' in page
    with app.app_context():
        module_service.disable_module(vendor.platform_id, "checkout")
        db.session.commit()
    page = page_text(client.get(cart_url(vendor)))
    assert 'data-testid="checkout"' not in page and "Lamp" in page
