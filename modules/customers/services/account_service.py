"""The storefront realm: customers register, confirm their e-mail, sign in and out, reset
their password, and keep their profile and addresses.

``session["auth"]["storefront"] = {"cid": customer_id, "vid": vendor_id, "v": session_version}``:
the entry counts only in the shop that made it. Passwords are hashed with tenancy's
``hash_password`` (scrypt); unknown accounts are checked against a dummy hash, so timing
tells nothing.
"""

from __future__ import annotations

import functools
from datetime import timedelta

from flask import current_app, g, session
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import delete, func, select
from werkzeug.security import check_password_hash

from modules.tenancy.services.auth_service import hash_password
from wizamart import get_module_config
from wizamart.database import db, utcnow

from ..exceptions import (
    AddressNotFound,
    EmailNotVerified,
    EmailTaken,
    InvalidCredentials,
    InvalidLink,
    LoginThrottled,
    WrongPassword,
)
from ..models import Customer, CustomerAddress, CustomerLoginAttempt
from ..schemas import AddressIn, ProfileIn, RegisterIn
from .customer_service import REALM, aware, customer_service

VERIFY_SALT = "customers.verify-email"
RESET_SALT = "customers.password-reset"


@functools.cache
def _dummy_hash() -> str:
    return hash_password("not-a-real-password")


def _hook():
    return current_app.extensions["wizamart"].pm.hook


