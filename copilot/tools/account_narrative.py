"""The manager's reading of an account: a cited 2-4 sentence narrative and next best actions.

Both are composed from the cited sections, never from free model text, so every sentence rests on
records a manager can open, and every action points at one concrete open item.
"""

from __future__ import annotations

from typing import Any

MAX_ACTIONS = 4
QUOTE_CHARS = 140


def _count(n: int, one: str, many: str) -> str:
    """`1 open issue`, `3 open issues`: a manager reads a sentence, not a template."""
    return f"{n} {one if n == 1 else many}"


def _quote(text: str) -> str:
    short = text if len(text) <= QUOTE_CHARS else text[: QUOTE_CHARS - 1].rstrip() + "…"
    return f"“{short.rstrip('.')}”"


def _standing(facts: dict[str, Any], trend: dict[str, Any], count: int) -> dict[str, Any]:
    months = [m for m in trend.get("months", []) if m.get("negative_share") is not None]
    span = (
        f"{trend['months'][0]['month']} to {trend['months'][-1]['month']}"
        if trend.get("months")
        else "no period"
    )
    text = f"{facts['name']} has {_count(count, 'interaction', 'interactions')} on record from {span}"
    if not months:
        return {"text": text + "; no customer-side messages to read sentiment from.", "citations": []}
    last = months[-1]
    mood = {"negative": "mostly negative", "mixed": "mixed", "calm": "calm"}[last["label"]]
    text += (
        f"; in {last['month']}, the latest month with customer messages, their tone was {mood} "
        f"({last['negative']} of {last['customer_items']} negative), "
        f"and over the period it is {trend['direction']}."
    )
    return {"text": text, "citations": list(last.get("citations", []))[:3]}


def _pressure(sections: dict[str, list[dict[str, Any]]]) -> dict[str, Any] | None:
    risks, issues = sections["risks"], sections["open_issues"]
    if not risks and not issues:
        return None
    parts, cites = [], []
    if risks:
        latest = f"{_quote(risks[0]['text'])} ({risks[0]['date']})"
        parts.append(f"{_count(len(risks), 'risk', 'risks')}, the latest {latest}")
        cites += risks[0]["citations"]
    if issues:
        parts.append(
            f"{_count(len(issues), 'open issue', 'open issues')}, the latest {_quote(issues[0]['text'])}"
        )
        cites += issues[0]["citations"]
    return {"text": "The records show " + " and ".join(parts) + ".", "citations": sorted(set(cites))}


def _promises(sections: dict[str, list[dict[str, Any]]], facts: dict[str, Any]) -> dict[str, Any] | None:
    overdue = [c for c in sections["commitments_by_us"] if c["overdue"]]
    theirs = [c for c in sections["commitments_by_them"] if c["overdue"]]
    renewal = f"Renewal is due on {facts['renewal_date']}" if facts.get("renewal_date") else ""
    if not overdue and not theirs:
        return {"text": renewal + ".", "citations": []} if renewal else None
    parts, cites = [], []
    if overdue:
        mine = (
            "our commitment is overdue"
            if len(overdue) == 1
            else f"{len(overdue)} of our commitments are overdue"
        )
        parts.append(
            f"{mine}, e.g. {_quote(overdue[0]['text'])}"
            if len(overdue) > 1
            else f"{mine}: {_quote(overdue[0]['text'])}"
        )
        cites += overdue[0]["citations"]
    if theirs:
        parts.append(
            "one of theirs is overdue" if len(theirs) == 1 else f"{len(theirs)} of theirs are overdue"
        )
        cites += theirs[0]["citations"]
    lead = f"{renewal}, and " if renewal else ""
    sentence = lead + " and ".join(parts) + "."
    return {"text": sentence[0].upper() + sentence[1:], "citations": sorted(set(cites))}


def narrative(
    facts: dict[str, Any], sections: dict[str, list[dict[str, Any]]], trend: dict[str, Any], count: int
) -> dict[str, Any]:
    """Two to four cited sentences: standing and sentiment, risks and issues, promises and renewal."""
    sentences = [_standing(facts, trend, count), _pressure(sections), _promises(sections, facts)]
    kept = [s for s in sentences if s]
    if len(kept) < 2:
        kept.append(
            {
                "text": "No open issues, risks or overdue commitments were found in the records.",
                "citations": [],
            }
        )
    return {
        "text": " ".join(s["text"] for s in kept),
        "sentences": kept,
        "citations": sorted({n for s in kept for n in s["citations"]}),
    }


def _action(text: str, section: str, index: int, item: dict[str, Any]) -> dict[str, Any]:
    return {"text": text, "citations": item["citations"], "item": {"section": section, "index": index}}


def next_best_actions(sections: dict[str, list[dict[str, Any]]]) -> list[dict[str, Any]]:
    """Up to four actions, each on one open item: risks, our overdue promises, open issues, theirs."""
    actions = []
    for i, risk in enumerate(sections["risks"][:2]):
        actions.append(
            _action(f"Address the risk with the account: {_quote(risk['text'])}", "risks", i, risk)
        )
    for i, promise in enumerate(sections["commitments_by_us"]):
        if promise["overdue"]:
            text = f"Deliver our overdue commitment (due {promise['due_date']}): {_quote(promise['text'])}"
            actions.append(_action(text, "commitments_by_us", i, promise))
    for i, issue in enumerate(sections["open_issues"][:2]):
        actions.append(_action(f"Resolve the open issue: {_quote(issue['text'])}", "open_issues", i, issue))
    for i, promise in enumerate(sections["commitments_by_them"]):
        if promise["overdue"]:
            due = promise["due_date"]
            text = f"Follow up on their overdue commitment (due {due}): {_quote(promise['text'])}"
            actions.append(_action(text, "commitments_by_them", i, promise))
    return actions[:MAX_ACTIONS]
