"""The manager's reading of an account: a cited 2-4 sentence narrative and next best actions.

Both are composed from the cited sections, never from free model text, so every sentence rests on
records a manager can open, and every action points at one concrete open item.
"""

from __future__ import annotations

import calendar
import re
from datetime import date
from typing import Any

from copilot.tools.account_contact_policy import first_action, retention_review
from copilot.tools.account_renewal import before_the_renewal, renewal_clause
from copilot.tools.account_risks import severity
from copilot.tools.speaker_roles import is_role_label

MAX_ACTIONS = 4
MAX_RISK_ACTIONS = 3

# Which risks get the action list's few lines: a manager acts first on what is most at stake, then on what
# will not wait. Severity alone once ranked them, and a September complaint took the last risk line from
# a champion leaving at the end of January, three months before the renewal. The rule, tier by tier:
#  1. a threat to leave or a do-not-contact request, however old: the account itself, or every next touch;
#  2. a risk whose moment to act is now: raised in the last FRESH_DAYS (a complaint still hot, a sponsor
#     who just said they are leaving), an open P1/P2 ticket still waiting on us, or a champion leaving or
#     a budget cut with the renewal within RENEWAL_WINDOW_DAYS (the chance to meet the successor or to
#     price the cut closes at the renewal);
#  3. the rest: an older complaint or escalation (still listed under risks; its open issue keeps its own
#     action), a missed deadline long past.
# Within a tier the kinds keep their severity order (account_risks.RISK_LABELS), then the newest first.
FRESH_DAYS = 30
RENEWAL_WINDOW_DAYS = 180
_ALWAYS_FIRST = frozenset({"churn_threat", "do_not_contact"})
_BEFORE_THE_RENEWAL = frozenset({"champion_leaving", "budget_cut"})
_DETERMINED = re.compile(r"^(?:the|a|an|their|its|any|some|what)\b", re.IGNORECASE)
QUOTE_CHARS = 140


def _count(n: int, one: str, many: str) -> str:
    """`1 open issue`, `3 open issues`: a manager reads a sentence, not a template."""
    return f"{n} {one if n == 1 else many}"


def _article(phrase: str) -> str:
    """ "an open P1 ticket", "a churn threat"."""
    return f"{'an' if phrase[:1].lower() in 'aeiou' else 'a'} {phrase}"


def _quote(text: str) -> str:
    # A long quote is cut at a word, never inside one ("... on your side", not "... on y…").
    if len(text) > QUOTE_CHARS:
        text = text[: QUOTE_CHARS - 1].rsplit(" ", 1)[0].rstrip(" ,;:") + "…"
    return f"“{text.rstrip('.')}”"


def _month_name(month: str) -> str:
    year, number = month.split("-")
    return f"{calendar.month_name[int(number)]} {year}"


def _state(sections: dict[str, list[dict[str, Any]]], latest: dict[str, Any] | None, direction: str) -> str:
    # The verdict a manager reads first; every part of it is one of the cited sections or the trend.
    # A threat to leave ("looking at two other vendors") puts the relationship at risk on its own.
    risks, overdue = sections["risks"], [c for c in sections["commitments_by_us"] if c["overdue"]]
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
    if not latest["negative"]:
        tone = f"their {messages} in {when} read{'s' if single else ''} calm"
    elif latest["negative"] == latest["customer_items"]:
        tone = f"their {messages} in {when} read{'s' if single else ''} negative"
    else:
        tone = f"{latest['negative']} of their {messages} in {when} read negative"
    open_negative = latest["negative"] - latest.get("negative_resolved", 0)
    resolved = bool(latest["negative"]) and not open_negative
    if resolved:
        tone += f", on {'a ticket' if latest['negative'] == 1 else 'tickets'} since resolved"
    direction = trend.get("direction")
    if direction in {"worsening", "improving", "stable", "uneven"}:
        tone += f"{',' if resolved else ''} and their tone is {direction} over the period"
    # The colon offers the tone as the reason for the verdict; when the tone says the opposite (a churn
    # threat beside a calm last message) it is a contrast, or the manager reads "at risk: ... calm".
    troubled = state in {"at risk", "under strain"}
    supports = (bool(open_negative) or direction == "worsening") if troubled else not latest["negative"]
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
        top = f"the most serious risk is {what}, {_quote(risks[0]['text'])} ({risks[0]['date']}){others}"
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
        since = waiting["awaiting_reply_since"]
        parts.append(f"their message of {since} still awaits our reply, {_quote(waiting['text'])}{others}")
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
        parts.append(f"{count}, {latest}{_quote(lead['text'])}")
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
    return f"{who} {_quote(_owed_what(lead))} ({owner}{state}{others})"


