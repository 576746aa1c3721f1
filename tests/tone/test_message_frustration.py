"""Inbound `frustrated` is decided on the whole message, a single sentence flags it only past a higher cut,
sentences are the evidence, and a message longer than the model's input is scored as overlapping windows."""

from __future__ import annotations

import itertools
from collections.abc import Sequence

import numpy as np
import pytest

from copilot.config import load_settings
from copilot.container import frustration_model_for
from copilot.tone.frustration import WINDOW_OVERLAP, FrustrationModel, shifted, token_windows
from copilot.tools.flag_tone import flag_tone_many, frustration_scores, message_frustration


class _CueModel(FrustrationModel):
    """A fake whose P(frustrated) grows with the cue words in what it is given; records its calls."""

    threshold = 0.5
    sentence_margin = 1.0  # a sentence alone needs sigmoid(logit(0.5) + 1) = 0.73

    def __init__(self, cues: dict[str, float]) -> None:
        self.cues = cues
        self.calls: list[list[str]] = []

    def probabilities(self, texts: Sequence[str]) -> np.ndarray:
        self.calls.append(list(texts))
        return np.array(
            [np.clip(0.05 + sum(w for c, w in self.cues.items() if c in t), 0.01, 0.99) for t in texts]
        )


def _frustrated(text: str, model: FrustrationModel) -> list[object]:
    (report,) = flag_tone_many([text], "inbound", None, frustration=model)  # type: ignore[arg-type]
    return [label for label in report.labels if label.label == "frustrated"]


def test_a_message_frustrated_as_a_whole_flags_though_no_sentence_does() -> None:
    model = _CueModel({"again": 0.2, "still": 0.2, "waiting": 0.2})
    text = "The sync failed again. It is still down. We are waiting."
    (label,) = _frustrated(text, model)
    assert label.score == pytest.approx(0.65)  # the whole message's score, not a sentence's
    # The evidence is the highest-scoring sentence (all tie here: the first).
    assert [span.text for span in label.evidence] == ["The sync failed again."]


def test_a_fragment_that_fires_alone_does_not_flag_a_calm_message() -> None:
    model = _CueModel({"Seriously?": 0.6, "Thanks": -0.3, "works for us": -0.3})
    text = "Thanks for the call today. Seriously? The date works for us."
    assert message_frustration([text], model)[0].per_sentence.max() > model.threshold
    assert _frustrated(text, model) == []


def test_one_clearly_frustrated_line_among_calm_ones_flags() -> None:
    # Calm sentences of the body dilute the whole message below the threshold (a greeting and a sign-off
    # would not: the whole-message score reads the letter's body, tests/tone/test_letter.py).
    model = _CueModel({"furious": 0.85, "Thank you for the call": -0.5})
    angry = "I am furious about the third outage."
    text = f"Hi Sam,\nThank you for the call on Monday.\n{angry}\nRegards, Dana"
    assert message_frustration([text], model)[0].whole < model.threshold
    (label,) = _frustrated(text, model)
    expected = float(shifted(np.array([0.9]), model.sentence_margin)[0])
    assert label.score == pytest.approx(expected, abs=1e-4) and label.score < 0.9
    assert [span.text for span in label.evidence] == [angry]
    # Above the message threshold but below the sentence cut, the same line does not flag the message.
    model.cues["furious"] = 0.6
    assert message_frustration([text], model)[0].whole < model.threshold
    assert _frustrated(text, model) == []


def test_one_call_per_batch_and_one_pass_for_a_single_sentence_text() -> None:
    model = _CueModel({"broken": 0.7})
    texts = ["It is broken.", "Hello.\nIt is broken again. Fix it.", "  ...  "]
    scores = frustration_scores(texts, model)
    # The one-sentence text once; the three-sentence text whole and per sentence; the bare text not at all.
    assert model.calls == [["It is broken.", texts[1], "Hello.", "It is broken again.", "Fix it."]]
    assert scores[0] == pytest.approx(0.75) and scores[2] == 0.0


def test_windows_overlap_and_cover_every_word_piece() -> None:
    offsets = [(2 * i, 2 * i + 1) for i in range(300)]
    windows = token_windows(offsets, 600, 126)
    assert windows[0][0] == 0 and windows[-1][1] == 599
    for (_, end), (start, _) in itertools.pairwise(windows):
        assert end - start == 2 * WINDOW_OVERLAP - 1  # 32 word pieces in both windows
    assert all(end - start <= 2 * 126 for start, end in windows)
    assert token_windows(offsets[:126], 252, 126) == [(0, 252)]


@pytest.mark.model
def test_a_frustrated_ending_past_the_first_window_raises_the_whole_score() -> None:
    model = frustration_model_for(load_settings())
    calm = " ".join(f"Item {i} of the quarterly report is attached for your review." for i in range(20))
    angry = "This is the third time the export has broken and I am absolutely furious about it!"
    windows = model.windows(f"{calm} {angry}")
    assert (
        len(windows) > 1 and windows[0] == (0, windows[0][1]) and windows[-1][1] == len(calm) + 1 + len(angry)
    )
    assert len(model.windows(angry)) == 1
    long_calm, long_angry = message_frustration([calm, f"{calm} {angry}"], model)
    # The first 128 word pieces of both texts are the same calm ones; only a later window sees the anger.
    assert model.windows(calm)[0] == windows[0]
    # Measured 0.30 against 0.009 (2026-12-05); truncated at 128 word pieces both would score the same.
    assert long_angry.whole > 5 * long_calm.whole
