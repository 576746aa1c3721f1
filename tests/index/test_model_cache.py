"""Derived model artefacts are built once per machine, named by the model's contents, shared by data dirs."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from copilot.config import load_settings
from copilot.container import Services
from copilot.index.model_cache import content_digest, source_digest
from copilot.index.onnx_embeddings import OnnxEmbeddings


def _model(root: Path, weights: bytes = b"weights") -> Path:
    model = root / "model"
    (model / "sub").mkdir(parents=True)
    (model / "config.json").write_text("{}", encoding="utf-8")
    (model / "sub" / "weights.bin").write_bytes(weights)
    return model


def test_the_digest_follows_contents_not_paths_or_mtimes(tmp_path: Path) -> None:
    first = _model(tmp_path / "a")
    copy = tmp_path / "b" / "model"
    shutil.copytree(first, copy)
    os.utime(copy / "sub" / "weights.bin", (1_000_000, 1_000_000))
    assert content_digest(first) == content_digest(copy)
    assert content_digest(_model(tmp_path / "c", b"other weights")) != content_digest(first)


def test_the_memo_is_reused_until_a_file_changes(tmp_path: Path) -> None:
    model, memo = _model(tmp_path), tmp_path / "digests"
    digest = source_digest(model, memo)
    assert digest == content_digest(model)
    assert [p.read_text() for p in memo.iterdir()] == [digest]
    (model / "sub" / "weights.bin").write_bytes(b"retrained")
    assert source_digest(model, memo) == content_digest(model) != digest
    assert len(list(memo.iterdir())) == 2


def test_two_data_dirs_share_one_onnx_export_in_the_machine_cache(tmp_path: Path) -> None:
    built = [Services(load_settings(data_dir=tmp_path / name)) for name in ("first", "second")]
    embedders = [services.sentence_model for services in built]  # MiniLM beside the static table
    assert all(isinstance(e, OnnxEmbeddings) for e in embedders)
    paths = {e.onnx_path for e in embedders if isinstance(e, OnnxEmbeddings)}
    assert len(paths) == 1
    (path,) = paths
    assert path.parent == built[0].settings.resolved_model_cache_dir / "onnx"
    assert not list((tmp_path / "first").rglob("*.onnx")) and not list((tmp_path / "second").rglob("*.onnx"))
