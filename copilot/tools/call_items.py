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

from copilot.tools.promises import is_vague, pronoun_object, resolve_object

WEEKDAYS = {name.lower(): i for i, name in enumerate(calendar.day_name)}
MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})

_SELF_ACTION = re.compile(
    r"\b(I|we)(?:'ll| will| shall|'m going to| am going to| are going to|'re going to)\s+(?!not\b|be\b)\w+",
    re.IGNORECASE,
)
# "I have escalated it and will call you tomorrow": a promise made after another clause.
_CHAINED_SELF_ACTION = re.compile(
    r"\b(?:I|we)\b[^.?!]{0,80}?\band (?:will|'ll|am going to|are going to)\s+(?!not\b|be\b)\w+", re.IGNORECASE
)
# The same, split where the promise starts: "I have escalated both and will call you" owes only the call.
_CHAINED_PROMISE_START = re.compile(
    r"^(?:[^.?!]*?[,;]\s*)?(?P<subject>I|we)\b[^.?!]{0,80}?"
    r"\band (?P<verb>will|'ll|am going to|are going to)\s+(?=(?!not\b|be\b)\w)",
    re.IGNORECASE,
)
_ASK_ACTION = re.compile(r"\b(?:can|could|would) you\s+(?!tell|hear|see)\w+|\bplease\s+\w+", re.IGNORECASE)
# Asks that leave the listener owing nothing: to wait, watch, not do something, or reach out only if needed.
_UNOWED_ASK = re.compile(
    r"\b(?:(?:can|could|would) you\s+)?(?:please\s+)?(?:keep an eye on|don't|do not|feel free|"
    r"don't hesitate|bear with|be patient|let (?:me|us) know if|reach out if|stay tuned|rest assured)\b",
    re.IGNORECASE,
)
_SHARED_ACTION = re.compile(r"\blet'?s\s+(?!go with\b)\w+", re.IGNORECASE)
_DECISION = re.compile(
    r"\b(?:we(?:'ve| have)? agreed|agreed to|decided|decision is|let'?s go with|we'?ll go with|go ahead with|"
    r"signed off|sign off on|approved)\b",
    re.IGNORECASE,
)
# Each risk kind a manager acts on, with the wording that names it. Kept as one table so a reviewer can
# read what counts as what; order matters (the first kind that matches names the risk).
RISK_KINDS: dict[str, re.Pattern[str]] = {
    "churn_threat": re.compile(
        # "the course was cancelled" is something that happened to them, not them leaving us.
        r"\b(?:(?<!was )(?<!were )(?<!been )(?<!is )(?<!got )(?<!be )cancel\w*|"
        r"churn\w*|terminat\w*|competitor\w*|switch(?:ing)? to|"
        r"move to (?:another|a different|a new) (?:vendor|provider|supplier|tool)|"
        r"(?:other|another|alternative) (?:vendors?|providers?|suppliers?)|"
        r"not (?:going to )?renew\w*|won'?t (?:be )?renew\w*|walk away|take our business)\b",
        re.IGNORECASE,
    ),
    # A complaint is also what the customer says of being ignored or having to chase us: nobody answers,
    # the n-th time they ask, what they ordered never came.
    "escalation": re.compile(
        r"\b(?:escalat\w*|P[12]\b|sev(?:erity)? ?[12]\b|complain\w*|formal complaint|legal|lawyer\w*|"
        r"(?:nobody|no one|no-one) (?:ever )?(?:answer|repl|respond|call|gets? back|got back)\w*|"
        r"no (?:answer|reply|response) (?:to|on|from)|"
        r"(?:second|third|fourth|fifth|\d+(?:st|nd|rd|th)) time (?:I|we|that I|that we)\b|"
        r"keep (?:asking|chasing|calling|writing)|never (?:arrived|came|showed up|got back))",
        re.IGNORECASE,
    ),
    "missed_deadline": re.compile(
        r"\b(?:missed (?:the |our |a )?(?:deadline|date)|overdue|past due|"
        r"(?:still|again) (?:not|hasn'?t|isn'?t|broken|failing|waiting)|"
        r"delay\w*|late again|has failed|keeps? failing|since (?:monday|tuesday|wednesday|thursday|friday|"
        r"last week))\b",
        re.IGNORECASE,
    ),
    "budget_cut": re.compile(
        r"\b(?:budget (?:cut|freeze|reduc)\w*|cut(?:ting)? (?:our |the )?budget|spend(?:ing)? freeze|"
        r"hiring freeze|too expensive|can'?t afford|price increase)\b",
        re.IGNORECASE,
    ),
    "champion_leaving": re.compile(
        r"\b(?:(?:is|am|'m|are) leaving|leaving the (?:company|team)|last day|resign\w*|"
        r"new (?:job|role) (?:at|with)|handing over|moving on|stepping down|replac\w* (?:me|him|her))\b",
        re.IGNORECASE,
    ),
}
# How each kind reads in a summary a manager opens.
RISK_LABELS = {
    "churn_threat": "churn threat",
    "escalation": "complaint/escalation",
    "missed_deadline": "missed deadline",
    "budget_cut": "budget cut",
    "champion_leaving": "champion leaving",
}
# Any of the kinds, for callers that only ask "does this name a risk" (the account summary's sections).
RISK_CUES = re.compile("|".join(f"(?:{p.pattern})" for p in RISK_KINDS.values()), re.IGNORECASE)
# Pleasantries and scheduling chatter: never an action item even when phrased as one ("talk soon").
_PLEASANTRY = re.compile(
    r"^(?:(?:thanks?|thank you|ok(?:ay)?|sure|great|perfect|bye|goodbye|hi|hello|hey|yes|no|sounds good|"
    r"no problem|will do|of course|absolutely)\b[\s,!.]*)+",
    re.IGNORECASE,
)
_LOGISTICS = re.compile(
    r"\b(?:talk (?:to you )?(?:soon|later|then|tomorrow)|speak (?:soon|then|later)|see you|catch up soon|"
    r"have a (?:good|great|nice)|(?:can|could) you hear me|hear me (?:ok|okay|now)|share my screen|"
    r"let'?s (?:get started|wrap up|start|begin)|for your time|for joining|"
    r"(?:confirm|recap|go over|run through|go through) (?:the )?(?:next steps|action items)|"
    r"before we (?:go|drop|wrap up|hang up))\b",
    re.IGNORECASE,
)
_SENTENCES = re.compile(r"[^.!?]+[.!?]*")
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
        data.update(self.extra)
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