def _promises(sections: dict[str, list[dict[str, Any]]], facts: dict[str, Any]) -> dict[str, Any] | None:
    ours, theirs = sections["commitments_by_us"], sections["commitments_by_them"]
    renewal = renewal_clause(facts)
    parts = []
    if ours:
        parts.append(_owed(ours, "we owe them"))
    if theirs:
        parts.append(_owed(theirs, "they owe us"))
    owed = ", and ".join(parts)
    text = "; ".join(p for p in (owed, renewal) if p)
    if not text:
        return None
    # Each side's named commitment is cited; the renewal date is an account field.
    cites = [side[0]["citations"][0] for side in (ours, theirs) if side]
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


def _action(text: str, section: str, index: int, item: dict[str, Any]) -> dict[str, Any]:
    return {"text": text, "citations": item["citations"], "item": {"section": section, "index": index}}


def _who(item: dict[str, Any], account: str) -> str:
    # A person by name; a role label ("Customer:" on a chat export) is the account itself.
    speaker = str(item.get("speaker") or "")
    return speaker if speaker and not is_role_label(speaker) else account or "the customer"


def _budget_step(who: str, said: str, renewal_date: str | None) -> str:
    # The renewal is where a cut budget bites: an option priced for it is ready before that date.
    before = f"the renewal on {renewal_date}" if renewal_date else "the renewal talks"
    return f"Prepare a renewal option that fits the cut budget before {before} and take it to {who}: {said}"


def _handover_step(risk: dict[str, Any], account: str, said: str) -> str:
    # Meet the successor while the champion is still there, so the renewal keeps an owner on their side;
    # once they have gone, "before they leave" is too late: find who owns the renewal now.
    leaver = risk.get("leaver") or (f"your contact at {account}" if account else "your contact")
    if risk.get("already_left"):
        if risk.get("successor"):
            took_over = f"{risk['successor']}, who took over from {leaver},"
            return f"Meet {took_over} and confirm they own the renewal: {said}"
        at, gone = f" at {account}" if account else "", risk.get("leaver") or "their champion"
        return f"Find a new sponsor{at} now that {gone} has left, and confirm who owns the renewal: {said}"
    successor = risk.get("successor") or "their successor"
    when = f" ({risk['leaving_when']})" if risk.get("leaving_when") else ""
    return f"Meet {successor} before {leaver} leaves{when} and confirm who owns the renewal: {said}"


