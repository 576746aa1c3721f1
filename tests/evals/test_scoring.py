"""ROUGE, P/R and the language detector, checked against hand-computed values."""

from __future__ import annotations

import pytest

from evals.language import detect_language
from evals.scoring import lcs_length, own_rouge_max, prf, rouge_l, rouge_n


def test_rouge_n_counts_clipped_overlap() -> None:
    # candidate unigrams: the x2, cat, sat; reference: the, cat, ran -> overlap 2 (the clipped to 1, cat)
    assert rouge_n("the the cat sat", "the cat ran", 1) == pytest.approx(
        2 * (2 / 4) * (2 / 3) / (2 / 4 + 2 / 3)
    )
    assert rouge_n("the cat sat", "the cat sat", 2) == 1.0
    assert rouge_n("a b", "c d", 2) == 0.0


def test_rouge_l_uses_the_longest_common_subsequence() -> None:
    assert lcs_length(["a", "b", "c", "d"], ["a", "c", "d", "b"]) == 3
    assert rouge_l("police killed the gunman", "police kill the gunman") == pytest.approx(0.75)


def test_max_over_references_takes_the_best_reference() -> None:
    scores = own_rouge_max("the invoice is late", ["nothing alike here", "the invoice is late"])
    assert scores == {"rouge1": 1.0, "rouge2": 1.0, "rougeL": 1.0}


def test_prf_handles_empty_counts() -> None:
    assert prf(0, 0, 0) == (0.0, 0.0, 0.0)
    assert prf(1, 1, 2) == pytest.approx((0.5, 1 / 3, 0.4))


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("We will send you the order form and the invoice this week.", "en"),
        ("Wir schicken Ihnen die Unterlagen und das Angebot für die Verlängerung.", "de"),
        ("Nous vous envoyons le contrat et les documents pour votre renouvellement.", "fr"),
        ("Le enviamos el contrato y los documentos para la renovación con su equipo.", "es"),
        ("12345 67890", None),
    ],
)
def test_language_detector(text: str, language: str | None) -> None:
    assert detect_language(text) == language
