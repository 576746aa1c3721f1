"""BM25 over one account's chunks: the keyword half of hybrid ranking."""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence

import numpy as np

_WORD = re.compile(r"[\w$€£%.,-]+", re.UNICODE)
# Function words match everything and nothing; they would let "follow up" rank "coming up" highly.
_STOPWORD_TEXT = (
    "a an and are as at be by for from has have i in is it its me my of on or our so that the "
    "their them there this to up us was we were will with you your can could would should do "
    "does did not no der die das und ist zu den von mit für auf ein eine wir sie ich le la "
    "les et de des un une pour nous vous el los las y en por para con"
)
STOPWORDS = frozenset(_STOPWORD_TEXT.split())


def tokenize(text: str) -> list[str]:
    """Lower-cased word tokens without stopwords; keeps money and numbers whole (prices and dates matter)."""
    tokens = (token.strip(".,-") for token in _WORD.findall(text.lower()))
    return [token for token in tokens if token and token not in STOPWORDS]


class KeywordStats:
    """Per-document term counts and corpus statistics, built once and scored against many queries."""

    def __init__(self, documents: Sequence[str], k1: float = 1.4, b: float = 0.75) -> None:
        vocabulary: dict[str, int] = {}
        term_ids: list[int] = []
        positions: list[int] = []
        counts: list[int] = []
        lengths = np.zeros(len(documents), dtype=np.float64)
        for position, document in enumerate(documents):
            tokens = tokenize(document)
            lengths[position] = len(tokens)
            for term, tf in Counter(tokens).items():
                term_ids.append(vocabulary.setdefault(term, len(vocabulary)))
                positions.append(position)
                counts.append(tf)
        self.size = len(documents)
        self.k1 = k1
        avg_len = (float(lengths.mean()) if len(documents) else 0.0) or 1.0
        # BM25's length normalisation depends only on the document, so it is paid once here.
        self._norms = k1 * (1 - b + b * lengths / avg_len)
        # Postings (term -> documents, counts) as slices of two arrays sorted by term: a query costs its
        # terms' postings, not the corpus, and building them is one sort rather than two arrays per term.
        order = np.argsort(np.array(term_ids, dtype=np.int64), kind="stable")
        self._positions = np.array(positions, dtype=np.int32)[order]
        self._counts = np.array(counts, dtype=np.float64)[order]
        ends = np.cumsum(np.bincount(np.array(term_ids, dtype=np.int64), minlength=len(vocabulary)))
        starts = ends - np.bincount(np.array(term_ids, dtype=np.int64), minlength=len(vocabulary))
        self._spans = {term: (int(starts[i]), int(ends[i])) for term, i in vocabulary.items()}

    def score_array(self, query: str) -> np.ndarray:
        """Okapi BM25 score of each document for the query, as an array."""
        scores = np.zeros(self.size)
        for term in set(tokenize(query)):
            span = self._spans.get(term)
            if span is None:
                continue
            positions, tf = self._positions[span[0] : span[1]], self._counts[span[0] : span[1]]
            df = len(positions)
            idf = math.log(1 + (self.size - df + 0.5) / (df + 0.5))
            scores[positions] += idf * tf * (self.k1 + 1) / (tf + self._norms[positions])
        return scores

    def scores(self, query: str) -> list[float]:
        """Okapi BM25 score of each document for the query."""
        return [float(s) for s in self.score_array(query)]

    @property
    def nbytes(self) -> int:
        """Memory of the postings arrays and the dictionary's keys (roughly)."""
        arrays = self._positions.nbytes + self._counts.nbytes + self._norms.nbytes
        return int(arrays + sum(len(t) + 150 for t in self._spans))


def bm25_scores(query: str, documents: Sequence[str], k1: float = 1.4, b: float = 0.75) -> list[float]:
    """Okapi BM25 score of each document for the query."""
    return KeywordStats(documents, k1, b).scores(query)
