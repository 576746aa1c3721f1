"""Body citations: which records each span of a letter rests on, kept beside the text, never inside it.

A delivered email is a letter. The evidence for its sentences travels as structured data,
`[{"start": 10, "end": 52, "n": [2]}]`, offsets into the body and citation numbers of the draft's
`citations`. A model that cites inline (`... renews on 3 March [2].`) has its markers moved here;
a reviewer's edit keeps a citation only where the cited text is unchanged.
"""

from __future__ import annotations

import difflib
import re
from typing import Any, TypedDict

# "[2]", "[1, 3]", "[1][3]" and a space before them; "(2026-09-01)" record dates a model copied out.
_MARKER = re.compile(r"[ \t]?\[(\d{1,2}(?:\s*[,;]\s*\d{1,2})*)\]")
_RECORD_DATE = re.compile(r"[ \t]?\(\d{4}-\d{2}-\d{2}\)")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+")


class BodyCitation(TypedDict):
    """One span of the body and the citation numbers of the records it rests on."""

    start: int
    end: int
    n: list[int]


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence or line of `text`, trimmed of surrounding whitespace."""
    spans: list[tuple[int, int]] = []
    start = 0
    for match in [*_SENTENCE_END.finditer(text), None]:
        end = match.start() if match else len(text)
        piece = text[start:end]
        if piece.strip():
            left = start + len(piece) - len(piece.lstrip())
            spans.append((left, start + len(piece.rstrip())))
        if match:
            start = match.end()
    return spans


def has_markers(text: str) -> bool:
    """True when the text still holds a citation marker or a record date in parentheses."""
    return bool(_MARKER.search(text) or _RECORD_DATE.search(text))


def move_markers(text: str, available: int) -> tuple[str, list[BodyCitation]]:
    """The text without markers or record dates, and each marked sentence's citation numbers.

    A marker names the sentence it closes (or sits in); numbers outside 1..available are dropped.
    """
    clean_parts: list[str] = []
    positions: list[tuple[int, list[int]]] = []
    cursor = length = 0
    for match in sorted([*_MARKER.finditer(text), *_RECORD_DATE.finditer(text)], key=lambda m: m.start()):
        if match.start() < cursor:
            continue
        kept = text[cursor : match.start()]
        clean_parts.append(kept)
        length += len(kept)
        cursor = match.end()
        if match.re is _MARKER:
            positions.append((length, [int(x) for x in re.findall(r"\d+", match.group(1))]))
    clean_parts.append(text[cursor:])
    clean = "".join(clean_parts)
    return clean, _attach(clean, positions, available)


def _attach(clean: str, positions: list[tuple[int, list[int]]], available: int) -> list[BodyCitation]:
    spans = sentence_spans(clean)
    cited: dict[tuple[int, int], set[int]] = {}
    for at, numbers in positions:
        # The sentence the marker closes: the last one starting before it.
        before = [s for s in spans if s[0] < at]
        if not before:
            continue
        valid = {n for n in numbers if 1 <= n <= available}
        if valid:
            cited.setdefault(before[-1], set()).update(valid)
    return [{"start": s, "end": e, "n": sorted(ns)} for (s, e), ns in sorted(cited.items())]


def carry_over(old_text: str, new_text: str, citations: list[Any]) -> list[BodyCitation]:
    """The citations of `old_text` that still hold in `new_text`: only spans the edit left untouched."""
    matcher = difflib.SequenceMatcher(None, old_text, new_text, autojunk=False)
    equal = [(i1, i2, j1) for tag, i1, i2, j1, _ in matcher.get_opcodes() if tag == "equal"]
    kept: list[BodyCitation] = []
    for citation in citations:
        start, end = int(citation["start"]), int(citation["end"])
        for i1, i2, j1 in equal:
            if i1 <= start and end <= i2:
                shift = j1 - i1
                kept.append({"start": start + shift, "end": end + shift, "n": list(citation["n"])})
                break
    return kept


def cited_numbers(citations: list[Any]) -> set[int]:
    """Every citation number some span of the body rests on."""
    return {int(n) for c in citations for n in c["n"]}
