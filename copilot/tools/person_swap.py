"""Who "I", "you", "we" and "our" are once a call sentence is retold in the third person.

The speaker's and the listener's words are swapped for how the summary names them ("the customer", "the
agent", "Ana"), and the verb after a swapped subject agrees ("I need" -> "the customer needs"). Once a
person is named, their later mentions in the sentence are "they/them/their" (never a guessed gender).
copilot/tools/reported_speech.py builds the reported sentence around the swapped words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from copilot.tools.reported_speech_words import (
    ADDRESSEE_WORDS,
    CLAUSE_STARTS,
    CONTRACTIONS,
    INVERTING,
    LATER_ADDRESSEE,
    LATER_SELF,
    OTHER_PEOPLE,
    SKIP_AFTER_SUBJECT,
    WORDS,
)
from copilot.tools.verb_agreement import plural_verb, third_person

SPEAKER, ADDRESSEE = "speaker", "addressee"
# The one asked to act was named, then the speaker as the object of that act ("asks the agent to call
# them"): the speaker's "me" is still "them", the one asked is named again.
ADDRESSEE_THEN_SPEAKER = "addressee, then speaker"
_TOKEN = re.compile(r"[A-Za-z]+(?:['\u2019][A-Za-z]+)?|[^A-Za-z\s]+|\s+")


@dataclass(frozen=True)
class Voices:
    """How the speaker and the person spoken to are named in the summary ("the customer", "Person2")."""

    speaker: str
    addressee: str
    # The speaker is one of our people: the summary is read by our managers, so our rep's "our engineering
    # lead" stays "our", never "their" (a customer's "our" is "their"; call_digest.speaks_for_us).
    ours: bool = False
    # Words the call uses as names ("Ryan", "Tableau"): after "says" they keep their capital.
    names: frozenset[str] = frozenset()
    # The addressee is one of our people by name: the customer's "your nightly sync" is our product's, and
    # our managers read it as "our nightly sync", never as the rep's own ("Priya Nair's nightly sync").
    to_us: bool = False


def _possessive(voice: str) -> str:
    # "the customer's" three times in a sentence reads badly; a role is "their", a name takes "'s".
    return "their" if voice.lower().startswith("the ") else f"{voice}'s"


# Verbs whose clause follows without "that": "your email said you wanted …", "I think you need …".
_CLAUSE_VERB_WORDS = """
said says mentioned think thought hope guess believe suppose assume feel felt noticed realized
"""
_CLAUSE_VERBS = frozenset(_CLAUSE_VERB_WORDS.split())


def _is_subject(key: str, previous_word: str | None) -> bool:
    if key == "i":
        return True
    return key == "you" and (previous_word is None or previous_word in CLAUSE_STARTS | _CLAUSE_VERBS)


def swap_persons(text: str, voices: Voices, last: str | None = None) -> str:
    """The words with first/second person swapped for who said them and who heard them.

    `last` is who the sentence named last before `text` (SPEAKER after "the customer says", ADDRESSEE
    after "asks the agent to"); while nobody else has been mentioned since, that person's own words
    ("I/me/my" for the speaker, "you/your" for the addressee) read "they/them/their".
    """
    addressee_name = (
        "" if voices.addressee.lower().startswith("the ") else voices.addressee.split()[0].lower()
    )
    # "send it to you both" is said to more than the one addressee: "send it to them both", never
    # "to Natalie Nakamura both".
    text = _YOU_TOGETHER.sub(r"\1 them \2", text)
    out: list[str] = []
    subject = False  # the last word was a first/second-person subject, so the next verb must agree
    plural = False  # ... and that subject was "they", a later mention
    own_clause = False  # the speaker is this clause's subject, so their "me" is "themselves"
    previous_word: str | None = None
    for piece in _TOKEN.findall(text):
        if piece.isspace():
            out.append(piece)
            continue
        if not piece[0].isalpha():
            out.append(piece)
            subject, own_clause, previous_word = False, False, None  # punctuation ends the clause
            continue
        key = piece.lower().replace("\u2019", "'")
        if subject and key in SKIP_AFTER_SUBJECT:
            out.append(piece)
            continue
        if subject:
            out.append(plural_verb(piece) if plural else third_person(piece))
            subject, previous_word = False, key
            continue
        own_clause = _speaker_is_subject(key, own_clause)
        # "I was thinking me and one person from IT": "... thinking themselves and ...", never "them".
        reflexive = key == "me" and own_clause and last is not None
        later = "themselves" if reflexive else _later_mention(key, last, previous_word)
        if later is not None:
            out.append(later)
            subject, plural, previous_word = later == "they" and key in {"i", "you"}, True, key
            # After "to call them" a "their" could be either person: the one asked is named again.
            last = ADDRESSEE_THEN_SPEAKER if key in _SPEAKER_AS_OBJECT else last
            continue
        if voices.to_us and key in _YOUR_AS_OURS:
            out.append(_YOUR_AS_OURS[key])
            previous_word = key
            continue
        template = None if voices.ours and key in _OUR_WORDS else CONTRACTIONS.get(key) or WORDS.get(key)
        if key in OTHER_PEOPLE or key == addressee_name:
            last = None  # someone else was mentioned: the next mention names its person again
        if template is None:
            out.append(piece)
            previous_word = key
            continue
        out.append(template.format(s=voices.speaker, a=voices.addressee, sp=_possessive(voices.speaker)))
        # "how can I use it": after an auxiliary the verb that follows the subject keeps its form.
        agrees = _is_subject(key, previous_word) and previous_word not in INVERTING
        subject, plural, previous_word = agrees, False, key
        last = SPEAKER if key in LATER_SELF else ADDRESSEE if key in ADDRESSEE_WORDS else last
    return "".join(out)


_YOU_TOGETHER = re.compile(
    r"\b(to|for|with|send|tell|show|give|call|email|ask|invite|update|join) you (both|all|two)\b",
    re.IGNORECASE,
)
_OUR_WORDS = frozenset(["our", "ours"])
_YOUR_AS_OURS = {"your": "our", "yours": "ours"}
_SELF_SUBJECTS = frozenset(["i", "i'm", "i've", "i'll", "i'd"])


def _speaker_is_subject(key: str, so_far: bool) -> bool:
    # Whether the speaker is still the subject of the clause after `key`: "I" makes them so; a new clause,
    # an infinitive ("I asked them to call me") or another person ends it.
    if key in _SELF_SUBJECTS:
        return True
    if key in CLAUSE_STARTS or key == "to" or key in OTHER_PEOPLE:
        return False
    return so_far


_SPEAKER_AS_OBJECT = {"me": "them", "myself": "themselves"}


def _later_mention(key: str, last: str | None, previous_word: str | None) -> str | None:
    # The pronoun for a person the sentence named last, or None when the word must name them.
    if last == SPEAKER and key in LATER_SELF:
        return LATER_SELF[key]
    if last == ADDRESSEE and key == "you":
        return "they" if _is_subject(key, previous_word) else "them"
    if last in (ADDRESSEE, ADDRESSEE_THEN_SPEAKER) and key in _SPEAKER_AS_OBJECT:
        # "asks the agent to call me": the one asked cannot be the object of their own act, so "them" is
        # the speaker, already named as the subject of "asks" ("... to call them", never "... the customer").
        return _SPEAKER_AS_OBJECT[key]
    if last == ADDRESSEE:
        return LATER_ADDRESSEE.get(key)
    return None
