"""Deterministic extraction from call utterances: action items with owners and due dates, decisions, risks.

A small model copies and rambles; these items are found by transparent rules instead, each resting
on the numbered utterance it was read from, so a reviewer can check it in one look.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

WEEKDAYS = {name.lower(): i for i, name in enumerate(calendar.day_name)}
MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})

_SELF_ACTION = re.compile(
    r"\b(I|we)(?:'ll| will| shall|'m going to| am going to| are going to|'re going to)\s+(?!not\b|be\b)\w+",
    re.IGNORECASE,
)
_ASK_ACTION = re.compile(r"\b(?:can|could|would) you\s+(?!tell|hear|see)\w+|\bplease\s+\w+", re.IGNORECASE)
_SHARED_ACTION = re.compile(r"\blet'?s\s+(?!go with\b)\w+", re.IGNORECASE)
_DECISION = re.compile(
    r"\b(?:we(?:'ve| have)? agreed|agreed to|decided|decision is|let'?s go with|we'?ll go with|go ahead with|"
    r"signed off|sign off on|approved)\b",
    re.IGNORECASE,
)
RISK_CUES = re.compile(
    r"\b(?:cancel\w*|churn\w*|competitor\w*|switch(?:ing)? to|not (?:going to )?renew|"
    r"budget (?:cut|freeze)\w*|"
    r"too expensive|price increase|delay\w*|blocker\w*|escalat\w*|outage\w*|downtime|terminat\w*|"
    r"frustrat\w*|unhappy|disappointed|at risk|legal)\b",
    re.IGNORECASE,
)
_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_MONTH_DAY = re.compile(r"\b([A-Za-z]{3,9})\.? (\d{1,2})(?:st|nd|rd|th)?\b")
_DAY_MONTH = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)? (?:of )?([A-Za-z]{3,9})\b")
_WEEKDAY = re.compile(
    r"\b(?:(next|this) )?(monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b", re.IGNORECASE
)
_IN_N = re.compile(r"\bin (\d{1,2}|one|two|three) (day|week)s?\b", re.IGNORECASE)
_SMALL_NUMBERS = {"one": 1, "two": 2, "three": 3}


@dataclass(frozen=True)
class Utterance:
    """One numbered turn of a call; `n` is its citation number ([u<n>])."""

    n: int
    speaker: str
    text: str
    customer: bool


@dataclass(frozen=True)
class DueDate:
    """A due date read from an utterance, with the words it came from."""

    on: date
    text: str


@dataclass
class CallItem:
    """One extracted item (action, decision or risk) and the utterances it rests on."""

    text: str
    utterances: list[int]
    owner: str | None = None
    due: DueDate | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        """The shape stored in a draft's `structured` content."""
        data: dict[str, Any] = {"text": self.text, "utterances": self.utterances}
        if self.owner is not None or self.due is not None:
            data["owner"] = self.owner
            data["due_date"] = self.due.on.isoformat() if self.due else None
            data["due_text"] = self.due.text if self.due else None
        return data


def _calendar_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _upcoming(base: date, month: int, day: int) -> date | None:
    found = _calendar_date(base.year, month, day)
    if found is not None and found < base:
        found = _calendar_date(base.year + 1, month, day)
    return found


def _named_date(text: str, base: date) -> DueDate | None:
    iso = _ISO.search(text)
    if iso:
        found = _calendar_date(int(iso[1]), int(iso[2]), int(iso[3]))
        return DueDate(found, iso[0]) if found else None
    for match in _MONTH_DAY.finditer(text):
        month = MONTHS.get(match[1].lower())
        if month:
            found = _upcoming(base, month, int(match[2]))
            if found:
                return DueDate(found, match[0])
    for match in _DAY_MONTH.finditer(text):
        month = MONTHS.get(match[2].lower())
        if month:
            found = _upcoming(base, month, int(match[1]))
            if found:
                return DueDate(found, match[0])
    return None


def _relative_date(text: str, base: date) -> DueDate | None:
    lowered = text.lower()
    weekday = _WEEKDAY.search(text)
    if weekday:
        target = WEEKDAYS[weekday[2].lower()]
        ahead = (target - base.weekday()) % 7 or 7
        if (weekday[1] or "").lower() == "next":
            # "next Friday" means the Friday of next week, counted from next Monday.
            ahead = 7 - base.weekday() + target
        return DueDate(base + timedelta(days=ahead), weekday[0])
    in_n = _IN_N.search(text)
    if in_n:
        count = _SMALL_NUMBERS.get(in_n[1].lower()) or int(in_n[1])
        days = count * (7 if in_n[2].lower() == "week" else 1)
        return DueDate(base + timedelta(days=days), in_n[0])
    phrases = {
        "tomorrow": timedelta(days=1),
        "end of day": timedelta(0),
        "today": timedelta(0),
        "end of the week": timedelta(days=(4 - base.weekday()) % 7),
        "next week": timedelta(days=7 - base.weekday()),
    }
    for phrase, delta in phrases.items():
        if phrase in lowered:
            return DueDate(base + delta, phrase)
    if "end of the month" in lowered or "end of month" in lowered:
        last = calendar.monthrange(base.year, base.month)[1]
        return DueDate(date(base.year, base.month, last), "end of the month")
    return None


def due_date(text: str, base: date) -> DueDate | None:
    """The due date an utterance states, resolved against the call's date; None when it states none."""
    return _named_date(text, base) or _relative_date(text, base)


def _other_speaker(utterances: list[Utterance], index: int) -> str | None:
    # An ask ("could you send...") is owned by whoever answers it, else whoever spoke before.
    speaker = utterances[index].speaker
    for j in [*range(index + 1, min(index + 3, len(utterances))), *range(index - 1, max(index - 3, -1), -1)]:
        if utterances[j].speaker != speaker:
            return utterances[j].speaker
    return None


def _owner(utterances: list[Utterance], index: int) -> str | None:
    text = utterances[index].text
    if _SELF_ACTION.search(text):
        return utterances[index].speaker
    if _ASK_ACTION.search(text):
        return _other_speaker(utterances, index)
    return "both sides"


def action_items(utterances: list[Utterance], call_date: date) -> list[CallItem]:
    """Commitments and asks made on the call, owned by a speaker, with a due date when one is stated."""
    items: list[CallItem] = []
    for i, utterance in enumerate(utterances):
        text = utterance.text
        if not (_SELF_ACTION.search(text) or _ASK_ACTION.search(text) or _SHARED_ACTION.search(text)):
            continue
        if text.rstrip().endswith("?") and not _ASK_ACTION.search(text):
            continue
        items.append(
            CallItem(
                text=text.strip(),
                utterances=[utterance.n],
                owner=_owner(utterances, i),
                due=due_date(text, call_date),
            )
        )
    return items


def decisions(utterances: list[Utterance]) -> list[CallItem]:
    """Utterances that record an agreement or a decision."""
    return [CallItem(u.text.strip(), [u.n]) for u in utterances if _DECISION.search(u.text)]


def risks(utterances: list[Utterance]) -> list[CallItem]:
    """Customer utterances naming a risk to the relationship (cancel, competitor, budget, delay...)."""
    found = []
    for u in utterances:
        match = RISK_CUES.search(u.text)
        if match and u.customer:
            found.append(CallItem(u.text.strip(), [u.n], extra={"cue": match[0]}))
    return found
