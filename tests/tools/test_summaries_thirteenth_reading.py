"""Issue 15, from a manager's thirteenth reading of the sample's call summaries.

Happy review calls read "Customer sentiment: negative", citing "I'll ask the analysts for their top three
questions, but I can't promise a date yet.": a word list ("can't", "stopped", "missing") judged which of
the customer's turns reported a problem. The trained sentence classifier judges it now (English; a
sentence in another language still by the problem words of its language), on the call summary and on the
account's trend. (It still reads "The scheduled reports are the big win for us, people stopped asking for
spreadsheets." as an issue: praise in a problem's words is a gap in its training rows, left for them.)
"""

from __future__ import annotations

from pathlib import Path

import pytest

from copilot.container import Services
from copilot.tools.account_issues import reports_a_problem
from copilot.tools.reported_speech import Voices, report_sentence
from copilot.tools.sentence_classes import SentenceClass
from tests.tools.summary_reading import digest_of, seeded_account, summarized

HAPPY_REVIEW = """Agent: I'd like to go through usage for the quarter, the open items, and then next steps.
Customer: Our analysts are happy with the dashboards, they use them every morning.
Agent: Good to hear. How many schedules are you running now?
Customer: Around forty, most of them weekly.
Agent: We had two support tickets this quarter, both closed within a day.
Customer: Yes, those were handled well.
Customer: I'll ask the analysts for their top three questions, but I can't promise a date yet.
"""

TROUBLED_REVIEW = HAPPY_REVIEW.replace(
    "Customer: Around forty, most of them weekly.",
    "Customer: Around forty, but the Monday schedules have failed twice this month and nobody told us.",
)


def test_a_hedged_promise_does_not_read_as_a_problem(services: Services, tmp_path: Path) -> None:
    account = seeded_account(services, "C-7301")
    mood = summarized(services, tmp_path, HAPPY_REVIEW, account)["structured"]["customer_sentiment"]
    assert mood["label"] != "negative"
    assert 2 not in mood["utterances"] and 7 not in mood["utterances"]


def test_a_reported_failure_still_weighs_on_the_calls_mood(services: Services, tmp_path: Path) -> None:
    account = seeded_account(services, "C-7302")
    mood = summarized(services, tmp_path, TROUBLED_REVIEW, account)["structured"]["customer_sentiment"]
    assert mood["label"] in {"negative", "mixed"}
    assert 4 in mood["utterances"]


ISSUE = SentenceClass("issue", 0.9)
OTHER = SentenceClass("other", 0.9)


@pytest.mark.parametrize(
    ("text", "label", "reports"),
    [
        ("People stopped asking for spreadsheets.", OTHER, False),
        ("The export failed again last night.", ISSUE, True),
        ("The export failed again last night.", SentenceClass("issue", 0.4), False),
        # Another language: its own problem words, whatever the English-trained classifier said.
        ("Der Export funktioniert seit Montag nicht.", OTHER, True),
        ("Vielen Dank für Ihre schnelle Antwort.", ISSUE, False),
    ],
)
def test_english_is_judged_by_the_classifier_other_languages_by_their_words(
    text: str, label: SentenceClass, reports: bool
) -> None:
    assert reports_a_problem(text, label) is reports


RENEWAL_QUESTION = """Agent: The main topic today is the renewal, but I also want to hear how rollout goes.
Customer: Would a two-year term change anything on the commercial side?
Agent: It usually does. Let me check what flexibility I have and come back to you.
Agent: Is anyone else involved in the decision this time?
Customer: Our new procurement lead will want to see the contract, but I make the call.
Agent: How has the value been this year, from your point of view?
Customer: Good overall. The weekly reporting saves the team at least a day a week.
Customer: And the executives finally look at the same numbers, which helps.
Agent: Let me quickly recap the action items before we drop.
Agent: Action item for me: I will send a migration plan for the legacy reports by 8 May 2026.
Customer: Perfect, that's all from me.
Agent: Thanks, I'll send a short summary by email.
"""


def test_the_customers_question_comes_with_our_answer_and_its_substance() -> None:
    # The question alone ("asks: Would a two-year term change anything?") read as left unanswered; the
    # answer's "It usually does." alone says nothing of what we do about it.
    summary = digest_of(RENEWAL_QUESTION)
    assert "The customer asks: Would a two-year term change anything on the commercial side?" in summary
    assert "The agent says it usually does, and offers to check what flexibility they have" in summary


ONBOARDING = """Agent: Today is about getting your first dashboards live and agreeing who does what.
Support: The warehouse connection is working, I can see the tables from your staging schema.
Customer: Who should be admins on our side? I was thinking me and one person from IT.
Agent: Two admins is a good start. You can add more later without extra cost.
"""


def test_a_proposal_after_ones_own_question_reads_as_suggested() -> None:
    summary = digest_of(ONBOARDING)
    assert (
        "The customer asks who should be admins on their side, and suggests themselves and one person "
        "from IT." in summary
    )
    assert "was thinking" not in summary


def test_a_scope_before_a_question_is_part_of_the_question() -> None:
    voices = Voices("Dana", "the customer", ours=True)
    asked = report_sentence("For the first dashboard, which question do people ask you most often?", voices)
    assert asked.startswith("Dana asks, for the first dashboard, which question")
    assert "says for the first dashboard" not in asked
    # A clause before the question is still said, then asked.
    said = report_sentence("About the renewal, I know it is early, but can you send the quote?", voices)
    assert said.startswith("Dana says about the renewal, they know it is early")


def test_a_short_answer_opening_a_reply_brings_the_other_sides_question() -> None:
    call = """Agent: I'd like to go through usage for the quarter and then next steps.
Customer: The scheduled reports save the finance team a day every week, honestly.
Agent: For the finance team, how many schedules are you running now?
Customer: Around forty, most of them weekly.
"""
    summary = digest_of(call)
    assert "asks, for the finance team, how many schedules the customer is running now" in summary
    assert "The customer says around forty, most of them weekly." in summary
