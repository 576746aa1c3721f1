"""flag_tone end to end with the real packaged embeddings: labels, evidence offsets, flags, bad input."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest

from copilot.config import load_settings
from copilot.errors import ConfigError, InvalidInputError
from copilot.index.embeddings import LocalEmbeddings
from copilot.index.fakes import HashingEmbeddings
from copilot.tone.frustration import default_frustration_model
from copilot.tone.labelled import evaluate, load_labelled
from copilot.tone.politeness_model import PolitenessModel, default_politeness_model
from copilot.tone.report import ToneReport
from copilot.tools.flag_tone import MAX_TEXT_CHARS, flag_tone, flag_tone_many, politeness_scores

TONE_DATA = Path(__file__).resolve().parents[2] / "evals" / "tone_data"


@pytest.fixture(scope="module")
def embedder() -> LocalEmbeddings:
    return LocalEmbeddings(load_settings().resolved_embedding_path())


def _assert_spans_point_into(report: ToneReport, text: str) -> None:
    for item in report.labels:
        assert 0.0 <= item.score <= 1.0
        for span in item.evidence:
            assert 0 <= span.start < span.end <= len(text)
            assert text[span.start : span.end] == span.text


@pytest.mark.model
def test_angry_sentence_is_the_frustration_evidence(embedder: LocalEmbeddings) -> None:
    calm = "Hi Sam, thanks for sending the quarterly report."
    angry = "But this is the third time the export has broken and I am absolutely furious about it!"
    text = f"{calm} {angry}\nRegards, Dana"
    report = flag_tone(text, "inbound", embedder)
    frustrated = [item for item in report.labels if item.label == "frustrated"]
    assert len(frustrated) == 1 and frustrated[0].source == "classifier"
    assert frustrated[0].score >= default_frustration_model().threshold
    assert [span.text for span in frustrated[0].evidence] == [angry]
    _assert_spans_point_into(report, text)


@pytest.mark.model
def test_cancel_threat_is_churn_risk_with_the_phrase_as_evidence(embedder: LocalEmbeddings) -> None:
    text = "We will cancel unless the data sync is fixed this week."
    report = flag_tone(text, "inbound", embedder)
    churn = next(item for item in report.labels if item.label == "churn_risk")
    assert churn.source == "rules"
    assert [span.text for span in churn.evidence] == ["cancel"]
    _assert_spans_point_into(report, text)


@pytest.mark.model
@pytest.mark.parametrize(
    "text",
    [
        "Thanks a lot for your help yesterday, everything works now.",
        "Hi Maria,\n\nThank you for the update. See you at Thursday's review.\n\nBest,\nTom",
    ],
)
def test_neutral_thanks_raise_no_flags(embedder: LocalEmbeddings, text: str) -> None:
    report = flag_tone(text, "inbound", embedder)
    assert report.labels == []
    assert report.as_flags() == []


@pytest.mark.model
def test_outbound_report_and_flags(embedder: LocalEmbeddings) -> None:
    text = (
        "Dear Sir or Madam,\nPlease be advised that we guarantee zero downtime. "
        "Sign today or lose the discount."
    )
    report = flag_tone(text, "outbound", embedder)
    assert {"robotic", "over_promising"} <= report.label_names()
    assert not report.label_names() & {"frustrated", "churn_risk", "urgent"}
    _assert_spans_point_into(report, text)
    flags = report.as_flags()
    assert len(flags) == sum(len(item.evidence) for item in report.labels)
    for flag in flags:
        span = flag["span"]
        assert isinstance(span, list)
        start, end = span
        assert flag["type"] == "tone" and 0 <= start < end <= len(text)
        assert any(str(flag["detail"]).startswith(f"{item.label} (") for item in report.labels)


@pytest.mark.model
def test_angry_outbound_sentence_is_impolite_by_the_classifier(embedder: LocalEmbeddings) -> None:
    text = "Your procurement process is a joke and it has wasted weeks of my time."
    report = flag_tone(text, "outbound", embedder)
    assert [(item.label, item.source) for item in report.labels] == [("impolite", "classifier")]
    assert report.labels[0].evidence[0].text == text


@pytest.mark.model
def test_polite_outbound_request_is_not_impolite(embedder: LocalEmbeddings) -> None:
    text = (
        "Thank you so much for your help with the report! "
        "Could you possibly send the figures when you have a moment?"
    )
    assert flag_tone(text, "outbound", embedder).labels == []


@pytest.mark.model
def test_inbound_labelled_set(embedder: LocalEmbeddings) -> None:
    # Measured 2026-12-05 04:23 on the 30-row B2B set (classifier + rules; whole message decides):
    # frustrated P=1.00 R=0.70, churn_risk P=1.00 R=0.83, urgent P=1.00 R=1.00 (docs/tone.md).
    # Bars leave room for retraining.
    rows = load_labelled(TONE_DATA / "inbound.jsonl")
    labels = ["frustrated", "churn_risk", "urgent"]
    scores = evaluate(rows, lambda t: flag_tone(t, "inbound", embedder).label_names(), labels)
    assert scores["frustrated"].precision >= 0.7 and scores["frustrated"].recall >= 0.6, scores
    for label in ("churn_risk", "urgent"):
        assert scores[label].precision >= 0.8 and scores[label].recall >= 0.6, scores


@pytest.mark.parametrize(
    ("text", "direction", "field"),
    [
        ("", "inbound", "text"),
        ("   \n ", "outbound", "text"),
        ("x" * (MAX_TEXT_CHARS + 1), "inbound", "text"),
        (None, "inbound", "text"),
        ("Hello there.", "sideways", "direction"),
    ],
)
def test_bad_input_names_the_field(text: object, direction: str, field: str) -> None:
    embeddings = HashingEmbeddings()
    with pytest.raises(InvalidInputError, match=rf"^{field}:"):
        flag_tone(text, direction, embeddings)  # type: ignore[arg-type]
    assert embeddings.calls == 0


def test_an_embedder_of_the_wrong_width_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="384-d"):
        flag_tone("Hello there.", "outbound", HashingEmbeddings(dimension=128))


class _ArrayHashingEmbeddings(HashingEmbeddings):
    """The hashing fake with the packaged backends' array interface, counting its calls."""

    def __init__(self) -> None:
        super().__init__()
        self.array_calls: list[int] = []

    def embed_array(self, texts: Sequence[str]) -> np.ndarray:
        self.array_calls.append(len(texts))
        return np.asarray(HashingEmbeddings().embed_documents(list(texts)))


