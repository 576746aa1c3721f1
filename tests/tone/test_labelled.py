"""The labelled-set loader rejects malformed rows naming file and line, and scoring counts correctly."""

from __future__ import annotations

from pathlib import Path

import pytest

from copilot.errors import InvalidInputError
from copilot.tone.labelled import LabelledText, evaluate, load_labelled

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("{not json", "not valid JSON"),
        ('{"id": "x", "labels": []}', "field 'text'"),
        ('{"id": "x", "text": "hi", "labels": ["rude"]}', "field 'labels'"),
        ('{"id": "x", "text": "hi", "labels": "pushy"}', "field 'labels'"),
    ],
)
def test_bad_rows_name_file_line_and_field(tmp_path: Path, line: str, message: str) -> None:
    path = tmp_path / "set.jsonl"
    path.write_text('{"id": "ok", "text": "Fine.", "labels": []}\n' + line + "\n", encoding="utf-8")
    with pytest.raises(InvalidInputError, match=rf"set\.jsonl:2: .*{message}"):
        load_labelled(path)


def test_missing_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(InvalidInputError, match=r"nothing\.jsonl"):
        load_labelled(tmp_path / "nothing.jsonl")


def test_committed_sets_cover_every_label_and_fine_texts() -> None:
    rows = load_labelled(REPO / "evals" / "tone_data" / "outbound.jsonl")
    assert len({row.id for row in rows}) == len(rows) >= 60
    for label in ("pushy", "impolite", "robotic", "over_promising"):
        assert sum(label in row.labels for row in rows) >= 10
    assert sum(not row.labels for row in rows) >= 10


def test_evaluate_counts_true_and_false_positives() -> None:
    rows = [
        LabelledText("a", "rude one", frozenset({"impolite"})),
        LabelledText("b", "fine one", frozenset()),
        LabelledText("c", "missed rude", frozenset({"impolite"})),
    ]
    scores = evaluate(rows, lambda text: {"impolite"} if "one" in text else set(), ["impolite"])
    assert scores["impolite"].precision == pytest.approx(0.5)
    assert scores["impolite"].recall == pytest.approx(0.5)
    assert scores["impolite"].support == 2
