"""The deterministic parts of an account summary: cited section items and the monthly sentiment trend.

Each section is one focused retrieval inside the account; its items are verbatim sentences from
the records, numbered by a citation map shared across the whole summary.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from langchain_core.embeddings import Embeddings
from sqlalchemy import select
from sqlalchemy.orm import Session

from copilot.db.models import Interaction
from copilot.guards.injection import detect_injection
from copilot.retrieval import CitedRecord, Retriever
from copilot.tone.report import ToneReport
from copilot.tools.call_items import RISK_CUES
from copilot.tools.facts import select_facts
from copilot.tools.flag_tone import MAX_TEXT_CHARS, flag_tone
from copilot.tools.sentiment import NEGATIVE_LABELS, NEGATIVE_THRESHOLD

_COMMITMENT = re.compile(
    r"\b(we will|we'll|I will|I'll|we can|promise\w*|commit\w*|guarantee\w*|will (?:send|deliver|ship|"
    r"confirm|sign|renew|review|share|provide|fix|have)|by (?:the )?(?:end|monday|tuesday|wednesday|"
    r"thursday|friday|\d))",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Section:
    """One summary section: the retrieval query, which side's records count, and whether a cue is needed."""

    key: str
    query: str
    exclude_direction: str | None = None
    cue: re.Pattern[str] | None = None


SECTIONS: tuple[Section, ...] = (
    Section("open_issues", "complaint problem issue bug broken error outage slow not working"),
    Section("commitments_by_us", "we will promise commit deliver send by", "inbound", _COMMITMENT),
    Section("commitments_by_them", "we will plan sign renew confirm approve budget", "outbound", _COMMITMENT),
    Section("risks", "renewal price contract cancel competitor budget churn", "outbound", RISK_CUES),
)


@dataclass
class CitationMap:
    """Numbers interaction records [1], [2]... in first-use order across every section."""

    numbers: dict[int, int] = field(default_factory=dict)
    entries: list[dict[str, Any]] = field(default_factory=list)

    def cite(self, record: CitedRecord) -> int:
        """The citation number of a record's interaction, assigning the next one on first use."""
        if record.interaction_id not in self.numbers:
            self.numbers[record.interaction_id] = len(self.numbers) + 1
            entry = record.as_citation()
            self.entries.append({**entry, "n": self.numbers[record.interaction_id]})
        return self.numbers[record.interaction_id]

    def cite_row(self, row: Interaction) -> int:
        """The citation number of an interaction row (used by the sentiment trend)."""
        if row.id not in self.numbers:
            self.numbers[row.id] = len(self.numbers) + 1
            self.entries.append(
                {
                    "n": self.numbers[row.id],
                    "interaction_id": row.id,
                    "account_id": row.account_id,
                    "occurred_at": row.occurred_at.isoformat(),
                    "kind": row.kind,
                    "direction": row.direction,
                    "subject": row.subject,
                    "excerpt": row.text[:600],
                }
            )
        return self.numbers[row.id]


def section_items(
    retriever: Retriever, account_id: int, section: Section, citations: CitationMap, limit: int = 3
) -> list[dict[str, Any]]:
    """Up to `limit` verbatim sentences for one section, each citing its interaction."""
    context = retriever.retrieve(account_id, section.query, top_k=5, token_budget=700)
    records = [r for r in context.records if r.direction != section.exclude_direction]
    by_n = {r.n: r for r in records}
    items = []
    for fact in select_facts(records, section.query, limit=limit + 3):
        if detect_injection(fact.text) or (section.cue and not section.cue.search(fact.text)):
            continue
        items.append({"text": fact.text, "citations": [citations.cite(by_n[fact.n])]})
        if len(items) == limit:
            break
    return items


def _negative_score(text: str, embeddings: Embeddings) -> float:
    if not text.strip():
        return 0.0
    report: ToneReport = flag_tone(text[:MAX_TEXT_CHARS], "inbound", embeddings)
    return max((item.score for item in report.labels if item.label in NEGATIVE_LABELS), default=0.0)


def sentiment_trend(
    session: Session, account_id: int, embeddings: Embeddings, citations: CitationMap
) -> dict[str, Any]:
    """Per month: inbound interactions, how many read negative (tone flagger), citing the negative ones."""
    rows = session.scalars(
        select(Interaction)
        .where(Interaction.account_id == account_id, Interaction.direction == "inbound")
        .order_by(Interaction.occurred_at, Interaction.id)
    ).all()
    months: dict[str, list[tuple[Interaction, float]]] = defaultdict(list)
    for row in rows:
        months[row.occurred_at.strftime("%Y-%m")].append((row, _negative_score(row.text, embeddings)))
    trend = []
    for month, scored in sorted(months.items()):
        negative = [row for row, score in scored if score >= NEGATIVE_THRESHOLD]
        share = len(negative) / len(scored)
        trend.append(
            {
                "month": month,
                "inbound": len(scored),
                "negative": len(negative),
                "negative_share": round(share, 3),
                "label": "negative" if share >= 0.5 else "mixed" if negative else "calm",
                "citations": [citations.cite_row(row) for row in negative],
            }
        )
    return {"months": trend, "direction": _direction(trend)}


def _direction(trend: list[dict[str, Any]]) -> str:
    if len(trend) < 2:
        return "insufficient data"
    first, last = trend[0]["negative_share"], trend[-1]["negative_share"]
    if last > first + 0.2:
        return "worsening"
    if last < first - 0.2:
        return "improving"
    return "stable"
