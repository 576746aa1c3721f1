"""BM25 over one account's chunks: the keyword half of hybrid ranking."""

from __future__ import annotations

import math
import re
import threading
from collections import Counter, OrderedDict, defaultdict
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


class KeywordStats:
    """Per-document term counts and corpus statistics, built once and scored against many queries."""

    def __init__(self, documents: Sequence[str]) -> None:
        docs = [tokenize(d) for d in documents]
        self.size = len(docs)
        self.lengths = [len(d) for d in docs]
        self.avg_len = (sum(self.lengths) / len(docs) if docs else 0.0) or 1.0
        # Postings (term -> [(doc, tf)]) make a query cost its terms' postings, not the whole corpus.
        self.postings: dict[str, list[tuple[int, int]]] = defaultdict(list)
        for position, doc in enumerate(docs):
            for term, tf in Counter(doc).items():
                self.postings[term].append((position, tf))

    def scores(self, query: str, k1: float = 1.4, b: float = 0.75) -> list[float]:
        """Okapi BM25 score of each document for the query."""
        scores = [0.0] * self.size
        for term in set(tokenize(query)):
            postings = self.postings.get(term)
            if not postings:
                continue
            df = len(postings)
            idf = math.log(1 + (self.size - df + 0.5) / (df + 0.5))
            for position, tf in postings:
                norm = k1 * (1 - b + b * self.lengths[position] / self.avg_len)
                scores[position] += idf * tf * (k1 + 1) / (tf + norm)
        return scores


def bm25_scores(query: str, documents: Sequence[str], k1: float = 1.4, b: float = 0.75) -> list[float]:
    """Okapi BM25 score of each document for the query."""
    return KeywordStats(documents).scores(query, k1, b)


class KeywordStatsCache:
    """Recently used accounts' KeywordStats, reused while the account's chunks are unchanged."""

    def __init__(self, max_accounts: int = 256) -> None:
        self._max = max_accounts
        self._entries: OrderedDict[int, tuple[tuple[tuple[str, str], ...], KeywordStats]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, account_id: int, chunks: Sequence[tuple[str, str]]) -> KeywordStats:
        """Stats for these (chunk id, text) pairs; rebuilt when any id or text differs from the cached."""
        key = tuple(chunks)
        with self._lock:
            entry = self._entries.get(account_id)
            if entry is not None and entry[0] == key:
                self._entries.move_to_end(account_id)
                return entry[1]
        stats = KeywordStats([text for _, text in chunks])
        with self._lock:
            self._entries[account_id] = (key, stats)
            self._entries.move_to_end(account_id)
            while len(self._entries) > self._max:
                self._entries.popitem(last=False)
        return stats
