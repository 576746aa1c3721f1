"""Split text into sentences as (start, end) character offsets, so evidence can point back into the input."""

from __future__ import annotations

import re

# A sentence ends at . ! ? (possibly repeated, possibly followed by closing quotes/brackets) before
# whitespace, or at a line break; mail is full of greeting and sign-off lines without punctuation.
_BOUNDARY = re.compile(r"(?:(?<=[.!?])|(?<=[.!?][\"')\]]))\s+|\n\s*")
# Abbreviations that end in a dot but do not end a sentence.
_ABBREVIATIONS = frozenset(
    {"e.g.", "i.e.", "mr.", "mrs.", "ms.", "dr.", "etc.", "vs.", "inc.", "no.", "approx."}
)
_WORDY = re.compile(r"\w")


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Offsets of each non-empty sentence, whitespace trimmed; text[start:end] is the sentence."""
    spans: list[tuple[int, int]] = []
    start = 0
    for boundary in _BOUNDARY.finditer(text):
        if _ends_with_abbreviation(text, start, boundary.start()) and "\n" not in boundary.group():
            continue
        _append_trimmed(text, start, boundary.start(), spans)
        start = boundary.end()
    _append_trimmed(text, start, len(text), spans)
    return spans


def _ends_with_abbreviation(text: str, start: int, end: int) -> bool:
    words = text[start:end].rsplit(None, 1)
    return bool(words) and words[-1].lower() in _ABBREVIATIONS


def _append_trimmed(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    # Lines of pure punctuation ("--", "***") are layout, not sentences worth scoring.
    if end > start and _WORDY.search(text, start, end):
        spans.append((start, end))
