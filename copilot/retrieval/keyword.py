"""BM25 over one account's chunks: the keyword half of hybrid ranking."""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence

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


def bm25_scores(query: str, documents: Sequence[str], k1: float = 1.4, b: float = 0.75) -> list[float]:
    """Okapi BM25 score of each document for the query."""
    if not documents:
        return []
    docs = [tokenize(d) for d in documents]
    avg_len = sum(len(d) for d in docs) / len(docs) or 1.0
    frequency: Counter[str] = Counter()
    for doc in docs:
        frequency.update(set(doc))
    terms = set(tokenize(query))
    total = len(docs)
    scores = []
    for doc in docs:
        counts = Counter(doc)
        score = 0.0
        for term in terms:
            tf = counts.get(term, 0)
            if not tf:
                continue
            idf = math.log(1 + (total - frequency[term] + 0.5) / (frequency[term] + 0.5))
            score += idf * tf * (k1 + 1) / (tf + k1 * (1 - b + b * len(doc) / avg_len))
        scores.append(score)
    return scores
