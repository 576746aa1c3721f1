"""Plain data types shared by the sample generator's planning, rendering and writing steps."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Literal

OUR_DOMAIN = "northwind-analytics.com"
OUR_COMPANY = "Northwind Analytics"

Side = Literal["us", "them"]


@dataclass(frozen=True)
class Rep:
    """One of our account executives (or a colleague who joins calls)."""

    username: str
    first: str
    last: str
    team: str
    title: str
    phone: str
    gender: str

    @property
    def name(self) -> str:
        """Full display name."""
        return f"{self.first} {self.last}"

    @property
    def email(self) -> str:
        """Mailbox at our domain."""
        return f"{self.username}@{OUR_DOMAIN}"


@dataclass
class Contact:
    """A person at a customer account."""

    crm_id: str
    first: str
    last: str
    gender: str
    email: str
    title: str
    language: str
    phone: str
    opted_out: bool = False

    @property
    def name(self) -> str:
        """Full display name."""
        return f"{self.first} {self.last}"


@dataclass
class Account:
    """A customer company with its owner rep, preferences and contacts."""

    crm_id: str
    name: str
    slug: str
    domain: str
    industry: str
    team: str
    owner: Rep
    language: str
    formality: str
    channel: str
    currency: str
    do_not_contact: bool
    renewal_date: date
    seats: int
    contacts: list[Contact] = field(default_factory=list)

    @property
    def mbox_path(self) -> str:
        """Relative path of this account's mbox."""
        return f"mail/{self.slug}.mbox"


@dataclass
class Plant:
    """A sentence that must appear verbatim in one interaction; facts and injections are plants.

    `host` names the kind of interaction that carries it: email_in, email_out, call, meeting, note,
    ticket or eml_latin1. The builders fill `source` and `source_ref` once the sentence is placed.
    """

    key: str
    kind: str
    account_crm_id: str
    host: str
    side: Side
    text: str = ""
    value: str = ""
    question: str = ""
    owner: str = ""
    due: date | None = None
    action: str = ""
    slot: tuple[int, int] = (-1, -1)
    at: datetime | None = None
    source: str = ""
    source_ref: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class ActionItem:
    """An action item agreed on a call; `owner` is a person's display name."""

    owner: str
    action: str
    due: date | None
    sentence: str


@dataclass
class Turn:
    """One speaker turn in a transcript."""

    speaker: str
    text: str
    start: float = 0.0
    end: float = 0.0


@dataclass
class Call:
    """A rendered call transcript."""

    path: str
    account_crm_id: str
    occurred_at: datetime
    turns: list[Turn]
    action_items: list[ActionItem]


@dataclass
class Meeting:
    """A rendered calendar invite."""

    path: str
    uid: str
    account_crm_id: str
    start: datetime
    end: datetime
    summary: str
    description: str
    organizer: Rep
    attendees: list[tuple[str, str]]
    location: str


@dataclass
class Activity:
    """A rendered CRM note or ticket row."""

    activity_id: str
    kind: str
    occurred_at: datetime
    account_crm_id: str
    contact_crm_id: str
    subject: str
    body: str


@dataclass
class Mail:
    """A rendered email before it becomes a MIME message."""

    message_id: str
    sender: tuple[str, str]
    to: list[tuple[str, str]]
    cc: list[tuple[str, str]]
    sent_at: datetime
    subject: str
    body: str
    in_reply_to: str | None = None
    references: list[str] = field(default_factory=list)
    inbound: bool = True
