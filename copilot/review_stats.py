"""Reviewer feedback per tool, model and prompt version: approval rate, edit ratio, time to decision."""

from __future__ import annotations

import re
import statistics
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from pydantic import Field
from sqlalchemy import ColumnElement, select, true
from sqlalchemy.orm import Session

from copilot.db.models import Account, Decision, Draft, Revision
from copilot.shapes import Shape

_WORD = re.compile(r"\S+")
GENERATED = ("generated", "regenerated")


def word_edit_distance(a: str, b: str) -> int:
    """Levenshtein distance counted in words (insert, delete or replace one word)."""
    left, right = _WORD.findall(a), _WORD.findall(b)
    if len(left) < len(right):
        left, right = right, left
    previous = list(range(len(right) + 1))
    for i, word in enumerate(left, start=1):
        current = [i]
        for j, other in enumerate(right, start=1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (word != other)))
        previous = current
    return previous[-1]


def edit_ratio(generated: str, approved: str) -> float:
    """Word edit distance over the longer text's length: 0 = approved as generated, 1 = rewritten."""
    longest = max(len(_WORD.findall(generated)), len(_WORD.findall(approved)), 1)
    return round(word_edit_distance(generated, approved) / longest, 4)


class ReviewStatsRow(Shape):
    """Reviewer feedback on one tool, model and prompt version."""

    tool: str
    model: str
    prompt_version: str = Field(description="prompt name@version")
    decided: int
    approved: int
    rejected: int
    approval_rate: float | None
    mean_edit_ratio: float | None = Field(description="0 = approved as generated, 1 = rewritten")
    median_seconds_to_decision: float | None


@dataclass
class _Group:
    approved: int = 0
    rejected: int = 0
    edit_ratios: list[float] = field(default_factory=list)
    seconds: list[float] = field(default_factory=list)

    def row(self, key: tuple[str, str, str]) -> ReviewStatsRow:
        """One stats row."""
        decided = self.approved + self.rejected
        return ReviewStatsRow(
            tool=key[0],
            model=key[1],
            prompt_version=key[2],
            decided=decided,
            approved=self.approved,
            rejected=self.rejected,
            approval_rate=round(self.approved / decided, 4) if decided else None,
            mean_edit_ratio=round(statistics.fmean(self.edit_ratios), 4) if self.edit_ratios else None,
            median_seconds_to_decision=round(statistics.median(self.seconds), 3) if self.seconds else None,
        )


def _text(revision: Revision) -> str:
    return f"{revision.subject or ''}\n{revision.body or ''}"


def _base(revisions: list[Revision], version: int) -> Revision | None:
    # The model's text the decided version grew from: the newest generated revision at or below it.
    generated = [r for r in revisions if r.origin in GENERATED and r.version <= version]
    return max(generated, key=lambda r: r.version) if generated else None


def review_stats(
    session: Session, *, visible: ColumnElement[bool] | None = None, since: datetime | None = None
) -> list[dict[str, Any]]:
    """The JSON of `review_rows` (the CLI's `--json`)."""
    return [row.model_dump(mode="json") for row in review_rows(session, visible=visible, since=since)]


def review_rows(
    session: Session, *, visible: ColumnElement[bool] | None = None, since: datetime | None = None
) -> list[ReviewStatsRow]:
    """One row per (tool, model, prompt version) over the decisions on accounts matching `visible`."""
    query = (
        select(Decision, Draft)
        .join(Draft, Draft.id == Decision.draft_id)
        .join(Account, Account.id == Draft.account_id)
        .where(visible if visible is not None else true())
    )
    if since is not None:
        query = query.where(Decision.created_at >= since)
    pairs = session.execute(query).tuples().all()
    revisions: dict[int, list[Revision]] = defaultdict(list)
    draft_ids = {draft.id for _, draft in pairs}
    for revision in session.scalars(select(Revision).where(Revision.draft_id.in_(draft_ids))):
        revisions[revision.draft_id].append(revision)
    groups: dict[tuple[str, str, str], _Group] = defaultdict(_Group)
    for decision, draft in pairs:
        key = (
            draft.kind.value,
            draft.model or "unknown",
            f"{draft.prompt_name or '?'}@{draft.prompt_version or '?'}",
        )
        group = groups[key]
        base = _base(revisions[draft.id], decision.version)
        if base is not None:
            group.seconds.append((decision.created_at - base.created_at).total_seconds())
        if decision.outcome != "approved":
            group.rejected += 1
            continue
        group.approved += 1
        final = next((r for r in revisions[draft.id] if r.version == decision.version), None)
        if base is not None and final is not None:
            group.edit_ratios.append(edit_ratio(_text(base), _text(final)))
    return [groups[key].row(key) for key in sorted(groups)]
