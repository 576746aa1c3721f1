"""The ways an approved draft may leave: one list read by delivery, the API schema, the web form, the CLI.

Outside the delivery package so that reading the list loads nothing of delivery (the CLI starts light).
"""

from __future__ import annotations

from typing import Literal

from copilot.db.tables import DraftKind

Channel = Literal[
    "smtp", "eml", "record"
]  # CHANNELS and LABELS name the same ones (tests/delivery/test_channels.py)

# The kind of draft each channel delivers.
CHANNELS: dict[str, DraftKind] = {
    "smtp": DraftKind.EMAIL,
    "eml": DraftKind.EMAIL,
    "record": DraftKind.CALL_SUMMARY,
}

# What a person is offered, in the order offered: an export before a send.
LABELS: dict[Channel, str] = {
    "record": "Write back to the account record",
    "eml": "Export as .eml",
    "smtp": "Send by email (SMTP)",
}


def offered(kind: DraftKind, *, smtp_enabled: bool) -> list[Channel]:
    """The channels that deliver a draft of this kind on this deployment, in the order they are offered."""
    return [c for c in LABELS if CHANNELS[c] is kind and (c != "smtp" or smtp_enabled)]


def channel_help() -> str:
    """The channels as a command-line help text, e.g. `smtp | eml | record`."""
    return " | ".join(CHANNELS)
