"""The connector registry: a source kind's name to the class that reads it."""

from __future__ import annotations

from typing import Any

from connectors.base import Connector
from connectors.crm_csv import CrmCsvConnector
from connectors.email import EmailConnector
from connectors.ics import IcsConnector
from connectors.imap import ImapConnector
from connectors.transcripts import TranscriptConnector
from copilot.errors import InvalidInputError

CONNECTORS: dict[str, type[Connector]] = {
    EmailConnector.name: EmailConnector,
    TranscriptConnector.name: TranscriptConnector,
    IcsConnector.name: IcsConnector,
    ImapConnector.name: ImapConnector,
    CrmCsvConnector.name: CrmCsvConnector,
}


def register_connector(cls: type[Connector]) -> type[Connector]:
    """Add a connector class under its `name` (usable as a decorator); a clash is an error."""
    existing = CONNECTORS.get(cls.name)
    if existing is not None and existing is not cls:
        raise ValueError(f"connector name {cls.name!r} is already registered to {existing.__name__}")
    CONNECTORS[cls.name] = cls
    return cls


def known_connectors() -> list[str]:
    """Return the registered connector names, sorted."""
    return sorted(CONNECTORS)


def get_connector(name: str, **options: Any) -> Connector:
    """Build the connector registered as `name` with its constructor options.

    Raises InvalidInputError naming the unknown kind (and listing the known ones), or the option
    the connector does not accept.
    """
    cls = CONNECTORS.get(name)
    if cls is None:
        raise InvalidInputError(
            f"unknown connector kind {name!r}; known kinds: {', '.join(known_connectors())}"
        )
    try:
        return cls(**options)
    except TypeError as exc:
        raise InvalidInputError(f"connector {name!r}: bad options {sorted(options)}: {exc}") from exc
    except ValueError as exc:
        raise InvalidInputError(f"connector {name!r}: {exc}") from exc