class AccountService:
    """A customer's own account in one shop."""

    # ------------------------------------------------------------ registering

    def register(self, vendor_id: int, data: RegisterIn) -> Customer:
        """Create the account, or give a guest of the same e-mail a password (their history is
        kept). An unconfirmed account may be registered again (the newest password wins and
        older confirmation links stop working); a confirmed one is EmailTaken.

        Announces ``on_customer_registered`` inside the unit of work, then commits.
        """
        customer = customer_service._by_email(vendor_id, data.email)
        if customer is not None and customer.password_hash and customer.email_verified_at:
            raise EmailTaken()
        if customer is None:
            customer = Customer(vendor_id=vendor_id, email=data.email)
            db.session.add(customer)
        was_guest = customer.id is not None and customer.password_hash is None
        is_new_account = customer.registered_at is None
        customer.name = data.name
        customer.language = data.language or customer.language
        customer.password_hash = hash_password(data.password)
        customer.session_version = (customer.session_version or 1) + 1
        customer.registered_at = utcnow()
        db.session.flush()
        customer.was_guest = was_guest
        if is_new_account:  # registering again before confirming is not a new account
            _hook().on_customer_registered(customer=customer)
        db.session.commit()
        return customer

    def _serializer(self, salt: str) -> URLSafeTimedSerializer:
        return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=salt)

    def verification_token(self, customer: Customer) -> str:
        return self._serializer(VERIFY_SALT).dumps(
            {"c": customer.id, "vid": customer.vendor_id, "e": customer.email, "v": customer.session_version}
        )

    def verify(self, vendor_id: int, token: str) -> Customer:
        """Confirm the e-mail address a link was sent to; InvalidLink when it is forged,
        expired, of another shop or outdated."""
        days = get_module_config("customers").verify_link_days
        customer = self._from_token(VERIFY_SALT, token, vendor_id, days * 86400)
        if customer.email_verified_at is None:
            customer.email_verified_at = utcnow()
            db.session.commit()
        return customer

    def _from_token(self, salt: str, token: str, vendor_id: int, max_age: int) -> Customer:
        try:
            data = self._serializer(salt).loads(token, max_age=max_age)
        except SignatureExpired as exc:
            raise InvalidLink("customers.errors.link_expired") from exc
        except BadSignature as exc:
            raise InvalidLink("customers.errors.link_invalid") from exc
        customer = db.session.get(Customer, data.get("c")) if isinstance(data, dict) else None
        if (
            customer is None
            or customer.vendor_id != vendor_id
            or data.get("vid") != vendor_id
            or customer.session_version != data.get("v")
            or customer.anonymised_at is not None
            or ("e" in data and customer.email != data["e"])
        ):
            raise InvalidLink("customers.errors.link_used")
        return customer

    # ------------------------------------------------------------ signing in

    def authenticate(self, vendor_id: int, email: str, password: str, address: str) -> Customer:
        """The shop's customer behind ``email``/``password``.

        Raises InvalidCredentials (guests and erased accounts have no password), LoginThrottled
        after too many failures for the account or the address, and EmailNotVerified — only
        once the password was right — while the address is unconfirmed.
        """
        email = email.strip().lower()
        self._check_throttle(vendor_id, email, address)
        customer = customer_service._by_email(vendor_id, email)
        stored = customer.password_hash if customer is not None and customer.password_hash else None
        valid = check_password_hash(stored or _dummy_hash(), password)
        if not (stored and valid and customer.anonymised_at is None):
            db.session.add(CustomerLoginAttempt(vendor_id=vendor_id, email=email, address=address))
            db.session.commit()
            raise InvalidCredentials("customers.login.invalid")
        db.session.execute(
            delete(CustomerLoginAttempt).where(
                CustomerLoginAttempt.vendor_id == vendor_id, CustomerLoginAttempt.email == email
            )
        )
        db.session.commit()
        if customer.email_verified_at is None:
            raise EmailNotVerified("customers.login.not_verified")
        return customer

    def _check_throttle(self, vendor_id: int, email: str, address: str) -> None:
        config = get_module_config("customers")
        since = utcnow() - timedelta(minutes=config.login_window_minutes)
        for column, value, limit in (
            (CustomerLoginAttempt.email, email, config.login_max_failures_per_account),
            (CustomerLoginAttempt.address, address, config.login_max_failures_per_address),
        ):
            count, oldest = db.session.execute(
                select(func.count(), func.min(CustomerLoginAttempt.created_at)).where(
                    CustomerLoginAttempt.vendor_id == vendor_id,
                    column == value,
                    CustomerLoginAttempt.created_at >= since,
                )
            ).one()
            if count >= limit:
                free_at = aware(oldest) + timedelta(minutes=config.login_window_minutes)
                raise LoginThrottled(max(1, int((free_at - utcnow()).total_seconds())))

    def start_session(self, customer: Customer) -> None:
        """Sign the customer in to this browser session, announce ``on_customer_logged_in``
        (the cart merges the guest's cart) and commit what its listeners changed."""
        self._write_session(customer)
        _hook().on_customer_logged_in(customer=customer)
        db.session.commit()

    def _write_session(self, customer: Customer) -> None:
        session.permanent = True
        auth = dict(session.get("auth", {}))
        auth[REALM] = {"cid": customer.id, "vid": customer.vendor_id, "v": customer.session_version}
        session["auth"] = auth
        g.customers_current = customer

    def end_session(self) -> None:
        auth = dict(session.get("auth", {}))
        auth.pop(REALM, None)
        session["auth"] = auth
        g.customers_current = None

    # ------------------------------------------------------------ passwords

    def by_email(self, vendor_id: int, email: str) -> Customer | None:
        """The shop's live customer with this e-mail (guests included), or None."""
        customer = customer_service._by_email(vendor_id, email.strip().lower())
        return customer if customer is not None and customer.anonymised_at is None else None

    def reset_token(self, customer: Customer) -> str:
        return self._serializer(RESET_SALT).dumps(
            {"c": customer.id, "vid": customer.vendor_id, "v": customer.session_version}
        )

    def customer_for_reset(self, vendor_id: int, token: str) -> Customer:
        minutes = get_module_config("customers").reset_link_minutes
        return self._from_token(RESET_SALT, token, vendor_id, minutes * 60)

    def reset_password(self, vendor_id: int, token: str, password: str) -> Customer:
        """Set a new password through a reset link. The link proves the mailbox, so the address
        counts as confirmed; a guest becomes a registered customer. Older sessions and links end."""
        customer = self.customer_for_reset(vendor_id, token)
        was_guest = customer.password_hash is None
        customer.password_hash = hash_password(password)
        customer.session_version += 1
        customer.email_verified_at = customer.email_verified_at or utcnow()
        if was_guest:
            customer.registered_at = utcnow()
            customer.was_guest = True
            db.session.flush()
            _hook().on_customer_registered(customer=customer)
        db.session.commit()
        return customer

    def change_password(self, customer: Customer, current: str, new: str) -> None:
        """Change the password; this session stays, every other one ends."""
        if not check_password_hash(customer.password_hash or _dummy_hash(), current):
            raise WrongPassword()
        customer.password_hash = hash_password(new)
        customer.session_version += 1
        db.session.commit()
        self._write_session(customer)  # the same person stays signed in: no new sign-in to announce

    # ------------------------------------------------------------ profile

    def update_profile(self, customer: Customer, data: ProfileIn) -> Customer:
        customer.name = data.name
        customer.phone = data.phone
        customer.language = data.language
        db.session.commit()
        return customer

    def set_language(self, customer: Customer, language: str) -> None:
        customer.language = language
        db.session.commit()

    def delete_account(self, customer: Customer, password: str) -> None:
        """The customer erases their own account (anonymised: orders' figures stay)."""
        if not check_password_hash(customer.password_hash or _dummy_hash(), password):
            raise WrongPassword("password")
        customer_service.anonymise(customer.vendor_id, customer.id, None)
        self.end_session()

    # ------------------------------------------------------------ addresses

    def addresses(self, customer: Customer) -> list[CustomerAddress]:
        return list(
            db.session.scalars(
                select(CustomerAddress)
                .where(
                    CustomerAddress.customer_id == customer.id,
                    CustomerAddress.vendor_id == customer.vendor_id,
                )
                .order_by(CustomerAddress.is_default.desc(), CustomerAddress.id)
            )
        )

    def address(self, customer: Customer, address_id: int) -> CustomerAddress:
        """One of the customer's own addresses; AddressNotFound for anyone else's."""
        address = db.session.get(CustomerAddress, address_id)
        if address is None or address.customer_id != customer.id or address.vendor_id != customer.vendor_id:
            raise AddressNotFound(address_id)
        return address

    def add_address(self, customer: Customer, data: AddressIn) -> CustomerAddress:
        """The first address is the default; ``is_default`` moves the default to the new one."""
        first = not self.addresses(customer)
        address = CustomerAddress(vendor_id=customer.vendor_id, customer_id=customer.id)
        self._fill(address, data)
        address.is_default = False
        db.session.add(address)
        db.session.flush()
        if first or data.is_default:
            self._make_default(customer, address)
        db.session.commit()
        return address

    def update_address(self, customer: Customer, address_id: int, data: AddressIn) -> CustomerAddress:
        address = self.address(customer, address_id)
        was_default = address.is_default
        self._fill(address, data)
        address.is_default = was_default  # the default moves only to another address
        if data.is_default and not was_default:
            self._make_default(customer, address)
        db.session.commit()
        return address

    def delete_address(self, customer: Customer, address_id: int) -> None:
        """Delete it; when it was the default, the oldest remaining address takes over."""
        address = self.address(customer, address_id)
        was_default = address.is_default
        db.session.delete(address)
        db.session.flush()
        if was_default:
            remaining = self.addresses(customer)
            if remaining:
                remaining[0].is_default = True
        db.session.commit()

    def set_default_address(self, customer: Customer, address_id: int) -> CustomerAddress:
        address = self.address(customer, address_id)
        self._make_default(customer, address)
        db.session.commit()
        return address

    def _make_default(self, customer: Customer, address: CustomerAddress) -> None:
        for other in self.addresses(customer):
            other.is_default = other.id == address.id

    @staticmethod
    def _fill(address: CustomerAddress, data: AddressIn) -> None:
        for name in ("label", "name", "street", "postal_code", "city", "country", "phone"):
            setattr(address, name, getattr(data, name))


account_service = AccountService()
