"""Extract the factual spans of a text: amounts, dates, names, commitments and references to past meetings."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal

from copilot.guards.dates import DateKey, iter_dates
from copilot.guards.entities import fold, iter_names
from copilot.guards.numbers import Quantity, iter_money, iter_numbers, iter_percent
from copilot.guards.phrases import Reference, iter_commitments, iter_references

ClaimKind = Literal[
    "money", "number", "percent", "date", "person", "product", "commitment", "meeting_reference"
]
CLAIM_KINDS: tuple[ClaimKind, ...] = (
    "money",
    "number",
    "percent",
    "date",
    "person",
    "product",
    "commitment",
    "meeting_reference",
)

# Spans that hold digits but are not claims to check here: citation markers like [2] or [1, 3],
# list numbering, clock times, web/email addresses and phone numbers (the output check covers those).
_NOT_CLAIMS = re.compile(
    r"\[\s*(?:record\s*|source\s*|#|\^)?\d+(?:\s*[,;\u2013-]\s*(?:#)?\d+)*\s*\]"
    r"|\((?:see\s+)?(?:record|source)s?\s*\d+(?:\s*[,;\u2013-]\s*\d+)*\)|\b(?:record|source)s?\s+#?\d+\b"
    r"|^[ \t]*\d{1,2}[.)](?=\s)"
    r"|\b\d{1,2}[:.]\d{2}\s*(?:[ap]\.?m\.?|h|Uhr)?(?!\d)|\b\d{1,2}\s*(?:[ap]\.m\.|[ap]m\b|Uhr\b)"
    r"|\b(?:https?://|www\.)\S+|(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
    r"|(?:\+|\b00)\d[\d \t().-]{6,}\d|\(\d{3}\)\s*\d{3}[-.\s]\d{4}|\b\d{3}[-.]\d{3}[-.]\d{4}\b",
    re.IGNORECASE | re.MULTILINE,
)


@dataclass(frozen=True)
class Claim:
    """One factual span: `text == source[start:end]`; `normalized` is the comparable form for reviewers."""

    kind: ClaimKind
    start: int
    end: int
    text: str
    normalized: str
    quantity: Quantity | None = field(default=None, compare=False, repr=False)
    dates: frozenset[DateKey] = field(default=frozenset(), compare=False, repr=False)
    words: tuple[str, ...] = field(default=(), compare=False, repr=False)
    reference: Reference | None = field(default=None, compare=False, repr=False)


def _fmt(value: Decimal) -> str:
    return format(value.normalize(), "f")


def _amount(q: Quantity) -> str:
    values = "|".join(sorted(_fmt(v) for v in q.values))
    return f"{q.currency} {values}" if q.currency else values


def _date_text(keys: frozenset[DateKey]) -> str:
    def one(key: DateKey) -> str:
        y, m, d = key
        return f"{y or '????'}-{m or 0:02d}-{d or 0:02d}".replace("-00", "-??")

    return "|".join(sorted(one(k) for k in keys))


class _Taken:
    """Spans already claimed, kept sorted and non-overlapping: an overlap check is one bisection.

    (A scan of every span per candidate was quadratic: 5,000 citation markers took seconds.)
    """

    def __init__(self, spans: Iterable[tuple[int, int]]) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []
        for start, end in spans:
            self.add(start, end)

    def overlaps(self, start: int, end: int) -> bool:
        """True when [start, end) meets a taken span."""
        before = bisect_left(self.starts, end)  # spans starting before `end`
        return before > 0 and self.ends[before - 1] > start

    def add(self, start: int, end: int) -> None:
        """Take a span that overlaps none taken so far."""
        at = bisect_left(self.starts, start)
        self.starts.insert(at, start)
        self.ends.insert(at, end)


def _numeric_claims(text: str, taken: _Taken) -> list[Claim]:
    claims: list[Claim] = []
    sources: tuple[tuple[ClaimKind, Iterable[Quantity]], ...] = (
        ("money", iter_money(text)),
        ("percent", iter_percent(text)),
    )
    for kind, found in sources:
        for q in found:
            if not taken.overlaps(q.start, q.end):
                taken.add(q.start, q.end)
                claims.append(Claim(kind, q.start, q.end, text[q.start : q.end], _amount(q), quantity=q))
    for d in iter_dates(text):
        if not taken.overlaps(d.start, d.end):
            taken.add(d.start, d.end)
            span_text = text[d.start : d.end]
            claims.append(Claim("date", d.start, d.end, span_text, _date_text(d.keys), dates=d.keys))
    for q in iter_numbers(text):
        if not taken.overlaps(q.start, q.end):
            claims.append(Claim("number", q.start, q.end, text[q.start : q.end], _amount(q), quantity=q))
    return claims


def extract_claims(text: str, known_names: Iterable[str] = (), language: str | None = None) -> list[Claim]:
    """Every factual span of `text` in order; `known_names` only helps tell people from products."""
    taken = _Taken((m.start(), m.end()) for m in _NOT_CLAIMS.finditer(text))
    claims = _numeric_claims(text, taken)
    for n in iter_names(text, known_names, language):
        if not taken.overlaps(n.start, n.end):
            kind: ClaimKind = "person" if n.kind == "person" else "product"
            claims.append(Claim(kind, n.start, n.end, text[n.start : n.end], fold(n.name).strip()))
    for c in iter_commitments(text):
        words = " ".join(c.words)
        claims.append(Claim("commitment", c.start, c.end, text[c.start : c.end], words, words=c.words))
    for start, end, ref in iter_references(text):
        label = f"{ref.channel}@{ref.window.label}" if ref.window else ref.channel
        claims.append(Claim("meeting_reference", start, end, text[start:end], label, reference=ref))
    return sorted(claims, key=lambda c: (c.start, c.end))
