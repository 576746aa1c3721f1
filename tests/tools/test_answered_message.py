"""The reviewer of a reply sees the message it answers: who wrote it, when, how long they have waited,
and what they asked; a draft that is no reply, or whose message is gone, shows none."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from copilot.answered_message import answered_message, describe
from copilot.cli.app import app
from copilot.container import Services
from copilot.db.models import Interaction
from copilot.tools.draft_email import EmailRequest, generate_email, request_email
from tests.support.crm_files import load_small_crm
from tests.support.worlds import scripted_model

ASKS = [
    "Could you confirm the price of the renewal quote for next year?",
    "Also, when will the Salesforce connector be available?",
]


def test_the_message_is_shown_with_its_sender_day_wait_and_asks(services: Services, tmp_path: Path) -> None:
    crm = load_small_crm(services, tmp_path)
    with services.sessions() as session:
        received = session.get_one(Interaction, crm.ids["question"]).occurred_at.date()
        shown = answered_message(
            session,
            account_id=crm.account_id,
            interaction_id=crm.ids["question"],
            today=received + timedelta(days=9),
        )
    assert shown is not None
    assert (shown.sender, shown.received_on, shown.waited_days) == ("Greta Brandt", received.isoformat(), 9)
    assert shown.asks == ASKS
    assert shown.opening.startswith("Could you confirm the price")  # the greeting is left out
    assert describe(shown) == [
        f"answering: interaction {crm.ids['question']} from Greta Brandt of {received.isoformat()}, "
        "9 days ago · “Renewal questions”",
        f"   says: “{shown.opening}”",
        *(f"   asks: “{ask}”" for ask in ASKS),
    ]


def test_no_reply_or_another_accounts_message_shows_nothing(services: Services, tmp_path: Path) -> None:
    crm = load_small_crm(services, tmp_path)
    with services.sessions() as session:
        assert answered_message(session, account_id=crm.account_id, interaction_id=None) is None
        foreign = answered_message(session, account_id=crm.account_id + 1, interaction_id=crm.ids["question"])
        assert foreign is None


def test_review_show_prints_the_message_beside_the_reply(
    services: Services, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    crm = load_small_crm(services, tmp_path)
    scripted_model(services).queue(
        json.dumps({"subject": "Your renewal", "opening": "Thank you for your questions.", "next_step": ""})
    )
    request = EmailRequest(crm.account_id, "", reply_to_interaction_id=crm.ids["question"])
    draft = generate_email(services, request_email(services, request).id)
    monkeypatch.setenv("COPILOT_DATA_DIR", str(services.settings.data_dir))
    runner = CliRunner()
    assert runner.invoke(app, ["users", "add", "rita", "--role", "reviewer"]).exit_code == 0
    shown = runner.invoke(app, ["review", "show", str(draft.id), "--as", "rita"])
    assert shown.exit_code == 0, shown.output
    assert f"answering: interaction {crm.ids['question']} from Greta Brandt" in shown.output
    assert f"asks: “{ASKS[1]}”" in shown.output
    as_json = json.loads(
        runner.invoke(app, ["review", "show", str(draft.id), "--as", "rita", "--json"]).output
    )
    assert as_json["answering"]["asks"] == ASKS


def test_the_reviewer_sees_the_day_they_asked_for_and_no_greeting() -> None:
    from copilot.tools.reply import every_ask, opening_words, questions_in

    text = (
        "Hola Emil,\n\n¿Podría enviarnos una propuesta actualizada?\n¿Podría responderme antes del viernes?"
    )
    assert questions_in(text) == ["¿Podría enviarnos una propuesta actualizada?"]  # what the reply answers
    assert every_ask(text)[-1] == "¿Podría responderme antes del viernes?"  # what the reviewer sees
    assert opening_words(text).startswith("¿Podría enviarnos")


def test_a_formal_greeting_line_is_no_part_of_the_words_shown() -> None:
    from copilot.tools.reply import opening_words

    text = "Monsieur Larsen,\n\nNotre service achats a besoin de quelques documents.\n\nBien cordialement"
    assert opening_words(text).startswith("Notre service achats")
    assert opening_words("Sehr geehrte Frau Schmidt,\nbitte senden Sie uns das Angebot.") == (
        "bitte senden Sie uns das Angebot."
    )
