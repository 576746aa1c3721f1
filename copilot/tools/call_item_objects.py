"""What an action item's bare pronoun stands for: "I'll escalate this today" owes the matter the customer
raised, "Let's track it in the usage report" the goal they just named; an item whose object stays only
"it" or "them" is left out, since a manager cannot follow up on "it" (used by copilot/tools/call_items.py).
"""

from __future__ import annotations

import re

from copilot.tools.account_risks import named_risk
from copilot.tools.call_types import SENTENCES, Utterance
from copilot.tools.discourse_openers import without_leading_words
from copilot.tools.promises import pronoun_object, resolve_object
from copilot.tools.speaker_roles import is_role_label
from copilot.tools.speech_acts import without_address

ASK_ACTION = re.compile(r"\b(?:can|could|would) you\s+(?!tell|hear|see)\w+|\bplease\s+\w+", re.IGNORECASE)


# What acts in an item's sentence (a promise "I'll", a shared step "let's", an ask "could you", "please"),
# its verb, and an object that is only a pronoun: "it" and "them" always; "this", "that" and "those" where
# no noun follows ("send that over", not "send that report", nor "check that the export runs").
_ACTING = (
    r"(?:(?:I|we)(?:'(?:ll|m|re|d|ve))?(?:\s+(?:will|shall|can|could|am going to|are going to))?|"
    r"(?:I'm|we're)\s+going\s+to|let'?s|let\s+us|"
    r"(?:can|could|would|will)\s+you|please)"
)
_AFTER_POINTER = (
    r"over|across|back|up|out|on|off|along|in|to|for|with|by|before|after|until|today|tomorrow|tonight|now|"
    r"later|soon|asap|again|first|right|through|and|so|once|when|as|at|from|into|internally|next|this"
)
_BARE_OBJECT = re.compile(
    rf"(?:^|(?<=[,;:]\s))(?:{_ACTING})\s+(?:also\s+|just\s+)?(?!be\b)\w+\s+"
    rf"(?:it|them|(?:this|that|those)(?=\s*(?:[.,;:!?]|$)|\s+(?:{_AFTER_POINTER})\b))\b",
    re.IGNORECASE,
)


def rests_on_a_pronoun(stated: str) -> bool:
    """Whether an item's action takes only a pronoun for its object ("I'll share them by Monday", "Let's
    track it in the usage report"): alone it does not say what is owed, so it is named or not listed."""
    return bool(_BARE_OBJECT.search(without_leading_words(ask_words(stated.strip()))))


def ask_words(sentence: str) -> str:
    # "Sorry, Ana, please keep an eye on ..." -> "please keep an eye on ...": where the ask starts.
    found = ASK_ACTION.search(sentence)
    return sentence[found.start() :] if found else sentence


def _the_raised_matter(stated: str, previous: Utterance | None) -> str | None:
    """ "I'll escalate this today" after the customer's complaint owes the complaint itself: "escalate the
    matter Leah raised (the admin console takes ages to list our 600 users) today". A noun picked from
    it ("their colour-blind colleagues") would name the wrong thing."""
    if previous is None or not previous.customer:
        return None
    said = [s.strip() for s in SENTENCES.findall(previous.text) if s.strip()]
    raised = next((s for s in reversed(said) if named_risk(s) is not None), None)
    if raised is None:
        return None
    quoted = _MATTER_LEAD.sub("", without_address(raised)).rstrip(".!")
    if quoted[1:2].islower():  # it runs on inside the promise: "(the new chart colours ...)"
        quoted = quoted[:1].lower() + quoted[1:]
    # Not quoted: the summary retells it with the promise, in reported speech ("their colleagues"); the
    # customer's "our" is theirs now, as our side's own "our" stays ours when the promise is retold.
    quoted = _THEIR_OWN.sub(r"their\1", quoted)
    who = "the customer" if is_role_label(previous.speaker) else previous.speaker
    matter = f"the matter {who} raised ({quoted})"
    return _FIRST_PRONOUN.sub(matter, stated, count=1)


def what_it_names(stated: str, utterances: list[Utterance], index: int) -> str | None:
    """The item's sentence with its pronoun object named (the matter the customer raised, the goal the
    speaker just named, the thing the turn before names), or None when nothing names it reliably."""
    text = utterances[index].text
    before = text[: text.find(stated)] if stated in text else ""
    previous = utterances[index - 1] if index else None
    named = _the_raised_matter(stated, previous) or _the_named_statement(stated, before, utterances, index)
    context = f"{previous.text if previous else ''} {before}"
    if named is None and pronoun_object(stated):
        named = resolve_object(stated, context)
    elif named is None:
        # "I'll raise it with our VP and come back to you with an answer by Wednesday" after "I want a
        # service credit for this month": only what was asked for names "it" here, not the last noun.
        named = resolve_object(stated, context, last_named=False)
    # "I'll share them" names no plural thing the words before could: it is left out, not half-named.
    return None if named is None or rests_on_a_pronoun(named) else named


