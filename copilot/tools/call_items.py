"""Deterministic extraction from call utterances: action items with owners and due dates (decisions:
copilot/tools/call_decisions.py).

A small model copies and rambles; these items are found by transparent rules instead, each resting
on the numbered utterance it was read from, so a reviewer can check it in one look.
"""

from __future__ import annotations

import itertools
import re
from datetime import date
from typing import Any

from copilot.tools.account_risks import named_risk
from copilot.tools.call_chatter import chatter_sentence, is_chatter
from copilot.tools.call_dates import DueDate, due_date
from copilot.tools.call_item_objects import (
    ASK_ACTION,
    ask_words,
    both_named,
    rests_on_a_pronoun,
    what_it_names,
)
from copilot.tools.call_owed_to import owed_to_whom
from copilot.tools.call_promise_words import FOREIGN_SELF_ACTION, ROLE_THEN_NAME, THEY_WILL, team_they_name
from copilot.tools.call_risks import risk_kind
from copilot.tools.call_types import SENTENCES, CallItem, Utterance
from copilot.tools.promises import is_vague, pronoun_object, without_hedges

# "We'll miss you", "I'll wait for the report", "we'll need a written report": a feeling, a wait or a need
# is nothing anyone owes.
_NO_ACTION = r"(?!not\b|be\b|miss\b|wait\b|need\b|have to\b|want\b|love\b|like\b|say\b|admit\b|park\b)"
_SELF_ACTION = re.compile(
    rf"\b(I|we)(?:'ll| will| shall|'m going to| am going to| are going to|'re going to)\s+{_NO_ACTION}\w+",
    re.IGNORECASE,
)
# "Let me escalate both issues to our engineering lead": a promise; "let me know", "let me be clear",
# "let me introduce Marcus" and the like are not.
_LET_ME = re.compile(
    r"(?:^|(?<=[,;:.!?]\s))let me\s+(?!know\b|be\b|say\b|tell\b|ask\b|see\b|think\b|introduce\b|start\b|"
    r"explain\b|repeat\b|guess\b|finish\b|try\b|just\b|share my screen\b|pull\b)(?=\w)",
    re.IGNORECASE,
)
# A non-native speaker's dated promise in the present tense: "I send you the file until tomorrow".
# "I check with my boss and write you Monday" owes the mail, after the check.
_PRESENT_PROMISE = re.compile(
    r"(?:^|(?<=[,;:.!?]\s))(?:(?:ok(?:ay)?|so|yes|good),?\s+)?(?P<i>I) "
    r"(?:(?:check|talk|speak) with (?:\w+ ){1,3}?and )?(?P<verb>send|give|call|share|prepare|confirm|"
    r"write|email|forward|update|fix|book|bring|deliver|organi[sz]e)\b",
    re.IGNORECASE,
)
_UNTIL_DATE = re.compile(
    r"\buntil\b(?=\s+(?:tomorrow|today|tonight|next|this|the end|end|mon|tue|wed|thu|fri|\d))", re.I
)
# A promise made for a colleague or a team: "Priya from our team will run the training next Thursday",
# "Marcus, our solutions engineer, will set up a call", "Our team will check the import job". The first
# word must be a name, never a day, a month or a pronoun that happens to be capitalised.
_NOT_A_NAME = (
    r"(?!(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|April|May|June|"
    r"July|August|September|October|November|December|The|This|That|These|Those|It|There|Here|Everything|"
    r"He|She|They|We|You|I|"
    r"Nothing|Everyone|Everybody|Someone|Somebody|Nobody|Anyone|Which|What|Who|When|Where|Why|How|Maybe|"
    r"Hopefully|Then|Also|And|But|So|Yes|No|Ok|Okay|Sure|Next|Tomorrow|Today|Now|Our|Your|Their|My|His|Her|"
    r"One|Each|Both|All|Some|Support|Billing|Finance|Legal|Procurement)\b)"
)
_THIRD_PARTY = re.compile(
    rf"^(?:(?i:and|so|then|also),?\s+)?(?P<who>{_NOT_A_NAME}[A-Z][a-z]+(?: [A-Z][a-z]+)?|"
    r"[Oo]ur (?:[a-z]+ )?(?:team|engineers?|developers?|specialists?|consultants?))"
    r"(?: (?:from|on|in|with) (?:our )?(?:team|side|[a-z]+(?: team)?)|,\s+our [a-z][\w -]{1,40},)?"
    rf"(?:'ll| will)(?: also| then)? {_NO_ACTION}(?=\w)",
)
# "I have escalated it and will call you tomorrow": a promise made after another clause.
_CHAINED_SELF_ACTION = re.compile(
    r"\b(?:I|we)\b[^.?!]{0,80}?\band (?:will|'ll|am going to|are going to)\s+(?!not\b|be\b)\w+", re.IGNORECASE
)
# The same, split where the promise starts: "I have escalated both and will call you" owes only the call.
CHAINED_PROMISE_START = re.compile(
    r"^(?:[^.?!]*?[,;]\s*)?(?P<subject>I|we)\b[^.?!]{0,80}?"
    r"\band (?P<verb>will|'ll|am going to|are going to)\s+(?=(?!not\b|be\b)\w)",
    re.IGNORECASE,
)
# Asks that leave the listener owing nothing: to wait, watch, not do something, or reach out only if needed.
_UNOWED_ASK = re.compile(
    r"\b(?:(?:can|could|would) you\s+)?(?:please\s+)?(?:keep an eye on|don't|do not|feel free|"
    r"don't hesitate|bear with|be patient|let (?:me|us) know if|reach out if|stay tuned|rest assured)\b",
    re.IGNORECASE,
)
# "Let's be direct" sets the tone of the talk; it is no step anyone takes.
_SHARED_ACTION = re.compile(
    # "Actually, let's not." takes a plan back; nobody owes a step.
    r"\blet'?s\s+(?!not\b|go with\b|be\b|start with\b|begin with\b|move on\b|talk about\b|look at\b|see\b|"
    r"keep\b|stick with\b|stay with\b|use\b|say\b|make it\b|park\b|"
    # "Let's start.", "Let's just get into it.": the call begins, nobody owes anything.
    r"(?:just\s+)?(?:start|begin|get (?:into it|started|going)|dive in|kick (?:it )?off)\s*[.!]?\s*$|"
    r"recap\b|go over\b|wrap\b)\w+",
    re.IGNORECASE,
)


