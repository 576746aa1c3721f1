"""Names for speakers a transcript only numbers ("Speaker 2", "Person1"), read from the call itself.

Diarised exports label people by number; the people on the call still call each other by name
("Mary, do you remember...?", "Thanks, Tom.") and introduce themselves ("My name is John Keat"). A
manager reads "Mary says ..." more easily than "Speaker 2 says ...", so on a two-party call a numbered
speaker whom the other party always calls by one name, or who gives their own name, is named by it.
A speaker with a real label, or called by two different names, keeps their label.
"""

from __future__ import annotations

import re
from collections import defaultdict

from copilot.tools.call_types import Utterance
from copilot.tools.reported_speech import clean_turn, sentences
from copilot.tools.speech_acts import vocative_name
from copilot.tools.turn_text import bare_word

# "Speaker 2", "SPEAKER_01", "Person1", "Participant 3", "spk0": a number, not a name.
_NUMBERED = re.compile(r"^(?:speaker|spk|person|participant|voice|unknown|guest)[ _-]?\d+$", re.IGNORECASE)
_NAME = r"([A-Z][a-z]+(?: [A-Z][a-z]+)?)"
_SELF_INTRODUCTION = re.compile(
    rf"\b(?:(?i:my name is|my name's|I am called) {_NAME}|(?i:this is) {_NAME} speaking)"
)


def is_numbered(label: str) -> bool:
    """Whether a speaker label is a placeholder number rather than a name or a role."""
    return bool(_NUMBERED.match(label.strip()))


def _own_name(text: str) -> str | None:
    found = _SELF_INTRODUCTION.search(text)
    if not found:
        return None
    return found[1] or found[2]


def addressed_names(utterances: list[Utterance]) -> dict[str, str]:
    """Label -> name for each numbered speaker of a two-party call whose name the call states once or
    always the same way; {} otherwise."""
    speakers = list(dict.fromkeys(u.speaker for u in utterances))
    if len(speakers) != 2:
        return {}
    called: dict[str, set[str]] = defaultdict(set)
    for u in utterances:
        other = speakers[1] if u.speaker == speakers[0] else speakers[0]
        for sentence in sentences(clean_turn(u.text)):
            name = vocative_name(sentence)
            if name:
                called[other].add(name)
        own = _own_name(clean_turn(u.text))
        if own:
            called[u.speaker].add(own)
    # A word the call also uses in lower case ("yeah", "maybe") is no name, whatever opened a sentence.
    common = {w for u in utterances for w in re.findall(r"\b[a-z]+\b", u.text)}
    names = {
        s: next(iter(found))
        for s, found in called.items()
        if len(found) == 1 and is_numbered(s) and next(iter(found)).split()[0].lower() not in common
    }
    # Both called by the same name means it is not telling who is who.
    if len(set(names.values())) < len(names):
        return {}
    return names


def names_in(utterances: list[Utterance]) -> frozenset[str]:
    """Words the call capitalises where no sentence starts ("as Ryan said", "looking at Tableau") and the
    speakers' own names: a retelling keeps their capital when a sentence opens with one."""
    found = {word for u in utterances for word in u.speaker.split() if _AS_NAME.fullmatch(word)}
    for u in utterances:
        for sentence in sentences(clean_turn(u.text)):
            for word in sentence.split()[1:]:
                bare = bare_word(word)
                if _AS_NAME.fullmatch(bare) and bare != "I":
                    found.add(bare)
    return frozenset(found)


# A capitalised word in lower case after its first letter ("Ryan", not "IT" or "SOC").
_AS_NAME = re.compile(r"[A-Z][a-z]+")
