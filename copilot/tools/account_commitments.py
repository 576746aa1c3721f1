"""A commitment as a manager reads it: who owes what to whom ("Sam Ortiz owes Example Health:
send pricing for the add-on by September 28, 2026"), the record's own sentence kept beside it.

The owner is the call speaker when the sentence was said on a call, else the person the sentence
names as its subject, else our account owner (our side) or the account (theirs). The "what" is the
sentence from its promise on ("I'll send you the quote" -> "send them the quote"); a sentence with no
recognisable promise (another language, an unusual wording) is shown as written after the owner.
"""

from __future__ import annotations

import re

from copilot.tools.account_sentences import Sentence
from copilot.tools.discourse_openers import without_leading_words
from copilot.tools.promises import without_hedges
from copilot.tools.speaker_roles import is_role_label

# "Follow-up from Example Co: Sam will send...", "Next step: ..." - a label, not part of the promise.
_LABEL = re.compile(r"^[^:.!?\d]{2,60}:\s+(?=\S)")
_PROMISE = re.compile(
    r"\b(?!(?:It|This|That|There|These|Those|Which|What|Who|Nothing|Everything|Everyone|Anyone|Someone|"
    r"Nobody|People|Everybody)\b)(?P<who>I|[Ww]e|[Tt]hey|[Hh]e|[Ss]he|[A-Z][a-z]+(?: [A-Z][a-z]+)?)\s*"
    # A note reports a promise in the past: "Jo Park agreed to open an escalation by November 30".
    r"(?:'ll|'m going to|'re going to| will| can| shall| am going to| are going to| is going to|"
    r" agreed to| promised to| committed to)\s+"
    r"(?:also\s+)?(?P<what>.+)$"
)
# "I have escalated both to engineering and will call you tomorrow": what is done ("escalated both") is
# no commitment, and "both" means nothing out of its call; what is owed is the promise after "and will".
_CHAINED = re.compile(
    r"\b(?P<who>I|[Ww]e)\b[^.?!]{0,80}?\band (?:also )?(?:will|'ll|am going to|are going to)\s+"
    r"(?!not\b|be\b)(?P<what>.+)$"
)
_SPEECH_ACT = re.compile(
    r"^(?:promise|confirm|guarantee|assure|commit to|tell)\s+(?:you\s+|them\s+)?that\s+(?=\S)", re.IGNORECASE
)
_PRONOUNS = frozenset({"i", "we", "they", "he", "she"})
# The line already names who is owed ("Sam owes Example Co: ..."), so in what is owed the speaker's "you" is
# "them" (or "us" when the customer promises), never the account's name again; the speaker's own "I",
# "my" (and the customer's "we", "our") are the owner's, read as "they", "their".
_PERSON = re.compile(
    r"\b(?:you|your|yours|I|me|my|mine|we|us|our|ours)\b",
    re.IGNORECASE,
)
_OUR_VIEW = {
    "you": "them",
    "your": "their",
    "yours": "theirs",
    "i": "they",
    "me": "them",
    "my": "their",
    "mine": "theirs",
}
# "so you can see it": the subject "you" reads "they" (our promise) or "we" (theirs).
_SUBJECT_YOU = {True: "they", False: "we"}
_THEIR_VIEW = {
    "you": "us",
    "your": "our",
    "yours": "ours",
    "i": "they",
    "me": "them",
    "my": "their",
    "mine": "theirs",
    "we": "they",
    "us": "them",
    "our": "their",
    "ours": "theirs",
}
# When it is due ends the deliverable: "loop in our engineer by 18 July 2026" is "loop in our engineer".
_DUE_PART = re.compile(r"\s+(?:by|before|until|no later than)\s+[^;]*?(?:\d|tomorrow|day|week|month)[^;]*$")


# Words nearly every English sentence has and other languages rarely do.
_ENGLISH_CUES = frozenset(
    [
        "the",
        "a",
        "an",
        "and",
        "is",
        "are",
        "you",
        "i",
        "i'll",
        "i'm",
        "we'll",
        "we're",
        "you'll",
        "to",
        "of",
        "it",
        "that",
        "for",
        "with",
        "we",
        "will",
        "can",
        "this",
        "be",
        "our",
        "your",
        "me",
        "my",
        "if",
        "let",
        "let's",
        "know",
        "please",
        "thanks",
        "thank",
        "on",
        "in",
        "at",
        "by",
    ]
)
_WORDS = re.compile(r"[a-z']+")


