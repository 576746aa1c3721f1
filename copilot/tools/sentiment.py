"""Customer sentiment computed deterministically from the tone flagger, never from the chat model."""

from __future__ import annotations

from dataclasses import dataclass

from copilot.index.embedder import Embedder
from copilot.tone.pleased import MIN_PLEASED, pleased_sentences
from copilot.tone.report import ToneReport
from copilot.tools.flag_tone import MAX_TEXT_CHARS, flag_tone

NEGATIVE_LABELS = {"frustrated", "churn_risk"}
NEGATIVE_THRESHOLD = 0.5


@dataclass(frozen=True)
class Sentiment:
    """A sentiment label, the strongest negative score, and the text pieces (by index) behind it."""

    label: str
    negative_score: float
    pleased_sentences: int
    evidence: list[int]
    labels: list[str]


def _piece_of(offset: int, starts: list[int]) -> int:
    index = 0
    for i, start in enumerate(starts):
        if start <= offset:
            index = i
    return index


def assess(pieces: list[str], embeddings: Embedder) -> Sentiment:
    """Label pieces of customer text negative, positive or neutral; evidence names the pieces it rests on."""
    kept = [p.strip() for p in pieces if p.strip()]
    if not kept:
        return Sentiment("neutral", 0.0, 0, [], [])
    starts, text = [], ""
    for piece in kept:
        if len(text) + len(piece) + 1 > MAX_TEXT_CHARS:
            break
        starts.append(len(text))
        text += piece + "\n"
    report: ToneReport = flag_tone(text, "inbound", embeddings)
    negative = [item for item in report.labels if item.label in NEGATIVE_LABELS]
    score = max((item.score for item in negative), default=0.0)
    # Warm sentences, read by the trained pleased head (copilot/tone/pleased.py), not a list of words.
    counts = pleased_sentences(kept[: len(starts)], embeddings)
    positives = [i for i, n in enumerate(counts) if n]
    if score >= NEGATIVE_THRESHOLD:
        evidence = sorted({_piece_of(span.start, starts) for item in negative for span in item.evidence})
        label = "negative"
    elif sum(counts) >= MIN_PLEASED:
        evidence, label = positives, "positive"
    else:
        evidence, label = [], "neutral"
    return Sentiment(label, round(score, 3), sum(counts), evidence, sorted(report.label_names()))
