"""Issue 15, from a manager's fifth reading of call and account summaries: each defect as records in and the
summary's property out, on contact-centre exports ("Customer:" / "Agent:") and CRM records written here.

One word for one thing: a complaint in tone words is a complaint in the call summary and on the account page;
ingest places a call's speakers by the rule the summaries use; the speaker's own "me" in their clause reads
"themselves"; an item states what is owed, without the speaker's hedges, with the date it names.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from copilot.container import Services
from copilot.db.models import Draft, Interaction
from copilot.ingest.calls import ingest_transcript
from copilot.tools.account_commitments import promise_line
from copilot.tools.account_items import CitationMap, Labelled, SectionInputs
from copilot.tools.account_narrative import next_best_actions
from copilot.tools.account_risks import named_risk
from copilot.tools.account_sections import build_sections
from copilot.tools.account_sentences import CUSTOMER, OURS, Sentence
from copilot.tools.call_dates import due_date
from copilot.tools.call_items import action_items, action_sentence
from copilot.tools.call_risk_items import risks
from copilot.tools.call_types import Utterance
from copilot.tools.reported_speech import Voices, report_sentence
from copilot.tools.sentence_classes import SentenceClass
from copilot.tools.small_talk import is_small_talk_sentence
from copilot.tools.summarize_call import summarize_call
from tests.support.records import Note, seed_account

WHEN = datetime(2026, 11, 2, tzinfo=UTC)


def _utterances(text: str) -> list[Utterance]:
    turns = [line.split(": ", 1) for line in text.strip().splitlines()]
    return [Utterance(n, s, t, s in {"Customer", "Kunde"}) for n, (s, t) in enumerate(turns, start=1)]


def _labelled(text: str, label: str, n: int, *, side: str = CUSTOMER, kind: str = "email") -> Labelled:
    sentence = Sentence(text, text, side, n, WHEN, kind, "Nadia Brooks")
    return Labelled(sentence, SentenceClass(label, 0.9), np.eye(16)[n % 16])


def _sections(items: list[Labelled]) -> dict[str, Any]:
    rows = {
        i.sentence.interaction_id: Interaction(
            id=i.sentence.interaction_id,
            account_id=1,
            occurred_at=WHEN,
            kind=i.sentence.kind,
            direction="inbound",
            text="...",
            subject="s",
        )
        for i in items
    }
    inputs = SectionInputs(
        items, rows, {"nadia brooks"}, "sam", date(2026, 11, 20), "Harbour Print", "Sam Ortiz"
    )
    return build_sections(inputs, CitationMap())


# --- 1. one vocabulary: a complaint is a complaint on the call and on the account page ------------------

FRUSTRATED = "Frankly, we are frustrated that the invoice PDFs keep arriving blank."


@pytest.mark.parametrize("label", ["issue", "other", "commitment"])
def test_a_complaint_in_tone_words_is_a_complaint_on_the_account_page_whatever_the_classifier_said(
    label: str,
) -> None:
    sections = _sections([_labelled(FRUSTRATED, label, 3)])
    # The customer's open problem too, whatever the label (issue 15, ninth reading), with one step.
    assert [i["text"] for i in sections["open_issues"]] == [FRUSTRATED]
    assert [(r["kind_label"], r["text"]) for r in sections["risks"]] == [("complaint", FRUSTRATED)]
    # ... the next action still asks for the fix, and the call summary calls the same words a complaint.
    (action,) = next_best_actions(sections, "Harbour Print")
    assert action["text"].startswith("Answer Nadia Brooks's complaint with an owner and a fix date")
    call = risks(_utterances(f"Agent: Thanks for calling.\nCustomer: {FRUSTRATED}"))
    assert [r.extra["kind"] for r in call] == ["complaint"]


def test_our_own_frustration_or_a_neutral_customer_line_is_no_risk() -> None:
    ours = _labelled(
        "We are frustrated by the printer vendor's delays too.", "other", 4, side=OURS, kind="call"
    )
    plain = _labelled("The invoice PDFs are generated at midnight.", "other", 5)
    assert _sections([ours, plain])["risks"] == []


def test_mail_routed_through_legal_is_no_escalation_but_bringing_in_legal_is() -> None:
    routed = (
        "Our legal team has asked that all contract mail goes through the procurement portal from now on."
    )
    assert named_risk(routed) is None
    for escalated in (
        "We will involve our legal team if this continues.",
        "We are considering legal action.",
    ):
        found = named_risk(escalated)
        assert found is not None and found.kind == "escalation"


# --- 2. ingest places a call's speakers by the call summary's rule -------------------------------------

INTRODUCED = (
    "Agent: Thanks for calling Harbour support, this is Dev.\n"
    "Customer: Hi Dev. Our invoice PDFs keep arriving blank since the last update.\n"
    "Agent: I've asked Priya from our billing engineering team to join us.\n"
    "Priya: I can see the template error, I will deploy the fixed template by Friday.\n"
    "Customer: Good, please send me a test invoice once it is out.\n"
)


@pytest.fixture
def account_id(services: Services) -> int:
    seeded, _, _ = seed_account(services, "C-51", "Harbour Print", [Note("Kick-off.")])
    return seeded


def _summarize(services: Services, tmp_path: Path, text: str, account_id: int) -> tuple[Draft, int]:
    path = tmp_path / "2026-11-02-support-call.txt"
    path.write_text(text, encoding="utf-8")
    interaction_id = ingest_transcript(services, path, account_id)
    return summarize_call(services, interaction_id), interaction_id


def test_ingest_stores_the_sides_the_call_summary_reads(
    services: Services, account_id: int, tmp_path: Path
) -> None:
    draft, interaction_id = _summarize(services, tmp_path, INTRODUCED, account_id)
    with services.sessions() as session:
        stored = session.get_one(Interaction, interaction_id).extra
    assert stored["speaker_sides"] == {"Agent": "us", "Customer": "customer", "Priya": "us"}
    assert {u["text"][:5]: u["side"] for u in stored["utterances"]}["I can"] == "us"
    summarized = {s["speaker"]: s["side"] for s in draft.structured["speakers"]["speakers"]}
    assert summarized == {"Agent": "ours", "Customer": "customer", "Priya": "ours"}
    # Priya's promise is ours, owed to the customer, by the Friday after the call.
    (fix,) = [i for i in draft.structured["action_items"] if i["utterances"] == [4]]
    assert (fix["owner"], fix["owed_to"], fix["due_date"]) == ("Priya", "the customer", "2026-11-06")


# --- 3. reported speech: the speaker's own object in their clause --------------------------------------


@pytest.mark.parametrize(
    ("said", "told"),
    [
        (
            "I was thinking me and one person from IT.",
            "Nadia Brooks was thinking themselves and one person from IT.",
        ),
        ("I will send me a reminder.", "Nadia Brooks will send themselves a reminder."),
        # Another person's clause: "me" is not reflexive there.
        ("I asked them to call me back.", "Nadia Brooks asked them to call Nadia Brooks back."),
    ],
)
def test_the_speakers_own_me_in_their_clause_reads_themselves(said: str, told: str) -> None:
    assert report_sentence(said, Voices("Nadia Brooks", "Sam Ortiz")) == told


# --- 4. an item states what is owed ---------------------------------------------------------------------

HEDGED = (
    "Customer: The renewal quote still shows last year's seat count.\n"
    "Agent: I think we could maybe send you the revised quote by Friday.\n"
    "Customer: And the duplicate reminders?\n"
    "Agent: I'll probably have the list of affected patients to you by the 28th.\n"
    "Agent: We'll loop in our billing engineer, but I can't promise a date yet.\n"
    "Agent: Hopefully I can get the corrected invoice to you by Monday.\n"
)
_HEDGE_WORDS = ("think", "maybe", "probably", "hopefully", "promise", "no firm date")


def test_an_action_item_drops_the_speakers_hedges_and_keeps_the_date() -> None:
    items = action_items(_utterances(HEDGED), date(2026, 11, 2))
    stated = {i.utterances[0]: action_sentence(i.text) for i in items}
    assert set(stated) == {2, 4, 5, 6}
    for line in stated.values():
        assert not any(word in line.lower() for word in _HEDGE_WORDS), line
    assert stated[2] == "we will send you the revised quote by Friday."
    due = {i.utterances[0]: i.due.on if i.due else None for i in items}
    assert due == {2: date(2026, 11, 6), 4: date(2026, 11, 28), 5: None, 6: date(2026, 11, 9)}


def test_an_account_commitment_drops_the_hedges_too() -> None:
    note = "Sam Ortiz: I think I'll maybe send the signed order form by November 20, no firm date yet."
    sentence = Sentence(note, note, OURS, 9, WHEN, "note", None)
    line = promise_line(sentence, ours=True, account_owner="Sam Ortiz", account_name="Harbour Print")
    assert line["text"] == "Sam Ortiz owes Harbour Print: send the signed order form by November 20."


def test_two_dates_in_one_promise_make_it_due_at_the_first() -> None:
    said = "I'll book the engineer visit for Wednesday and call you tomorrow by noon to confirm."
    assert due_date(said, date(2026, 11, 2)).on == date(2026, 11, 3)  # type: ignore[union-attr]


# --- what a manager read on a contact-centre churn call and a German one ------------------------------

GERMAN = (
    "Agent: Guten Tag Frau Hartmann, wie kann ich Ihnen helfen?\n"
    "Kunde: Die Rechnungen für März und April enthalten jeweils zwanzig Lizenzen zu viel.\n"
    "Agent: Ich werde die Gutschrift bis Freitag veranlassen.\n"
    "Kunde: Wenn das nicht bis Ende des Monats erledigt ist, werden wir den Vertrag kündigen.\n"
    "Agent: Auf Wiederhören.\n"
)


def test_a_german_promise_is_a_dated_item_and_the_threat_to_cancel_is_none() -> None:
    items = action_items(_utterances(GERMAN), date(2026, 11, 2))
    assert [(i.utterances, i.owner, i.due.on if i.due else None) for i in items] == [
        ([3], "Agent", date(2026, 11, 6))
    ]


@pytest.mark.parametrize(
    "said",
    [
        "Thanks for your patience, goodbye.",
        "Wie kann ich Ihnen helfen?",
        "Auf Wiederhören.",
    ],
)
def test_greetings_and_goodbyes_are_small_talk(said: str) -> None:
    assert is_small_talk_sentence(said)


@pytest.mark.parametrize(
    "said",
    ["This is the fourth time I'm calling.", "It's broken at the moment.", "How can I help you export it?"],
)
def test_a_complaint_or_a_real_question_is_no_small_talk(said: str) -> None:
    assert not is_small_talk_sentence(said)


def test_a_risk_that_points_back_says_what_it_is_about() -> None:
    call = (
        "Agent: What happens with the reminders?\n"
        "Customer: Patients get the same text twice. It's been frustrating for the front desk.\n"
    )
    (risk,) = risks(_utterances(call))
    assert risk.text == "Patients get the same text twice. It's been frustrating for the front desk."
    # A greeting before it is not what a risk is about, and "This is the fourth time" points at nothing.
    (risk,) = risks(_utterances("Customer: Hi Tariq. This is the fourth time I'm calling about the outage."))
    assert risk.text == "This is the fourth time I'm calling about the outage."
