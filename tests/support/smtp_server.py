"""A real SMTP server (aiosmtpd) on loopback that records what it received and can refuse on demand."""

from __future__ import annotations

import email
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.message import Message
from typing import Any

from aiosmtpd.controller import Controller

from copilot.config import Settings
from tests.support.servers import free_port


@dataclass
class Mailbox:
    """What the server accepted; set `refuse` to answer RCPT with 550."""

    messages: list[Message] = field(default_factory=list)
    recipients: list[list[str]] = field(default_factory=list)
    refuse: bool = False

    async def handle_RCPT(  # noqa: N802 - aiosmtpd's hook name
        self, server: Any, session: Any, envelope: Any, address: str, rcpt_options: list[str]
    ) -> str:
        """Accept or refuse one recipient."""
        if self.refuse:
            return "550 5.1.1 mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        """Keep the message."""
        self.messages.append(email.message_from_bytes(envelope.content))
        self.recipients.append(list(envelope.rcpt_tos))
        return "250 Message accepted for delivery"

    def with_id(self, message_id: str) -> list[Message]:
        """Received messages carrying this Message-ID."""
        return [m for m in self.messages if m["Message-ID"] == message_id]


@contextmanager
def smtp_server() -> Iterator[tuple[Mailbox, int]]:
    """Run the server for the block; yields the mailbox and port."""
    mailbox = Mailbox()
    port = free_port()
    controller = Controller(mailbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield mailbox, port
    finally:
        controller.stop()


def smtp_settings(settings: Settings, port: int) -> Settings:
    """The settings with sending switched on to the loopback server."""
    return settings.model_copy(
        update={"smtp_enabled": True, "smtp_host": "127.0.0.1", "smtp_port": port, "smtp_tls": "none"}
    )
