"""Deliver an approved draft exactly once: claim (with its Message-ID) → send → record, each step persisted.

A claim is committed before the message leaves, so a retry after a crash finds it: an SMTP attempt
whose outcome is unknown is refused (409) rather than risk a second send; a refused or unreachable
server marks the attempt failed and a retry sends with the same Message-ID.
"""

from __future__ import annotations

import logging
from dataclasses import asdict, dataclass
from email.message import EmailMessage
from pathlib import PurePath
from typing import Any

from pydantic import Field
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from copilot.audit import record_event
from copilot.auth.policy import Action, ensure_allowed
from copilot.channels import CHANNELS
from copilot.container import Services
from copilot.db.models import Account, Contact, Delivery, Draft, DraftStatus, User
from copilot.delivery.errors import DeliveryDisabledError, DeliveryError
from copilot.delivery.message import build_message, new_message_id, write_eml
from copilot.delivery.record import write_back
from copilot.delivery.smtp import SmtpTransport, Transport
from copilot.errors import ConflictError, InvalidInputError
from copilot.guards.contact_policy import check_may_contact
from copilot.shapes import Shape
from copilot.tools.reply import thread_headers
from copilot.workflow import assert_deliverable, lock_draft, mark_delivered

log = logging.getLogger(__name__)


class DeliveryPublic(Shape):
    """Where a draft went; `repeated` is true when it had already gone and nothing was done now."""

    draft_id: int
    version: int
    channel: str = Field(description="smtp, eml or record")
    message_id: str
    location: str | None = Field(description="an exported file's name, or where it was sent or written")
    repeated: bool


@dataclass(frozen=True)
class DeliveryResult:
    """Where a draft went; `repeated` is True when it had already gone and nothing was done now."""

    draft_id: int
    version: int
    channel: str
    message_id: str
    location: str | None
    repeated: bool

    def public(self) -> DeliveryPublic:
        """The API shape: an exported file is named, never given as a path on the server."""
        shape = asdict(self)
        if self.channel == "eml" and self.location:
            shape["location"] = PurePath(self.location).name
        return DeliveryPublic(**shape)

    def as_json(self) -> dict[str, Any]:
        """The JSON of `public()`."""
        return self.public().model_dump(mode="json")


@dataclass(frozen=True)
class _Claim:
    draft_id: int
    delivery_id: int
    message: EmailMessage | None
    result: DeliveryResult | None = None


def _result(row: Delivery, repeated: bool) -> DeliveryResult:
    return DeliveryResult(row.draft_id, row.version, row.channel, row.message_id, row.location, repeated)


def _open(session: Session, draft_id: int, channel: str, actor: User) -> tuple[Draft, Delivery | None]:
    if channel not in CHANNELS:
        raise InvalidInputError(f"channel: {channel!r} is not one of {', '.join(CHANNELS)}")
    draft = lock_draft(session, draft_id=draft_id, actor=actor)
    ensure_allowed(actor, Action.DELIVER)
    if CHANNELS[channel] is not draft.kind:
        raise InvalidInputError(f"channel: {channel} cannot deliver a {draft.kind.value} draft")
    return draft, session.scalar(select(Delivery).where(Delivery.draft_id == draft.id))


def _claim_row(
    session: Session, draft: Draft, existing: Delivery | None, channel: str, sender: str
) -> Delivery:
    if existing is None:
        row = Delivery(draft_id=draft.id, version=draft.version, channel=channel, state="claimed", attempts=1)
        row.message_id = new_message_id(draft, sender)
        session.add(row)
        session.flush()
        return row
    if existing.state == "claimed" and "smtp" in (existing.channel, channel):
        raise ConflictError(
            f"draft {draft.id}: a send with Message-ID {existing.message_id} was started and its outcome is "
            "unknown; check the recipient's mailbox before sending again"
        )
    existing.state, existing.channel, existing.attempts = "claimed", channel, existing.attempts + 1
    return existing


