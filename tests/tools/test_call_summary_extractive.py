"""The extractive call summary (no model call): roles from labels, cited risks, customer sentiment,
who owes what to whom, and bad transcripts that end in a summary or a clear reason."""

from __future__ import annotations

from pathlib import Path

import pytest

from copilot.container import Services
from copilot.db.models import Draft, DraftStatus
from copilot.ingest.calls import ingest_transcript
from copilot.llm.fakes import FakeChatModel
from copilot.tools.summarize_call import summarize_call
from tests.support.records import Note, seed_account
from tests.support.worlds import scripted_model

SUPPORT_CHAT = (
    "Customer: Our invoice export has failed every night since Monday and nobody answered my two tickets.\n"
    "Agent: Sorry about that. Can you send me the ticket numbers so I can escalate?\n"
    "Customer: 48213 and 48240. If this is not fixed by Friday we will cancel and move to another vendor.\n"
    "Agent: I have escalated both to engineering as P1 and will call you tomorrow at 10 with an update.\n"
)
SCHEMA_PROSE = ("free text the model writes", "length limits", "grammars would not compile", "UTTERANCES")


@pytest.fixture
def fake_model(services: Services) -> FakeChatModel:
    model = scripted_model(services)
    return model


@pytest.fixture
def account_id(services: Services) -> int:
    seeded, _, _ = seed_account(services, "C-9", "Brightwater Health", [Note("Onboarding notes.")])
    return seeded


def _summarize(
    services: Services, tmp_path: Path, text: str, account_id: int, name: str = "chat.txt"
) -> Draft:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return summarize_call(services, ingest_transcript(services, path, account_id))


def test_churn_threat_chat_yields_cited_risks_and_negative_customer_sentiment(
    services: Services, fake_model: FakeChatModel, account_id: int, tmp_path: Path
) -> None:
    draft = _summarize(services, tmp_path, SUPPORT_CHAT, account_id, "2026-11-30-invoice-export.txt")
    structured = draft.structured
    assert draft.status is DraftStatus.PENDING_REVIEW and fake_model.history == []
    sides = {s["speaker"]: s["side"] for s in structured["speakers"]["speakers"]}
    assert sides == {"Customer": "customer", "Agent": "ours"}
    kinds = {r["kind"]: r["utterances"] for r in structured["risks"]}
    # The customer's signals only: the agent's own "I have escalated both... as P1" [u4] is our answer.
    # "nobody answered my two tickets" is a complaint about being ignored (issue 15: complaint/escalation).
    assert kinds == {"complaint": [1], "churn_threat": [3]}
    mood = structured["customer_sentiment"]
    assert mood["label"] == "negative" and 3 in mood["utterances"] and mood["read_from"] == ["Customer"]
    summary = structured["summary"]
    assert summary["writer"] == "extractive" and summary["text"].startswith("The customer says")
    assert "invoice export has failed" in summary["text"] and summary["utterances"] == [1, 3, 4]
    assert "they will cancel and move to another vendor" in summary["text"]
    # The agent's question was answered with the ticket numbers on the call: it is owed by nobody.
    assert [i["utterances"] for i in structured["action_items"]] == [[4]]
    promise = structured["action_items"][0]
    assert (promise["owner"], promise["owed_to"], promise["due_date"]) == (
        "our agent",
        "the customer",
        "2026-12-01",
    )
    # The item lists what is still owed; the escalation already done is the summary's to tell ([u4]).
    retold = "The agent will call the customer tomorrow at 10"
    assert promise["said"].startswith(retold) and promise["text"].startswith("I have escalated")
    assert f"- {retold} with an update. (owner: our agent owes the customer; due: 2026-12-01) [u4]" in (
        draft.body or ""
    )
    assert "[u3]" in (draft.body or "")


def test_greetings_and_scheduling_chatter_never_become_items(
    services: Services, fake_model: FakeChatModel, account_id: int, tmp_path: Path
) -> None:
    chat = (
        "Agent: Hi, thanks for calling. Can you hear me ok?\n"
        "Customer: Yes. Thanks, talk to you soon.\n"
        "Agent: Let's get started.\n"
        "Customer: Could you send the renewal quote by Friday?\n"
        "Agent: Sure, have a great day.\n"
    )
    items = _summarize(services, tmp_path, chat, account_id).structured["action_items"]
    assert [i["utterances"] for i in items] == [[4]]  # "Sure" leaves the ask open: the agent owes it
    assert items[0]["owner"] == "our agent" and items[0]["owed_to"] == "the customer"
    assert items[0]["said"] == "The customer asks the agent to send the renewal quote by Friday."


@pytest.mark.parametrize(
    ("name", "text", "expect"),
    [
        (
            "one-speaker.txt",
            "Agent: The export failed twice this week and we restarted the nightly job.\n",
            "agent",
        ),
        ("no-speakers.txt", "the export failed twice this week and we restarted the nightly job\n", "export"),
        (
            "german.txt",
            "Kunde: Der Export ist seit Montag kaputt und niemand antwortet auf meine Tickets.\n"
            "Agent: Das tut mir leid, ich eskaliere es sofort an die Technik.\n",
            "Export",
        ),
        (
            "garbage.txt",
            "Customer: thank you thank you thank you thank you thank you thank you\n" * 3,
            "No summary",
        ),
        (
            "long.txt",
            "".join(
                f"{'Customer' if n % 2 else 'Agent'}: Item {n} of the migration plan needs review.\n"
                for n in range(400)
            ),
            "migration",
        ),
    ],
)
def test_bad_transcripts_give_a_summary_or_a_reason_never_schema_text(
    services: Services,
    fake_model: FakeChatModel,
    account_id: int,
    tmp_path: Path,
    name: str,
    text: str,
    expect: str,
) -> None:
    draft = _summarize(services, tmp_path, text, account_id, name)
    summary = draft.structured["summary"]["text"]
    assert expect.lower() in summary.lower()
    assert len(summary.split()) <= 46
    assert not any(p.lower() in (draft.body or "").lower() for p in SCHEMA_PROSE)
