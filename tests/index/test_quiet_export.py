"""First-use model export prints nothing: no progress bar, no quantiser advice, no root handler left."""

from __future__ import annotations

import logging
from pathlib import Path

import numpy as np
import pytest

from copilot.config import load_settings
from copilot.index.onnx_embeddings import build_cached_graph


def _write_tiny_matmul_graph(target: Path) -> None:
    """A real fp32 ONNX graph (one MatMul with a constant weight), which the int8 quantiser accepts."""
    import onnx
    from onnx import TensorProto, helper, numpy_helper

    weight = numpy_helper.from_array(np.arange(64, dtype=np.float32).reshape(8, 8) / 64, name="weight")
    graph = helper.make_graph(
        [helper.make_node("MatMul", ["x", "weight"], ["y"])],
        "tiny",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, ["batch", 8])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, ["batch", 8])],
        initializer=[weight],
    )
    onnx.save(helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)]), str(target))


def _load_packaged_encoder_then_write_graph(target: Path) -> None:
    from transformers import AutoModel

    AutoModel.from_pretrained(str(load_settings().resolved_embedding_path()), local_files_only=True)
    _write_tiny_matmul_graph(target)


@pytest.mark.model
def test_first_use_export_prints_nothing_and_leaves_logging_as_it_was(
    tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    root = logging.getLogger()
    handlers_before = list(root.handlers)
    target = build_cached_graph(tmp_path / "tiny.int8.onnx", _load_packaged_encoder_then_write_graph)
    out, err = capfd.readouterr()
    assert target.is_file()
    assert "Loading weights" not in out + err
    assert "pre-processing" not in out + err
    assert root.handlers == handlers_before
    assert not root.filters