def test_a_batch_is_one_array_embedding_call_of_all_sentences() -> None:
    embeddings = _ArrayHashingEmbeddings()
    texts = ["Hello there. How are you?", "Fine, thanks.", "One. Two. Three."]
    reports = flag_tone_many(texts, "outbound", embeddings)
    assert embeddings.array_calls == [6] and embeddings.calls == 0
    # The array path and the list path give the same reports.
    assert reports == flag_tone_many(texts, "outbound", HashingEmbeddings())


class _BatchSensitiveEmbeddings(HashingEmbeddings):
    """Like the int8 ONNX model, a text's vector depends a little on what it is embedded with."""

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return [[v + 0.01 * len(texts) for v in row] for row in super().embed_documents(texts)]


def test_politeness_scores_see_the_vectors_flag_tone_many_decides_on() -> None:
    texts = ["Why did you revert it again?", "???", "Thanks! Could you have a look?"]
    model = default_politeness_model()
    # Threshold 0 flags every text with a sentence, so each report carries its whole-text score.
    flag_all = PolitenessModel(
        model.mean,
        model.scale,
        model.weights,
        model.bias,
        model.slope,
        model.intercept,
        0.0,
        model.impolite_below,
    )
    embeddings = _BatchSensitiveEmbeddings()
    reports = flag_tone_many(texts, "outbound", embeddings, politeness=flag_all)
    expected = flag_all.impolite_probability(politeness_scores(texts, embeddings, flag_all))
    for i in (0, 2):
        (label,) = [x for x in reports[i].labels if x.source == "classifier"]
        assert label.score == pytest.approx(expected[i], abs=1e-4)
    # The text without a sentence is never flagged, but still gets a politeness score.
    assert reports[1].labels == [] and np.isfinite(expected[1])
