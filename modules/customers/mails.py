"""The mails customers receive, in their own language (else the shop's): confirm the e-mail
address, reset the password. Sent by the routes, which know the shop's URLs."""

from __future__ import annotations

from flask import render_template, url_for

from wizamart import current_vendor, t
from wizamart.mail import send_mail

from .models import Customer
from .services import account_service


def _locale(customer: Customer) -> str:
    vendor = current_vendor()
    return customer.language or (vendor.default_language if vendor is not None else None) or "en"


def send_verification(customer: Customer) -> None:
    vendor, locale = current_vendor(), _locale(customer)
    link = url_for(
        "customers.storefront_pages.verify",
        vendor_code=vendor.code,
        token=account_service.verification_token(customer),
        _external=True,
    )
    send_mail(
        customer.email,
        t("customers.mail.verify_subject", locale=locale, shop=vendor.name),
        render_template(
            "customers/emails/verify.txt", customer=customer, shop=vendor, link=link, locale=locale
        ),
    )


def send_reset(customer: Customer) -> None:
    vendor, locale = current_vendor(), _locale(customer)
    link = url_for(
        "customers.storefront_pages.reset",
        vendor_code=vendor.code,
        token=account_service.reset_token(customer),
        _external=True,
    )
    send_mail(
        customer.email,
        t("customers.mail.reset_subject", locale=locale, shop=vendor.name),
        render_template(
            "customers/emails/reset.txt", customer=customer, shop=vendor, link=link, locale=locale
        ),
    )
