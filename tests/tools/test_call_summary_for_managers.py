"""A call summary as a manager reads it: risks are the customer's words in reported speech (never our own
lines, never a denied cue), small talk is never retold, and only promises that say who owes what, or by
when, are action items."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from copilot.container import Services
from copilot.db.models import Draft
from copilot.ingest.calls import ingest_transcript
from copilot.tools.call_items import action_items
from copilot.tools.call_risk_items import risks
from copilot.tools.call_risks import risk_kind
from copilot.tools.call_types import Utterance
from copilot.tools.promises import is_vague
from copilot.tools.small_talk import small_talk_turns
from copilot.tools.summarize_call import summarize_call
from tests.support.records import Note, seed_account

SUPPORT_CHAT = (
    "Customer: Our invoice export has failed every night since Monday and nobody answered my two tickets.\n"
    "Agent: Sorry about that. Can you send me the ticket numbers so I can escalate?\n"
    "Customer: 48213 and 48240. If this is not fixed by Friday we will cancel and move to another vendor.\n"
    "Agent: I have escalated both to engineering as P1 and will call you tomorrow at 10 with an update.\n"
)
# A sales call that opens the way people open calls: greetings, the trip, who joins.
SALES_CALL = (
    "Dana Reyes: Hi Greta, thanks for making time today.\n"
    "Greta Brandt: Of course, good to talk to you, Dana. Did you make it back from the conference okay?\n"
    "Dana Reyes: Eventually, the flight was delayed.\n"
    "Dana Reyes: The main topic today is the renewal and the seat count for operations.\n"
    "Greta Brandt: Finance wants to lock the renewal budget early, so the seat count matters.\n"
    "Dana Reyes: I will send you the renewal quote with forty operations seats by Friday.\n"
    "Greta Brandt: Thanks, talk soon.\n"
)


@pytest.fixture
def account_id(services: Services) -> int:
    contact = ("Greta Brandt", "greta@acme.example")
    seeded, _, _ = seed_account(
        services, "C-7", "Acme Logistics", [Note("Kick-off.")], contact=contact, owner="Dana Reyes"
    )
    return seeded


def _summarize(services: Services, tmp_path: Path, text: str, account_id: int) -> Draft:
    path = tmp_path / "2026-11-30-call.txt"
    path.write_text(text, encoding="utf-8")
    return summarize_call(services, ingest_transcript(services, path, account_id))


def _section(body: str, title: str) -> str:
    return body.split(f"\n{title}:\n", 1)[1].split("\n\n", 1)[0]


def test_risks_are_the_customers_words_retold_and_cited(
    services: Services, account_id: int, tmp_path: Path
) -> None:
    draft = _summarize(services, tmp_path, SUPPORT_CHAT, account_id)
    found = {r["kind"]: r for r in draft.structured["risks"]}
    churn = found["churn_threat"]
    assert churn["said"] == (
        "The customer says if this is not fixed by Friday they will cancel and move to another vendor."
    )
    assert churn["utterances"] == [3] and "48213" not in churn["text"]
    shown = _section(draft.body or "", "Risks")
    assert "[u3]" in shown and "[u1]" in shown
    # The agent's own escalation and first person never appear as a risk.
    assert "[u4]" not in shown and "I have escalated" not in shown and "48213" not in shown
    assert all(line.startswith("- The customer says") for line in shown.splitlines())


def test_a_denied_cue_is_no_risk() -> None:
    said = [
        Utterance(1, "Agent", "How did the last two tickets go?", False),
        Utterance(2, "Customer", "Those were handled well, no complaints there.", True),
        Utterance(3, "Customer", "We are not going to cancel anything.", True),
    ]
    assert risks(said) == []
    assert (risk_kind("We have a formal complaint about the outage.") or ("",))[0] == "escalation"


def test_small_talk_is_never_retold(services: Services, account_id: int, tmp_path: Path) -> None:
    draft = _summarize(services, tmp_path, SALES_CALL, account_id)
    summary = draft.structured["summary"]
    assert not {1, 2, 3, 7} & set(summary["utterances"])
    text = summary["text"].lower()
    assert "conference" not in text and "making time" not in text and "flight" not in text
    # The business starts at our agenda (u4), said before the customer's first business turn: the summary
    # opens with what the customer said (u5), not with the agenda the call's title already names.
    assert "renewal" in text and summary["sentences"][0]["utterance"] == 5
    assert "main topic" not in text


def test_small_talk_turns_include_short_replies_to_a_social_question() -> None:
    turns = [
        Utterance(1, "Rep", "How was the offsite?", False),
        Utterance(2, "Client", "Long, but useful.", True),
        Utterance(3, "Client", "Our exports fail every night and finance is blocked.", True),
    ]
    assert small_talk_turns(turns) == {0, 1}


def test_vague_promises_are_left_out_and_undated_ones_say_so(
    services: Services, account_id: int, tmp_path: Path
) -> None:
    call = (
        "Greta Brandt: The exports failed again during close.\n"
        "Dana Reyes: I'll look into it.\n"
        "Dana Reyes: I will dig into the logs and send you a root-cause note by Friday.\n"
        "Greta Brandt: I'll forward the error screenshots to the support inbox.\n"
        "Dana Reyes: Before we go, let's confirm the next steps.\n"
    )
    draft = _summarize(services, tmp_path, call, account_id)
    items = {i["utterances"][0]: i for i in draft.structured["action_items"]}
    assert sorted(items) == [3, 4]
    assert (items[3]["owner"], items[3]["owed_to"], items[3]["due_date"]) == (
        "Dana Reyes",
        "Greta Brandt",
        "2026-12-04",
    )
    shown = _section(draft.body or "", "Action items")
    assert "(owner: Greta Brandt owes Dana Reyes; no date agreed) [u4]" in shown
    assert "look into it" not in shown


@pytest.mark.parametrize(
    ("text", "dated", "vague"),
    [
        ("I'll look into it.", False, True),
        ("We'll follow up.", False, True),
        ("I'll get back to you.", False, True),
        ("I'll look into it by Friday.", True, False),
        ("I'll send the call notes.", False, False),
        ("I'll follow up with the signed order form.", False, False),
    ],
)
def test_a_promise_is_vague_without_a_deliverable_or_a_date(text: str, dated: bool, vague: bool) -> None:
    assert is_vague(text, dated=dated) is vague


def test_a_threat_is_a_risk_not_an_item() -> None:
    said = [Utterance(1, "Customer", "We will cancel the contract if the export fails again.", True)]
    assert action_items(said, date(2026, 11, 30)) == []
    assert [r.extra["kind"] for r in risks(said)] == ["churn_threat"]


def test_an_ask_to_wait_watch_or_not_do_something_is_owed_by_nobody() -> None:
    call = [
        Utterance(1, "Customer", "Our invoice export has failed every night.", True),
        Utterance(
            2,
            "Agent",
            "I have escalated it to engineering. Please keep an eye on your inbox, Leah, and don't rerun "
            "the export until you hear from us.",
            False,
        ),
        Utterance(3, "Agent", "Could you please feel free to DM us the invoice numbers?", False),
        Utterance(4, "Agent", "Please send the ticket numbers by Friday.", False),
        Utterance(5, "Customer", "Sure.", True),
    ]
    items = action_items(call, date(2026, 12, 4))
    assert [i.utterances for i in items] == [[4]] and items[0].owner == "Customer"
