"""Delivery of approved drafts: SMTP, .eml export, or write-back to the account's record; idempotent."""

from copilot.channels import CHANNELS
from copilot.delivery.errors import DeliveryDisabledError, DeliveryError
from copilot.delivery.service import DeliveryResult, deliver
from copilot.delivery.smtp import SmtpTransport, Transport

__all__ = [
    "CHANNELS",
    "DeliveryDisabledError",
    "DeliveryError",
    "DeliveryResult",
    "SmtpTransport",
    "Transport",
    "deliver",
]