def _other_speaker(utterances: list[Utterance], index: int) -> str | None:
    # An ask ("could you send...") is owned by whoever answers it, else whoever spoke before.
    speaker = utterances[index].speaker
    for j in [*range(index + 1, min(index + 3, len(utterances))), *range(index - 1, max(index - 3, -1), -1)]:
        if utterances[j].speaker != speaker:
            return utterances[j].speaker
    return None


# "I can circulate an agenda by December 3" in a recap is a promise; an undated "we can move the window"
# is an offer, so "can" counts only with a date.
# A dated "we could maybe send it by Friday" is the same offer, hedged.
_CAN_ACTION = re.compile(r"\b(?:I|we) (?:can|could|might)\s+(?!not\b|be\b|hear\b|see\b)\w+", re.IGNORECASE)
_CAN_ACTION_WORD = re.compile(
    r"\b(I|we) (?:can|could|might)(?=\s+(?!not\b|be\b|hear\b|see\b)\w)", re.IGNORECASE
)


# "You'll have the incident report by Friday": the speaker promises a delivery told from the listener's
# side; only with a date, since an undated "you'll get an email" is a notice, not something owed.
_YOU_WILL_HAVE = re.compile(
    r"(?:^|(?<=[.!?,;]\s))you(?:'ll| will) (?:have|get|receive)\s+(?=\S)", re.IGNORECASE
)


def is_promise(text: str) -> bool:
    """Whether the text's words promise an action of the speaker's ("I'll send…", "we can … by Friday",
    "you'll have the report by Friday")."""
    if _SELF_ACTION.search(text) or _CHAINED_SELF_ACTION.search(text) or FOREIGN_SELF_ACTION.search(text):
        return True
    if _LET_ME.search(text):
        return True
    dated = due_date(text, date.today()) is not None
    return dated and bool(
        _CAN_ACTION.search(text) or _YOU_WILL_HAVE.search(text) or _PRESENT_PROMISE.search(text)
    )


