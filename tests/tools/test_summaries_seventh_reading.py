"""Issue 15, from a manager's seventh reading of call and account summaries: each defect as records in and
the summary's property out, on contact-centre exports ("Customer:" / "Agent:") and CRM records written here.

The speaker's "me" in what they ask of someone is "them" (the one asked cannot be its object), and a
comma-spliced second instruction is a second thing asked; a decision whose object is a bare "this" comes
with the sentence "this" stands for; a quoted item drops the answer words that tied it to a question the
reader does not see; a request not to be called is listed once, as the customer's risk.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import numpy as np
import pytest

from copilot.container import Services
from copilot.db.models import Interaction
from copilot.tools.account_items import CitationMap, Labelled, SectionInputs
from copilot.tools.account_sections import build_sections
from copilot.tools.account_sentences import CUSTOMER, Sentence
from copilot.tools.call_types import object_points_back
from copilot.tools.discourse_openers import leading_words, without_leading_words
from copilot.tools.reported_speech import Voices, report_sentence
from copilot.tools.sentence_classes import SentenceClass
from tests.tools.summary_reading import digest_of, seeded_account, summarized

WHEN = datetime(2026, 11, 2, tzinfo=UTC)
CUSTOMER_TO_AGENT = Voices("the customer", "the agent")


# --- 1. the speaker's "me" in a request is "them"; a second instruction is a second thing asked ----------


@pytest.mark.parametrize(
    ("said", "reported"),
    [
        (
            "Stop calling me on my mobile, email me instead.",
            "The customer asks the agent to stop calling them on their mobile and to email them instead.",
        ),
        (
            "Don't call me, email me instead.",
            "The customer asks the agent not to call them and to email them instead.",
        ),
        ("Please call me back tomorrow.", "The customer asks the agent to call them back tomorrow."),
        ("Can you send me the invoice?", "The customer asks the agent to send them the invoice."),
        (
            "Also, please stop calling me on my mobile.",
            "The customer asks the agent to stop calling them on their mobile.",
        ),
    ],
)
def test_a_request_retells_the_speakers_me_as_them(said: str, reported: str) -> None:
    assert report_sentence(said, CUSTOMER_TO_AGENT) == reported


@pytest.mark.parametrize(
    "said",
    [
        "Please call me back tomorrow.",
        "Help me reset my password.",
        "Tell me when it ships.",
        "Could you email me the quote and call me on Friday?",
    ],
)
def test_a_request_names_its_speaker_once(said: str) -> None:
    # Named as the subject of "asks", the speaker is never named again as the object of their own request.
    assert (
        report_sentence(said, CUSTOMER_TO_AGENT).count("the customer")
        + report_sentence(said, CUSTOMER_TO_AGENT).count("The customer")
        == 1
    )


def test_a_named_speaker_is_them_too() -> None:
    assert (
        report_sentence("Ana, please call me back.", Voices("Tom", "Ana"))
        == "Tom asks Ana to call them back."
    )


def test_after_them_the_one_asked_is_named_again() -> None:
    # "remove them from their list" could be either person's list.
    assert report_sentence("Remove me from your list.", CUSTOMER_TO_AGENT) == (
        "The customer asks the agent to remove them from the agent's list."
    )


def test_a_comma_before_a_statement_joins_no_second_request() -> None:
    reported = report_sentence("Send the logs, the export failed again.", CUSTOMER_TO_AGENT)
    assert "and to" not in reported


# --- 2. a decision on "this" comes with what "this" is -----------------------------------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        "I'm escalating this as a P1 right now.",
        "We will fix it today.",
        "I've escalated this to engineering.",
        "We're looking into it.",
    ],
)
def test_a_bare_this_or_it_as_the_object_points_back(sentence: str) -> None:
    assert object_points_back(sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "I'll send this invoice today.",
        "We escalated the sync failure as a P1.",
        "Is it?",
        "I think it is broken.",
        "The agent says as the customer provided their details, their team will look into it further.",
    ],
)
def test_a_named_object_or_a_pronoun_subject_is_no_object_pointer(sentence: str) -> None:
    assert not object_points_back(sentence)


# Attacker-controlled turns are read in linear time. Each text below took the old code quadratic time
# (minutes to hours at this length); the assertion is on the result, the time bound is pytest-timeout's.
def test_a_long_run_of_apostrophes_is_scanned_once() -> None:
    # Every boundary inside "a'a'a'..." started a search that rescanned the whole run.
    assert object_points_back("a'" * 200_000 + " fixed. We are escalating it.")


def test_objects_past_the_main_clause_are_not_counted_one_by_one() -> None:
    # The words before each of 300,000 bare objects were counted afresh; none is in the main clause.
    assert not object_points_back("a b c d e " + "fix it, " * 300_000)


@pytest.fixture
def account_id(services: Services) -> int:
    return seeded_account(services, "C-71")


ESCALATED = (
    "Customer: Our label printer integration stopped syncing orders.\n"
    "Agent: I'm escalating this as a P1 right now.\n"
    "Customer: Also, please stop calling me on my mobile.\n"
)


def test_a_decision_on_this_brings_the_sentence_this_stands_for(
    services: Services, account_id: int, tmp_path: Path
) -> None:
    (decision,) = summarized(services, tmp_path, ESCALATED, account_id)["structured"]["decisions"]
    assert decision["said"] == (
        "The customer says their label printer integration stopped syncing orders, "
        "and the agent is escalating this as a P1 right now."
    )
    assert decision["utterances"] == [1, 2]  # both sentences cited


def test_a_decision_that_names_what_it_decides_stands_alone(
    services: Services, account_id: int, tmp_path: Path
) -> None:
    call = ESCALATED.replace("escalating this", "escalating the sync failure")
    (decision,) = summarized(services, tmp_path, call, account_id)["structured"]["decisions"]
    assert decision["said"] == "The agent is escalating the sync failure as a P1 right now."
    assert decision["utterances"] == [2]


FIX_IT = (
    "Customer: Our three warehouses print shipping labels from the bridge service every night, and the "
    "warehouse managers plan the morning shifts around those labels.\n"
    "Agent: Which warehouses are affected by the missing labels this week?\n"
    "Customer: All three warehouses lost their labels this week. "
    "The bridge drops the print jobs after midnight.\n"
    "Agent: We will fix it in tomorrow's release.\n"
)


def test_the_paragraph_brings_what_the_it_of_our_answer_stands_for() -> None:
    summary = digest_of(FIX_IT, frozenset({"Customer"}))
    fix = "The agent says they will fix it in tomorrow's release."
    # The customer's second sentence in a row of the paragraph "adds" (copilot/tools/repeated_voices.py).
    assert f"The customer adds that the bridge drops the print jobs after midnight. {fix}" in summary


def test_between_numbered_strangers_the_paragraph_does_not_guess_what_it_is() -> None:
    strangers = FIX_IT.replace("Customer:", "Person1:").replace("Agent:", "Person2:")
    assert "bridge drops the print jobs" not in digest_of(strangers, frozenset())


# --- 3. a quoted item drops the answer words of a question the reader does not see ------------------------


@pytest.mark.parametrize(
    ("said", "quoted"),
    [
        ("No, but we lost two days of shipments.", "We lost two days of shipments."),
        ("Yes, it crashed twice.", "It crashed twice."),
        ("Well, the export is late again.", "The export is late again."),
        ("And nobody called back.", "Nobody called back."),
        ("Yeah and the invoice is wrong.", "The invoice is wrong."),
        ("No problem at all, Daniel.", "No problem at all, Daniel."),  # "No" answers nothing here
        ("Right now the sync is down.", "Right now the sync is down."),
        ("No, thanks.", "No, thanks."),  # too little would be left
    ],
)
def test_a_quoted_sentence_drops_its_answer_and_link_words(said: str, quoted: str) -> None:
    assert without_leading_words(said) == quoted


def test_reported_speech_retells_the_words_the_quote_drops() -> None:
    # One rule for both: what a quote drops is what the retelling keeps as "says no, but".
    said = "No, but we lost two days of shipments."
    assert leading_words(said) == "No, but "
    assert (
        report_sentence(said, CUSTOMER_TO_AGENT)
        == "The customer says no, but they lost two days of shipments."
    )


def test_the_account_page_quotes_an_open_issue_without_its_answer_words() -> None:
    text = "No, but we lost two days of shipments."
    sentence = Sentence(text, text, CUSTOMER, 3, WHEN, "email", "Nadia Brooks")
    labelled = Labelled(sentence, SentenceClass("issue", 0.93), np.eye(16)[3])
    row = Interaction(
        id=3, account_id=1, occurred_at=WHEN, kind="email", direction="inbound", text=text, subject="s"
    )
    inputs = SectionInputs(
        [labelled], {3: row}, {"nadia brooks"}, "sam", date(2026, 11, 20), "Harbour Print", "Sam Ortiz"
    )
    issues = build_sections(inputs, CitationMap())["open_issues"]
    assert [i["text"] for i in issues] == ["We lost two days of shipments."]


def test_a_call_risk_drops_the_answer_words_the_summary_paragraph_retells(
    services: Services, account_id: int, tmp_path: Path
) -> None:
    call = (
        "Agent: Did the nightly sync run after the patch?\n"
        "Customer: No, but the sync failed again and it is unacceptable.\n"
    )
    summary = summarized(services, tmp_path, call, account_id)
    (risk,) = summary["structured"]["risks"]
    assert risk["said"] == "The customer says the sync failed again and it is unacceptable."
    # In the paragraph the question is there, so the answer is retold.
    assert "says no, but the sync failed again" in summary["structured"]["summary"]["text"]


# --- 4. a request not to be called is the customer's risk, not an item we owe ------------------------------


def test_a_do_not_call_request_is_listed_once_as_a_risk(
    services: Services, account_id: int, tmp_path: Path
) -> None:
    summary = summarized(services, tmp_path, ESCALATED, account_id)["structured"]
    assert summary["action_items"] == []
    (risk,) = summary["risks"]
    assert risk["kind"] == "do_not_contact" and risk["utterances"] == [3]
    assert risk["said"] == "The customer asks the agent to stop calling them on their mobile."


def test_a_customers_other_request_stays_an_action_item(
    services: Services, account_id: int, tmp_path: Path
) -> None:
    call = ESCALATED + "Customer: Please send me the corrected invoice by Friday.\n"
    summary = summarized(services, tmp_path, call, account_id)["structured"]
    assert [i["utterances"] for i in summary["action_items"]] == [[4]]
    assert [r["kind"] for r in summary["risks"]] == ["do_not_contact"]
