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
from copilot.tools.sentence_classes import SentenceClass
from tests.tools.summary_reading import seeded_account, summarized

HAPPY_REVIEW = """Agent: I'd like to go through usage for the quarter, the open support items, and then next steps.
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
