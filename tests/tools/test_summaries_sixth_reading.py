"""Issue 15, from a manager's sixth reading of call and account summaries: each defect as records in and the
summary's property out, on contact-centre exports ("Customer:" / "Agent:", "Kunde:" / "Berater:") and CRM
records written here.

A sentence whose subject only points back ("It has been down since Monday.") comes with the sentence it
points to; the words that link an answer to its question ("Yes, and ...", "No, but ...", "Thanks for ...")
survive the retelling; an item's owner is a side, not an export's role label; our escalation is a decision
and a request not to be contacted a risk; the trend's word agrees with the latest month.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from copilot.container import Services
from copilot.db.models import Interaction
from copilot.tools.account_commitments import promise_line
from copilot.tools.account_items import CitationMap, Labelled, SectionInputs
from copilot.tools.account_sections import build_sections
from copilot.tools.account_sentences import CUSTOMER, OURS, Sentence
from copilot.tools.account_trend import direction
from copilot.tools.call_decisions import decisions
from copilot.tools.call_risk_items import risk_sentence, risks
from copilot.tools.call_types import points_back
from copilot.tools.reported_speech import Voices, report_sentence
from copilot.tools.sentence_classes import SentenceClass
from tests.tools.summary_reading import digest_of, seeded_account, summarized, transcript

WHEN = datetime(2026, 11, 2, tzinfo=UTC)
CUSTOMER_TO_AGENT = Voices("The customer", "the agent")


# --- 1. a sentence that points back comes with the sentence it points to ----------------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        "It has been down since Monday.",
        "It's been down since Monday.",
        "And it still fails every night.",
        "That's what worries us.",
        "This keeps happening.",
        "Yes, it crashed twice.",
    ],
)
def test_a_pronoun_subject_points_back(sentence: str) -> None:
    assert points_back(sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "This invoice is wrong.",
        "This morning the sync failed.",
        "It's frustrating that nobody answers.",
        "It is hard to say.",
        "This is the third time I ask.",
        "Its export is broken.",
    ],
)
def test_a_sentence_that_names_its_subject_or_explains_its_pronoun_points_nowhere(sentence: str) -> None:
    assert not points_back(sentence)


OUTAGE = (
    "Customer: We run the warehouse dashboard every morning. "
    "It has been down since Monday and the night shift cannot print pick lists.\n"
    "Agent: The dashboard outage since Monday comes from the pick list service, "
    "and the night shift should print again tonight.\n"
    "Customer: Good, the night shift needs those pick lists.\n"
)


def test_the_summary_brings_the_sentence_a_pointing_sentence_needs_when_sides_are_known() -> None:
    summary = digest_of(OUTAGE)
    pointing = "that it has been down since Monday"
    assert pointing in summary
    # What "it" is comes first, in the same retelling.
    assert "The customer says they run the warehouse dashboard every morning and " + pointing in summary


def test_between_numbered_strangers_the_summary_does_not_guess_what_it_points_to() -> None:
    strangers = OUTAGE.replace("Customer:", "Person1:").replace("Agent:", "Person2:")
    summary = digest_of(strangers, frozenset())
    assert "it has been down since Monday" in summary
    assert "warehouse dashboard every morning" not in summary


def test_a_risk_that_points_back_with_this_keeps_what_this_is() -> None:
    turn = "The sync posts every refund twice. This keeps happening and it is unacceptable."
    assert risk_sentence(turn) == turn
    (risk,) = risks(transcript(f"Agent: Thanks for calling.\nCustomer: {turn}"))
    assert risk.text == turn and risk.extra["kind"] == "complaint"


# --- 2. the words that link an answer survive the retelling -------------------------------------------------


@pytest.mark.parametrize(
    ("said", "reported"),
    [
        ("Yes, and nobody answered.", "The customer confirms that nobody answered."),
        ("Yeah, and I called twice.", "The customer confirms that they called twice."),
        ("Thanks for picking up.", "The customer thanks the agent for picking up."),
        ("Thank you so much for the quick fix.", "The customer thanks the agent for the quick fix."),
        ("Thank you for your patience.", "The customer thanks the agent for their patience."),
        (
            "No, but we lost two days of shipments.",
            "The customer says no, but they lost two days of shipments.",
        ),
        ("And nobody called back.", "The customer says nobody called back."),
        ("Yes, but can you resend it?", "The customer asks the agent to resend it."),
    ],
)
def test_answers_thanks_and_contrast_read_as_sentences(said: str, reported: str) -> None:
    assert report_sentence(said, CUSTOMER_TO_AGENT) == reported


def test_thanks_before_a_promise_keeps_both() -> None:
    said = "Thanks for being direct about it, we will fix the palette in the next release."
    assert report_sentence(said, Voices("The agent", "the customer")) == (
        "The agent thanks the customer for being direct about it and says they will fix the palette in the "
        "next release."
    )


def test_a_contrasting_answer_is_not_joined_to_the_sentence_before_it() -> None:
    summary = digest_of(
        "Agent: Did the refund for the duplicated invoices reach your account?\n"
        "Customer: The duplicated invoices were refunded last week. No, but the shipping refund never came.\n"
    )
    assert "says no, but the shipping refund never came" in summary
    assert "and that no," not in summary


# --- 3. an item's owner is a side, not the export's role label ---------------------------------------------


@pytest.fixture
def account_id(services: Services) -> int:
    return seeded_account(services, "C-61")


def test_generic_and_foreign_role_labels_owe_as_sides(
    services: Services, account_id: int, tmp_path: Path
) -> None:
    call = (
        "Berater: Guten Tag, wie kann ich Ihnen helfen?\n"
        "Kunde: The invoice export fails every night since the update.\n"
        "Berater: I will send you the corrected export by Friday.\n"
    )
    summary = summarized(services, tmp_path, call, account_id)
    (item,) = summary["structured"]["action_items"]
    assert (item["owner"], item["owed_to"]) == ("our agent", "the customer")
    assert "owner: our agent owes the customer" in summary["body"]
    assert "Berater owes" not in summary["body"] and "owes Kunde" not in summary["body"]


def test_a_named_person_still_owes_by_name(services: Services, account_id: int, tmp_path: Path) -> None:
    call = (
        "Agent: Thanks for calling Harbour support, this is Dev.\n"
        "Customer: Our invoice PDFs keep arriving blank since the last update.\n"
        "Agent: I've asked Priya from our billing engineering team to join us.\n"
        "Priya: I can see the template error, I will deploy the fixed template by Friday.\n"
    )
    items = summarized(services, tmp_path, call, account_id)["structured"]["action_items"]
    assert [(i["owner"], i["owed_to"]) for i in items] == [("Priya", "the customer")]


def test_the_account_page_names_our_side_for_a_role_label() -> None:
    promised = "I will send the corrected export by Friday."
    said = Sentence(promised, promised, OURS, 4, WHEN, "call", "Agent")
    line = promise_line(said, ours=True, account_owner="Sam Ortiz", account_name="Harbour Print")
    assert line["owner"] == "Our agent" and line["text"].startswith("Our agent owes Harbour Print: ")
    owed = "I will send the user list by Friday."
    theirs = Sentence(owed, owed, CUSTOMER, 5, WHEN, "call", "Kunde")
    line = promise_line(theirs, ours=False, account_owner="Sam Ortiz", account_name="Harbour Print")
    assert line["owner"] == "Harbour Print"


# --- 4. our escalation is a decision; a request not to be contacted is a risk ------------------------------

ESCALATED = (
    "Customer: Our label printer integration stopped syncing orders.\n"
    "Agent: I'm escalating this as a P1 right now.\n"
    "Customer: Also, please stop calling me on my mobile.\n"
    "Customer: I have escalated this to my director.\n"
)


def test_our_p1_escalation_is_a_decision_and_the_customers_is_not() -> None:
    found = decisions(transcript(ESCALATED))
    assert [(d.text, d.utterances) for d in found] == [("I'm escalating this as a P1 right now.", [2])]


def test_a_promise_to_escalate_later_stays_an_action_not_a_decision() -> None:
    assert decisions(transcript("Customer: It fails.\nAgent: I'll escalate it tomorrow.")) == []


@pytest.mark.parametrize(
    "said",
    [
        "Also, please stop calling me on my mobile.",
        "Remove me from your marketing list, please.",
        "Take us off your list.",
        "Do not contact us again.",
    ],
)
def test_a_request_not_to_be_contacted_is_a_cited_risk(said: str) -> None:
    (risk,) = risks(transcript(f"Agent: Anything else?\nCustomer: {said}"))
    assert risk.extra["kind"] == "do_not_contact" and risk.utterances == [2]


def test_a_request_about_when_to_call_is_no_risk() -> None:
    assert risks(transcript("Agent: Anything else?\nCustomer: Please don't call me before Friday.")) == []


def test_the_account_page_lists_a_do_not_contact_request_the_classifier_called_other() -> None:
    text = "Take me off your mailing list."
    sentence = Sentence(text, text, CUSTOMER, 3, WHEN, "email", "Nadia Brooks")
    labelled = Labelled(sentence, SentenceClass("other", 0.93), np.eye(16)[3])
    row = Interaction(
        id=3, account_id=1, occurred_at=WHEN, kind="email", direction="inbound", text=text, subject="s"
    )
    inputs = SectionInputs(
        [labelled], {3: row}, {"nadia brooks"}, "sam", date(2026, 11, 20), "Harbour Print", "Sam Ortiz"
    )
    sections = build_sections(inputs, CitationMap())
    assert [(r["kind_label"], r["text"]) for r in sections["risks"]] == [("do-not-contact request", text)]


# --- 5. the trend's word agrees with the months shown -------------------------------------------------------


def _months(shares: list[float | None]) -> list[dict[str, Any]]:
    return [{"month": f"2026-{i + 1:02d}", "negative_share": s} for i, s in enumerate(shares)]


@pytest.mark.parametrize(
    ("shares", "word"),
    [
        ([1.0, 0.0, 0.0, 1.0], "worsening"),  # first and last thirds alike, but the latest month is negative
        ([1.0, 0.0, 1.0], "worsening"),
        ([0.0, 1.0, 1.0, 0.0], "improving"),
        ([0.5, None, 0.5, 0.6], "stable"),
        ([1.0, 1.0, 1.0], "stable"),
    ],
)
def test_the_trend_word_compares_the_latest_month_with_the_earlier_average(
    shares: list[float | None], word: str
) -> None:
    assert direction(_months(shares)) == word


def test_a_clearly_negative_latest_month_is_never_called_stable_or_improving() -> None:
    # Each opens as negative as it ends, so a first-third-against-last-third reading calls them stable.
    for earlier in ([1.0, 0.0, 0.0], [1.0, 0.5, 0.0, 0.0, 0.5], [1.0, 1.0, 0.0, 0.0, 0.0, 0.0, 0.5, 1.0]):
        assert direction(_months([*earlier, 1.0])) == "worsening"


def test_a_latest_month_negative_only_on_a_ticket_resolved_since_is_not_worsening() -> None:
    months = _months([0.25, 0.5, 1.0])
    months[-1].update(negative=1, negative_resolved=1, customer_items=1)
    months[0].update(negative=1, negative_resolved=0, customer_items=4)
    months[1].update(negative=1, negative_resolved=0, customer_items=2)
    assert direction(months) == "improving"
    months[-1]["negative_resolved"] = 0
    assert direction(months) == "worsening"
