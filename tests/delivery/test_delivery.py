"""Delivery after approval: a real SMTP server receives exactly one message; .eml export; write-back."""

from __future__ import annotations

from email.message import EmailMessage

import pytest
from sqlalchemy import select

from copilot.db.models import AuditEvent, Contact, Delivery, Draft, DraftKind, DraftStatus, Interaction
from copilot.delivery import DeliveryDisabledError, DeliveryError, SmtpTransport, deliver
from copilot.errors import ConflictError, InvalidInputError, PermissionDeniedError, PolicyRefusal
from copilot.workflow import approve_draft, complete_generation, open_draft
from tests.support.smtp_server import Mailbox
from tests.support.worlds import World


def _approved(world: World, body: str = "Hello, about your renewal [1]. Best regards") -> int:
    draft_id = world.draft(body=body)
    with world.services.sessions() as session, session.begin():
        approve_draft(session, draft_id=draft_id, reviewer=world.users["reviewer_east"], version=1)
    return draft_id


@pytest.mark.server
def test_smtp_sends_the_approved_version_once_and_a_retry_sends_nothing(
    world: World, mailbox: Mailbox
) -> None:
    draft_id = _approved(world, body="Dear buyer, the renewal stands at EUR 48,000 [1].")
    first = deliver(world.services, draft_id=draft_id, channel="smtp", actor=world.users["rep_east"])
    again = deliver(world.services, draft_id=draft_id, channel="smtp", actor=world.users["rep_east"])

    assert len(mailbox.messages) == 1
    received = mailbox.messages[0]
    assert received["Message-ID"] == first.message_id == again.message_id
    assert received["Subject"] == "Your renewal" and mailbox.recipients[0] == ["buyer@east.example"]
    payload = received.get_payload(decode=True).decode()
    # The letter goes out; its evidence does not: no citation markers, no record dates.
    assert "EUR 48,000" in payload and "[1]" not in payload and "(2026-" not in payload
    assert received["X-Copilot-Draft"] == f"{draft_id}; version=1"
    assert not first.repeated and again.repeated
    with world.services.sessions() as session:
        draft = session.get_one(Draft, draft_id)
        sent_events = session.scalars(select(AuditEvent).where(AuditEvent.event == "draft.sent")).all()
    assert draft.status is DraftStatus.SENT and draft.delivery_ref == first.message_id
    assert len(sent_events) == 1 and sent_events[0].actor_id == world.users["rep_east"].id


@pytest.mark.server
def test_a_refused_send_can_be_retried_and_then_goes_once_with_the_same_message_id(
    world: World, mailbox: Mailbox
) -> None:
    draft_id = _approved(world)
    mailbox.refuse = True
    with pytest.raises(DeliveryError, match="did not accept"):
        deliver(world.services, draft_id=draft_id, channel="smtp", actor=world.users["rep_east"])
    with world.services.sessions() as session:
        failed = session.scalars(select(Delivery)).one()
        assert failed.state == "failed" and session.get_one(Draft, draft_id).status is DraftStatus.APPROVED
        message_id = failed.message_id
    mailbox.refuse = False
    result = deliver(world.services, draft_id=draft_id, channel="smtp", actor=world.users["rep_east"])
    deliver(world.services, draft_id=draft_id, channel="smtp", actor=world.users["rep_east"])
    assert (
        result.message_id == message_id
        and len(mailbox.with_id(message_id)) == 1
        and len(mailbox.messages) == 1
    )


class _CrashAfterSending(SmtpTransport):
    """The real transport, but the process 'dies' right after the server accepted the message."""

    def send(self, message: EmailMessage) -> None:
        super().send(message)
        raise KeyboardInterrupt("crash after send")


@pytest.mark.server
def test_a_send_whose_outcome_is_unknown_is_never_repeated(world: World, mailbox: Mailbox) -> None:
    draft_id = _approved(world)
    with pytest.raises(KeyboardInterrupt):
        deliver(
            world.services,
            draft_id=draft_id,
            channel="smtp",
            actor=world.users["rep_east"],
            transport=_CrashAfterSending(world.services.settings),
        )
    with pytest.raises(ConflictError, match="outcome is unknown"):
        deliver(world.services, draft_id=draft_id, channel="smtp", actor=world.users["rep_east"])
    assert len(mailbox.messages) == 1


