"""BM25 over one account's chunks: the keyword half of hybrid ranking."""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
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
        docs = [tokenize(d) for d in documents]
        self.size = len(docs)
        self.k1 = k1
        lengths = np.array([len(d) for d in docs], dtype=np.float64)
        avg_len = (float(lengths.mean()) if docs else 0.0) or 1.0
        # BM25's length normalisation depends only on the document, so it is paid once here.
        self._norms = k1 * (1 - b + b * lengths / avg_len)
        postings: dict[str, tuple[list[int], list[int]]] = defaultdict(lambda: ([], []))
        for position, doc in enumerate(docs):
            for term, tf in Counter(doc).items():
                positions, counts = postings[term]
                positions.append(position)
                counts.append(tf)
        # Postings (term -> documents, counts) make a query cost its terms' postings, not the corpus.
        self.postings = {
            term: (np.array(positions, dtype=np.int32), np.array(counts, dtype=np.float64))
            for term, (positions, counts) in postings.items()
        }

    def score_array(self, query: str) -> np.ndarray:
        """Okapi BM25 score of each document for the query, as an array."""
        scores = np.zeros(self.size)
        for term in set(tokenize(query)):
            found = self.postings.get(term)
            if found is None:
                continue
            positions, tf = found
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
        arrays = sum(p.nbytes + c.nbytes for p, c in self.postings.values())
        return int(arrays + self._norms.nbytes + sum(len(t) + 150 for t in self.postings))


def bm25_scores(query: str, documents: Sequence[str], k1: float = 1.4, b: float = 0.75) -> list[float]:
    """Okapi BM25 score of each document for the query."""
    return KeywordStats(documents, k1, b).scores(query)
