"""How near the renewal is, in the words the account page uses: "in 21 days", "tomorrow", "today".

The narrative's renewal clause and the next best actions say it the same way: a renewal at most
RENEWAL_NEAR_DAYS away is what the customer weighs when they sign, so an open promise's action says so,
and a renewal that near after weeks with no record either way is said in the narrative.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

# A promise still open this close to the renewal is what the customer weighs when they sign: its action
# says so ("due 2026-06-27, overdue; the renewal is on 2026-12-23, in 17 days").
RENEWAL_NEAR_DAYS = 60
# No record either way for this long, with the renewal near: said in the narrative's renewal clause.
QUIET_BEFORE_RENEWAL_DAYS = 30


def renewal_when(renewal_date: str, today: date) -> str | None:
    """ "today", "tomorrow" or "in N days" when the renewal is at most RENEWAL_NEAR_DAYS away, else None."""
    days = (date.fromisoformat(renewal_date) - today).days
    if not 0 <= days <= RENEWAL_NEAR_DAYS:
        return None
    return "today" if days == 0 else "tomorrow" if days == 1 else f"in {days} days"


def before_the_renewal(renewal_date: str | None, today: date | None) -> str:
    """ "; the renewal is on D, in N days" when it is at most RENEWAL_NEAR_DAYS away, else ''."""
    when = renewal_when(renewal_date, today) if renewal_date and today is not None else None
    return f"; the renewal is on {renewal_date}, {when}" if when else ""


def renewal_clause(facts: dict[str, Any]) -> str:
    """The narrative's "the renewal is due on D", with how near it is and the silence before it when the
    renewal is near and nothing was recorded either way for QUIET_BEFORE_RENEWAL_DAYS: nobody is talking
    to the customer while the date runs out."""
    if not facts.get("renewal_date"):
        return ""
    told = f"the renewal is due on {facts['renewal_date']}"
    if not facts.get("today") or not facts.get("last_record"):
        return told
    today = date.fromisoformat(facts["today"])
    when = renewal_when(facts["renewal_date"], today)
    quiet = (today - date.fromisoformat(facts["last_record"])).days
    # A do-not-contact account's silence is what it asked for, not a gap to close.
    asked_for_silence = bool((facts.get("contact_policy") or {}).get("do_not_contact"))
    if when is None:
        return told
    # How near the renewal is matters whatever the silence; the silence is a gap only when nobody asked for it
    # (a do-not-contact page renewing in 4 days said only "due on 2026-12-11", 2026-12-07).
    if quiet < QUIET_BEFORE_RENEWAL_DAYS or asked_for_silence:
        return f"{told}, {when}"
    return f"{told}, {when}, with no record of contact since {facts['last_record']} ({quiet} days)"


# Procurement's lead time as the customer says it ("procurement needs eight weeks", "our purchasing takes
# 3 months"); without one, a quarter is the usual purchase cycle we plan for.
_LEAD = re.compile(
    r"\b(\d{1,3}|a|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\s+"
    r"(?:(?:business|working|calendar)\s+)?(days?|weeks?|months?)\b",
    re.IGNORECASE,
)
_NUMBERS = {
    "a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
}  # fmt: skip
DEFAULT_PROCUREMENT_DAYS = 90
# Paperwork starts this long before their lead time runs out, so a question or a signature chase fits.
PAPERWORK_MARGIN_DAYS = 14


def procurement_lead_days(said: str) -> int:
    """Days procurement takes, from the customer's words, else DEFAULT_PROCUREMENT_DAYS."""
    return stated_lead_days(said) or DEFAULT_PROCUREMENT_DAYS


def stated_lead_days(said: str) -> int | None:
    """Days procurement takes as the words say it ("needs 30 days", "eight weeks"), else None."""
    match = _LEAD.search(said)
    if not match:
        return None
    count = _NUMBERS.get(match.group(1).lower()) or int(match.group(1))
    unit = match.group(2).lower()
    return count * (1 if unit.startswith("day") else 7 if unit.startswith("week") else 30)


def paperwork_start(said: str, renewal_date: str, today: date | None) -> date | None:
    """The day to start the renewal paperwork when that is still more than PAPERWORK_MARGIN_DAYS away;
    None when it is time now (or today is unknown). A manager read "Start the renewal paperwork now" eight
    months before a renewal whose buyer needs six weeks (2026-12-07)."""
    if today is None:
        return None
    lead = procurement_lead_days(said) + PAPERWORK_MARGIN_DAYS
    start = date.fromisoformat(renewal_date) - timedelta(days=lead)
    return start if (start - today).days > PAPERWORK_MARGIN_DAYS else None


def procurement_overrun(said: str, renewal_date: str, today: date | None) -> int | None:
    """The days their procurement needs when that is more than the days left before the renewal (the
    window has closed), else None. A manager read "Start the renewal paperwork now, so procurement is done
    before the renewal" 29 days before a renewal whose buyer needs 30 (2026-12-07)."""
    if today is None:
        return None
    lead = stated_lead_days(said)
    left = (date.fromisoformat(renewal_date) - today).days
    return lead if lead is not None and 0 <= left < lead else None
