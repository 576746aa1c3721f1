"""The words of a call that carry its topic: what the call digest scores sentences by, and what tells small
talk (off the call's topic) from business said early (copilot/tools/small_talk.py)."""

from __future__ import annotations

import re

WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")
_STOP_WORDS = """
a an the and or but if then so of to in on at by for with from as is are was were be been being
am i you he she it we they me him her us them my your his its our their this that these those
there here what which who whom when where why how do does did done have has had will would shall
should can could may might must not no yes ok okay oh well just also very really too about into
over up out all any some more most much many get got go going say says said asks whether let
let's thanks confirms
"""
# The reporting verbs ("says", "asks", "thanks", "confirms") are the retelling's words, not the call's.
_STOP = frozenset(_STOP_WORDS.split())


def _base(word: str) -> str:
    # Reported speech adds agreement ("I need" -> "the customer needs"); compare words without it.
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def content_words(text: str) -> list[str]:
    """Lower-cased words that carry meaning (no stopwords, no speaker placeholders), without a plural or
    third-person "s"."""
    found = (m.lower() for m in WORD.findall(text))
    return [_base(w) for w in found if w not in _STOP and len(w) > 1]
