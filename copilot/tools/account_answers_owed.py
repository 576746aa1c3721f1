"""Answers we owe from a call: "Let me check what flexibility I have and come back to you." after the
customer asked "Would a two-year term change anything on the commercial side?".

The promise names no deliverable and no date, so the commitment rules pass it over as vague; but it owes
the answer to the question just asked, which five of six account pages a manager read left out
(2026-12-07). Such a promise of ours, on a call, right after the other speaker's question, is listed as
owing the answer to that question, until a later mail or invite of ours takes up the question's words
or it is older than the undated promises a page keeps.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from typing import Any

from copilot.db.models import Interaction
from copilot.tools.account_items import CitationMap, Labelled, SectionInputs, item_entry
from copilot.tools.account_promise_items import STALE_UNDATED_DAYS, our_later_records
from copilot.tools.account_sentences import OURS, call_turns, split_sentences
from copilot.tools.call_words import content_words

_COME_BACK = re.compile(r"\b(?:come|get|circle) back to (?:you|them)\b(?! with \w)", re.IGNORECASE)
_CALLS = frozenset({"call", "meeting"})
# A later mail of ours answers the question when it repeats half of its content words (at least two).
_MIN_WORDS = 2
STEM = 5


def answers_owed(inputs: SectionInputs, latest: datetime) -> list[tuple[Labelled, str]]:
    """Our undated "come back to you" on a call with the question it answers, newest first; each one
    not answered since by a mail or invite of ours."""
    stale_before = latest - timedelta(days=STALE_UNDATED_DAYS)
    found: dict[str, tuple[Labelled, str]] = {}
    for item in sorted(inputs.labelled, key=lambda i: i.sentence.occurred_at, reverse=True):
        said = item.sentence
        if said.side != OURS or said.kind not in _CALLS or said.occurred_at < stale_before:
            continue
        if not _COME_BACK.search(said.shown):
            continue
        question = _question_before(inputs.rows.get(said.interaction_id), said.paragraph, said.speaker)
        if question and not _answered_since(question, item, inputs.rows):
            found.setdefault(question, (item, question))
    return list(found.values())


def answer_entry(
    item: Labelled, question: str, inputs: SectionInputs, citations: CitationMap
) -> dict[str, Any]:
    """The page's line for an answer we owe, with the call's own sentence beside it."""
    entry = item_entry(item, inputs.rows, citations)
    owner = item.sentence.speaker or inputs.owner_name or "Our team"
    account = inputs.account_name or "the customer"
    text = f"{owner} owes {account}: an answer to their question “{question}”"
    entry.update(owner=owner, owed_to=account, text=text, quote=entry["text"], due_date=None, overdue=False)
    return entry


def _question_before(row: Interaction | None, turn: int, speaker: str | None) -> str | None:
    """The last question of the turn before, when another speaker asked it."""
    if row is None or turn < 1:
        return None
    turns = call_turns(row)
    if turn >= len(turns) or turns[turn - 1][0] == (speaker or ""):
        return None
    asked = [s.strip() for s in split_sentences(turns[turn - 1][1]) if s.strip().endswith("?")]
    return asked[-1] if asked else None


def _answered_since(question: str, item: Labelled, rows: dict[int, Interaction]) -> bool:
    """Whether a later mail or invite of ours shares half or more of the question's content words."""
    stems = {w[:STEM] for w in content_words(question)}
    if len(stems) < _MIN_WORDS:
        return False
    for row in our_later_records(rows, item.sentence):
        said = {w[:STEM] for w in content_words(row.text or "")}
        if 2 * len(stems & said) >= len(stems):
            return True
    return False
