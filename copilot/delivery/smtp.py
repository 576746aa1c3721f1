"""Send a message through an SMTP server (plain, STARTTLS or implicit TLS, optional login)."""

from __future__ import annotations

import contextlib
import smtplib
import ssl
from email.message import EmailMessage
from typing import Protocol

from copilot.config import Settings
from copilot.delivery.errors import DeliveryError


class Transport(Protocol):
    """Something that hands a message to a mail server or raises DeliveryError when it did not."""

    def send(self, message: EmailMessage) -> None:
        """Deliver one message; DeliveryError means the server did not accept it."""


class SmtpTransport:
    """smtplib with the settings' host, port, TLS mode and credentials."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    def _connect(self) -> smtplib.SMTP:
        s = self.settings
        if s.smtp_tls == "ssl":
            return smtplib.SMTP_SSL(
                s.smtp_host, s.smtp_port, timeout=s.smtp_timeout_seconds, context=ssl.create_default_context()
            )
        client = smtplib.SMTP(s.smtp_host, s.smtp_port, timeout=s.smtp_timeout_seconds)
        if s.smtp_tls == "starttls":
            client.starttls(context=ssl.create_default_context())
        return client

    def send(self, message: EmailMessage) -> None:
        """Send, or raise DeliveryError naming the server; a failure after acceptance is not an error."""
        s = self.settings
        where = f"{s.smtp_host}:{s.smtp_port}"
        try:
            client = self._connect()
        except (OSError, smtplib.SMTPException) as exc:
            raise DeliveryError(f"SMTP server {where}: cannot connect ({exc})") from exc
        try:
            if s.smtp_user:
                password = s.smtp_password.get_secret_value() if s.smtp_password else ""
                client.login(s.smtp_user, password)
            client.send_message(message)
        except (OSError, smtplib.SMTPException) as exc:
            raise DeliveryError(f"SMTP server {where} did not accept the message ({exc})") from exc
        finally:
            # The message was accepted (or refused) before QUIT; a failing QUIT does not change that.
            with contextlib.suppress(OSError, smtplib.SMTPException):
                client.quit()