def _claim(services: Services, draft_id: int, channel: str, actor: User) -> _Claim:
    settings = services.settings
    with services.sessions() as session, session.begin():
        draft, existing = _open(session, draft_id, channel, actor)
        if existing is not None and existing.state == "done":
            return _Claim(draft.id, existing.id, None, _result(existing, repeated=True))
        assert_deliverable(session, draft)
        contact = session.get(Contact, draft.contact_id) if draft.contact_id else None
        check_may_contact(session.get_one(Account, draft.account_id), contact)
        if channel == "smtp" and (contact is None or not contact.email):
            raise InvalidInputError(f"contact: draft {draft.id} has no contact with an email address")
        row = _claim_row(session, draft, existing, channel, settings.smtp_from)
        row.actor_id, row.recipient = actor.id, contact.email if contact else None
        thread = thread_headers(
            session, account_id=draft.account_id, interaction_id=draft.reply_to_interaction_id
        )
        message = build_message(
            draft, contact, sender=settings.smtp_from, message_id=row.message_id, thread=thread
        )
        return _Claim(draft.id, row.id, message)


def _finish(services: Services, claim: _Claim, location: str | None, actor: User) -> DeliveryResult:
    with services.sessions() as session, session.begin():
        draft = lock_draft(session, draft_id=claim.draft_id)
        row = session.get_one(Delivery, claim.delivery_id)
        if row.state == "done":
            return _result(row, repeated=True)
        row.state, row.location, row.error = "done", location, None
        target = DraftStatus.SENT if row.channel == "smtp" else DraftStatus.EXPORTED
        mark_delivered(session, draft=draft, target=target, actor_id=actor.id, ref=row.message_id)
        return _result(row, repeated=False)


def _fail(services: Services, claim: _Claim, error: DeliveryError, actor: User) -> None:
    with services.sessions() as session, session.begin():
        draft = lock_draft(session, draft_id=claim.draft_id)
        row = session.get_one(Delivery, claim.delivery_id)
        row.state, row.error = "failed", str(error)
        record_event(
            session,
            "delivery.failed",
            actor_id=actor.id,
            account_id=draft.account_id,
            draft_id=draft.id,
            data={"channel": row.channel, "message_id": row.message_id, "error": str(error)},
        )


def _write_back(services: Services, draft_id: int, actor: User) -> DeliveryResult:
    with services.sessions() as session, session.begin():
        draft, existing = _open(session, draft_id, "record", actor)
        if existing is not None and existing.state == "done":
            return _result(existing, repeated=True)
        assert_deliverable(session, draft)
        note = write_back(session, draft)
        row = Delivery(draft_id=draft.id, version=draft.version, channel="record", state="done", attempts=1)
        row.message_id = new_message_id(draft, services.settings.smtp_from)
        row.location, row.actor_id = f"interaction:{note.id}", actor.id
        session.add(row)
        mark_delivered(session, draft=draft, target=DraftStatus.EXPORTED, actor_id=actor.id, ref=row.location)
        result, note_id = _result(row, repeated=False), note.id
    _index(services, note_id)
    return result


def _index(services: Services, interaction_id: int) -> None:
    from copilot.ingest.indexer import VectorSync

    try:
        VectorSync(services.sessions, services.embeddings, services.vector_index).sync([interaction_id])
    except Exception:  # the note is stored and marked pending; the next ingest run indexes it
        log.exception("write-back note %s stored but not indexed yet", interaction_id)


def deliver(
    services: Services, *, draft_id: int, channel: str, actor: User, transport: Transport | None = None
) -> DeliveryResult:
    """Send (smtp), export (eml) or write back (record) an approved draft; a repeat does nothing new."""
    if channel == "record":
        return _write_back(services, draft_id, actor)
    if channel == "smtp" and not services.settings.smtp_enabled:
        raise DeliveryDisabledError(
            "channel smtp: sending is off (COPILOT_SMTP_ENABLED=false); export as eml"
        )
    try:
        claim = _claim(services, draft_id, channel, actor)
    except IntegrityError:
        raise ConflictError(f"draft {draft_id}: another delivery is under way") from None
    if claim.result is not None:
        return claim.result
    assert claim.message is not None
    location: str | None = None
    try:
        if channel == "smtp":
            (transport or SmtpTransport(services.settings)).send(claim.message)
        else:
            location = str(write_eml(claim.message, services.settings.resolved_export_dir))
    except DeliveryError as exc:
        _fail(services, claim, exc, actor)
        raise
    return _finish(services, claim, location, actor)
