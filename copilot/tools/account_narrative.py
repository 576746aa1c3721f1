"""The manager's reading of an account: a cited 2-4 sentence narrative (next best actions:
copilot/tools/account_actions.py).

Both are composed from the cited sections, never from free model text, so every sentence rests on
records a manager can open, and every action points at one concrete open item.
"""

from __future__ import annotations

import calendar
from typing import Any

from copilot.tools.account_actions import QUOTE_CHARS, next_best_actions, owed_what, quote
from copilot.tools.account_renewal import renewal_clause


def _count(n: int, one: str, many: str) -> str:
    """`1 open issue`, `3 open issues`: a manager reads a sentence, not a template."""
    return f"{n} {one if n == 1 else many}"


def _article(phrase: str) -> str:
    """ "an open P1 ticket", "a churn threat"."""
    return f"{'an' if phrase[:1].lower() in 'aeiou' else 'a'} {phrase}"


# Risks that are a process to plan for rather than a sign of how the relationship stands.
_PROCESS_ONLY = frozenset({"procurement_delay"})


def _month_name(month: str) -> str:
    year, number = month.split("-")
    return f"{calendar.month_name[int(number)]} {year}"


def _state(sections: dict[str, list[dict[str, Any]]], latest: dict[str, Any] | None, direction: str) -> str:
    # The verdict a manager reads first; every part of it is one of the cited sections or the trend.
    # A threat to leave ("looking at two other vendors") puts the relationship at risk on its own.
    # Their purchasing process is a date to plan for, not strain in the relationship (a manager's reading,
    # 2026-12-07: the healthiest account read "under strain" for its procurement lead alone).
    risks = [r for r in sections["risks"] if r.get("kind") not in _PROCESS_ONLY]
    overdue = [c for c in sections["commitments_by_us"] if c["overdue"]]
    # A month negative only on tickets resolved since is no strain to act on now.
    negative_now = (
        latest is not None
        and latest["label"] == "negative"
        and latest.get("negative_resolved", 0) < latest["negative"]
    )
    leaving = any(r.get("kind") == "churn_threat" for r in risks)
    if leaving or (risks and (negative_now or direction == "worsening")):
        return "at risk"
    # A tone worsening over the period is strain even when its latest negative item was since resolved.
    if risks or overdue or negative_now or direction == "worsening":
        return "under strain"
    return "steady, with open issues to close" if sections["open_issues"] else "healthy"


def _standing(
    facts: dict[str, Any], sections: dict[str, list[dict[str, Any]]], trend: dict[str, Any], count: int
) -> dict[str, Any]:
    months = trend.get("months", [])
    read = [m for m in months if m.get("negative_share") is not None]
    latest = read[-1] if read else None
    span = f"from {months[0]['month']} to {months[-1]['month']}" if months else "with no dates"
    record = f"{_count(count, 'interaction', 'interactions')} on record {span}"
    state = _state(sections, latest, trend.get("direction", ""))
    lead = f"The relationship with {facts['name']} is {state}"
    if latest is None:
        return {
            "text": f"{lead}: {record}, none with the customer's own words to read their tone.",
            "citations": [],
        }
    single = latest["customer_items"] == 1
    messages = "only message" if single else _count(latest["customer_items"], "message", "messages")
    when = _month_name(latest["month"])
    reads = f"read{'s' if single else ''}"
    if not latest["negative"]:
        tone = f"their {messages} in {when} {reads} calm"
    elif latest["negative"] == latest["customer_items"]:
        tone = f"their {messages} in {when} {reads} negative"
    else:
        tone = f"{latest['negative']} of their {messages} in {when} read negative"
    open_negative = latest["negative"] - latest.get("negative_resolved", 0)
    resolved = bool(latest["negative"]) and not open_negative
    if resolved:
        # "reads negative, on a ticket since resolved" beside "under strain, although" read as a
        # contradiction (a manager's reading, 2026-12-07): what was negative is said to be settled.
        tone += f", only about {'a ticket' if latest['negative'] == 1 else 'tickets'} since resolved"
    direction = trend.get("direction")
    # Our own note that their sentiment dropped outweighs the messages' tone: "their tone is improving"
    # beside it read as a contradiction (a manager's reading, 2026-12-07).
    noted = next((r for r in sections.get("risks", []) if r.get("kind") == "sentiment_drop"), None)
    if noted is not None and direction in {"improving", "stable"}:
        tone += f", but our note of {noted['date']} records their sentiment dropped"
    elif direction in {"worsening", "improving", "stable", "uneven"}:
        tone += f"{',' if resolved else ''} and their tone is {direction} over the period"
    # The colon offers the tone as the reason for the verdict; when the tone says the opposite (a churn
    # threat beside a calm last message) it is a contrast, or the manager reads "at risk: ... calm".
    troubled = state in {"at risk", "under strain"}
    supports = (bool(open_negative) or direction == "worsening") if troubled else not latest["negative"]
    supports = supports or (troubled and noted is not None)
    joint = ": " if supports else ", although "
    cites = sorted(latest.get("citations", []))[:3]
    return {"text": f"{lead}{joint}{tone} ({record}).", "citations": cites}


