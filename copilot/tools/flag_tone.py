"""flag_tone: label the tone of an inbound or outbound message, with evidence spans a reviewer can check.

Two mechanisms, reported separately so a reviewer knows what to trust:
- classifier: inbound `frustrated` is MiniLM with its top layers tuned on GoEmotions
  (copilot/tone/frustration.py), scored per sentence (one graph call per batch of texts); outbound
  `impolite` is a regression over the MiniLM sentence vectors and politeness strategies, trained on
  the Stanford Politeness Corpus ratings (copilot/tone/politeness_model.py), scored on the whole text,
  with the least polite sentences as its evidence.
- rules: named regexes (copilot/tone/rules.py) for cues neither corpus labels; evidence is the match.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from typing import Literal

import numpy as np
import numpy.typing as npt

from copilot.errors import InvalidInputError
from copilot.index.embedder import Embedder
from copilot.index.embeddings import ArrayEmbedder
from copilot.tone.frustration import FrustrationModel, default_frustration_model
from copilot.tone.politeness_model import PolitenessModel, default_politeness_model, pool_sentences
from copilot.tone.report import Span, ToneLabel, ToneReport
from copilot.tone.rules import Direction, RuleHit, match_rules
from copilot.tone.sentences import split_sentences

MAX_TEXT_CHARS = 20_000
MAX_EVIDENCE = 3
MAX_BATCH = 256
DIRECTIONS: tuple[Direction, ...] = ("inbound", "outbound")

Matrix = npt.NDArray[np.float64]
Spans = list[tuple[int, int]]


def flag_tone(
    text: str,
    direction: Literal["inbound", "outbound"],
    embeddings: Embedder,
    *,
    frustration: FrustrationModel | None = None,
    politeness: PolitenessModel | None = None,
) -> ToneReport:
    """Tone labels for `text` with scores in [0, 1] and character-offset evidence; strongest first."""
    return flag_tone_many([text], direction, embeddings, frustration=frustration, politeness=politeness)[0]


def flag_tone_many(
    texts: list[str],
    direction: Literal["inbound", "outbound"],
    embeddings: Embedder,
    *,
    frustration: FrustrationModel | None = None,
    politeness: PolitenessModel | None = None,
) -> list[ToneReport]:
    """flag_tone for several texts with one model call (the sentences of all texts in one batch).

    Inbound texts go through the frustration model only (`embeddings` is not used for them);
    outbound texts through `embeddings` and the politeness model.
    """
    if not isinstance(texts, list) or not 1 <= len(texts) <= MAX_BATCH:
        raise InvalidInputError(f"texts: must be a list of 1 to {MAX_BATCH} texts")
    for text in texts:
        _validate(text, direction)
    if direction == "inbound":
        found = _frustration_many(texts, frustration or default_frustration_model())
    else:
        sentences, vectors = _sentence_vectors(texts, embeddings)
        found = _impolite_many(texts, sentences, vectors, politeness or default_politeness_model())
    reports = []
    for text, labels in zip(texts, found, strict=True):
        labels = labels + _rule_labels(text, direction)
        labels.sort(key=lambda item: (-item.score, item.label, item.source))
        reports.append(ToneReport(direction=direction, labels=labels))
    return reports


def politeness_scores(texts: list[str], embeddings: Embedder, model: PolitenessModel | None = None) -> Matrix:
    """Predicted politeness of whole texts (raters' scale, higher = more polite), as flag_tone_many
    scores them when given the same list (see politeness_inputs)."""
    model = model or default_politeness_model()
    vectors = politeness_inputs(texts, embeddings)
    return model.politeness(pool_sentences(np.vstack(vectors), [len(rows) for rows in vectors]), texts)


def politeness_inputs(texts: list[str], embeddings: Embedder) -> list[Matrix]:
    """Per text, the sentence vectors the politeness model pools, exactly as flag_tone_many embeds this
    list: the int8 vectors shift slightly with their batch neighbours, so they come from the same single
    call (scripts/train_politeness.py fits and tunes on these). A text without a sentence (only
    punctuation; flag_tone_many never flags it) is embedded whole, in a call of its own."""
    sentences, vectors = _sentence_vectors(texts, embeddings)
    bare = [i for i, spans in enumerate(sentences) if not spans]
    if bare:
        whole = [[(0, len(texts[i]))] for i in bare]
        for i, rows in zip(bare, _embed_spans(embeddings, [texts[i] for i in bare], whole), strict=True):
            vectors[i] = rows
    return vectors


def _sentence_vectors(texts: list[str], embeddings: Embedder) -> tuple[list[Spans], list[Matrix]]:
    """Each text's sentence offsets and their vectors, from one embedding call for all the texts."""
    sentences = [split_sentences(text) for text in texts]
    return sentences, _embed_spans(embeddings, texts, sentences)


def _embed_spans(embeddings: Embedder, texts: list[str], spans: list[Spans]) -> list[Matrix]:
    """The vectors of every text's spans, from one embedding call, as one (spans, dim) matrix per text."""
    pieces = [text[a:b] for text, own in zip(texts, spans, strict=True) for a, b in own]
    if not pieces:
        return [np.zeros((0, 0)) for _ in texts]
    # The packaged embedders hand back an array; embed_documents copies it through Python floats.
    raw = (
        embeddings.embed_array(pieces)
        if isinstance(embeddings, ArrayEmbedder)
        else embeddings.embed_documents(pieces)
    )
    vectors = np.asarray(raw, dtype=np.float64)
    bounds = np.cumsum([0, *(len(own) for own in spans)])
    return [vectors[a:b] for a, b in itertools.pairwise(bounds)]


def _validate(text: object, direction: object) -> None:
    if direction not in DIRECTIONS:
        raise InvalidInputError(f"direction: must be 'inbound' or 'outbound', got {direction!r}")
    if not isinstance(text, str):
        raise InvalidInputError(f"text: must be a string, got {type(text).__name__}")
    if not text.strip():
        raise InvalidInputError("text: must not be empty")
    if len(text) > MAX_TEXT_CHARS:
        raise InvalidInputError(f"text: {len(text)} characters exceeds the limit of {MAX_TEXT_CHARS}")


def _span(text: str, sentence: tuple[int, int], reason: str) -> Span:
    start, end = sentence
    return Span(start=start, end=end, text=text[start:end], reason=reason)


def sentence_frustration(texts: list[str], model: FrustrationModel) -> tuple[list[Spans], list[Matrix]]:
    """Each text's sentence offsets and P(frustrated) per sentence, from one model call for all texts."""
    sentences = [split_sentences(text) for text in texts]
    pieces = [text[a:b] for text, own in zip(texts, sentences, strict=True) for a, b in own]
    probabilities = model.probabilities(pieces) if pieces else np.zeros(0)
    bounds = np.cumsum([0, *(len(own) for own in sentences)])
    return sentences, [probabilities[a:b] for a, b in itertools.pairwise(bounds)]


def frustration_scores(texts: list[str], model: FrustrationModel | None = None) -> Matrix:
    """Per text, its most frustrated sentence's probability (0 without a sentence): the score the
    `frustrated` label has when it fires, for every text (scripts/tune_frustration.py tunes on it)."""
    _, columns = sentence_frustration(texts, model or default_frustration_model())
    return np.array([float(column.max()) if len(column) else 0.0 for column in columns])


def _frustration_many(texts: list[str], model: FrustrationModel) -> list[list[ToneLabel]]:
    """Per sentence: the label fires when any sentence reaches the threshold; those sentences are evidence.

    Sentences, not whole messages, are scored: a frustrated line between a greeting and a sign-off
    is diluted in one whole-message vector (tried for issue 17: the angry line of
    tests/tone/test_flag_tone.py's three-line message then went unflagged).
    """
    sentences, columns = sentence_frustration(texts, model)
    return [
        _frustration_labels(text, spans, column, model.threshold) if spans else []
        for text, spans, column in zip(texts, sentences, columns, strict=True)
    ]


def _frustration_labels(text: str, sentences: Spans, column: Matrix, threshold: float) -> list[ToneLabel]:
    above = [int(i) for i in np.argsort(-column, kind="stable") if column[i] >= threshold][:MAX_EVIDENCE]
    if not above:
        return []
    evidence = [
        _span(text, sentences[i], f"sentence reads as frustrated (classifier p={column[i]:.2f})")
        for i in sorted(above)
    ]
    return [
        ToneLabel(label="frustrated", score=float(column[above[0]]), evidence=evidence, source="classifier")
    ]


def _impolite_many(
    texts: list[str], sentences: list[Spans], vectors: list[Matrix], model: PolitenessModel
) -> list[list[ToneLabel]]:
    """The whole text decides (raters judged whole requests); evidence is its least polite sentences.

    Sentences are embedded one by one and pooled: on the politeness dev split the pooled sentence
    vectors ranked requests better than one whole-text vector (docs/tone.md), and every sentence's
    own score is then free for the evidence.
    """
    result: list[list[ToneLabel]] = []
    for text, spans, rows in zip(texts, sentences, vectors, strict=True):
        if not spans:
            result.append([])
            continue
        whole = float(
            model.impolite_probability(model.politeness(pool_sentences(rows, [len(spans)]), [text]))[0]
        )
        if whole < model.threshold:
            result.append([])
            continue
        per_sentence = model.impolite_probability(model.politeness(rows, [text[a:b] for a, b in spans]))
        result.append([_impolite_label(text, spans, whole, per_sentence, model.threshold)])
    return result


def _impolite_label(
    text: str, sentences: Spans, whole: float, per_sentence: Matrix, threshold: float
) -> ToneLabel:
    ranked = [int(i) for i in np.argsort(-per_sentence)]
    # The most impolite sentence always; others only if they would be flagged on their own.
    chosen = [ranked[0]] + [i for i in ranked[1:MAX_EVIDENCE] if per_sentence[i] >= threshold]
    evidence = [
        _span(text, sentences[i], f"least polite sentence (politeness model p={per_sentence[i]:.2f})")
        for i in sorted(chosen)
    ]
    return ToneLabel(label="impolite", score=round(whole, 4), evidence=evidence, source="classifier")


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