# "I can circulate an agenda by December 3" in a recap is a promise; an undated "we can move the window"
# is an offer, so "can" counts only with a date.
_CAN_ACTION = re.compile(r"\b(?:I|we) can\s+(?!not\b|be\b|hear\b|see\b)\w+", re.IGNORECASE)
_CAN_ACTION_WORD = re.compile(r"\b(I|we) can(?=\s+(?!not\b|be\b|hear\b|see\b)\w)", re.IGNORECASE)


def _promises(text: str) -> bool:
    if _SELF_ACTION.search(text) or _CHAINED_SELF_ACTION.search(text):
        return True
    return bool(_CAN_ACTION.search(text)) and due_date(text, date.today()) is not None


def _owner(utterances: list[Utterance], index: int) -> str | None:
    text = utterances[index].text
    if _promises(text):
        return utterances[index].speaker
    if _ASK_ACTION.search(text):
        return _other_speaker(utterances, index)
    return "both sides"


def _chatter_sentence(sentence: str) -> bool:
    rest = _PLEASANTRY.sub("", sentence.strip()).strip(" .!?,")
    return not rest or bool(_LOGISTICS.search(rest))


def is_chatter(text: str) -> bool:
    """Greetings, thanks, goodbyes and call logistics (every sentence of them): never an item."""
    return all(_chatter_sentence(s) for s in _SENTENCES.findall(text) if s.strip())


def _owed_to(utterances: list[Utterance], owner: str | None) -> str | None:
    speakers = {u.speaker for u in utterances}
    if owner in (None, "both sides") or len(speakers) < 2:
        return None
    others = [u for u in utterances if u.speaker != owner]
    owner_is_customer = any(u.customer for u in utterances if u.speaker == owner)
    across = [u.speaker for u in others if u.customer != owner_is_customer]
    return (across or [others[0].speaker])[0]


def _answered_on_the_call(utterances: list[Utterance], index: int) -> bool:
    # "Can you send me the ticket numbers?" answered by the numbers in the next turn was done on the call;
    # a bare "Sure." or "Will do." leaves the ask open, so it stays an item.
    asker = utterances[index].speaker
    reply = next((u for u in utterances[index + 1 : index + 3] if u.speaker != asker), None)
    return reply is not None and not is_chatter(reply.text)


_ITEM_LABEL = re.compile(r"^[^:.!?\d]{2,60}:\s+(?=\S)")


def action_sentence(text: str) -> str:
    """The part of an utterance that states its action: the first sentence with a promise, ask or shared
    step, from its last promise clause ("I'll take that one, I will correct..." -> "I will correct...")."""
    found = [s.strip() for s in _SENTENCES.findall(text) if s.strip()]
    acting = [s for s in found if _promises(s) or _ASK_ACTION.search(s) or _SHARED_ACTION.search(s)]
    # "Action item on our side: I will..." - the label is not part of what is promised.
    sentence = _ITEM_LABEL.sub("", (acting or found or [text.strip()])[0])
    if not _SELF_ACTION.search(sentence) and _promises(sentence):
        # A dated "I can send it by Friday" is listed as owed, so it reads as the promise it is.
        sentence = _CAN_ACTION_WORD.sub(r"\1 will", sentence, count=1)
    starts = [
        m.start()
        for m in _SELF_ACTION.finditer(sentence)
        if sentence[: m.start()].rstrip().endswith((",", ";"))
    ]
    if starts:
        return sentence[starts[-1] :]
    return _owed_part_of_chain(sentence)