def is_english_sentence(text: str) -> bool:
    """Whether a sentence reads as English (the promise wording below is English)."""
    words = _WORDS.findall(text.lower())
    return bool(words) and sum(w in _ENGLISH_CUES for w in words) / len(words) >= 0.15


def states_promise(text: str) -> bool:
    """Whether a sentence holds a promise clause: someone will / can / is going to do something."""
    return _promise_clause(_LABEL.sub("", text.strip())) is not None


def _promise_clause(text: str) -> re.Match[str] | None:
    # The promise a sentence states: a direct one ("I will send..."), else the one chained after what was
    # done ("I have escalated it and will call you...").
    return _PROMISE.search(text) or _CHAINED.search(text)


def possessive(name: str) -> str:
    """ "Example's", and "Hill Labs'" for a name ending in s."""
    return f"{name}'" if name.endswith("s") else f"{name}'s"


def _named_subject(who: str) -> str | None:
    return None if who.lower() in _PRONOUNS else who


def promise_line(sentence: Sentence, *, ours: bool, account_owner: str, account_name: str) -> dict[str, str]:
    """Owner, owed-to and the manager's line for one commitment sentence; `account_owner` is the owner's
    name as a person ("Sam Ortiz"), or "" when only a login is known."""
    shown = without_leading_words(_LABEL.sub("", sentence.shown.strip()))
    found = _promise_clause(without_hedges(shown))
    named = _named_subject(found["who"]) if found else None
    # Our side is named by the owner's name when it is known, never by a CRM login ("alice").
    default = (account_owner or "Our team") if ours else account_name
    # A call export's role label ("Agent", "Kunde") names a side, not a person a manager could ask.
    role = "Our agent" if ours else account_name or "The customer"
    speaker = role if sentence.speaker and is_role_label(sentence.speaker) else sentence.speaker
    owner = speaker or named or default or "The customer"
    owed_to = (account_name or "the customer") if ours else "us"
    if found is None:
        # No promise clause ("The complete pack will be with you by 27 February"): the sentence, retold.
        told = _reported(shown, ours=ours)
        return {"owner": owner, "owed_to": owed_to, "text": f"{owner} owes {owed_to}: {told}"}
    # "I can promise you that the exports will be live by August" owes the exports, not a promise.
    what = _SPEECH_ACT.sub("", _last_promise(found["what"].strip()))
    what = without_hedges(what)
    return {
        "owner": owner,
        "owed_to": owed_to,
        "text": f"{owner} owes {owed_to}: {_dated_deixis(_reported(what, ours=ours), sentence)}",
    }


# "this call" meant the call it was said on; on an account page, read weeks later, it names that call.
_THIS_EVENT = re.compile(r"\b(?:this|today's) (call|meeting|session|demo)\b", re.IGNORECASE)


def _dated_deixis(what: str, sentence: Sentence) -> str:
    """ "share the recording of this call" -> "... of the call on 2026-10-28" (the record's date)."""
    day = sentence.occurred_at.date().isoformat()
    return _THIS_EVENT.sub(lambda m: f"the {m[1].lower()} on {day}", what)


def _last_promise(what: str) -> str:
    # "I'll take that one, I will send pricing by Friday": the deliverable is the second promise's.
    inner = _PROMISE.search(what)
    if inner and what[: inner.start()].rstrip().endswith(","):
        return _last_promise(inner["what"].strip())
    return what


def _reported(what: str, *, ours: bool) -> str:
    """The speaker's persons as the manager reads them (see _PERSON): "set up the groups with you" ->
    "set up the groups with them"; the customer's "with my manager" -> "with their manager"."""
    view = _OUR_VIEW if ours else _THEIR_VIEW

    def swap(match: re.Match[str]) -> str:
        word = match[0].lower()
        if word == "you" and match.end() < len(what) and _SUBJECT_FOLLOWS.match(what, match.end()):
            return _SUBJECT_YOU[ours]
        return view.get(word, match[0])

    return _PERSON.sub(swap, what)


_SUBJECT_FOLLOWS = re.compile(r" (?:can|could|will|would|are|have|need|want|get|see|know)\b")


def deliverable_key(line: str) -> str:
    """What a commitment line owes, without its due date or punctuation: the same promise made twice (dated
    once, "no firm date yet" later) has one key."""
    what = line.split(": ", 1)[-1].strip().rstrip(".").lower()
    return re.sub(r"[^a-z0-9 ]+", "", _DUE_PART.sub("", what)).strip()
