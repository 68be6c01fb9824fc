"""A shop fills its storefront and customers use it: a product with variants and an image,
stock received, the product on sale in French; a customer's account; a CSV import's errors."""

from __future__ import annotations

import re

from PIL import Image
from playwright.sync_api import expect

from .conftest import PHONE
from .locales import text

BAKERY = "boulangerie-paul"  # French is the shop's language, so its title in French is required
BAKER = "paul@boulangerie-paul.lu"
BIKES = "velo-lux"
VERIFY_LINK = re.compile(r"https?://\S+/account/verify/\S+")


def test_a_vendor_creates_a_product_receives_stock_and_sees_it_on_sale_in_french(
    new_page, sign_in, screenshot, tmp_path
):
    photo = tmp_path / "tarte.png"
    Image.new("RGB", (640, 480), (214, 160, 60)).save(photo)
    page = new_page()
    sign_in(page, "vendor", BAKER)

    page.goto(f"/vendor/{BAKERY}/catalog/products/new")
    form = page.get_by_test_id("product-form")
    form.locator("#f-title_fr").fill("Tarte aux mirabelles")
    form.locator("#f-description_fr").fill("Mirabelles de Lorraine sur pâte sablée, cuite le matin.")
    form.locator("#f-vat_rate").select_option("3")
    form.locator("#f-status").select_option("active")
    form.locator("#f-option_name_1").fill("Taille")
    rows = form.locator("[data-variant-row]")
    rows.nth(0).locator("input[name$='-sku']").fill("TARTE-MIR-6")
    rows.nth(0).locator("input[name$='-price']").fill("24,50")
    rows.nth(0).locator("input[name$='-option_1']").fill("6 parts")
    form.get_by_test_id("add-variant").click()
    rows.nth(1).locator("input[name$='-sku']").fill("TARTE-MIR-8")
    rows.nth(1).locator("input[name$='-price']").fill("31,00")
    rows.nth(1).locator("input[name$='-option_1']").fill("8 parts")
    form.locator("#f-images").set_input_files(str(photo))
    screenshot(page, "vendor-product-form")
    form.get_by_test_id("save").click()
    expect(page.get_by_test_id("flash")).to_be_visible()
    expect(page.locator("h1")).to_contain_text("Tarte aux mirabelles")

    page.goto(f"/vendor/{BAKERY}/inventory/receive")
    receive = page.get_by_test_id("receive-form")
    receive.locator("#f-sku").fill("TARTE-MIR-6")
    receive.locator("#f-quantity").fill("12")
    receive.get_by_test_id("receive-submit").click()
    expect(page.get_by_test_id("flash")).to_be_visible()

    shopper = new_page(viewport=PHONE, locale="fr-LU")
    shopper.goto(f"/storefront/{BAKERY}/search?q=mirabelle")
    shopper.get_by_text("Tarte aux mirabelles").first.click()
    product = shopper.get_by_test_id("product-page")
    expect(product.locator("h1")).to_have_text("Tarte aux mirabelles")
    expect(shopper.get_by_test_id("product-price")).to_contain_text("24,50")
    expect(shopper.get_by_test_id("availability")).to_have_text(
        text("catalog.storefront.availability.in_stock", "fr")
    )
    image = product.locator("img[src*='/media/']").first
    expect(image).to_be_visible()
    assert shopper.evaluate("img => img.naturalWidth", image.element_handle()) > 0
    screenshot(shopper, "storefront-product-fr-phone")

    shopper.locator("#sf-opt-1").select_option("8 parts")  # never received: none to sell
    expect(shopper.get_by_test_id("product-price")).to_contain_text("31,00")
    sold_out = text("catalog.storefront.availability.out", "fr")
    expect(shopper.get_by_test_id("availability")).to_have_text(sold_out)
    assert shopper.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_a_customer_registers_signs_in_and_edits_an_address(new_page, live_server, screenshot):
    email = "mia.hansen@example.lu"
    password = "Velo-fueren-2026"
    page = new_page()
    page.goto(f"/storefront/{BIKES}/account/register")
    form = page.get_by_test_id("register-form")
    form.locator("#f-name").fill("Mia Hansen")
    form.locator("#f-email").fill(email)
    form.locator("#f-password").fill(password)
    form.locator("#f-password_confirm").fill(password)
    form.get_by_test_id("register-submit").click()

    mails = [mail for mail in live_server.sent_mail() if mail.to == email]
    assert len(mails) == 1, live_server.sent_mail()
    page.goto(VERIFY_LINK.search(mails[0].text).group(0))

    page.goto(f"/storefront/{BIKES}/account/login")
    login = page.get_by_test_id("login-form")
    login.locator("#f-email").fill(email)
    login.locator("#f-password").fill(password)
    login.get_by_test_id("login-submit").click()
    expect(page.get_by_test_id("shop-account")).to_have_text("Mia Hansen")

    page.goto(f"/storefront/{BIKES}/account/addresses/new")
    address = page.get_by_test_id("address-form")
    address.locator("#f-label").fill("Home")
    address.locator("#f-name").fill("Mia Hansen")
    address.locator("#f-street").fill("12, rue de Hollerich")
    address.locator("#f-postal_code").fill("1740")
    address.locator("#f-city").fill("Luxembourg")
    address.get_by_test_id("address-save").click()
    expect(page.get_by_test_id("addresses")).to_contain_text("rue de Hollerich")

    page.get_by_test_id("addresses").get_by_role("link", name=text("customers.edit")).first.click()
    edit = page.get_by_test_id("address-form")
    edit.locator("#f-street").fill("3, rue Principale")
    edit.locator("#f-postal_code").fill("5367")
    edit.locator("#f-city").fill("Schuttrange")
    edit.get_by_test_id("address-save").click()
    listing = page.get_by_test_id("addresses")
    expect(listing).to_contain_text("5367 Schuttrange")
    expect(listing).not_to_contain_text("Hollerich")
    screenshot(page, "storefront-customer-addresses")


def test_a_csv_import_with_one_bad_row_names_that_row_and_imports_nothing(
    new_page, sign_in, screenshot, tmp_path
):
    upload = tmp_path / "products.csv"
    upload.write_text(
        "handle,sku,title_fr,price,vat_rate,gtin,status\n"
        "pain-seigle,PAIN-SEIGLE,Pain de seigle,4.20,3,,active\n"
        "pain-epeautre,PAIN-EPEAUTRE,Pain d'épeautre,4.80,3,4006381333931,active\n"
        "pain-noix,PAIN-NOIX,Pain aux noix,5.10,3,4006381333932,active\n",
        encoding="utf-8",
    )
    page = new_page()
    sign_in(page, "vendor", BAKER)
    page.goto(f"/vendor/{BAKERY}/catalog/import")
    page.locator("#f-file").set_input_files(str(upload))
    page.get_by_test_id("start-import").click()

    job = page.get_by_test_id("import-job")
    expect(job).to_have_attribute("data-status", "failed")
    errors = page.get_by_test_id("import-errors")
    expect(errors.locator("li")).to_have_count(1)
    expect(errors).to_contain_text(re.compile(r"\b4\b.*gtin"))  # the header is line 1
    screenshot(page, "vendor-import-errors")

    page.goto(f"/vendor/{BAKERY}/catalog/products?q=seigle")
    expect(page.get_by_text("Pain de seigle")).to_have_count(0)
