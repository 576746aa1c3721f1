"""BM25 over one account's chunks: the keyword half of hybrid ranking."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from itertools import chain, repeat

import numpy as np

# A token is a run of word characters and money/number marks, trimmed of `.,-` at its ends.
_WORD = re.compile(r"[\w$€£%.,-]+", re.UNICODE)
_TRIM = ".,-"
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
    tokens = (token.strip(_TRIM) for token in _WORD.findall(text.lower()))
    return [token for token in tokens if token and token not in STOPWORDS]


class KeywordStats:
    """Per-document term counts and corpus statistics, built once and scored against many queries."""

    def __init__(self, documents: Sequence[str], k1: float = 1.4, b: float = 0.75) -> None:
        # Runs of all documents in one flat list. Trimming, stopwords and term ids are settled once per
        # distinct run, and runs are mapped to ids with `map` over a dictionary: no Python code per token.
        found = [_WORD.findall(document.lower()) for document in documents]
        flat = list(chain.from_iterable(found))
        vocabulary: dict[str, int] = {}
        term_of_run: dict[str, int] = {}
        for run in dict.fromkeys(flat):
            word = run.strip(_TRIM)
            if word and word not in STOPWORDS:
                term_of_run[run] = vocabulary.setdefault(word, len(vocabulary))
        term_ids = np.fromiter(map(term_of_run.get, flat, repeat(-1)), dtype=np.int64, count=len(flat))
        owners = np.repeat(np.arange(len(documents), dtype=np.int64), [len(words) for words in found])
        kept = term_ids >= 0
        term_ids, owners = term_ids[kept], owners[kept]
        lengths = np.bincount(owners, minlength=len(documents))
        self.size = len(documents)
        self.k1 = k1
        avg_len = (float(lengths.mean()) if len(documents) else 0.0) or 1.0
        # BM25's length normalisation depends only on the document, so it is paid once here.
        self._norms = k1 * (1 - b + b * lengths / avg_len)
        # Postings (term -> documents, counts) as slices of two arrays sorted by term, then document: a
        # query costs its terms' postings, not the corpus. Counting (term, document) pairs with one
        # np.unique replaces a Counter per document.
        pairs, counts = np.unique(term_ids * max(self.size, 1) + owners, return_counts=True)
        terms = pairs // max(self.size, 1)
        self._positions = (pairs % max(self.size, 1)).astype(np.int32)
        self._counts = counts.astype(np.float64)
        per_term = np.bincount(terms, minlength=len(vocabulary))
        ends = np.cumsum(per_term)
        # Term -> (start, end) of its postings; the vocabulary's keys are in term id order.
        spans = zip((ends - per_term).tolist(), ends.tolist(), strict=True)
        self._spans = dict(zip(vocabulary, spans, strict=True))

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
        """Memory of the postings arrays and the vocabulary's keys (roughly)."""
        arrays = self._positions.nbytes + self._counts.nbytes + self._norms.nbytes
        return int(arrays + sum(len(t) + 150 for t in self._spans))


def bm25_scores(query: str, documents: Sequence[str], k1: float = 1.4, b: float = 0.75) -> list[float]:
    """Okapi BM25 score of each document for the query."""
    return KeywordStats(documents, k1, b).scores(query)
