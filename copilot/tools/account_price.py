"""The price on record, for the account page's renewal sentence: what we last quoted the customer.

A manager preparing a renewal asks first what price is on the table. None of seven pages read on
2026-12-07 said it, though every account's mail held one ("The updated quote puts your renewal at
$113,000 per year for 70 seats, including premium support."). The newest sentence of our customer-visible
mail of the last year that names an amount with a pricing word is the price on record; a later request
of theirs for a new quote says that price is being reworked.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

from copilot.db.models import Interaction
from copilot.guards.spans import extract_claims
from copilot.ingest.audience import INTERNAL
from copilot.tools.account_items import CitationMap
from copilot.tools.fact_freshness import asks_for_a_new_price
from copilot.tools.turn_text import sentences

# A renewal's price is quoted months before it: "107.000 EUR pro Jahr für 95 Nutzer", sent 13 months
# before a page was read, was the only price on record and missing from it (a manager's reading,
# 2026-12-07). The sentence gives its date, so an old price reads as old.
PRICE_WINDOW_DAYS = 540
# An amount is a price when the sentence says what it buys or for how long.
_PRICING = re.compile(
    r"\b(?:per (?:year|month|seat|user|annum)|a year|annual(?:ly)?|/(?:year|yr|month)|seats?|users?|"
    r"licen[cs]es?|renewal|quote|pric(?:e|ing)|subscription|pro Jahr|par an|al año|por año)\b",
    re.IGNORECASE,
)


def price_on_record(
    rows: dict[int, Interaction], citations: CitationMap, today: date
) -> dict[str, Any] | None:
    """{"text", "date", "citations", "new_quote_asked"} for the newest price we sent, or None."""
    since = today - timedelta(days=PRICE_WINDOW_DAYS)
    ours = sorted(
        (
            r
            for r in rows.values()
            if r.kind in ("email", "meeting")
            and r.direction == "outbound"
            and r.audience != INTERNAL
            and r.occurred_at.date() >= since
        ),
        key=lambda r: (r.occurred_at, r.id),
        reverse=True,
    )
    for row in ours:
        # Line by line: an invite's agenda lines run into its sentences when joined.
        said = [s for line in row.text.splitlines() for s in sentences(line)]
        priced = next((s for s in said if names_a_price(s)), None)
        if priced is not None:
            asked = [
                r.occurred_at.date().isoformat()
                for r in rows.values()
                if r.direction == "inbound"
                and r.occurred_at > row.occurred_at
                and asks_for_a_new_price(r.text)
            ]
            return {
                "text": priced,
                "date": row.occurred_at.date().isoformat(),
                "citations": [citations.cite_row(row)],
                "new_quote_asked": min(asked) if asked else None,
            }
    return None


def names_a_price(sentence: str) -> bool:
    """Whether a sentence names an amount with a word that says it is a price ("$113,000 per year")."""
    return bool(_PRICING.search(sentence)) and any(c.kind == "money" for c in extract_claims(sentence))