# "That's a clear goal. Let's track it in the usage report.": the speaker names what the other side just said
# (a goal, a plan, a concern) and then acts on "it", which is that statement: the item says it in full.
_NAMING = re.compile(
    r"^(?:that|this|it)(?:'s|\s+is|\s+sounds\s+like)\s+(?:a|an)\s+(?:[a-z-]+\s+){0,2}?"
    r"(?P<noun>goal|target|plan|idea|point|priority|requirement|request|use case|concern|problem|issue|"
    r"metric)"
    r"\s*[.!]*$",
    re.IGNORECASE,
)
# Words of the other side's sentence that would be retold as the item speaker's or their listener's own.
_FIRST_OR_SECOND_PERSON = re.compile(r"\b(?:i|i'\w+|me|my|mine|you|you'\w+|your|yours)\b", re.IGNORECASE)
_THEIR_SIDE = {"we": "they", "us": "them", "our": "their", "ours": "theirs", "we're": "they're"}
_THEIR_SIDE_WORD = re.compile(r"\b(?:we're|we|us|our|ours)\b", re.IGNORECASE)


def _the_named_statement(stated: str, before: str, utterances: list[Utterance], index: int) -> str | None:
    said = [s.strip() for s in SENTENCES.findall(before) if s.strip()]
    named = _NAMING.match(without_address(said[-1])) if said else None
    speaker = utterances[index].speaker
    previous = utterances[index - 1] if index else None
    if named is None or previous is None or previous.speaker == speaker:
        return None
    statements = [s.strip() for s in SENTENCES.findall(previous.text) if s.strip()]
    statement = without_address(statements[-1]).rstrip(".!") if statements else ""
    if not statement or statement.endswith("?") or _FIRST_OR_SECOND_PERSON.search(statement):
        return None
    # The other side's "we" and "our" are theirs in the retelling, whoever retells the item.
    statement = _THEIR_SIDE_WORD.sub(lambda m: _THEIR_SIDE[m[0].lower()], statement)
    if statement[1:2].islower():
        statement = statement[:1].lower() + statement[1:]
    who = "the customer" if is_role_label(previous.speaker) else previous.speaker
    return _FIRST_PRONOUN.sub(f"{who}'s {named['noun'].lower()} ({statement})", stated, count=1)


# "The biggest frustration for us is that ...", "I have to be blunt: ...": what leads to the matter.
_MATTER_LEAD = re.compile(
    r"^(?:the (?:biggest|main|real) (?:frustration|problem|issue) for (?:us|me) is that\s+)", re.I
)
_THEIR_OWN = re.compile(r"\bour(s?)\b", re.IGNORECASE)
_FIRST_PRONOUN = re.compile(r"(?<=\s)(?:it|this|that)\b", re.IGNORECASE)


# "Can you send me the renewal quote and the last six months of usage data by Friday?" - "I'll have both
# to you by Friday.": "both" is the two things just asked for (a manager read "Chen Wei will have both to
# Liam Garrity by Friday.", 2026-12-07).
_BOTH = re.compile(r"\b(?:both|them both|all three|all of them)\b", re.IGNORECASE)
_ASKED_FOR = re.compile(
    r"\b(?:can|could|would|will) you (?:please )?(?:also )?(?:send|get|give|share|forward|email)"
    r"(?: (?:me|us))? (?P<what>(?:the|our|a|an|your) [^?.!;]{3,120}? and "
    r"(?:the |our |a |an |your )?[^?.!;,]{3,80}?)"
    r"(?= by\b| before\b| until\b| so\b|,|\?|$)",
    re.IGNORECASE,
)


def both_named(stated: str, utterances: list[Utterance], index: int) -> str | None:
    """The promise with its "both" named by the two things the other side's turn before asked for."""
    if index == 0 or not _BOTH.search(stated):
        return None
    previous = utterances[index - 1]
    if previous.speaker == utterances[index].speaker:
        return None
    asked = _ASKED_FOR.search(previous.text)
    return _BOTH.sub(asked["what"], stated, count=1) if asked else None