def _risk_step(
    risk: dict[str, Any],
    account: str,
    who: str = "",
    renewal_date: str | None = None,
    *,
    reachable: bool = True,
) -> str:
    # What to do about each kind of risk, addressed to the person who raised it, quoting their words.
    who, said = who or _who(risk, account), _quote(risk["text"])
    kind = risk.get("kind")
    if kind == "churn_threat" and not reachable:
        return retention_review(account or "the customer", said)
    if kind == "churn_threat":
        return f"Call {who} this week about their threat to leave, with the account owner: {said}"
    if kind == "escalation" and risk.get("record_kind") == "ticket":
        ticket = f"“{risk['subject']}”" if risk.get("subject") else "their ticket"
        # "tell them both" left the reader to guess what "both" were: the step says what to tell.
        return f"Get an owner and a fix date for {ticket} and tell {who} who owns it and by when: {said}"
    if kind == "escalation":
        return (
            f"Give {who}'s escalation an owner and a fix date, and tell them who owns it and by when: {said}"
        )
    if kind == "complaint":
        return f"Answer {who}'s complaint with an owner and a fix date: {said}"
    if kind == "missed_deadline":
        return f"Agree a new date with {who} and confirm it in writing: {said}"
    if kind == "budget_cut":
        return _budget_step(who, said, renewal_date)
    if kind == "champion_leaving":
        return _handover_step(risk, account, said)
    if kind == "do_not_contact" and not reachable:
        return ""  # the account is marked already: the policy step that opens the actions says it
    if kind == "do_not_contact":
        # Another call or sales mail would break what they asked for; the record must say so first.
        return f"Mark {who} as do-not-contact and stop outreach to them: {said}"
    return f"Raise this with {who} and agree the next step: {said}"


def _owed_what(promise: dict[str, Any]) -> str:
    return str(promise["text"]).split(": ", 1)[-1].rstrip(".")


def _issue_step(issue: dict[str, Any], account: str) -> str:
    # A ticket waiting on the customer moves when they send what support asked for; anything else needs
    # our answer.
    who, said = _who(issue, account), _quote(issue["text"])
    if issue.get("awaiting_reply_since"):
        return f"Answer {who}'s message of {issue['awaiting_reply_since']}, still without a reply: {said}"
    if issue.get("ticket_state") != "waiting on the customer":
        return f"Reply to {who} with a fix or a date: {said}"
    ticket = f"“{issue['subject']}”" if issue.get("subject") else "their ticket"
    asked = str(issue.get("waiting_for") or "what support needs")
    if not _DETERMINED.match(asked):
        asked = f"the {asked}"
    return f"Ask {who} for {asked} on {ticket} (waiting on them since {issue['date']}), or close it: {said}"


