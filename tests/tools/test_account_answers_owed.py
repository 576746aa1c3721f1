"""An answer we owe from a call: "Let me check what flexibility I have and come back to you." right after
the customer's "Would a two-year term change anything on the commercial side?" was on five of six pages'
records and on none of the pages (a manager's reading, 2026-12-07)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import numpy as np

from copilot.db.models import Interaction
from copilot.tools.account_items import CitationMap, Labelled, SectionInputs
from copilot.tools.account_sections import build_sections
from copilot.tools.account_sentences import CUSTOMER, OURS, Sentence
from copilot.tools.sentence_classes import SentenceClass

CALLED = datetime(2026, 10, 28, 15, tzinfo=UTC)
TODAY = date(2026, 12, 7)
QUESTION = "Would a two-year term change anything on the commercial side?"
TURNS = [
    ("Daniel Kim", f"Our new procurement lead will want to see the contract. {QUESTION}"),
    ("Bob Kowalski", "It usually does. Let me check what flexibility I have and come back to you."),
]


def _call_row(n: int) -> Interaction:
    utterances = [{"speaker": who, "text": said} for who, said in TURNS]
    text = "\n".join(f"{who}: {said}" for who, said in TURNS)
    return Interaction(
        id=n, account_id=1, occurred_at=CALLED, kind="call", direction="inbound", text=text, subject="call",
        extra={"utterances": utterances},
    )  # fmt: skip


def _labelled(text: str, side: str, speaker: str, turn: int, n: int = 1) -> Labelled:
    sentence = Sentence(text, text, side, n, CALLED, "call", speaker, paragraph=turn)
    return Labelled(sentence, SentenceClass("other", 0.9), np.eye(16)[turn])


def _page(later: Interaction | None = None) -> list[dict[str, object]]:
    items = [
        _labelled(QUESTION, CUSTOMER, "Daniel Kim", 0),
        _labelled("Let me check what flexibility I have and come back to you.", OURS, "Bob Kowalski", 1),
    ]
    rows = {1: _call_row(1)} | ({later.id: later} if later else {})
    inputs = SectionInputs(items, rows, {"daniel kim"}, "bob", TODAY, "Brightwater Health", "Bob Kowalski")
    return build_sections(inputs, CitationMap())["commitments_by_us"]


def test_a_come_back_after_their_question_owes_the_answer_to_it() -> None:
    (line,) = _page()
    assert line["text"] == f"Bob Kowalski owes Brightwater Health: an answer to their question “{QUESTION}”"
    assert line["due_date"] is None and line["quote"].startswith("Let me check what flexibility")


def test_our_later_mail_on_the_question_settles_it() -> None:
    answered = Interaction(
        id=2, account_id=1, occurred_at=datetime(2026, 11, 2, tzinfo=UTC), kind="email", direction="outbound",
        text="A two-year term brings the commercial terms down by 8 percent.", subject="Two-year term",
    )  # fmt: skip
    assert _page(answered) == []
