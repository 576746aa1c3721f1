"""The politeness corpus reader, its fixed split rule, and the ranking metrics the tone suite reports."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import numpy as np
import pytest

from copilot.errors import InvalidInputError
from copilot.tone.politeness import (
    CORPUS_FILE,
    pairwise_ranking_accuracy,
    quartile_flag_accuracy,
    quartile_ranking_accuracy,
    read_politeness,
    split_of,
)

HEADER = (
    "Community,Id,Request,Score1,Score2,Score3,Score4,Score5,"
    "TurkId1,TurkId2,TurkId3,TurkId4,TurkId5,Normalized Score\n"
)


def _corpus(folder: Path, rows: list[tuple[str, str, str]]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    lines = [f'Wikipedia,{i},"{text}",1,2,3,4,5,a,b,c,d,e,{score}\n' for i, text, score in rows]
    (folder / CORPUS_FILE).write_text(HEADER + "".join(lines), encoding="utf-8")
    return folder


def test_split_rule_is_stable_and_roughly_70_15_15() -> None:
    assert split_of("629705") == split_of("629705")
    shares = Counter(split_of(str(i)) for i in range(20_000))
    assert abs(shares["train"] / 20_000 - 0.70) < 0.02
    assert abs(shares["dev"] / 20_000 - 0.15) < 0.02
    assert abs(shares["test"] / 20_000 - 0.15) < 0.02


def test_reader_keeps_only_the_asked_split_with_scores(tmp_path: Path) -> None:
    ids = [str(i) for i in range(60)]
    folder = _corpus(tmp_path, [(i, f"Could you look at item {i}?", f"0.{i}") for i in ids])
    parts = {s: read_politeness(folder, s) for s in ("train", "dev", "test")}
    assert sorted(i for p in parts.values() for i in p.ids) == sorted(ids)
    for name, part in parts.items():
        assert all(split_of(i) == name for i in part.ids)
        assert part.scores.tolist() == [float(f"0.{i}") for i in part.ids]


def test_bad_score_names_file_and_row(tmp_path: Path) -> None:
    folder = _corpus(tmp_path, [(str(i), "Why?", "n/a") for i in range(40)])
    with pytest.raises(InvalidInputError, match=rf"{CORPUS_FILE}:\d+: Normalized Score 'n/a'"):
        for split in ("train", "dev", "test"):
            read_politeness(folder, split)


def test_missing_corpus_and_unknown_split_are_clear_errors(tmp_path: Path) -> None:
    with pytest.raises(InvalidInputError, match="politeness corpus not found"):
        read_politeness(tmp_path, "test")
    with pytest.raises(InvalidInputError, match="split: must be one of"):
        read_politeness(tmp_path, "holdout")


def test_quartile_flag_accuracy_counts_bottom_flagged_and_top_unflagged() -> None:
    human = np.arange(8, dtype=np.float64)  # bottom quarter: 0, 1; top quarter: 6, 7
    flagged = np.array([True, False, True, True, False, False, False, True])
    # bottom: one of two flagged; top: one of two left alone -> 2 of 4 right.
    assert quartile_flag_accuracy(flagged, human) == pytest.approx(0.5)
    assert quartile_flag_accuracy(human < 2, human) == pytest.approx(1.0)


def test_quartile_ranking_accuracy_is_bottom_vs_top_auc() -> None:
    human = np.arange(8, dtype=np.float64)
    assert quartile_ranking_accuracy(-human, human) == pytest.approx(1.0)
    assert quartile_ranking_accuracy(human, human) == pytest.approx(0.0)
    assert quartile_ranking_accuracy(np.zeros(8), human) == pytest.approx(0.5)


def test_pairwise_ranking_accuracy_counts_agreeing_pairs() -> None:
    human = np.array([1.0, 2.0, 3.0])
    assert pairwise_ranking_accuracy(np.array([10.0, 20.0, 30.0]), human) == pytest.approx(1.0)
    # Swapping the top two gets 2 of 3 pairs right.
    assert pairwise_ranking_accuracy(np.array([1.0, 3.0, 2.0]), human) == pytest.approx(2 / 3)
    # Pairs the raters tied are not counted.
    assert pairwise_ranking_accuracy(np.array([1.0, 2.0, 3.0]), np.array([1.0, 1.0, 3.0])) == pytest.approx(
        1.0
    )


def test_real_corpus_split_covers_every_request_once(shared_data: Path) -> None:
    folder = shared_data / "politeness"
    parts = {s: read_politeness(folder, s) for s in ("train", "dev", "test")}
    ids = [i for p in parts.values() for i in p.ids]
    assert len(ids) == len(set(ids)) == 4353
    assert 600 <= len(parts["test"].ids) <= 700