def promised_by(sentence: str) -> str | None:
    """Who a sentence promises an action for when it is not its speaker: a colleague or a team by name
    ("Priya from our team will run the training" -> "Priya"), else None."""
    found = _THIRD_PARTY.match(ROLE_THEN_NAME.sub(r"\1 ", sentence.strip()))
    if found is None:
        return None
    return (
        found["who"][:1].lower() + found["who"][1:]
        if found["who"].lower().startswith("our ")
        else found["who"]
    )


def makes_a_promise(text: str) -> bool:
    """A promise of the speaker's (is_promise) or one the speaker makes for a colleague (promised_by)."""
    return (
        is_promise(text)
        or any(promised_by(s) for s in SENTENCES.findall(text))
        or team_they_name(text) is not None
    )


def _as_delivery(sentence: str) -> str:
    # "You'll have the incident report by Friday" -> "I will get you the incident report by Friday", so
    # the item names its owner the way every other promise does.
    found = _YOU_WILL_HAVE.search(sentence)
    return f"{sentence[: found.start()]}I will get you {sentence[found.end() :]}" if found else sentence


def _as_owed(sentence: str) -> str:
    # "Let me escalate both issues" -> "I will escalate both issues"; "I send you the file until tomorrow"
    # -> "I will send you the file by tomorrow": each item reads as the promise it is.
    sentence = _LET_ME.sub("I will ", sentence, count=1)
    present = _PRESENT_PROMISE.search(sentence)
    if present and due_date(sentence, date.today()) is not None:
        start = present.end("i") + 1
        sentence = _UNTIL_DATE.sub("by", f"{sentence[:start]}will {sentence[start:]}", count=1)
    return sentence


def _owner(utterances: list[Utterance], index: int, text: str) -> str | None:
    colleague = next(
        (who for s in SENTENCES.findall(text) if (who := promised_by(s))), None
    ) or team_they_name(text)
    if colleague and not is_promise(text):
        return colleague
    if is_promise(text):
        return utterances[index].speaker
    if ASK_ACTION.search(text):
        return _other_speaker(utterances, index)
    return "both sides"


def _answered_on_the_call(utterances: list[Utterance], index: int) -> bool:
    # "Can you send me the ticket numbers?" answered by the numbers in the next turn was done on the call;
    # a bare "Sure." or "Will do." leaves the ask open, so it stays an item, and so does one taken up for a
    # day ("Yes, by Thursday.").
    reply = _reply_to(utterances, index)
    return reply is not None and not is_chatter(reply.text) and not _ACCEPTED_FOR_A_DAY.match(reply.text)


# "Yes, by Thursday.", "Will do, by Wednesday, December 9th.": the ask taken up, with the day it is owed.
_ACCEPTED_FOR_A_DAY = re.compile(
    r"^\s*(?:yes|yeah|yep|sure|of course|absolutely|definitely|will do|no problem|can do|happy to)\b"
    r"[^.?!]{0,20}?\b(?:by|before|on|until)\b",
    re.IGNORECASE,
)


def _reply_to(utterances: list[Utterance], index: int) -> Utterance | None:
    asker = utterances[index].speaker
    return next((u for u in utterances[index + 1 : index + 3] if u.speaker != asker), None)


def _accepted_on(utterances: list[Utterance], index: int, call_date: date) -> DueDate | None:
    """The day the other side took an ask up for ("Yes, by Thursday."), else None."""
    reply = _reply_to(utterances, index)
    if reply is None or not _ACCEPTED_FOR_A_DAY.match(reply.text):
        return None
    return due_date(reply.text, call_date)


_ITEM_LABEL = re.compile(r"^[^:.!?\d]{2,60}:\s+(?=\S)")


