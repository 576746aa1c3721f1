"""Fixtures of the delivery tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from copilot.container import Services
from tests.support.smtp_server import Mailbox, smtp_server, smtp_settings


@pytest.fixture
def mailbox(services: Services) -> Iterator[Mailbox]:
    """A real SMTP server on loopback, with the services' settings pointed at it."""
    with smtp_server() as (box, port):
        services.settings = smtp_settings(services.settings, port)
        yield box
