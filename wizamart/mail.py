"""Outgoing mail: SMTP when ``MAIL_SERVER`` is set, otherwise written to the log.

Every message is also kept in ``app.extensions["mail_outbox"]`` when ``MAIL_KEEP_SENT`` is
on (tests, demos), so a test can read the e-mail a user would have received.
"""

from __future__ import annotations

import logging
import smtplib
from dataclasses import dataclass
from email.message import EmailMessage

from flask import current_app

log = logging.getLogger("wizamart.mail")


@dataclass(frozen=True)
class SentMail:
    to: str
    subject: str
    text: str
    html: str | None = None


def send_mail(to: str, subject: str, text: str, html: str | None = None) -> SentMail:
    """Send one message; raises ``smtplib.SMTPException`` when the SMTP server refuses it."""
    config = current_app.config
    mail = SentMail(to=to, subject=subject, text=text, html=html)
    if config.get("MAIL_SERVER"):
        message = EmailMessage()
        message["From"] = config.get("MAIL_DEFAULT_SENDER", "Wizamart <no-reply@wizamart.lu>")
        message["To"], message["Subject"] = to, subject
        message.set_content(text)
        if html:
            message.add_alternative(html, subtype="html")
        with smtplib.SMTP(config["MAIL_SERVER"], int(config.get("MAIL_PORT", 25)), timeout=10) as smtp:
            if config.get("MAIL_USE_TLS"):
                smtp.starttls()
            if config.get("MAIL_USERNAME"):
                smtp.login(config["MAIL_USERNAME"], config.get("MAIL_PASSWORD", ""))
            smtp.send_message(message)
    else:
        log.info("mail to %s: %s\n%s", to, subject, text)
    if config.get("MAIL_KEEP_SENT", config.get("TESTING", False)):
        current_app.extensions.setdefault("mail_outbox", []).append(mail)
    return mail