def action_sentence(text: str) -> str:
    """The part of an utterance that states its action: the first sentence with a promise, ask or shared
    step, from its last promise clause ("I'll take that one, I will correct..." -> "I will correct...")."""
    found = [s.strip() for s in SENTENCES.findall(text) if s.strip()]
    team = team_they_name(text)
    acting = [s for s in found if _acts(s) or (team and THEY_WILL.match(s))]
    # "Action item on our side: I will..." - the label is not part of what is promised, nor are the hedges
    # around it ("I think we could maybe send ...", "..., no firm date yet").
    chosen = ROLE_THEN_NAME.sub(r"\1 ", (acting or found or [text.strip()])[0])
    if team and THEY_WILL.match(chosen):
        chosen = re.sub(r"\bthey\b", team[:1].upper() + team[1:], chosen, count=1, flags=re.IGNORECASE)
    sentence = _as_owed(without_hedges(_ITEM_LABEL.sub("", chosen)))
    if not _SELF_ACTION.search(sentence) and is_promise(sentence):
        # A dated "I can send it by Friday" is listed as owed, so it reads as the promise it is.
        sentence = _as_delivery(_CAN_ACTION_WORD.sub(r"\1 will", sentence, count=1))
    # "I can't approve that myself, but I'll submit the request today": what is owed starts at the promise.
    starts = [
        m.start()
        for m in _SELF_ACTION.finditer(sentence)
        if sentence[: m.start()].rstrip().endswith((",", ";", ", but", " but"))
    ]
    if starts:
        return sentence[starts[-1] :]
    return _owed_part_of_chain(sentence)


def _owed_part_of_chain(sentence: str) -> str:
    # "I have escalated both to engineering and will call you tomorrow": what is done is the summary's to
    # tell; the item lists what is still owed, with its subject ("I will call you tomorrow").
    if _SELF_ACTION.search(sentence):
        return sentence
    chained = CHAINED_PROMISE_START.match(sentence)
    if chained is None:
        return sentence
    verb = "will" if chained["verb"].lower() in {"will", "'ll"} else chained["verb"]
    return f"{chained['subject'].capitalize()} {verb} {sentence[chained.end() :]}"


# "Finance cut our budget, so we'll need to reduce seats": what a risk forces on the customer, not a promise.
_CONSEQUENCE = re.compile(r"\b(?:I|we)(?:'ll| will)(?: probably| likely)?+ (?:need|have) to\b", re.IGNORECASE)


def _forced_by_a_risk(sentence: str) -> bool:
    return bool(_CONSEQUENCE.search(sentence)) and named_risk(sentence) is not None


def _asks_not_to_be_contacted(sentence: str) -> bool:
    return (risk_kind(sentence) or ("", ""))[0] == "do_not_contact"


def _tells_a_change_of_hands(sentence: str) -> bool:
    # Who will own the relationship on their side is news of their champion leaving or a new owner, which
    # a manager acts on as a risk; the successor "will own" nothing we can hold anyone to.
    named = named_risk(sentence)
    return named is not None and named.kind in {"champion_leaving", "ownership_change"}


def _acts(sentence: str) -> bool:
    # A promise (the speaker's or a colleague's), an ask or a shared step.
    return bool(makes_a_promise(sentence) or ASK_ACTION.search(sentence) or _SHARED_ACTION.search(sentence))


def _restates_the_last(sentence: str) -> bool:
    return bool(pronoun_object(sentence) or rests_on_a_pronoun(sentence)) and is_promise(sentence)


def _segments(text: str) -> list[str]:
    """The turn cut where each of its acting sentences starts, so every promise in it is its own item
    ("Priya will record the session. And I'll send the invite." owes two things); the words before the
    first stay with it. A turn with one acting sentence is one segment, the whole turn."""
    found = [m for m in SENTENCES.finditer(text) if m[0].strip()]
    # "I'll put together a value summary. I can have that to Liam by the 11th.": a promise of only a
    # pronoun says when and to whom the one before it is owed, so it stays with it.
    starts = [m.start() for k, m in enumerate(found) if _acts(m[0]) and not (k and _restates_the_last(m[0]))]
    if len(starts) < 2:
        return [text]
    bounds = [0, *starts[1:], len(text)]
    return [text[a:b].strip() for a, b in itertools.pairwise(bounds)]


def action_items(utterances: list[Utterance], call_date: date) -> list[CallItem]:
    """Commitments and asks: who owes what to whom by when; greetings, scheduling chatter, questions
    answered on the call and vague undated promises ("we'll look into it") are skipped."""
    items: list[CallItem] = []
    for i, utterance in enumerate(utterances):
        for text in _segments(utterance.text):
            item = _item(utterances, i, text, call_date)
            if item is not None:
                items.append(item)
    return items


