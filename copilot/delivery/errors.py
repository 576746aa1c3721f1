"""Errors of the delivery step."""

from __future__ import annotations

from copilot.errors import CopilotError


class DeliveryError(CopilotError):
    """The mail server refused or could not be reached; nothing was sent, a retry is safe."""

    code = "delivery_failed"
    http_status = 502


class DeliveryDisabledError(CopilotError):
    """The chosen channel is switched off in the settings."""

    code = "delivery_disabled"
    http_status = 409
