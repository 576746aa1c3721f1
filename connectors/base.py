"""The connector contract: every source kind yields normalized records or named failures.

A connector only parses. It never touches the database, the vector index or a model; the ingest
pipeline in `copilot.ingest` resolves accounts and contacts and stores what connectors yield.
"""

from __future__ import annotations

import enum
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, ClassVar, Protocol


class InteractionKind(enum.StrEnum):
    """What sort of touchpoint an interaction is."""

    EMAIL = "email"
    CALL = "call"
    MEETING = "meeting"
    NOTE = "note"
    TICKET = "ticket"
    CHAT = "chat"


class Direction(enum.StrEnum):
    """Who spoke first: the customer (inbound), us (outbound), or nobody outside (internal)."""

    INBOUND = "inbound"
    OUTBOUND = "outbound"
    INTERNAL = "internal"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class Participant:
    """A person on an interaction; role is from/to/cc/bcc/speaker/attendee/organizer/owner."""

    role: str
    email: str | None = None
    name: str | None = None


@dataclass(frozen=True)
class Utterance:
    """One speaker turn of a call or meeting transcript, with offsets in seconds when known."""

    speaker: str | None
    text: str
    start: float | None = None
    end: float | None = None


@dataclass(frozen=True)
class Attachment:
    """An attachment's facts; its text only when it is a text type we can index."""

    filename: str | None
    content_type: str
    size: int
    text: str | None = None


@dataclass(frozen=True)
class InteractionRecord:
    """One normalized interaction, ready for account resolution and indexing.

    `source` + `source_id` identify the item at its origin and must be stable across re-ingests
    (Message-ID, or a hash of file path + item position). Whoever wrote the file chose them, so the
    store keys items on (account, source, source_id): another account's item is another item.
    `content_hash` changes exactly when the indexed content changes, so re-ingesting unchanged data
    is a no-op.
    """

    source: str
    source_id: str
    kind: InteractionKind
    occurred_at: datetime
    text: str
    content_hash: str
    raw_ref: str
    direction: Direction = Direction.UNKNOWN
    subject: str | None = None
    participants: tuple[Participant, ...] = ()
    utterances: tuple[Utterance, ...] = ()
    attachments: tuple[Attachment, ...] = ()
    crm_account_id: str | None = None
    crm_contact_id: str | None = None
    thread_id: str | None = None
    metadata: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class AccountRecord:
    """An account row from a CRM export; upserted by `crm_id`.

    `provided` names the fields the export has a column for; the others keep their stored values
    (None: every field, as for records built in code). A flag left None keeps its stored value.
    """

    crm_id: str
    name: str
    domain: str | None = None
    owner: str | None = None
    team: str | None = None
    industry: str | None = None
    renewal_date: str | None = None
    language: str | None = None
    formality: str | None = None
    channel: str | None = None
    do_not_contact: bool | None = None
    raw_ref: str = ""
    metadata: dict[str, Any] = field(default_factory=dict)
    provided: frozenset[str] | None = None


@dataclass(frozen=True)
class ContactRecord:
    """A contact row from a CRM export; upserted by `crm_id`, linked to an account by CRM id.

    `provided` and a None flag mean what they mean on AccountRecord.
    """

    crm_id: str
    crm_account_id: str | None
    name: str
    email: str | None = None
    title: str | None = None
    language: str | None = None
    opted_out: bool | None = None
    raw_ref: str = ""
    metadata: dict[str, Any] = field(default_factory=dict)
    provided: frozenset[str] | None = None


@dataclass(frozen=True)
class IngestFailure:
    """An item that could not be read; `where` names the file and, when it helps, line or part."""

    where: str
    error: str


ConnectorItem = InteractionRecord | AccountRecord | ContactRecord | IngestFailure


class Connector(Protocol):
    """Reads one source kind. `read` must not raise for bad input: it yields IngestFailure."""

    name: ClassVar[str]

    def read(self, location: Path | str) -> Iterator[ConnectorItem]:
        """Yield every record (or failure) found at a path, folder or URL."""
        ...