def _owed_part_of_chain(sentence: str) -> str:
    # "I have escalated both to engineering and will call you tomorrow": what is done is the summary's to
    # tell; the item lists what is still owed, with its subject ("I will call you tomorrow").
    if _SELF_ACTION.search(sentence):
        return sentence
    chained = _CHAINED_PROMISE_START.match(sentence)
    if chained is None:
        return sentence
    verb = "will" if chained["verb"].lower() in {"will", "'ll"} else chained["verb"]
    return f"{chained['subject'].capitalize()} {verb} {sentence[chained.end() :]}"


def _ask_words(sentence: str) -> str:
    # "Sorry, Ana, please keep an eye on ..." -> "please keep an eye on ...": where the ask starts.
    found = _ASK_ACTION.search(sentence)
    return sentence[found.start() :] if found else sentence


def action_items(utterances: list[Utterance], call_date: date) -> list[CallItem]:
    """Commitments and asks: who owes what to whom by when; greetings, scheduling chatter, questions
    answered on the call and vague undated promises ("we'll look into it") are skipped."""
    items: list[CallItem] = []
    for i, utterance in enumerate(utterances):
        text = utterance.text
        if not (_promises(text) or _ASK_ACTION.search(text) or _SHARED_ACTION.search(text)):
            continue
        if (text.rstrip().endswith("?") and not _ASK_ACTION.search(text)) or is_chatter(text):
            continue
        if not _promises(text) and _UNOWED_ASK.match(_ask_words(action_sentence(text))):
            continue  # "Please keep an eye on your inbox": nobody owes anything
        asking = not _promises(text) and text.rstrip().endswith("?")
        if asking and _answered_on_the_call(utterances, i):
            continue
        if (risk_kind(text) or ("", ""))[0] == "churn_threat":
            continue  # "we will cancel" is a threat to record as a risk, not a commitment to track
        due = due_date(text, call_date)
        if is_vague(action_sentence(text), dated=due is not None):
            continue  # "I'll look into it": nothing anyone can be held to (copilot/tools/promises.py)
        extra: dict[str, Any] = {}
        stated = action_sentence(text)
        if pronoun_object(stated):
            # "I'll show you where it is": say what "it" is from the words before it, or leave it out.
            before = text[: text.find(stated)] if stated in text else ""
            resolved = resolve_object(stated, f"{utterances[i - 1].text if i else ''} {before}")
            if resolved is None:
                continue
            extra["resolved"] = resolved
        owner = _owner(utterances, i)
        items.append(
            CallItem(
                text=text.strip(),
                utterances=[utterance.n],
                owner=owner,
                due=due,
                extra={"owed_to": _owed_to(utterances, owner), **extra},
            )
        )
    return items


def decisions(utterances: list[Utterance]) -> list[CallItem]:
    """Utterances that record an agreement or a decision."""
    return [CallItem(u.text.strip(), [u.n]) for u in utterances if _DECISION.search(u.text)]


# "no complaints there", "not going to cancel", "without any delay": the cue is denied, not raised.
_DENIED = re.compile(
    r"\b(?:no|not|never|without|nothing|zero|hardly any)\s+"
    r"(?:(?:going|want|wanting|plan|planning|intend|intending|about|need) to\s+|"
    r"(?:any|a|one|single|formal|real|major|further)\s+)?$",
    re.IGNORECASE,
)


def first_cue(pattern: re.Pattern[str], text: str) -> str | None:
    """The first words of `text` that `pattern` finds and the sentence does not deny, or None."""
    for match in pattern.finditer(text):
        if not _DENIED.search(text[: match.start()]):
            return match[0]
    return None


def risk_kind(text: str) -> tuple[str, str] | None:
    """The kind of relationship risk a sentence names and the words that name it, or None."""
    for kind, pattern in RISK_KINDS.items():
        cue = first_cue(pattern, text)
        if cue is not None:
            return kind, cue
    return None


def severity(kind: str) -> int:
    """A risk kind's rank, most severe first (the order of RISK_KINDS); unknown kinds last."""
    order = list(RISK_KINDS)
    return order.index(kind) if kind in order else len(order)


def risk_sentence(text: str) -> str:
    """The sentence of a turn that names its most severe risk ("48213 and 48240. We will cancel..." -> the
    second; "This is the third time I ask. Fix it or I cancel." -> the threat)."""
    found = [s.strip() for s in _SENTENCES.findall(text) if s.strip()]
    named = [(severity(kind[0]), i) for i, s in enumerate(found) if (kind := risk_kind(s))]
    return found[min(named)[1]] if named else text.strip()


def risks(utterances: list[Utterance]) -> list[CallItem]:
    """Risks to the relationship, each citing its utterance: churn threats, escalations (complaints, P1),
    missed deadlines, budget cuts and a champion leaving, read from the customer's turns only. What our
    side says ("I have escalated it as P1") is our answer to a risk, not the customer's signal."""
    found = []
    for u in utterances:
        named = risk_kind(u.text) if u.customer else None
        if named:
            found.append(CallItem(risk_sentence(u.text), [u.n], extra={"kind": named[0], "cue": named[1]}))
    return found
