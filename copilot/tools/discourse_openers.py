"""The words that open a sentence only to tie it to what was said before: an answer ("Yes,", "No, but"),
a filler ("Well,", "Also,") or a link ("And", "But").

Reported speech retells them ("Yes, and nobody answered" -> "confirms that nobody answered", "No, but we
paid twice" -> "says no, but they paid twice"); a sentence quoted on its own (an open issue on the account
page, a call item) drops them, because the question they answered is not beside the quote. Both read the
same words from here.
"""

from __future__ import annotations

import re

# A word that answers a question ("Yes,", "No, but") and one that only fills ("Well,", "Also,"). Before the
# sentence proper either needs a mark after it, or a link: "No problem at all" and "Right now the sync is
# down" open with no answer.
ANSWER_WORDS = r"yes|yeah|yep|yup|no|nope|right|sure|okay|ok"
AFFIRMATIVE_WORDS = r"yes|yeah|yep|right|sure|exactly|correct"
FILLER_WORDS = r"alright|well|oh|so|also|anyway|actually|now"
# A conjunction that links the sentence to the one before it ("And nobody called back").
LINK_WORDS = r"and|but|so|plus"

ANSWER = re.compile(rf"\b({ANSWER_WORDS})\b", re.IGNORECASE)
AFFIRMATIVE = re.compile(rf"\b({AFFIRMATIVE_WORDS})\b", re.IGNORECASE)
AND = re.compile(r"^and\b[\s,]*", re.IGNORECASE)
BUT = re.compile(r"^but\b[\s,]*", re.IGNORECASE)
_LEADING = re.compile(
    rf"^(?:(?:{ANSWER_WORDS}|{FILLER_WORDS})(?:\s*[,.!;:]+\s*|\s+(?=(?:{LINK_WORDS})\b)))*(?:(?:{LINK_WORDS})\b[\s,]*)?",
    re.IGNORECASE,
)
_FILLERS = re.compile(rf"^(?:(?:{FILLER_WORDS})\s*[,.!;:]+\s*)+", re.IGNORECASE)
# What is left must still say something: "No, thanks." or "Yes, sure." keeps its words.
_MIN_WORDS_LEFT = 2


def leading_words(sentence: str) -> str:
    """The answer, filler and link words a sentence opens with ("No, but "), '' when it opens with none."""
    found = _LEADING.match(sentence.strip())
    return found[0] if found else ""


def without_leading_words(sentence: str) -> str:
    """The sentence as it is quoted alone: its opening answer, filler and link words dropped and its first
    letter capitalised ("No, but we lost two days of shipments." -> "We lost two days of shipments.");
    unchanged when too little would be left."""
    text = sentence.strip()
    rest = text[len(leading_words(text)) :].strip()
    if rest == text or len(rest.split()) < _MIN_WORDS_LEFT:
        return text
    return rest[:1].upper() + rest[1:]


def without_fillers(sentence: str) -> str:
    """The sentence without the fillers that open it ("Also, please stop ..." -> "please stop ..."), so
    that what it does (a request here) is read from its own first words."""
    return _FILLERS.sub("", sentence.strip())