def _pressure(sections: dict[str, list[dict[str, Any]]]) -> dict[str, Any] | None:
    risks, issues = sections["risks"], sections["open_issues"]
    if not risks and not issues:
        return None
    parts, cites = [], []
    if risks:
        others = f", one of {len(risks)} risks on record" if len(risks) > 1 else ""
        what = _article(risks[0]["kind_label"]) if risks[0].get("kind_label") else "a risk"
        top = f"the most serious risk is {what}, {quote(risks[0]['text'])} ({risks[0]['date']}){others}"
        if risks[0].get("kind") in _PROCESS_ONLY:
            said = f"{quote(risks[0]['text'])} ({risks[0]['date']})"
            top = f"the renewal must get through their procurement, {said}{others}"
        parts.append(top)
        cites += risks[0]["citations"]
    # The problem behind the top risk is often an open issue too (an escalated ticket): quoted once.
    told = risks[0]["text"] if risks else None
    untold = [i for i in issues if i["text"] != told]
    if issues and not untold:
        parts[-1] += f", also their {'one open customer issue' if len(issues) == 1 else 'open issues'}"
    elif untold and untold[0].get("awaiting_reply_since"):
        # Their unanswered message is the open item a manager acts on first (account_awaiting.py).
        waiting, more = untold[0], len(issues) - 1
        others = f" ({_count(more, 'more open issue', 'more open issues')})" if more else ""
        since, replied = waiting["awaiting_reply_since"], waiting.get("left_open_by_reply_of")
        awaits = (
            f"our reply of {replied} left open their request of {since}"
            if replied
            else (f"their message of {since} still awaits our reply")
        )
        parts.append(f"{awaits}, {quote(waiting['text'])}{others}")
        cites += waiting["citations"]
    elif issues:
        many = len(issues) > 1
        count = f"{len(issues)} open customer issues" if many else "one open customer issue"
        # Of several, the one a risk below stands on (a complaint) is the one to name: the newest may be
        # a passing remark the classifier misread, and the manager acts on the complaint first.
        backing = (
            next((r for r in risks[1:] for i in untold if i["text"] == r["text"]), None) if many else None
        )
        if backing is not None:
            lead = next(i for i in untold if i["text"] == backing["text"])
            latest = f"among them {_article(backing['kind_label'])}, " if backing.get("kind_label") else ""
        else:
            lead = untold[0]
            latest = "" if not many else "the latest " if lead is issues[0] else "the latest other "
        parts.append(f"{count}, {latest}{quote(lead['text'])}")
        cites += lead["citations"]
    text = "; ".join(parts) + "."
    return {"text": text[0].upper() + text[1:], "citations": sorted(set(cites))}


def _owed(items: list[dict[str, Any]], who: str) -> str:
    # The side's most urgent promise by name (the list is overdue first, then soonest), not a count.
    lead = items[0]
    state = f"overdue since {lead['due_date']}" if lead["overdue"] else f"due {lead['due_date']}"
    if not lead["due_date"]:
        state = "no date given"
    others = f"; {len(items) - 1} more open" if len(items) > 1 else ""
    owner = f"{lead['owner']}, " if lead.get("owner") else ""
    return f"{who} {quote(owed_what(lead))} ({owner}{state}{others})"


def _price_clause(price: dict[str, Any] | None) -> str:
    # The price on the table, as we wrote it, and whether they asked for a new one since (account_price).
    if not price:
        return ""
    clause = f"our last price on record, {quote(price['text'])} ({price['date']})"
    if price.get("new_quote_asked"):
        clause += f", and they asked about a new price on {price['new_quote_asked']}"
    return clause


def _promises(sections: dict[str, list[dict[str, Any]]], facts: dict[str, Any]) -> dict[str, Any] | None:
    ours, theirs = sections["commitments_by_us"], sections["commitments_by_them"]
    renewal = renewal_clause(facts)
    parts = []
    if ours:
        parts.append(_owed(ours, "we owe them"))
    if theirs:
        parts.append(_owed(theirs, "they owe us"))
    owed = ", and ".join(parts)
    price = facts.get("price")
    text = "; ".join(p for p in (owed, renewal, _price_clause(price)) if p)
    if not text:
        return None
    # Each side's named commitment is cited, and the price's mail; the renewal date is an account field.
    cites = [side[0]["citations"][0] for side in (ours, theirs) if side] + (price or {}).get("citations", [])
    return {"text": text[0].upper() + text[1:] + ".", "citations": sorted(set(cites))}


def narrative(
    facts: dict[str, Any], sections: dict[str, list[dict[str, Any]]], trend: dict[str, Any], count: int
) -> dict[str, Any]:
    """Two to four cited sentences on where the relationship stands: the verdict and the customer's tone,
    the latest risk and open issues, what each side owes and the renewal."""
    policy = facts.get("contact_policy")
    told = {"text": policy["text"], "citations": policy["citations"]} if policy else None
    sentences = [
        told,
        _standing(facts, sections, trend, count),
        _pressure(sections),
        _promises(sections, facts),
    ]
    kept = [s for s in sentences if s]
    if len(kept) < 2:
        kept.append(
            {"text": "No open issues, risks or commitments were found in the records.", "citations": []}
        )
    return {
        "text": " ".join(s["text"] for s in kept),
        "sentences": kept,
        "citations": sorted({n for s in kept for n in s["citations"]}),
    }


__all__ = ["QUOTE_CHARS", "narrative", "next_best_actions", "quote"]
