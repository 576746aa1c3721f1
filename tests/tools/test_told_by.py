"""A customer fact is told as the words of whoever said it: "You told us" only to the person who did."""

from __future__ import annotations

from datetime import UTC, datetime

from copilot.retrieval import GroundedContext
from copilot.retrieval.context import CitedRecord
from copilot.tools.draft_compact import letter_facts
from copilot.tools.draft_types import Audience
from copilot.tools.facts import FactSentence

WHEN = datetime(2026, 9, 10, tzinfo=UTC)
RENEWAL = "Our subscription renews on June 13, 2027, and finance wants the quote a month earlier."
SIGNING = "I will send back the signed data processing agreement by July 3, 2027."


def _email(n: int, who: str, text: str) -> CitedRecord:
    return CitedRecord(n, f"c{n}", 100 + n, 1, WHEN, "email", "inbound", who, "Renewal", text)


def _letter(reader: str) -> list[str]:
    records = [_email(1, "Sarah Yates", RENEWAL), _email(2, "Sarah Yates", SIGNING)]
    context = GroundedContext(account_id=1, query="renewal", records=records, tokens=0)
    audience = Audience(
        1, reader, "en", "neutral", "Bob Kowalski", frozenset({"Sarah Yates", "Fiona Tanaka"})
    )
    kept, _ = letter_facts([FactSentence(1, RENEWAL), FactSentence(2, SIGNING)], context, audience)
    return [k.text for k in kept]


def test_the_writer_reads_you_told_us() -> None:
    assert _letter("Sarah Yates")[0].startswith("You told us that your subscription renews on June 13, 2027")
    assert any(t.startswith("You also told us that you will send back") for t in _letter("Sarah Yates"))


def test_a_colleague_reads_whose_words_they_are_and_never_someone_elses_i() -> None:
    lines = _letter("Fiona Tanaka")
    assert lines == [
        "Sarah Yates told us that your subscription renews on June 13, 2027, and finance wants the quote a "
        "month earlier."
    ]
