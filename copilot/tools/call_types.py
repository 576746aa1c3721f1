"""The shapes a call is read in: numbered utterances, and the items (actions, decisions, risks) found."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from copilot.tools.call_dates import DueDate

# The sentences of a turn: a run up to its closing punctuation (a turn without any is one sentence); a
# point between digits ("the 4.2 release", "$2.50") ends none.
# The points of "a.m." and "p.m." end none either, unless the clock time ends the sentence ("at 2 a.m.
# Pacific, key-pair auth" is one sentence).
# Nor does a German ordinal day before its month ("bis Freitag, den 11. Dezember": a German call's risk was
# cut at "11.", 2026-12-07).
NOT_AN_END = (
    r"(?<=\d)\.(?=\d)|(?<=\b[aApP])\.(?=[mM]\.)|"
    r"(?<=\d)\.(?=\s+(?:Januar|Jänner|Februar|März|April|Mai|Juni|Juli|August|September|Oktober|November|"
    r"Dezember)\b)|"
    r"(?<=\b[aApP]\.[mM])\.(?=\s+(?:[a-z0-9,(]|(?:Pacific|Eastern|Central|Mountain|UTC|GMT|CET|[A-Z]{2,3}T)\b))"
)
SENTENCES = re.compile(rf"(?:[^.!?]|{NOT_AN_END})+[.!?]*")


@dataclass(frozen=True)
class DigestSentence:
    """One summary sentence and the utterance it reports."""

    text: str
    utterance: int


@dataclass(frozen=True)
class Utterance:
    """One numbered turn of a call; `n` is its citation number ([u<n>])."""

    n: int
    speaker: str
    text: str
    customer: bool


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


# A sentence whose subject is "it", "that" or "this" standing for what was said just before ("It has been
# down since Monday.", "That's what worries us.", "This keeps happening.") says nothing alone. Discourse
# words may come first ("And it still fails"); the pronoun must be the subject, so a verb follows it
# ("This invoice is wrong" names its subject). An auxiliary or copula, a negated one, a frequency
# adverb, or a verb in -s/-ed counts as that verb.
_POINTER_SUBJECT = re.compile(
    r"^(?:(?:and|but|so|yes|yeah|no|well|also|now|plus|because|sadly|unfortunately|great|good|interesting|"
    r"perfect|ok|okay|wow)\b[\s,]*)*"
    r"(?:it|that|this)(?:'s|'ll|'d|\s+(?:is|was|has|had|have|will|would|can|could|should|does|did|"
    r"isn't|wasn't|hasn't|hadn't|won't|wouldn't|can't|couldn't|doesn't|didn't|still|also|just|never|"
    r"always|only|then|now|keeps|kept|seems|seemed|looks|looked|means|meant|sounds|goes|went|came|took|"
    r"takes|made|makes|broke|\w+s(?<!ss)(?<!us)(?<!is)|\w+ed))\b",
    re.IGNORECASE,
)
# "It's frustrating that nobody answers", "It is hard to say", "This is the third time I ask": the
# sentence itself says what "it" or "this" is, in the clause after the adjective or after "time".
_EXPLAINED_LATER = re.compile(
    r"^(?:[\w,]+\s+)*?(?:it|that|this)(?:'s|'d be|'ll be|\s+(?:is|was|seems|feels|would be|will be))\s+"
    r"(?:(?:really|very|so|quite|just|been|not)\s+)*"
    r"(?:(?!going\b|able\b|supposed\b|about\b|due\b|used\b)\w+\s+(?:to|that)\b|"
    r"the\s+(?:\w+\s+)?time\s+(?:I|we|you|that|they)\b)",
    re.IGNORECASE,
)


def points_back(sentence: str) -> bool:
    """Whether a sentence's subject is a pronoun for what was said before it, so that alone it is
    unreadable and the sentence before it must come along ("It has been down since Monday.")."""
    text = sentence.strip()
    return bool(_POINTER_SUBJECT.match(text)) and not _EXPLAINED_LATER.match(text)


# "I'm escalating this as a P1", "We'll fix it today", "We're looking into it.": the object is a bare
# "this" or "it" with nothing after it that says what it is (the sentence ends, or a preposition or an
# adverb follows), so the sentence before it must say. "this invoice" names its object; "that" is as often
# a conjunction ("I think that ...") and is left alone.
# Attacker-controlled text goes through this pattern, so it matches in linear time: a search may start
# only where a run of letters and apostrophes starts (at its first word boundary, which is where "\b"
# alone would first succeed), not at each boundary inside a run like "a'a'a'...", which rescanned the
# run from every one of them; and its repeats are possessive.
_OBJECT_POINTER = re.compile(
    r"(?<![a-z'])(?:\b|(?:[a-z]++|'++)(?=[a-z']))([a-z']++)\s++(?:this|it)(?=\s*(?:[.,;:!?]|$)|\s+(?:as|to|for|with|up|over|on|off|now|right|today|"
    r"tomorrow|tonight|immediately|asap|again|internally|further|straight|and|so|because|until|by|before|"
    r"after|in|at|from|into|first|personally|myself|ourselves)\b)",
    re.IGNORECASE,
)
# After an auxiliary, a copula or a conjunction "it" is a subject ("Is it?", "when it is ready").
_NOT_A_VERB_WORDS = """
    is was are were am be been do does did has have had can could will would shall should may might
    must that if when because so and but or whether once until before after while as than what how
    why where which who
"""
_NOT_A_VERB = frozenset(_NOT_A_VERB_WORDS.split())
# The act's own object comes early ("I'm escalating this", "We have now fixed it"); a "this" deep in a long
# reply ("..., so the team will look into this further") sits in a clause the words before it explain.
_MAIN_CLAUSE_WORDS = 5


# "Our product team has been asking about that, actually.": a "that" ending its clause is no conjunction.
_FINAL_THAT = re.compile(r"\bthat(?:,\s*(?:actually|too|as well|though))?[.!?]*$", re.IGNORECASE)


def object_points_back(sentence: str) -> bool:
    """Whether a sentence's object is only "this" or "it" ("I'm escalating this as a P1 right now."), or a
    "that" ending the sentence, so that alone it does not say what is acted on."""
    text = sentence.strip()
    if _FINAL_THAT.search(text):
        return True
    for m in _OBJECT_POINTER.finditer(text):
        # Every later object is deeper still: stop at the first past the main clause, rather than count
        # the words before each of thousands of them (quadratic on a long turn).
        if len(text[: m.start(1)].split(maxsplit=_MAIN_CLAUSE_WORDS)) >= _MAIN_CLAUSE_WORDS:
            return False
        if m[1].lower() not in _NOT_A_VERB:
            return True
    return False
