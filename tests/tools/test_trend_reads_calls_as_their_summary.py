"""The account's sentiment trend reads a call the way the call's own summary reads its mood: a risk or a
reported problem in the customer's turns makes the call negative, even said calmly. The manager read
"Customer sentiment: negative" on a call about a budget cut, then found that month's call counted calm on
the account page."""

from __future__ import annotations

from datetime import UTC, datetime

from copilot.db.models import Interaction
from copilot.index.embedder import Embedder
from copilot.tools.account_items import CitationMap
from copilot.tools.account_trend import negative_by_risk, sentiment_trend

WHEN = datetime(2026, 12, 6, 10, tzinfo=UTC)
BUDGET = (
    "Finance also cut our tooling budget by twenty percent for next year, so we will need to reduce seats."
)
BROKEN = "The invoice export has been broken since the last release."
CALM = "Thanks for the walkthrough, the new dashboard looks good and the team likes it."


class _FlatEmbedder(Embedder):
    """Every text the same vector: the tone flagger reads nothing negative, so only the words count."""

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return [[0.0] * 384 for _ in texts]

    def embed_query(self, text: str) -> list[float]:
        return [0.0] * 384


def _row(interaction_id: int, kind: str) -> Interaction:
    return Interaction(
        id=interaction_id, account_id=1, occurred_at=WHEN, kind=kind, direction="inbound", text="..."
    )


def test_a_call_naming_a_budget_cut_or_a_problem_counts_negative_in_its_month() -> None:
    rows = [_row(1, "call"), _row(2, "call"), _row(3, "call")]
    pieces = {1: BUDGET, 2: BROKEN, 3: CALM}
    # Call 2's customer sentence is read as a reported problem (by the sentence classifier, upstream).
    trend = sentiment_trend(rows, pieces, _FlatEmbedder(), CitationMap(), problems=frozenset({2}))
    (month,) = trend["months"]
    assert (month["customer_items"], month["negative"]) == (3, 2)


def test_an_email_keeps_the_narrower_rule_of_threats_and_complaints() -> None:
    # Only a call has a summary whose mood the trend must agree with; a budget cut told in an email is a
    # risk on the account page, not a negative message.
    assert negative_by_risk({1: BUDGET, 2: BROKEN}, problems=frozenset({2})) == set()
    pieces = {1: BUDGET, 2: BROKEN, 3: CALM}
    assert negative_by_risk(pieces, frozenset({1, 2, 3}), frozenset({2})) == {1, 2}


def test_a_call_the_customer_was_plainly_pleased_on_is_mixed_not_negative() -> None:
    # As its summary reads it ("mixed"): warm sentences (`pleased`, read upstream by the pleased head)
    # beside a problem the classifier found. A threat to leave stays negative whatever else was said.
    pieces = {1: BROKEN, 2: "If the export breaks again we will cancel and move to a competitor."}
    assert negative_by_risk(pieces, frozenset({1, 2}), frozenset({1}), pleased=frozenset({1, 2})) == {2}


def test_a_champion_telling_us_they_leave_is_no_negative_call() -> None:
    leaving = {1: "I wanted to tell you personally: I'm leaving the company at the end of December."}
    assert negative_by_risk(leaving, frozenset({1})) == set()