def _issue_actions(
    issues: list[dict[str, Any]], account: str, listed: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    # Two open issues, at most one reply per person: two points one customer raised on a call are one
    # answer to them, not two actions; each waiting ticket is its own chase. Each points at its place in
    # the `listed` section.
    actions, replied = [], set()
    for issue in issues:
        i = next(n for n, listed_issue in enumerate(listed) if listed_issue is issue)
        waiting = issue.get("ticket_state") == "waiting on the customer"
        who = _who(issue, account)
        if not waiting and who in replied:
            continue
        replied |= set() if waiting else {who}
        actions.append(_action(_issue_step(issue, account), "open_issues", i, issue))
        if len(actions) == 2:
            break
    return actions


def _urgency_tier(risk: dict[str, Any], today: date, renewal_date: str | None) -> int:
    """The risk's tier under the rule above: 0 always first, 1 act now, 2 the rest."""
    kind = risk.get("kind")
    if kind in _ALWAYS_FIRST:
        return 0
    age = (today - date.fromisoformat(risk["date"])).days if risk.get("date") else None
    fresh = age is not None and age <= FRESH_DAYS
    open_ticket = risk.get("record_kind") == "ticket" and risk.get("ticket_state") == "open"
    renewal_soon = False
    if kind in _BEFORE_THE_RENEWAL and renewal_date:
        renewal_soon = 0 <= (date.fromisoformat(renewal_date) - today).days <= RENEWAL_WINDOW_DAYS
    return 1 if fresh or open_ticket or renewal_soon else 2


def _by_urgency(risks: list[dict[str, Any]], today: date | None, renewal_date: str | None) -> list[int]:
    # The risks' positions in the order a manager acts on them: tier, then severity, then newest (each
    # sort is stable, so it keeps the order of the sort before it within its own ties).
    dates = [r["date"] for r in risks if r.get("date")]
    # Without a date for today the newest record stands in for it, so the reading is relative to the record.
    now = today or (date.fromisoformat(max(dates)) if dates else date.min)
    newest_first = sorted(range(len(risks)), key=lambda i: str(risks[i].get("date") or ""), reverse=True)
    by_severity = sorted(newest_first, key=lambda i: severity(risks[i].get("kind")))
    return sorted(by_severity, key=lambda i: _urgency_tier(risks[i], now, renewal_date))


def _risk_actions(
    risks: list[dict[str, Any]],
    account: str,
    renewal_date: str | None,
    today: date | None = None,
    *,
    reachable: bool = True,
) -> list[dict[str, Any]]:
    # The three most urgent risks (the rule above), each a different step (a threat to leave, a budget cut
    # and the champion leaving told on one call are three things to do). A threat to leave is one retention
    # call per account, to the first person who made one (our note "they are evaluating a competitor"
    # names nobody); two notes of one ticket's complaint are one step.
    named = [_who(r, account) for r in risks if r.get("kind") == "churn_threat" and r.get("speaker")]
    actions, seen = [], set()
    for i in _by_urgency(risks, today, renewal_date):
        risk = risks[i]
        churn = risk.get("kind") == "churn_threat"
        ticket = risk.get("subject") if risk.get("record_kind") == "ticket" else None
        step = (risk.get("kind"), ticket, None if churn else _who(risk, account))
        if step in seen:
            continue
        seen.add(step)
        who = named[0] if churn and named else ""
        step_text = _risk_step(risk, account, who, renewal_date, reachable=reachable)
        if step_text:
            actions.append(_action(step_text, "risks", i, risk))
        if len(actions) == MAX_RISK_ACTIONS:
            break
    return actions


def _newest_day(sections: dict[str, list[dict[str, Any]]]) -> date | None:
    # Without today's date the newest dated item stands in for it, as in _by_urgency.
    dates = [str(item["date"]) for items in sections.values() for item in items if item.get("date")]
    return date.fromisoformat(max(dates)) if dates else None


def next_best_actions(
    sections: dict[str, list[dict[str, Any]]],
    account: str = "",
    renewal_date: str | None = None,
    today: date | None = None,
    policy: dict[str, Any] | None = None,
) -> list[dict[str, Any]]:
    """Up to four actions, each on one open item and saying what to do: risks (one per record and step,
    most urgent first: see the rule at FRESH_DAYS), our overdue promises, open issues, then theirs. An
    open issue a risk's step already acts on (the risk's own sentence, as an escalated ticket's report, or
    one beside it, as the complaint behind a threat to leave) is that step's, not a second action. A
    do-not-contact account's actions open with keeping to it (copilot/tools/account_contact_policy.py)."""
    opening = first_action(policy, account) if policy else None
    reachable = opening is None
    actions = _risk_actions(sections["risks"], account, renewal_date, today, reachable=reachable)
    risks = [sections["risks"][a["item"]["index"]] for a in actions]
    acted_on = {text for risk in risks for text in [risk["text"], *risk.get("also", [])]}
    before = before_the_renewal(renewal_date, today or _newest_day(sections))
    for i, promise in enumerate(sections["commitments_by_us"]):
        if promise["overdue"]:
            text = (
                f"{promise['owner']} to deliver to {promise['owed_to']} now "
                f"(due {promise['due_date']}, overdue{before}): {_owed_what(promise)}"
            )
            actions.append(_action(text, "commitments_by_us", i, promise))
    open_issues = [i for i in sections["open_issues"] if i["text"] not in acted_on]
    actions += _issue_actions(open_issues, account, sections["open_issues"])
    for i, promise in enumerate(sections["commitments_by_them"]):
        if promise["overdue"]:
            due = promise["due_date"]
            text = f"Remind {promise['owner']} of what they owe us (due {due}): {_owed_what(promise)}"
            actions.append(_action(text, "commitments_by_them", i, promise))
    if opening:
        return [opening, *actions][:MAX_ACTIONS]
    return actions[:MAX_ACTIONS]
