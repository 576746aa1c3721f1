"""The monthly sentiment trend of an account, over its whole history, read from the customer's own words.

Each interaction with customer-side text (an inbound email, a ticket's report, the customer's turns
on a call) is scored by the tone flagger; months without any customer text stay on the axis with no
value, so the chart always spans the first to the last month on record.
"""

from __future__ import annotations

from typing import Any

from copilot.db.models import Interaction
from copilot.index.embedder import Embedder
from copilot.tone.pleased import MIN_PLEASED, pleased_sentences
from copilot.tone.report import ToneReport
from copilot.tools.account_items import CitationMap
from copilot.tools.account_risks import NEGATIVE_KINDS, NOT_A_MOOD, named_risk
from copilot.tools.account_sections import month_span
from copilot.tools.flag_tone import MAX_TEXT_CHARS, flag_tone
from copilot.tools.sentiment import NEGATIVE_LABELS, NEGATIVE_THRESHOLD

# How far the latest month's negative share must move from the earlier average to be a change, not noise.
TREND_MARGIN = 0.2


def negative_score(text: str, embeddings: Embedder) -> float:
    """The tone flagger's strongest frustrated / churn-risk score for customer text (0 when empty)."""
    if not text.strip():
        return 0.0
    report: ToneReport = flag_tone(text[:MAX_TEXT_CHARS], "inbound", embeddings)
    return max((item.score for item in report.labels if item.label in NEGATIVE_LABELS), default=0.0)


def _month_entry(
    month: str, scored: list[tuple[Interaction, float]], citations: CitationMap, closed: frozenset[int]
) -> dict[str, Any]:
    if not scored:
        return {
            "month": month,
            "customer_items": 0,
            "negative": 0,
            "negative_share": None,
            "label": "no contact",
        }
    negative = [row for row, score in scored if score >= NEGATIVE_THRESHOLD]
    share = len(negative) / len(scored)
    return {
        "month": month,
        "customer_items": len(scored),
        "negative": len(negative),
        "negative_share": round(share, 3),
        "label": "negative" if share >= 0.5 else "mixed" if negative else "calm",
        "citations": [citations.cite_row(row) for row in negative],
        # A ticket's report read negative when it was raised; resolved since, it is nothing to act on now.
        "negative_resolved": sum(row.id in closed for row in negative),
    }


def negative_by_risk(
    pieces: dict[int, str],
    calls: frozenset[int] = frozenset(),
    problems: frozenset[int] = frozenset(),
    pleased: frozenset[int] = frozenset(),
) -> set[int]:
    """Interactions whose customer-side words threaten to leave, escalate or complain ("or I cancel", "third
    time I ask", "which was painful"): negative even when said calmly, so a month with a complaint never
    reads calm. The kinds are the ones the risks section shows (copilot/tools/account_risks.py).

    On a call (`calls`), any risk or reported problem (`problems`: the interactions whose customer sentences
    report one, copilot/tools/account_issues.py) in the customer's turns counts too: the call's own
    summary reads its mood that way (copilot/tools/call_render.py), and a manager who read "negative" there
    ("finance cut our budget", "the sync is still dropping deals") must not find the call calm here. A
    call whose customer was also plainly pleased (`pleased`: MIN_PLEASED warm sentences or more) reads
    "mixed" there, so it is not negative here; nor is a champion telling us they are leaving a mood."""
    negative = set()
    for i, text in pieces.items():
        found = named_risk(text)
        if found and found.kind in NEGATIVE_KINDS:
            negative.add(i)
        mood = (found and found.kind not in NOT_A_MOOD) or i in problems
        if i in calls and mood and i not in pleased:
            negative.add(i)
    return negative


def sentiment_trend(
    rows: list[Interaction],
    pieces: dict[int, str],
    embeddings: Embedder,
    citations: CitationMap,
    closed: frozenset[int] = frozenset(),
    problems: frozenset[int] = frozenset(),
) -> dict[str, Any]:
    """Per month from the first to the last interaction: customer items, how many read negative (by tone,
    or by a churn threat or complaint in their words), cited; `closed` are the ids of tickets since
    resolved, counted apart among the negative ones; `problems` the interactions whose customer sentences
    report a problem (a call among them reads negative, as its own summary does)."""
    if not rows:
        return {"months": [], "direction": "insufficient data", "source": "customer-side text"}
    by_id = {row.id: row for row in rows}
    calls = [i for i in pieces if by_id[i].kind == "call"]
    warm = pleased_sentences([pieces[i] for i in calls], embeddings)
    pleased = frozenset(i for i, n in zip(calls, warm, strict=True) if n >= MIN_PLEASED)
    risky = negative_by_risk(pieces, frozenset(calls), problems, pleased)
    scored: dict[str, list[tuple[Interaction, float]]] = {}
    for interaction_id, text in pieces.items():
        row = by_id[interaction_id]
        score = negative_score(text, embeddings)
        if interaction_id in risky:
            score = max(score, NEGATIVE_THRESHOLD)
        scored.setdefault(row.occurred_at.strftime("%Y-%m"), []).append((row, score))
    first, last = rows[0].occurred_at, rows[-1].occurred_at
    months = [_month_entry(m, scored.get(m, []), citations, closed) for m in month_span(first, last)]
    return {"months": months, "direction": direction(months), "source": "customer-side text"}


def _open_share(month: dict[str, Any]) -> float:
    share, negative = float(month["negative_share"]), month.get("negative", 0)
    resolved = month.get("negative_resolved", 0)
    return share * (negative - resolved) / negative if negative else share


def direction(months: list[dict[str, Any]]) -> str:
    """Improving / worsening / stable: the latest month with data against the average of the earlier ones.

    A manager reads the word beside the latest month, so the two must agree: a negative latest month after
    calmer ones is "worsening" whatever the months in between did, and a calm one after negative months
    "improving"; within 0.2 of the earlier average it is "stable"."""
    # A ticket resolved since it was raised is nothing the customer still waits on: the direction reads the
    # negative items still open (the healthiest sample account read "worsening" for a resolved ticket).
    shares = [_open_share(m) for m in months if m["negative_share"] is not None]
    if len(shares) < 2:
        return "insufficient data"
    *earlier, latest = shares
    before = sum(earlier) / len(earlier)
    if latest > before + TREND_MARGIN:
        return "worsening"
    if latest < before - TREND_MARGIN:
        return "improving"
    return "stable"
