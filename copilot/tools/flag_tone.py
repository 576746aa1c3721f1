"""flag_tone: label the tone of an inbound or outbound message, with evidence spans a reviewer can check.

Two mechanisms, reported separately so a reviewer knows what to trust:
- classifier: a logistic-regression head on the sentence embeddings the index already computes
  (copilot/tone/model.py, trained on GoEmotions); each sentence is scored, a label's evidence is
  its sentences above the label's tuned threshold.
- rules: named regexes (copilot/tone/rules.py) for cues GoEmotions does not label; evidence is the match.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Literal

import numpy as np
from langchain_core.embeddings import Embeddings

from copilot.errors import InvalidInputError
from copilot.tone.model import ToneClassifier, default_classifier
from copilot.tone.report import Span, ToneLabel, ToneReport
from copilot.tone.rules import Direction, RuleHit, match_rules
from copilot.tone.sentences import split_sentences

MAX_TEXT_CHARS = 20_000
MAX_EVIDENCE = 3
DIRECTIONS: tuple[Direction, ...] = ("inbound", "outbound")

# Which classifier output becomes which flag label in each direction. Outbound text that reads as
# angry is what a customer would call impolite, so the same head serves both directions.
CLASSIFIER_LABELS: dict[Direction, dict[str, str]] = {
    "inbound": {"frustrated": "frustrated"},
    "outbound": {"frustrated": "impolite"},
}


def flag_tone(
    text: str,
    direction: Literal["inbound", "outbound"],
    embeddings: Embeddings,
    *,
    classifier: ToneClassifier | None = None,
) -> ToneReport:
    """Tone labels for `text` with scores in [0, 1] and character-offset evidence; strongest first."""
    _validate(text, direction)
    model = classifier if classifier is not None else default_classifier()
    labels = _classifier_labels(text, direction, embeddings, model) + _rule_labels(text, direction)
    labels.sort(key=lambda item: (-item.score, item.label, item.source))
    return ToneReport(direction=direction, labels=labels)


def _validate(text: object, direction: object) -> None:
    if direction not in DIRECTIONS:
        raise InvalidInputError(f"direction: must be 'inbound' or 'outbound', got {direction!r}")
    if not isinstance(text, str):
        raise InvalidInputError(f"text: must be a string, got {type(text).__name__}")
    if not text.strip():
        raise InvalidInputError("text: must not be empty")
    if len(text) > MAX_TEXT_CHARS:
        raise InvalidInputError(f"text: {len(text)} characters exceeds the limit of {MAX_TEXT_CHARS}")


def _classifier_labels(
    text: str, direction: Direction, embeddings: Embeddings, model: ToneClassifier
) -> list[ToneLabel]:
    sentences = split_sentences(text)
    if not sentences:
        return []
    vectors = np.asarray(embeddings.embed_documents([text[s:e] for s, e in sentences]), dtype=np.float64)
    probabilities = model.probabilities(vectors)
    result = []
    for j, head in enumerate(model.labels):
        label = CLASSIFIER_LABELS[direction].get(head)
        column = probabilities[:, j]
        above = [i for i in np.argsort(-column) if column[i] >= model.thresholds[j]][:MAX_EVIDENCE]
        if label is None or not above:
            continue
        evidence = [
            Span(
                start=sentences[i][0],
                end=sentences[i][1],
                text=text[sentences[i][0] : sentences[i][1]],
                reason=f"sentence reads as {head} (classifier p={column[i]:.2f})",
            )
            for i in sorted(above)
        ]
        result.append(
            ToneLabel(label=label, score=float(column[above[0]]), evidence=evidence, source="classifier")
        )
    return result


def _rule_labels(text: str, direction: Direction) -> list[ToneLabel]:
    by_label: dict[str, list[RuleHit]] = defaultdict(list)
    for hit in match_rules(text, direction):
        by_label[hit.rule.label].append(hit)
    result = []
    for label, hits in by_label.items():
        # Noisy-OR over distinct rules: repeating one phrase is not extra evidence, two different cues are.
        weights = {hit.rule.name: hit.rule.weight for hit in hits}
        score = 1.0 - float(np.prod([1.0 - w for w in weights.values()]))
        evidence = [
            Span(
                start=hit.start,
                end=hit.end,
                text=text[hit.start : hit.end],
                reason=f"{hit.rule.reason} (rule {hit.rule.name})",
            )
            for hit in hits
        ]
        result.append(ToneLabel(label=label, score=round(score, 4), evidence=evidence, source="rules"))
    return result
