"""A call paragraph that does not open sentence after sentence with "The customer says".

When the summary keeps two turns of one speaker in a row (their complaint, then their threat once our
question in between was left out), the second is retold as "The customer adds that …" and a third as
"The customer also says …": the reader still sees who said each, without the echo.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING

from copilot.tools.call_types import Utterance

if TYPE_CHECKING:
    from copilot.tools.call_digest import DigestSentence

# "says no, but …", "says but …": an answer or a link to something left out reads wrongly after "adds that".
_NOT_A_STATEMENT = re.compile(r"^(?:yes|yeah|yep|no|nope|right|sure|okay|ok|and|but|so|or)\b", re.IGNORECASE)
# "The customer (Malik)" names them where they are first retold; later sentences say "The customer".
_INTRODUCED = re.compile(r" \([^()]*\)$")
# The second retelling in a row, then the third; later ones keep "says" (a long run is rare and reads
# worse with a fourth variant than with the plain verb).
_VARIANTS = ("adds that", "also says")


def varied_voices(sentences: list[DigestSentence], utterances: list[Utterance]) -> list[DigestSentence]:
    """The paragraph with a speaker's repeated "<voice> says" varied as above; nothing else changes."""
    speaker_of = {u.n: u.speaker for u in utterances}
    out: list[DigestSentence] = []
    run = 0
    for sentence in sentences:
        previous = out[-1] if out else None
        voice, says, clause = sentence.text.partition(" says ")
        same = (
            previous is not None
            and speaker_of.get(previous.utterance) == speaker_of.get(sentence.utterance)
            and _INTRODUCED.sub("", _voice_of(previous.text)) == voice
        )
        run = run + 1 if same else 0
        if same and says and 0 < run <= len(_VARIANTS) and not _NOT_A_STATEMENT.match(clause):
            sentence = replace(sentence, text=f"{voice} {_VARIANTS[run - 1]} {clause}")
        out.append(sentence)
    return out


def _voice_of(text: str) -> str:
    # Who a retold sentence names first: the words before its reporting verb ("The customer (Malik)").
    for verb in (" says ", " adds that ", " also says ", " asks ", " thanks ", " confirms ", " offers "):
        if verb in text:
            return text.split(verb, 1)[0]
    return ""
