"""Which of our own past sentences a letter may still restate.

A letter restates our side's words in the present ("I have asked our support team to look at the
Salesforce sync."). Said months ago, the same words tell the customer something is happening now that
happened then: the customer reads a stale action as news. The customer's own words keep: what they told
us about their needs stays theirs to be reminded of. Our sentence keeps while its record is recent, or
while a date it names is still ahead (a release "in January 2027" is still our word).
"""

from __future__ import annotations

from datetime import date, timedelta

from copilot.guards.spans import extract_claims
from copilot.retrieval.context import GroundedContext
from copilot.tools.draft_compact import fact_side
from copilot.tools.draft_types import Audience
from copilot.tools.facts import FactSentence

# How long our own past words read as current in a letter. A support follow-up, a promised check or a
# status line is about a month's news; older ones read as said today.
OURS_CURRENT_FOR = timedelta(days=45)


def _dates_named(sentence: str, language: str) -> list[str]:
    """The ISO dates a sentence names ("2027-01-??" for a month alone)."""
    return [c.normalized for c in extract_claims(sentence, [], language) if c.kind == "date"]


def _still_ahead(iso: str, today: date) -> bool:
    # A month alone ("2027-01-??") is ahead until that month is over; compare the known part only.
    known = iso.split("-??", 1)[0]
    return known >= today.isoformat()[: len(known)]


def our_words_still_current(sentence: str, said_on: date, today: date, language: str) -> bool:
    """True when our sentence, said on `said_on`, may be restated to the customer on `today`."""
    if today - said_on <= OURS_CURRENT_FOR:
        return True
    return any(_still_ahead(iso, today) for iso in _dates_named(sentence, language))


def current_facts(
    facts: list[FactSentence], context: GroundedContext, audience: Audience, today: date
) -> tuple[list[FactSentence], list[FactSentence]]:
    """The facts a letter may restate, and our own stale ones it leaves out (for the reviewer to see)."""
    records = {r.n: r for r in context.records}
    kept: list[FactSentence] = []
    stale: list[FactSentence] = []
    for fact in facts:
        record = records[fact.n]
        ours = fact_side(record, fact.speaker, audience) == "ours"
        if ours and not our_words_still_current(
            fact.text, record.occurred_at.date(), today, audience.language
        ):
            stale.append(fact)
        else:
            kept.append(fact)
    return kept, stale
