"""The text of a transcript turn as the summaries read it: chat-export noise removed, split into sentences.

Chat exports carry @handles, ^signatures, links and HTML escapes, and some exports space out apostrophes;
a summary retells none of that. A sentence ends at ".", "!" or "?", never at a point between digits.
"""

from __future__ import annotations

import html
import re

from copilot.tools.call_types import NOT_AN_END

# A point between digits ("the 4.2 release", "$2.50") ends no sentence.
_SENTENCE = re.compile(rf"(?:[^.!?]|{NOT_AN_END})+[.!?]*")
_HANDLE = re.compile(r"(?:^|\s)[@^][\w.]+|https?://\S+")
# Some exports (DialogSum among them) space out apostrophes: "I ' Ve", "don ' t".
_SPACED_APOSTROPHE = re.compile(r"(\w) ['\u2019] (\w)")


def clean_turn(text: str) -> str:
    """The utterance without @handles, ^signatures, links and HTML escapes (chat exports are full of them)."""
    text = _SPACED_APOSTROPHE.sub(lambda m: f"{m[1]}'{m[2].lower()}", html.unescape(text))
    return " ".join(_HANDLE.sub(" ", text).split())


def sentences(text: str) -> list[str]:
    """The sentences of an utterance, trimmed, empty ones dropped."""
    return [s.strip() for s in _SENTENCE.findall(text) if s.strip()]


def capitalised(text: str) -> str:
    """The text with its first letter upper-cased."""
    return text[:1].upper() + text[1:] if text else text


def lowered(text: str) -> str:
    """The text with its first letter lower-cased, unless it opens with an acronym ("IT", "DM")."""
    # "DM us" and "IT asked" keep their capitals; "The export" after "says" does not.
    return text if text[1:2].isupper() else text[:1].lower() + text[1:]


def bare_word(word: str) -> str:
    """A word without the punctuation around it and its possessive: "Ryan's," -> "Ryan"."""
    return re.split(r"['\u2019]", word.strip(',.;:!?"()'), maxsplit=1)[0]
