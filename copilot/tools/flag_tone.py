"""flag_tone: label the tone of an inbound or outbound message, with evidence spans a reviewer can check.

Two mechanisms, reported separately so a reviewer knows what to trust:
- classifier: inbound `frustrated` is MiniLM with its layers tuned on GoEmotions
  (copilot/tone/frustration.py), decided on the whole message, with a higher cut for a single
  sentence, and its sentences as evidence (one graph call per batch of texts); outbound
  `impolite` is a regression over the MiniLM sentence vectors and politeness strategies, trained on
  the Stanford Politeness Corpus ratings (copilot/tone/politeness_model.py), scored on the whole text,
  with the least polite sentences as its evidence.
- rules: named regexes (copilot/tone/rules.py) for cues neither corpus labels; evidence is the match.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from dataclasses import dataclass
from typing import Literal

import numpy as np
import numpy.typing as npt

from copilot.errors import InvalidInputError
from copilot.index.embedder import Embedder
from copilot.index.embeddings import ArrayEmbedder
from copilot.tone.frustration import FrustrationModel, default_frustration_model, shifted
from copilot.tone.letter import letter_body
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


@dataclass(frozen=True)
class MessageFrustration:
    """One message's calibrated P(frustrated): whole (max over its windows) and per sentence."""

    sentences: Spans
    per_sentence: Matrix
    whole: float


def message_frustration(texts: list[str], model: FrustrationModel) -> list[MessageFrustration]:
    """Every text scored whole (as overlapping windows when longer than the model's input) and, when it
    has more than one sentence, sentence by sentence, all in one model call. A one-sentence text needs
    one pass: its sentence's score is the whole text's."""
    sentences = [split_sentences(text) for text in texts]
    windows = [_body_windows(text, spans, model) for text, spans in zip(texts, sentences, strict=True)]
    own = [w + (s if len(s) > 1 else []) for w, s in zip(windows, sentences, strict=True)]
    pieces = [text[a:b] for text, spans in zip(texts, own, strict=True) for a, b in spans]
    probabilities = model.probabilities(pieces) if pieces else np.zeros(0)
    bounds = np.cumsum([0, *(len(spans) for spans in own)])
    result = []
    for spans, room, (a, b) in zip(sentences, windows, itertools.pairwise(bounds), strict=True):
        whole = float(probabilities[a : a + len(room)].max()) if room else 0.0
        per_sentence = probabilities[a + len(room) : b] if len(spans) > 1 else np.full(len(spans), whole)
        result.append(MessageFrustration(spans, per_sentence, whole))
    return result


def _body_windows(text: str, sentences: Spans, model: FrustrationModel) -> Spans:
    """The windows the whole-message score reads: the letter's body, without salutation and closing
    (copilot/tone/letter.py says why); none for a text without a sentence."""
    if not sentences:
        return []
    start, end = letter_body(text, sentences)
    return [(start + a, start + b) for a, b in model.windows(text[start:end])]


def message_score(scores: MessageFrustration, margin: float) -> float:
    """What the label decides on: the whole message's score, or its most frustrated sentence's lowered by
    `margin` (a calibrated logit), whichever is higher (0 without a sentence)."""
    if not scores.sentences:
        return 0.0
    return max(scores.whole, float(shifted(scores.per_sentence, margin).max()))


def frustration_scores(texts: list[str], model: FrustrationModel | None = None) -> Matrix:
    """Per text, the score its `frustrated` label has if it fires (scripts/tune_frustration.py fits it)."""
    model = model or default_frustration_model()
    return np.array([message_score(m, model.sentence_margin) for m in message_frustration(texts, model)])


def _frustration_many(texts: list[str], model: FrustrationModel) -> list[list[ToneLabel]]:
    """The whole message decides, unless one sentence alone clears the higher sentence cut.

    GoEmotions raters labelled whole comments, and on its dev split the whole-comment score ranked
    better than the max over sentences (fragments out of context fire alone: docs/tone.md). A clearly
    frustrated line between a greeting and a sign-off, diluted in the whole message, still flags through
    its own score. Sentence scores are the evidence either way.
    """
    labels = []
    for text, scores in zip(texts, message_frustration(texts, model), strict=True):
        score = message_score(scores, model.sentence_margin)
        flagged = score >= model.threshold
        labels.append([_frustration_label(text, scores, score, model)] if flagged else [])
    return labels


def _frustration_label(
    text: str, scores: MessageFrustration, score: float, model: FrustrationModel
) -> ToneLabel:
    column = scores.per_sentence
    ranked = [int(i) for i in np.argsort(-column, kind="stable")]
    # The most frustrated sentence always; others only if they would flag the message on their own.
    alone = shifted(column, model.sentence_margin) >= model.threshold
    chosen = [ranked[0]] + [i for i in ranked[1:MAX_EVIDENCE] if alone[i]]
    evidence = [
        _span(text, scores.sentences[i], f"most frustrated sentence (classifier p={column[i]:.2f})")
        for i in sorted(chosen)
    ]
    return ToneLabel(label="frustrated", score=score, evidence=evidence, source="classifier")


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
