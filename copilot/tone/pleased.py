"""Whether a customer's sentence is pleased (praise, thanks for something done, relief, enthusiasm), read
by a trained head on the sentence vectors instead of a list of warm words.

A word list found "thanks" and "great" but not "The team loves it", "She was thrilled" or "Your support
team has been fantastic", so a call of nothing but praise read neutral. The head is a logistic regression
on the product's MiniLM vectors, trained on GoEmotions' train split (a sentence is pleased when any of
its emotions is one of PLEASED_EMOTIONS) and on 1,007 hand-labelled customer sentences of account
records; its threshold was chosen out of fold on those, and it is reported on customer sentences of
other accounts (scripts/train_pleased.py, evals/pleased/REPORT.md): precision 0.533 and recall 0.485
there, against 0.574 and 0.307 for the word list it replaced.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

import numpy as np

from copilot.index.embedder import Embedder
from copilot.tone.model import ToneClassifier
from copilot.tools.turn_text import sentences

MODEL_PATH = Path(__file__).resolve().parent / "pleased_model.npz"
# A customer reads pleased on a call or in a month when at least this many of their sentences do: one
# "Great." is manners, two warm sentences are a mood.
MIN_PLEASED = 2
# The GoEmotions emotions that make a sentence pleased; curiosity, surprise and desire are not.
PLEASED_EMOTIONS = (
    "admiration",
    "amusement",
    "approval",
    "excitement",
    "gratitude",
    "joy",
    "love",
    "optimism",
    "pride",
    "relief",
)


@lru_cache(maxsize=1)
def pleased_model() -> ToneClassifier:
    """The committed head, loaded once per process."""
    return ToneClassifier.load(MODEL_PATH)


def pleased_scores(texts: Sequence[str], embeddings: Embedder) -> list[float]:
    """P(pleased) of each text (0.0 for a blank one)."""
    kept = [i for i, t in enumerate(texts) if t.strip()]
    scores = [0.0] * len(texts)
    if not kept:
        return scores
    vectors = embeddings.embed_documents([texts[i] for i in kept])
    probs = pleased_model().probabilities(np.asarray(vectors, dtype=np.float64))[:, 0]
    for i, p in zip(kept, probs, strict=True):
        scores[i] = float(p)
    return scores


def pleased(texts: Sequence[str], embeddings: Embedder) -> list[bool]:
    """Which texts read pleased, at the committed threshold."""
    threshold = float(pleased_model().thresholds[0])
    return [score >= threshold for score in pleased_scores(texts, embeddings)]


def pleased_sentences(pieces: Sequence[str], embeddings: Embedder) -> list[int]:
    """How many sentences of each piece of customer text (a turn, a message) read pleased."""
    split = [sentences(piece) for piece in pieces]
    read = iter(pleased([s for found in split for s in found], embeddings))
    return [sum(next(read) for _ in found) for found in split]
