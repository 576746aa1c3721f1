"""A commitment as a manager reads it: who owes what to whom ("Bob Kowalski owes Brightwater Health:
send pricing for the add-on by September 28, 2026"), the record's own sentence kept beside it.

The owner is the call speaker when the sentence was said on a call, else the person the sentence
names as its subject, else our account owner (our side) or the account (theirs). The "what" is the
sentence from its promise on ("I'll send you the quote" -> "send Acme the quote"); a sentence with no
recognisable promise (another language, an unusual wording) is shown as written after the owner.
"""

from __future__ import annotations

import re

from copilot.tools.account_sentences import Sentence

# "Follow-up from Northwind: Bob will send...", "Next step: ..." - a label, not part of the promise.
_LABEL = re.compile(r"^[^:.!?\d]{2,60}:\s+(?=\S)")
_PROMISE = re.compile(
    r"\b(?!(?:It|This|That|There|These|Those|Which|What|Who|Nothing|Everything|Everyone|Anyone|Someone|"
    r"Nobody|People|Everybody)\b)(?P<who>I|[Ww]e|[Tt]hey|[Hh]e|[Ss]he|[A-Z][a-z]+(?: [A-Z][a-z]+)?)\s*"
    r"(?:'ll|'m going to|'re going to| will| can| shall| am going to| are going to| is going to)\s+"
    r"(?:also\s+)?(?P<what>.+)$"
)
_SPEECH_ACT = re.compile(
    r"^(?:promise|confirm|guarantee|assure|commit to|tell)\s+(?:you\s+|them\s+)?that\s+(?=\S)", re.IGNORECASE
)
_PRONOUNS = frozenset({"i", "we", "they", "he", "she"})
_YOU = re.compile(r"\byou\b", re.IGNORECASE)
_YOUR = re.compile(r"\byour\b", re.IGNORECASE)


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
    return _PROMISE.search(_LABEL.sub("", text.strip())) is not None


def possessive(name: str) -> str:
    """ "Acme's", and "Orbital Media Labs'" for a name ending in s."""
    return f"{name}'" if name.endswith("s") else f"{name}'s"


def _named_subject(who: str) -> str | None:
    return None if who.lower() in _PRONOUNS else who


def promise_line(sentence: Sentence, *, ours: bool, account_owner: str, account_name: str) -> dict[str, str]:
    """Owner, owed-to and the manager's line for one commitment sentence; `account_owner` is the owner's
    name as a person ("Bob Kowalski"), or "" when only a login is known."""
    shown = _LABEL.sub("", sentence.shown.strip())
    found = _PROMISE.search(shown)
    named = _named_subject(found["who"]) if found else None
    # Our side is named by the owner's name when it is known, never by a CRM login ("alice").
    default = (account_owner or "Our team") if ours else account_name
    owner = sentence.speaker or named or default or "The customer"
    owed_to = (account_name or "the customer") if ours else "us"
    if found is None:
        return {"owner": owner, "owed_to": owed_to, "text": f"{owner} owes {owed_to}: {shown}"}
    # "I can promise you that the exports will be live by August" owes the exports, not a promise.
    what = _SPEECH_ACT.sub("", found["what"].strip())
    # "you" is the other side: the customer when we promise, us when they do.
    what = _YOUR.sub(possessive(owed_to) if ours else "our", _YOU.sub(owed_to, what))
    return {"owner": owner, "owed_to": owed_to, "text": f"{owner} owes {owed_to}: {what}"}
