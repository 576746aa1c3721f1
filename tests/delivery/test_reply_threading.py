"""A reply draft is delivered threaded: In-Reply-To and References name the customer's message, "Re:"."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from copilot.auth import create_user
from copilot.container import Services
from copilot.db.models import Role
from copilot.delivery import deliver
from copilot.tools.draft_email import EmailRequest, generate_email, request_email
from copilot.workflow import approve_draft
from tests.support.crm_files import QUESTION_ID, load_small_crm
from tests.support.smtp_server import Mailbox
from tests.support.worlds import scripted_model


@pytest.mark.server
def test_an_approved_reply_reaches_the_smtp_server_in_the_customers_thread(
    services: Services, mailbox: Mailbox, tmp_path: Path
) -> None:
    model = scripted_model(services)
    reply = json.dumps(
        {"subject": "Anything", "opening": "Thank you for your questions.", "next_step": "Talk soon?"}
    )
    model.queue(reply, reply)
    crm = load_small_crm(services, tmp_path)
    with services.sessions() as session, session.begin():
        rep, _ = create_user(session, name="dana", role=Role.REP, team="east", display_name="Dana Kim")
        reviewer, _ = create_user(session, name="rita", role=Role.REVIEWER)
    request = EmailRequest(
        crm.account_id, "", requested_by_id=rep.id, reply_to_interaction_id=crm.ids["question"]
    )
    draft = generate_email(services, request_email(services, request).id)
    with services.sessions() as session, session.begin():
        approve_draft(session, draft_id=draft.id, reviewer=reviewer, version=draft.version)

    result = deliver(services, draft_id=draft.id, channel="smtp", actor=rep)

    assert len(mailbox.messages) == 1 and mailbox.recipients[0] == ["greta@acme.test"]
    received = mailbox.messages[0]
    assert received["Message-ID"] == result.message_id
    assert received["In-Reply-To"] == QUESTION_ID
    assert received["References"] == QUESTION_ID
    assert received["Subject"] == "Re: Renewal questions"
    body = received.get_payload(decode=True).decode()
    assert "Dana Kim" in body and "32%" not in body