@pytest.mark.server
def test_nothing_leaves_before_approval(world: World, mailbox: Mailbox) -> None:
    draft_id = world.draft()
    with pytest.raises(ConflictError, match="only an approved draft"):
        deliver(world.services, draft_id=draft_id, channel="smtp", actor=world.users["reviewer_east"])
    assert mailbox.messages == []


@pytest.mark.server
def test_managers_may_not_send_and_other_teams_see_nothing(world: World, mailbox: Mailbox) -> None:
    draft_id = _approved(world)
    with pytest.raises(PermissionDeniedError):
        deliver(world.services, draft_id=draft_id, channel="smtp", actor=world.users["manager_east"])
    with pytest.raises(Exception, match="not found"):
        deliver(world.services, draft_id=draft_id, channel="smtp", actor=world.users["rep_west"])
    assert mailbox.messages == []


@pytest.mark.server
def test_an_opt_out_after_approval_still_stops_the_send(world: World, mailbox: Mailbox) -> None:
    draft_id = _approved(world)
    with world.services.sessions() as session, session.begin():
        contact_id = session.get_one(Draft, draft_id).contact_id
        session.get_one(Contact, contact_id).opted_out = True
    with pytest.raises(PolicyRefusal, match="opted out"):
        deliver(world.services, draft_id=draft_id, channel="smtp", actor=world.users["rep_east"])
    assert mailbox.messages == []


def test_smtp_is_off_by_default(world: World) -> None:
    draft_id = _approved(world)
    assert world.services.settings.smtp_enabled is False
    with pytest.raises(DeliveryDisabledError, match="COPILOT_SMTP_ENABLED"):
        deliver(world.services, draft_id=draft_id, channel="smtp", actor=world.users["rep_east"])


def test_eml_export_writes_one_file_and_a_repeat_rewrites_nothing(world: World) -> None:
    # The model's text survives as the next step only if it asks the customer something.
    draft_id = _approved(world, body="Dear buyer, shall we meet soon [1]?")
    first = deliver(world.services, draft_id=draft_id, channel="eml", actor=world.users["rep_east"])
    again = deliver(world.services, draft_id=draft_id, channel="eml", actor=world.users["rep_east"])
    files = list(world.services.settings.resolved_export_dir.glob("*.eml"))
    assert [str(f) for f in files] == [first.location] and again.repeated and again.location == first.location
    text = files[0].read_text()
    assert (
        f"Message-ID: {first.message_id}" in text
        and "Dear buyer, shall we meet soon?" in text
        and "[1]" not in text
    )
    with world.services.sessions() as session:
        assert session.get_one(Draft, draft_id).status is DraftStatus.EXPORTED


def test_an_approved_call_summary_is_written_to_the_account_record_once(world: World) -> None:
    services = world.services
    with services.sessions() as session, session.begin():
        draft = open_draft(
            session,
            kind=DraftKind.CALL_SUMMARY,
            account_id=world.accounts["east"],
            contact_id=None,
            purpose="summary of the renewal call",
            instructions=None,
            requested_by_id=world.users["rep_east"].id,
        )
        complete_generation(
            session, draft, subject="Renewal call", body="Buyer agreed to renew at EUR 48,000."
        )
        draft_id = draft.id
    with services.sessions() as session, session.begin():
        approve_draft(session, draft_id=draft_id, reviewer=world.users["reviewer_east"], version=1)
    with pytest.raises(InvalidInputError, match="channel: eml cannot deliver a call_summary"):
        deliver(services, draft_id=draft_id, channel="eml", actor=world.users["rep_east"])
    first = deliver(services, draft_id=draft_id, channel="record", actor=world.users["rep_east"])
    again = deliver(services, draft_id=draft_id, channel="record", actor=world.users["rep_east"])
    with services.sessions() as session:
        notes = session.scalars(select(Interaction).where(Interaction.source == "copilot")).all()
    assert len(notes) == 1 and again.repeated and first.location == f"interaction:{notes[0].id}"
    assert (
        notes[0].account_id == world.accounts["east"]
        and notes[0].text == "Buyer agreed to renew at EUR 48,000."
    )
    assert notes[0].kind == "note" and notes[0].index_state == "indexed"
