"""GoEmotions rows map to our inbound labels; malformed data fails with a named file and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from copilot.errors import InvalidInputError
from copilot.tone.goemotions import INBOUND_MAPPING, read_emotions, read_split

LABELS = ["anger", "joy", "annoyance", "neutral", "disappointment", "disgust", "disapproval"]


@pytest.fixture
def tiny(tmp_path: Path) -> Path:
    (tmp_path / "labels.txt").write_text("\n".join(LABELS) + "\n", encoding="utf-8")
    rows = ["so mad\t0\ta", "yay\t1\tb", "meh\t3\tc", "ugh, fine\t2,1\td", "let down\t4\te"]
    (tmp_path / "train.tsv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    return tmp_path


def test_frustration_group_maps_to_one_label(tiny: Path) -> None:
    split = read_split(tiny, "train")
    assert split.texts == ["so mad", "yay", "meh", "ugh, fine", "let down"]
    assert split.targets[:, 0].tolist() == [1.0, 0.0, 0.0, 1.0, 1.0]
    assert list(INBOUND_MAPPING) == ["frustrated"]


def test_limit_reads_only_the_first_rows(tiny: Path) -> None:
    assert read_split(tiny, "train", limit=2).texts == ["so mad", "yay"]


def test_bad_label_id_names_file_and_line(tiny: Path) -> None:
    (tiny / "dev.tsv").write_text("ok\t1\ta\nbroken\t99\tb\n", encoding="utf-8")
    with pytest.raises(InvalidInputError, match=r"dev\.tsv:2: bad label id '99'"):
        read_split(tiny, "dev")


def test_unknown_split_and_missing_files_are_named(tiny: Path, tmp_path: Path) -> None:
    with pytest.raises(InvalidInputError, match="split"):
        read_split(tiny, "validation")
    with pytest.raises(InvalidInputError, match=r"test\.tsv"):
        read_split(tiny, "test")
    with pytest.raises(InvalidInputError, match=r"labels\.txt"):
        read_split(tmp_path / "nowhere", "train")


def test_real_dev_split_has_a_plausible_frustration_rate(shared_data: Path) -> None:
    split = read_split(shared_data / "goemotions", "dev")
    assert len(split.texts) == 5426
    assert 0.1 < float(split.targets[:, 0].mean()) < 0.35


def test_every_emotion_is_read_as_its_own_column(tiny: Path) -> None:
    matrix = read_emotions(tiny, "train")
    assert matrix.shape == (5, len(LABELS))
    assert [sorted(LABELS[j] for j in row.nonzero()[0]) for row in matrix] == [
        ["anger"],
        ["joy"],
        ["neutral"],
        ["annoyance", "joy"],
        ["disappointment"],
    ]
    assert read_emotions(tiny, "train", limit=2).shape == (2, len(LABELS))
    (tiny / "dev.tsv").write_text("ok\t1\ta\nbroken\t-1\tb\n", encoding="utf-8")
    with pytest.raises(InvalidInputError, match=r"dev\.tsv:2: bad label id '-1'"):
        read_emotions(tiny, "dev")
