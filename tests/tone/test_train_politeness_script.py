"""scripts/train_politeness.py runs end to end on a small corpus-shaped file and writes a loadable model
that reproduces itself (same data -> the same file, byte for byte, even when embedded afresh)."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pytest

from copilot.tone.politeness import CORPUS_FILE
from copilot.tone.politeness_model import PolitenessModel

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "train_politeness.py"
HEADER = (
    "Community,Id,Request,Score1,Score2,Score3,Score4,Score5,"
    "TurkId1,TurkId2,TurkId3,TurkId4,TurkId5,Normalized Score\n"
)
POLITE = "Thanks for your work on item {i}! Could you perhaps have a look at the references?"
RUDE = "Why did you break item {i}? Fix it now."


def _load_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("train_politeness", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _corpus(folder: Path, n: int) -> Path:
    folder.mkdir()
    rows = []
    for i in range(n):
        polite = i % 2 == 0
        text = (POLITE if polite else RUDE).format(i=i)
        rows.append(f'Wikipedia,{1000 + i},"{text}",1,2,3,4,5,a,b,c,d,e,{1.0 if polite else -1.0}\n')
    (folder / CORPUS_FILE).write_text(HEADER + "".join(rows), encoding="utf-8")
    return folder


@pytest.mark.model
def test_training_writes_a_model_that_separates_and_reproduces(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = _corpus(tmp_path / "politeness", 80)
    script = _load_script()
    first, second = tmp_path / "a.npz", tmp_path / "b.npz"
    # Separate caches: both runs embed the corpus, so the check covers the embedding path too.
    assert script.main(["--data", str(data), "--cache-dir", str(tmp_path / "c1"), "--out", str(first)]) == 0
    printed = capsys.readouterr().out
    assert "test (held out)" in printed and "pairwise ranking accuracy=" in printed
    assert script.main(["--data", str(data), "--cache-dir", str(tmp_path / "c2"), "--out", str(second)]) == 0
    assert first.read_bytes() == second.read_bytes()
    model = PolitenessModel.load(first)
    assert 0.0 < model.threshold < 1.0
    # The two kinds of request are what the model learned to tell apart.
    assert "quartile ranking accuracy=1.000" in printed