def _item(utterances: list[Utterance], i: int, text: str, call_date: date) -> CallItem | None:
    """The action item of one segment of turn `i`, or None when it owes nothing trackable."""
    utterance = utterances[i]
    promise = makes_a_promise(text)
    if not (promise or ASK_ACTION.search(text) or _SHARED_ACTION.search(text)):
        return None
    # "I'll send a revised quote. ... so, maybe by the 15th?": the promise is said, only its date is asked.
    questioned = (action_sentence(text) if promise else text).rstrip().endswith("?")
    # "Okay, let's get started. This is our quarterly review.": the acting sentence is the chatter.
    if (questioned and not ASK_ACTION.search(text)) or is_chatter(text) or is_chatter(action_sentence(text)):
        return None
    if not promise and _UNOWED_ASK.match(ask_words(action_sentence(text))):
        return None  # "Please keep an eye on your inbox": nobody owes anything
    asking = not promise and text.rstrip().endswith("?")
    if asking and _answered_on_the_call(utterances, i):
        return None
    risk = (risk_kind(text) or ("", ""))[0]
    if risk == "churn_threat" or (utterance.customer and risk == "escalation"):
        # "we will cancel", "No la vamos a pagar hasta que …", "I will escalate this to our CEO": threats to
        # record as risks, not commitments to track (a manager's reading, 2026-12-07).
        return None
    if utterance.customer and _forced_by_a_risk(action_sentence(text)):
        return None  # listed once, as the customer's risk (a budget cut), with what it forces them to do
    if utterance.customer and _asks_not_to_be_contacted(action_sentence(text)):
        return None  # "please stop calling me" binds us: it is listed once, as the customer's risk
    if utterance.customer and _tells_a_change_of_hands(action_sentence(text)):
        return None  # "Maria will own the relationship, I'm moving on": listed once, as the risk
    # "Sarah, please send Alice the usage report." - "Will do, by Wednesday, December 9th.": an ask,
    # asked or told, is due on the day its answer takes it up for.
    due = _due(text, call_date) or (_accepted_on(utterances, i, call_date) if not promise else None)
    if is_vague(action_sentence(text), dated=due is not None):
        return None  # "I'll look into it": nothing anyone can be held to (copilot/tools/promises.py)
    extra: dict[str, Any] = {}
    stated = action_sentence(text)
    if (both := both_named(stated, utterances, i)) is not None:
        extra["resolved"] = both
    elif pronoun_object(stated) or rests_on_a_pronoun(stated):
        # "I'll show you where it is", "Let's track it in the usage report": say what "it" is from the
        # words before it, or leave the item out: a manager cannot follow up on "it".
        resolved = what_it_names(stated, utterances, i)
        if resolved is None:
            return None
        extra["resolved"] = resolved
    owner = _owner(utterances, i, text)
    if owner and owner.startswith("our ") and utterance.customer:
        owner = f"the customer's {owner.removeprefix('our ')}"  # their "our platform team" is not ours
    if owner != utterance.speaker and promise and not is_promise(text):
        # A colleague's promise is owed across the table by the side of the one who made it for them.
        extra["promised_by"] = utterance.speaker
    owed_to = owed_to_whom(utterances, utterance.speaker if "promised_by" in extra else owner, i, text)
    return CallItem(
        text=text.strip(), utterances=[utterance.n], owner=owner, due=due, extra={"owed_to": owed_to, **extra}
    )


def _due(text: str, call_date: date) -> DueDate | None:
    # The date of the acting sentence itself; else one the turn's other words give ("I'll send the quote.
    # You'll have it by Friday."), but never the date of a goodbye ("Talk in two weeks then").
    # Only the words after the first acting sentence: a date said before it answered something else
    # ("This Friday, the 4th. And I'll get our support lead to set up an alert").
    said = [s for s in SENTENCES.findall(text) if s.strip()]
    acting = [s for s in said if _acts(s)]
    after = said[said.index(acting[0]) :] if acting else said
    return due_date(" ".join(acting), call_date) or due_date(
        " ".join(s for s in after if not chatter_sentence(s)), call_date
    )
