"""Who on an account may be contacted, as the manager's page must say it before any step it suggests.

The CRM marks an account do-not-contact or a contact opted out; the draft tools already refuse to
write to them (copilot/guards/contact_policy.py). The page must agree: a manager who reads "Call them
this week about their threat to leave" on an account that asked in writing not to be called is told
to break the request. So the policy leads the narrative, a do-not-contact account's next best actions
open with it, and the retention call becomes an internal review.
"""

from __future__ import annotations

import re
from typing import Any

from copilot.db.models import Account


def contact_policy(
    account: Account, sections: dict[str, list[dict[str, Any]]], excerpts: dict[int, str] | None = None
) -> dict[str, Any] | None:
    """The account's contact policy for the page, or None when everyone may be contacted: whether the
    whole account is do-not-contact, which contacts opted out, and the customer's own request when the
    records hold one (a do-not-contact risk), which the page cites, with the channel its record names
    (`excerpts`: each citation number's record text)."""
    opted_out = sorted(c.name for c in account.contacts if c.opted_out)
    if not account.do_not_contact and not opted_out:
        return None
    request = next((r for r in sections["risks"] if r.get("kind") == "do_not_contact"), None)
    policy: dict[str, Any] = {
        "do_not_contact": bool(account.do_not_contact),
        "opted_out": opted_out,
        "citations": list(request["citations"]) if request else [],
    }
    if request:
        said = (excerpts or {}).get(request["citations"][0], "") if request["citations"] else ""
        policy["request"] = {
            "text": request["text"],
            "date": request.get("date"),
            "channel": named_channel(said),
        }
    policy["text"] = policy_sentence(policy, account.name)
    return policy


def policy_sentence(policy: dict[str, Any], account: str) -> str:
    """ "Summit Ridge Outdoor is marked do-not-contact (their request of 2026-09-17: “…”): no calls, emails or
    sales outreach to anyone there." and/or the contacts who opted out."""
    told = []
    if policy["do_not_contact"]:
        request = policy.get("request")
        asked = f" (their request of {request['date']}: “{request['text'].rstrip('.')}”)" if request else ""
        told.append(
            f"{account} is marked do-not-contact{asked}: no calls, emails or sales outreach to anyone there"
        )
    names = policy["opted_out"]
    if names:
        who = names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"
        verb = "has" if len(names) == 1 else "have"
        told.append(f"{who} {verb} opted out of contact")
    return "; ".join(told) + "."


def first_action(policy: dict[str, Any], account: str) -> dict[str, Any] | None:
    """The step a do-not-contact account's actions open with: keep to it, and deliver what is owed only
    through the channel the customer named (the records say which; the page cannot)."""
    if not policy["do_not_contact"]:
        return None
    # The request is quoted in the policy above; the channel it names may be in another of its sentences
    # ("... through the procurement portal"), so the step points at the record rather than quote one line.
    request = policy.get("request")
    named = f"their request of {request['date']} names" if request and request.get("date") else "they named"
    channel = f"the channel {named}"
    if request and request.get("channel"):
        # A manager could not tell which channel "the channel their request names" was (2026-12-07).
        channel = f"{request['channel']}, as their request of {request.get('date') or 'record'} says"
    text = (
        f"Keep to the do-not-contact request: no calls, emails or sales outreach to anyone at {account}; "
        f"anything we owe them below goes only through {channel}"
    )
    return {"text": text, "citations": policy["citations"], "item": None}


# "all communication about our contract goes through the procurement portal from now on", "please use
# procurement@… only": where the customer wants what we owe them sent.
_CHANNEL = re.compile(
    r"\b(?:go(?:es)?|should go|must go|to go|be sent|send (?:it|them|everything)|only)\s+(?:only\s+)?"
    r"(?:through|via|to)\s+(?P<channel>(?:the|our|their)\s+[\w -]{2,40}?"
    r"(?:portal|address|inbox|mailbox|team|department|office|desk|system))\b|"
    r"\buse\s+(?P<address>[\w.+-]+@[\w-]+(?:\.[\w-]+)+)",
    re.IGNORECASE,
)


def named_channel(text: str) -> str | None:
    """The channel a do-not-contact request names ("the procurement portal", an address), or None."""
    found = _CHANNEL.search(text)
    if found is None:
        return None
    return found["channel"] or found["address"]


def spare_opted_out(actions: list[dict[str, Any]], names: list[str], account: str) -> list[dict[str, Any]]:
    """The actions with each contact who opted out replaced, outside the quoted record, by the account's
    other contacts: "tell Lauren Gallagher who owns it" beside "Lauren Gallagher has opted out of contact"
    (a manager's reading, 2026-12-07) sent the rep to the one person the page says not to contact."""
    spared = []
    for action in actions:
        head, quote_mark, quoted = action["text"].partition(": “")
        for name in names:
            # "Answer Bianca Park's message" became "Answer Willow & Finch Home's message", which still
            # left the rep to reply to her (a manager's reading, 2026-12-07): the step says to whom not.
            owned = f"{name}'s" in head
            head = head.replace(f"{name}'s", f"{account}'s")
            head = head.replace(name, f"another contact at {account} ({name} opted out)")
            if owned and "opted out" not in head:
                head += f" (from {name}, who opted out: answer another contact at {account})"
        spared.append({**action, "text": head + quote_mark + quoted})
    return spared


def retention_review(account: str, said: str) -> str:
    """A threat to leave on a do-not-contact account: no retention call, but the owner still decides."""
    return (
        f"Review {account}'s threat to leave with the account owner, without a retention call "
        f"(do-not-contact): {said}"
    )


def policy_key(policy: dict[str, Any] | None) -> tuple[bool, tuple[str, ...]]:
    """What of a policy the CRM decides (not the records): a cached page is stale when it changed."""
    if not policy:
        return False, ()
    return bool(policy["do_not_contact"]), tuple(policy["opted_out"])


def without_outreach(step: str, *, asks_for_contact: bool = True) -> str:
    """A step on a do-not-contact account: what needs their answer goes only through the channel they
    named; a step that only asked us to "raise this with" someone becomes the account owner's review."""
    if not asks_for_contact:
        said = step.split(": “", 1)[1] if ": “" in step else ""
        return (
            f"Review this with the account owner, without outreach (do-not-contact): “{said}"
            if said
            else step
        )
    return step.replace(": “", ", only through the channel they named (do-not-contact): “", 1)
