"""What a customer-facing draft may quote: customer-visible records, with our own side's call lines apart.

Internal records (see copilot.ingest.audience) stay in the retrieved context, where they can steer
what the email is about and let the internal-source guard recognise their values, but no sentence
of theirs is offered as a fact. On calls, the customer's lines are theirs to be reminded of; lines
of unknown speakers are dropped once the call has a known customer speaker (an unknown voice beside
a known customer is most often one of ours). Our own side's lines are never the customer's words:
those carrying a value (a date, an amount: our promises) are kept apart, to be attributed to us;
the rest (agenda, small talk) are dropped.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from copilot.db.models import Interaction
from copilot.ingest.audience import INTERNAL, THEM, US
from copilot.retrieval.context import CitedRecord
from copilot.tools.facts import FactSentence, candidate_sentences, is_factual

_TRANSCRIPT_KINDS = ("call", "meeting")
# A ticket's handling lines are our support's log ("Resolution: corrected the metric definition with
# the customer"): written for us, they are never restated to the customer as facts.
_OUR_TICKET_LINE = re.compile(
    r"^\s*(?:resolution|next steps?|workaround|root cause|internal notes?|solution|fix|action taken)\s*:",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class AudienceSplit:
    """The context's records split by audience; `customer` texts hold only the customer's own lines."""

    customer: list[CitedRecord]
    internal: list[CitedRecord]
    # Call records reduced to the value-carrying lines our side spoke (may be attributed to us).
    ours: list[CitedRecord]


def _speaker_sides(sessions: sessionmaker[Session], ids: Iterable[int]) -> dict[int, dict[str, str]]:
    wanted = sorted(set(ids))
    if not wanted:
        return {}
    with sessions() as session:
        rows = session.execute(select(Interaction.id, Interaction.extra).where(Interaction.id.in_(wanted)))
        return {row.id: dict((row.extra or {}).get("speaker_sides") or {}) for row in rows}


def _line_speaker(line: str, labels: Iterable[str]) -> str | None:
    for label in labels:
        if line.startswith(f"{label}: "):
            return label
    return None


def customer_lines(text: str, sides: dict[str, Any]) -> str:
    """The transcript text without the lines our side spoke (and unknown voices beside a known customer)."""
    if not sides:
        return text
    dropped = {US} | ({"unknown"} if THEM in sides.values() else set())
    # Longest labels first, so "Dana Kim" is not taken for "Dana".
    labels = sorted(sides, key=len, reverse=True)
    kept = [
        line
        for line in text.splitlines()
        if (speaker := _line_speaker(line, labels)) is None or sides.get(speaker) not in dropped
    ]
    return "\n".join(kept)


def our_factual_lines(text: str, sides: dict[str, Any]) -> str:
    """The lines our side spoke that carry a number, amount or date, without their speaker labels."""
    labels = sorted(sides, key=len, reverse=True)
    kept = []
    for line in text.splitlines():
        speaker = _line_speaker(line, labels)
        if speaker is not None and sides.get(speaker) == US and is_factual(line[len(speaker) + 2 :]):
            kept.append(line)
    return "\n".join(kept)


def without_our_ticket_lines(record: CitedRecord) -> CitedRecord:
    """A ticket without the lines our support wrote about handling it; other records unchanged."""
    if record.kind != "ticket":
        return record
    kept = [line for line in record.text.splitlines() if not _OUR_TICKET_LINE.match(line)]
    return replace(record, text="\n".join(kept))


def split_by_audience(sessions: sessionmaker[Session], records: list[CitedRecord]) -> AudienceSplit:
    """Customer-visible records (call texts reduced to the customer's lines) and internal records."""
    internal = [r for r in records if r.audience == INTERNAL]
    visible = [without_our_ticket_lines(r) for r in records if r.audience != INTERNAL]
    sides = _speaker_sides(sessions, (r.interaction_id for r in visible if r.kind in _TRANSCRIPT_KINDS))
    customer = [
        replace(r, text=customer_lines(r.text, sides[r.interaction_id])) if sides.get(r.interaction_id) else r
        for r in visible
    ]
    ours = [
        replace(r, text=our_factual_lines(r.text, sides[r.interaction_id]))
        for r in visible
        if sides.get(r.interaction_id)
    ]
    return AudienceSplit(customer, internal, [r for r in ours if r.text])


def attribute_our_lines(split: AudienceSplit, facts: list[FactSentence]) -> list[FactSentence]:
    """Tag facts taken from our own side's call lines (`split.ours`) with `speaker="us"`."""
    ours = {(r.n, s) for r in split.ours for s in candidate_sentences(r)}
    return [replace(f, speaker="us") if (f.n, f.text) in ours else f for f in facts]


def without_interaction(split: AudienceSplit, interaction_id: int) -> AudienceSplit:
    """The split without one interaction's records (a reply never quotes the message it answers)."""
    keep = [r for r in split.customer if r.interaction_id != interaction_id]
    ours = [r for r in split.ours if r.interaction_id != interaction_id]
    return AudienceSplit(keep, split.internal, ours)
