"""Next best actions on an account page: up to four, each on one open item and saying what to do.

Composed from the cited sections, never from free model text: risks first by the rule below, then our
overdue promises, the customer's open issues and what they owe us.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from copilot.tools.account_contact_policy import (
    first_action,
    retention_review,
    spare_opted_out,
    without_outreach,
)
from copilot.tools.account_promise_items import RELEASE
from copilot.tools.account_renewal import before_the_renewal, paperwork_start, procurement_overrun
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
_BEFORE_THE_RENEWAL = frozenset({"champion_leaving", "ownership_change", "budget_cut", "procurement_delay"})
_DETERMINED = re.compile(r"^(?:the|a|an|their|its|any|some|what)\b", re.IGNORECASE)

QUOTE_CHARS = 140


def quote(text: str) -> str:
    # A long quote is cut at a word, never inside one ("... on your side", not "... on y…").
    if len(text) > QUOTE_CHARS:
        text = text[: QUOTE_CHARS - 1].rsplit(" ", 1)[0].rstrip(" ,;:") + "…"
    return f"“{text.rstrip('.')}”"


def _action(text: str, section: str, index: int, item: dict[str, Any]) -> dict[str, Any]:
    return {"text": text, "citations": item["citations"], "item": {"section": section, "index": index}}


def _who(item: dict[str, Any], account: str) -> str:
    # A person by name; a role label ("Customer:" on a chat export) is the account itself, and so is the
    # subject of our own line (our rep who wrote the note is not whom the step is with).
    speaker = "" if item.get("side") == "ours" else str(item.get("speaker") or "")
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


# The kinds of risk whose step needs the customer (an answer, a date, a meeting); any other is raised.
RISK_STEPS = frozenset(
    {
        "churn_threat",
        "escalation",
        "complaint",
        "missed_deadline",
        "sentiment_drop",
        "budget_cut",
        "champion_leaving",
        "ownership_change",
        "procurement_delay",
    }
)


def _our_note(item: dict[str, Any]) -> bool:
    return item.get("side") == "ours" and item.get("record_kind") in {"note", "meeting"}


def _paperwork_step(
    risk: dict[str, Any], who: str, said: str, renewal_date: str | None, today: date | None
) -> str:
    # Their purchasing takes weeks: the paperwork starts in time, not in the renewal's last days, and not
    # months early either when their own lead time says it can wait.
    before = f"the renewal on {renewal_date}" if renewal_date else "the renewal"
    needs = procurement_overrun(risk["text"], renewal_date, today) if renewal_date else None
    if needs is not None and renewal_date and today:
        left = (date.fromisoformat(renewal_date) - today).days
        return (
            f"Send {who} the renewal paperwork today and agree with them how {before} is covered: their "
            f"procurement needs {needs} days and {left} are left: {said}"
        )
    start = paperwork_start(risk["text"], renewal_date, today) if renewal_date else None
    when = f"by {start.isoformat()}" if start else "now"
    return f"Start the renewal paperwork with {who} {when}, so procurement is done before {before}: {said}"


def _kind_step(
    risk: dict[str, Any],
    kind: Any,
    account: str,
    who: str,
    said: str,
    renewal_date: str | None,
    today: date | None = None,
) -> str:
    if kind == "churn_threat" and _our_note(risk):
        # Our own note's reading is no threat they made: the call finds out where they stand.
        noted = f"our note of {risk['date']}"
        return f"Call {who} this week, with the account owner, about the churn risk {noted} records: {said}"
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
    if kind == "sentiment_drop":
        # Our note saw their mood fall: a call hears from them what changed, before it shows in the renewal.
        return f"Call {who} this week to hear where they stand since our note of {risk['date']}: {said}"
    if kind == "budget_cut":
        return _budget_step(who, said, renewal_date)
    if kind == "champion_leaving":
        return _handover_step(risk, account, said)
    if kind == "ownership_change":
        # The new owner's people sign the renewal and may standardise on their own tools: meet them first.
        before = f"the renewal on {renewal_date}" if renewal_date else "the renewal"
        return f"Ask {who} who decides for the new owner and meet them before {before}: {said}"
    if kind == "procurement_delay":
        # Once our papers went out, the step is to check they are moving.
        before = f"the renewal on {renewal_date}" if renewal_date else "the renewal"
        if risk.get("paperwork_sent"):
            sent = f"the papers we sent on {risk['paperwork_sent']}"
            return f"Check with {who} that procurement is moving on {sent}, before {before}: {said}"
        return _paperwork_step(risk, who, said, renewal_date, today)
    return f"Raise this with {who} and agree the next step: {said}"


def _risk_step(
    risk: dict[str, Any],
    account: str,
    who: str = "",
    renewal_date: str | None = None,
    today: date | None = None,
    *,
    reachable: bool = True,
) -> str:
    # What to do about each kind of risk, addressed to the person who raised it, quoting their words.
    who, said = who or _who(risk, account), quote(risk["text"])
    kind = risk.get("kind")
    if kind == "churn_threat" and not reachable:
        return retention_review(account or "the customer", said)
    if kind == "do_not_contact" and not reachable:
        return ""  # the account is marked already: the policy step that opens the actions says it
    if kind == "do_not_contact":
        # Another call or sales mail would break what they asked for; the record must say so first.
        return f"Mark {who} as do-not-contact and stop outreach to them: {said}"
    step = _kind_step(risk, kind, account, who, said, renewal_date, today)
    # On a do-not-contact account a step never sends anyone to call or mail them (the policy opens the list).
    return step if reachable else without_outreach(step, asks_for_contact=kind in RISK_STEPS)


def _overdue_step(promise: dict[str, Any], before: str) -> str:
    what, due = owed_what(promise), promise["due_date"]
    # A promised release: no rep delivers it; the step is to find out whether it shipped and tell them.
    if RELEASE.search(what):
        return (
            f"Confirm with product whether it shipped and tell {promise['owed_to']} where it stands "
            f"(promised by {promise['owner']}, due {due}, overdue{before}): {what}"
        )
    return f"{promise['owner']} to deliver to {promise['owed_to']} now (due {due}, overdue{before}): {what}"


def owed_what(promise: dict[str, Any]) -> str:
    """What a commitment owes, without its owner's lead ("Chen Wei owes Acme: send X" -> "send X")."""
    return str(promise["text"]).split(": ", 1)[-1].rstrip(".")


