"""One account's sentences: which chunk owns each, its stored vector, keyword stats and typed fields.

Field-level signals are the typed values a sentence states (an amount of money, a date): a question
about a price is answered by a sentence holding an amount, one about a renewal by a sentence holding
a date. They are found by pattern, not by a model, so loading an account stays cheap.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from copilot.index.units import Sentence
from copilot.retrieval.keyword import KeywordStats

MONEY = 1
DATE = 2
_MONTHS = (
    "january|february|march|april|may|june|july|august|september|october|november|december|"
    "januar|februar|märz|juni|juli|oktober|dezember|janvier|février|mars|avril|mai|juin|juillet|"
    "août|septembre|octobre|novembre|décembre|enero|febrero|marzo|abril|mayo|junio|julio|agosto|"
    "septiembre|octubre|noviembre|diciembre"
)
_MONEY = re.compile(
    r"[$€£]\s?\d|\b(?:EUR|USD|GBP|CHF)\s?\d|\d[\d.,\s]*\s?(?:EUR|USD|GBP|CHF|euros?|dollars?)\b",
    re.IGNORECASE,
)
_DATE = re.compile(
    rf"\b(?:{_MONTHS})\b\.?\s+\d{{1,4}}|\b\d{{1,2}}\.?\s+(?:{_MONTHS})\b|\b\d{{1,2}}[./]\d{{1,2}}[./]\d{{2,4}}\b"
    r"|\b\d{4}-\d{2}-\d{2}\b",
    re.IGNORECASE,
)

_DIGIT = re.compile(r"\d")

RowsFor = Callable[[list[str], np.ndarray, list[str]], tuple[np.ndarray, np.ndarray]]


def field_flags(text: str) -> int:
    """Bit flags of the typed values a sentence states (MONEY, DATE)."""
    if not _DIGIT.search(text):  # both need a digit; most sentences have none, and the scans are costly
        return 0
    return (MONEY if _MONEY.search(text) else 0) | (DATE if _DATE.search(text) else 0)


@dataclass
class SentenceTable:
    """Sentences of an account's chunks, addressed by row; `owners[row]` is the chunk's position."""

    owners: np.ndarray
    texts: list[str]
    fields: np.ndarray
    # Unit-length vectors of the sentences the index holds, and the sentence row of each.
    matrix: np.ndarray
    vector_rows: np.ndarray
    keyword: KeywordStats

    @classmethod
    def build(
        cls,
        per_chunk: Sequence[Sequence[Sentence]],
        stored_ids: list[str],
        stored: np.ndarray,
        rows_for: RowsFor,
    ) -> SentenceTable:
        """The table for chunks in position order, each with its sentences; vectors from the store."""
        owners = [position for position, sentences in enumerate(per_chunk) for _ in sentences]
        flat = [s for sentences in per_chunk for s in sentences]
        texts = [s.text for s in flat]
        matrix, rows = rows_for(stored_ids, stored, [s.id for s in flat])
        return cls(
            owners=np.array(owners, dtype=np.int64),
            texts=texts,
            fields=np.array([field_flags(t) for t in texts], dtype=np.int8),
            matrix=matrix,
            vector_rows=rows,
            keyword=KeywordStats(texts),
        )

    def __len__(self) -> int:
        return len(self.texts)

    def best_per_chunk(
        self, values: np.ndarray, chunks: int, *, rows: np.ndarray | None = None
    ) -> np.ndarray:
        """Each chunk's highest value over its sentences (`rows`: each value's sentence row); -inf if none."""
        best = np.full(chunks, -np.inf)
        owners = self.owners if rows is None else self.owners[rows]
        if len(values):
            np.maximum.at(best, owners, values)
        return best

    @property
    def nbytes(self) -> int:
        """Approximate memory held: vectors, texts and keyword postings."""
        return int(self.matrix.nbytes + sum(len(t) for t in self.texts) + self.keyword.nbytes)
