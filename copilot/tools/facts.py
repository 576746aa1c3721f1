"""Pick the sentences of the cited records that matter for a purpose, so drafts quote facts verbatim."""

from __future__ import annotations

import re
from dataclasses import dataclass

from copilot.retrieval.context import CitedRecord
from copilot.retrieval.keyword import bm25_scores

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZÄÖÜÉÈÀ0-9\"'])")
_HEADER = re.compile(r"^\[[^\]]*\]\s*")
# Pleasantries and sign-offs carry no facts worth repeating to the customer.
_FILLER = re.compile(
    r"^(hi|hello|hey|dear|thanks|thank you|best|regards|cheers|kind regards|hallo|guten tag|bonjour|hola)\b",
    re.IGNORECASE,
)
_SPEAKER = re.compile(r"^[A-Z][\w .'-]{1,40}:\s+")
# Sentences carrying a number, amount or date are what a reviewer checks and a customer acts on.
_FACTUAL = re.compile(r"\d|[$€£%]|\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\b", re.IGNORECASE)


@dataclass(frozen=True)
class FactSentence:
    """One sentence from a record, with the record's citation number.

    `speaker` is "us" for a line our own side spoke on a call (to be attributed to us, never
    presented as the customer's words), else None.
    """

    n: int
    text: str
    # Who said it: a transcript's or labelled note's speaker ("Dana Reyes: ..."), "us" for our own side's
    # line on a call (customer_facts.attribute_our_lines), else "".
    speaker: str = ""


def is_factual(sentence: str) -> bool:
    """True when the sentence carries a number, amount or date."""
    return bool(_FACTUAL.search(sentence))


def _sentences(record: CitedRecord) -> list[tuple[str, str]]:
    """(speaker, sentence) pairs of a record; the speaker is "" for lines without a name label."""
    body = _HEADER.sub("", record.text.strip())
    found: list[tuple[str, str]] = []
    for line in body.splitlines():
        label = _SPEAKER.match(line.strip())
        speaker = label.group(0).rstrip(": \t") if label else ""
        line = _SPEAKER.sub("", line.strip())
        found.extend((speaker, part.strip()) for part in _SENTENCE_END.split(line) if part.strip())
    return [(who, s) for who, s in found if 25 <= len(s) <= 300 and not _FILLER.match(s)]


def candidate_sentences(record: CitedRecord) -> list[str]:
    """The sentences of a record that could be offered as facts (no headers, speakers or pleasantries)."""
    return [sentence for _, sentence in _sentences(record)]


def select_facts(records: list[CitedRecord], purpose: str, limit: int = 3) -> list[FactSentence]:
    """The sentences most relevant to the purpose (BM25, ties to better-ranked records), one per record."""
    candidates = [(r.n, s) for r in records for s in _sentences(r)]
    if not candidates:
        return []
    relevance = bm25_scores(purpose, [s for _, (_, s) in candidates])
    scores = [
        rel + (1.0 if _FACTUAL.search(sentence) else 0.0) + 0.05 / n
        for rel, (n, (_, sentence)) in zip(relevance, candidates, strict=True)
    ]
    ranked = sorted(range(len(candidates)), key=lambda i: (-scores[i], candidates[i][0]))
    chosen: list[FactSentence] = []
    used_records: set[int] = set()
    seen: set[str] = set()
    for i in ranked:
        n, (speaker, sentence) = candidates[i]
        if (
            n in used_records
            or sentence.lower() in seen
            or (relevance[i] <= 0 and not _FACTUAL.search(sentence))
        ):
            continue
        used_records.add(n)
        seen.add(sentence.lower())
        chosen.append(FactSentence(n, sentence, speaker))
        if len(chosen) == limit:
            break
    return sorted(chosen, key=lambda f: f.n)
