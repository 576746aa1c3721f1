"""Scores the suites share: precision/recall/F1, ROUGE-N and ROUGE-L, content words."""

from __future__ import annotations

import re
from collections import Counter

_TOKEN = re.compile(r"[a-z0-9äöüßéèêàâçñáíóúù]+")
_STOP = frozenset(
    [
        "a",
        "an",
        "the",
        "and",
        "or",
        "but",
        "of",
        "to",
        "in",
        "on",
        "at",
        "for",
        "with",
        "by",
        "from",
        "as",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "it",
        "its",
        "this",
        "that",
        "these",
        "those",
        "we",
        "you",
        "they",
        "i",
        "he",
        "she",
        "our",
        "your",
        "their",
        "my",
        "me",
        "us",
        "them",
        "will",
        "would",
        "can",
        "could",
        "should",
        "shall",
        "may",
        "might",
        "do",
        "does",
        "did",
        "have",
        "has",
        "had",
        "not",
        "no",
        "so",
        "if",
        "then",
        "than",
        "there",
        "here",
        "what",
        "which",
        "who",
        "when",
        "where",
        "how",
        "all",
        "any",
        "some",
        "about",
        "into",
        "over",
        "after",
        "before",
        "up",
        "out",
        "just",
        "also",
        "very",
        "let",
        "know",
    ]
)


def tokens(text: str) -> list[str]:
    """Lower-cased alphanumeric tokens (the ROUGE tokenisation, no stemming)."""
    return _TOKEN.findall(text.lower())


def content_words(text: str) -> set[str]:
    """Tokens of 3+ letters that are not English stopwords."""
    return {t for t in tokens(text) if len(t) >= 3 and t not in _STOP}


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    """Precision, recall and F1 from counts (0.0 where undefined)."""
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def _ngrams(words: list[str], n: int) -> Counter[tuple[str, ...]]:
    return Counter(tuple(words[i : i + n]) for i in range(len(words) - n + 1))


def rouge_n(candidate: str, reference: str, n: int) -> float:
    """ROUGE-N F1: clipped n-gram overlap between candidate and reference."""
    cand, ref = _ngrams(tokens(candidate), n), _ngrams(tokens(reference), n)
    overlap = sum((cand & ref).values())
    return prf(overlap, sum(cand.values()) - overlap, sum(ref.values()) - overlap)[2]


def lcs_length(a: list[str], b: list[str]) -> int:
    """Length of the longest common subsequence (two-row dynamic programme)."""
    if not a or not b:
        return 0
    previous = [0] * (len(b) + 1)
    for x in a:
        current = [0]
        for j, y in enumerate(b, start=1):
            current.append(previous[j - 1] + 1 if x == y else max(previous[j], current[j - 1]))
        previous = current
    return previous[-1]


def rouge_l(candidate: str, reference: str) -> float:
    """ROUGE-L F1 from the LCS of the token sequences."""
    cand, ref = tokens(candidate), tokens(reference)
    lcs = lcs_length(cand, ref)
    return prf(lcs, len(cand) - lcs, len(ref) - lcs)[2]


def own_rouge_max(candidate: str, references: list[str]) -> dict[str, float]:
    """ROUGE-1/2/L F1 by our own implementation, each the maximum over the references."""
    return {
        "rouge1": max(rouge_n(candidate, r, 1) for r in references),
        "rouge2": max(rouge_n(candidate, r, 2) for r in references),
        "rougeL": max(rouge_l(candidate, r) for r in references),
    }


def rouge_implementation() -> str:
    """'rouge-score' (Google's package, Porter stemming) when installed, else 'own' (no stemming)."""
    try:
        import rouge_score  # noqa: F401
    except ImportError:
        return "own"
    return "rouge-score"


def rouge_max(candidate: str, references: list[str]) -> dict[str, float]:
    """ROUGE-1/2/L F1, each the maximum over the references (rouge-score when installed)."""
    if rouge_implementation() == "own":
        return own_rouge_max(candidate, references)
    from rouge_score import rouge_scorer

    scorer = rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeL"], use_stemmer=True)
    scores = [scorer.score(r, candidate) for r in references]
    return {k: max(s[k].fmeasure for s in scores) for k in ("rouge1", "rouge2", "rougeL")}
