"""Where a message's own words are: the text between its salutation and its closing.

Why: the inbound frustration model decides on the whole message, as GoEmotions raters judged whole
comments, and comments carry no letter wrapping. Around one sharp line, a greeting and a sign-off
dilute the whole-message score ("Hi Sam, / I am really fed up with your support ... / Best, Ana"
scored 0.13 whole against 0.46 for its middle line). The wrapping is layout, not tone, so the
whole-message view skips it; every sentence, the wrapping's included, is still scored and can be
evidence. Only unmistakable letter forms are cut: a salutation at the very start, and a closing
formula near the end with nothing after it but short name and title lines.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

# Attacker-controlled text goes through these patterns, so they match in linear time: every repeat is
# possessive and every choice atomic, so a failed match never backtracks into them.
# A name ("Ms. Novak", "Sam") or a collective addressee ("team", "all"); names keep their capital letter.
_ADDRESSEE = r"(?>(?:Mrs|Mr|Ms|Dr)\.|(?i:team|all|everyone|there|folks|support)\b|[A-Z][\w'-]*+)"
# "Hi Sam," / "Good morning team!" / "Dear Ms. Novak:" at the start, alone or before the first sentence.
_SALUTATION = re.compile(
    r"^(?i:hi|hello|hey|dear|greetings|good\s+(?:morning|afternoon|evening)|hallo|guten\s+(?:tag|morgen)|"
    r"bonjour|hola)\b"
    # Only names and the usual collective addressees: "Hey you clowns," is tone, not layout.
    rf"(?:\s++{_ADDRESSEE})*+\s*+(?:[,!:]\s*+|$)"
)
# "Best regards," / "Thanks, Anna" / "Kind regards -- Tom": a closing formula, then at most a short name.
_CLOSING = re.compile(
    r"^(?i:(?:with\s+)?(?:(?:best|kind|warm|warmest|many)\s+)?(?:regards|wishes)|best|all\s+the\s+best|"
    r"thanks(?:\s+(?:again|a\s+lot|in\s+advance))?|thank\s+you(?:\s+in\s+advance)?|many\s+thanks|cheers|"
    r"sincerely(?:\s+yours)?|yours(?:\s+(?:truly|sincerely))?|mit\s+freundlichen\s+grüßen|viele\s+grüße|"
    r"beste\s+grüße|cordialement|saludos|atentamente)\b"
    # Then at most a name of capitalised words: "Thanks for nothing." is not a closing.
    r"[\s,.!-]*+(?:[A-Z][\w.'-]*+(?:\s++[A-Z][\w.'-]*+){0,2}+)?+[\s,.!]*+$"
)
# Name, title, company and phone lines under a closing are short.
_SIGNATURE_LINE_WORDS = 8
# A closing is looked for among the last few sentences only: a signature block is a handful of lines.
_CLOSING_REACH = 6


def letter_body(text: str, sentences: Sequence[tuple[int, int]]) -> tuple[int, int]:
    """Character span of `text` without its salutation and closing block; the whole text when nothing
    would be left. `sentences` are the text's sentence spans (copilot.tone.sentences.split_sentences)."""
    if not sentences:
        return 0, len(text)
    start = _after_salutation(text, sentences[0])
    end = _before_closing(text, sentences)
    while start < end and text[start].isspace():
        start += 1
    if end <= start:
        return 0, len(text)
    return start, end


def _after_salutation(text: str, first: tuple[int, int]) -> int:
    a, b = first
    found = _SALUTATION.match(text[a:b])
    return a + found.end() if found else a


def _before_closing(text: str, sentences: Sequence[tuple[int, int]]) -> int:
    """Start of the closing sentence when only short lines follow it, else the end of the last sentence."""
    last = len(sentences)
    for k in range(last - 1, max(-1, last - 1 - _CLOSING_REACH), -1):
        a, b = sentences[k]
        if _CLOSING.match(text[a:b]):
            after = [text[x:y] for x, y in sentences[k + 1 :]]
            if all(len(line.split()) <= _SIGNATURE_LINE_WORDS for line in after):
                return sentences[k - 1][1] if k > 0 else a
            break
    return sentences[-1][1]