def _issue_step(issue: dict[str, Any], account: str) -> str:
    # A ticket waiting on the customer moves when they send what support asked for; anything else needs
    # our answer.
    who, said = _who(issue, account), quote(issue["text"])
    if issue.get("awaiting_reply_since"):
        since, replied = issue["awaiting_reply_since"], issue.get("left_open_by_reply_of")
        if replied:
            return f"Answer {who}'s request of {since}, which our reply of {replied} left open: {said}"
        return f"Answer {who}'s message of {since}, still without a reply: {said}"
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
    # The retention call quotes the customer's own threat when there is one, not our note of it.
    theirs = next(
        (i for i, r in enumerate(risks) if r.get("kind") == "churn_threat" and not _our_note(r)), None
    )
    actions, seen = [], set()
    for urgent in _by_urgency(risks, today, renewal_date):
        churn = risks[urgent].get("kind") == "churn_threat"
        i = theirs if churn and theirs is not None else urgent
        risk = risks[i]
        ticket = risk.get("subject") if risk.get("record_kind") == "ticket" else None
        step = (risk.get("kind"), ticket, None if churn else _who(risk, account))
        if step in seen:
            continue
        seen.add(step)
        who = named[0] if churn and named else ""
        step_text = _risk_step(risk, account, who, renewal_date, today, reachable=reachable)
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
    # A ticket's own next step ("Root cause analysis requested; customer expects an answer this week") is
    # what the step on that ticket's escalation already asks for: one action per ticket.
    tickets_acted_on = {c for risk in risks if risk.get("record_kind") == "ticket" for c in risk["citations"]}
    before = before_the_renewal(renewal_date, today or _newest_day(sections))
    open_issues = [i for i in sections["open_issues"] if i["text"] not in acted_on]
    # Their message still without our reply ("Procurement needs … your security certificate") comes before
    # our old overdue chores: a manager's reading (2026-12-07) found "send the call notes" from June as the
    # action on a page whose narrative led with the unanswered renewal request.
    issue_actions = _issue_actions(open_issues, account, sections["open_issues"])
    listed = sections["open_issues"]
    unanswered = [a for a in issue_actions if listed[a["item"]["index"]].get("awaiting_reply_since")]
    actions += unanswered
    for i, promise in enumerate(sections["commitments_by_us"]):
        on_a_ticket = promise.get("record_kind") == "ticket" and set(promise["citations"]) & tickets_acted_on
        if promise["overdue"] and not on_a_ticket:
            actions.append(_action(_overdue_step(promise, before), "commitments_by_us", i, promise))
    actions += [a for a in issue_actions if a not in unanswered]
    for i, promise in enumerate(sections["commitments_by_them"]):
        if promise["overdue"]:
            due = promise["due_date"]
            text = f"Remind {promise['owner']} of what they owe us (due {due}): {owed_what(promise)}"
            actions.append(_action(text, "commitments_by_them", i, promise))
    actions = spare_opted_out(actions, (policy or {}).get("opted_out", []), account)
    if opening:
        # What we owe them and what they wait for still moves, through the channel their request named.
        owed = [{**a, "text": without_outreach(a["text"])} for a in actions[len(risks) :]]
        return [opening, *actions[: len(risks)], *owed][:MAX_ACTIONS]
    return actions[:MAX_ACTIONS]
