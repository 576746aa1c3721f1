"""The packaged all-MiniLM-L6-v2 with some encoder layers replaced by committed tuned ones, as a cached
per-machine ONNX graph.

A tuned model's file holds only what training changed (tuned layers `layer.<k>.<param>`, stored float16
or int8 with one scale per output row, plus its own head). The graph that runs — the packaged encoder
with those layers, and the model's head on its masked mean pooling — is traced once per machine into
the model cache (torch is needed only then) and named by digests of the packaged model and of the
tuned tensors, so a changed file never reuses a stale graph. No weights are downloaded. Used by the
tone's frustration model and the sentence classifier.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from copilot.errors import ConfigError
from copilot.index.model_cache import content_digest
from copilot.index.onnx_embeddings import build_cached_graph, trace_to_onnx

Tensors = dict[str, npt.NDArray[np.float32]]


def dequantized(stored: dict[str, npt.NDArray[Any]]) -> Tensors:
    """float32 tensors from a file's float16 ones and int8 matrices (`<name>.q` times `<name>.scale`,
    one scale per output row)."""
    tensors = {}
    for name, value in stored.items():
        if name.endswith(".scale"):
            continue
        if name.endswith(".q"):
            base = name[: -len(".q")]
            tensors[base] = (value.astype(np.float32) * stored[f"{base}.scale"]).astype(np.float32)
        else:
            tensors[name] = np.asarray(value, dtype=np.float32)
    return tensors


def quantized(tensors: Tensors, min_rows: int = 1) -> dict[str, npt.NDArray[Any]]:
    """The inverse of `dequantized` for storage: matrices of at least `min_rows` rows as int8 with one
    scale per output row, the rest (biases, layer norms, smaller matrices) as float16. The tone's
    weights files keep their 1x384 head in float16 (`min_rows=2`): one row has one scale, no gain."""
    stored: dict[str, npt.NDArray[Any]] = {}
    for name, value in tensors.items():
        if value.ndim == 2 and value.shape[0] >= min_rows:
            scale = np.maximum(np.abs(value).max(axis=1, keepdims=True), 1e-12) / 127.0
            stored[f"{name}.q"] = np.clip(np.round(value / scale), -127, 127).astype(np.int8)
            stored[f"{name}.scale"] = scale.astype(np.float32)
        else:
            stored[name] = value.astype(np.float16)
    return stored


def tensor_digest(tensors: Tensors) -> str:
    """A short digest of the tuned tensors (names and values), which names the cached graph."""
    digest = hashlib.sha256()
    for name in sorted(tensors):
        digest.update(name.encode() + b"\0" + tensors[name].tobytes())
    return digest.hexdigest()[:16]


def tuned_encoder(model_dir: Path, tensors: Tensors) -> Any:
    """The packaged transformer (torch, eval mode) with every `layer.<k>.*` tensor loaded into layer k."""
    import torch
    from transformers import AutoModel

    if not (model_dir / "config.json").is_file():
        raise ConfigError("COPILOT_EMBEDDING_MODEL_PATH", f"no transformer config.json in {model_dir}")
    encoder = AutoModel.from_pretrained(str(model_dir), local_files_only=True, attn_implementation="eager")
    layers = sorted({int(name.split(".")[1]) for name in tensors if name.startswith("layer.")})
    for k in layers:
        prefix = f"layer.{k}."
        state = {n[len(prefix) :]: torch.from_numpy(v) for n, v in tensors.items() if n.startswith(prefix)}
        encoder.encoder.layer[k].load_state_dict(state)
    return encoder.eval()


def graph_file(
    kind: str, version: str, digest: str, cache_dir: Path, model_dir: Path, source: str | None, quantize: bool
) -> Path:
    """Where a tuned graph is cached: named by `kind`, its graph `version`, the packaged model's digest
    (`source`, else hashed now), the tuned tensors' `digest` and the precision."""
    precision = "int8" if quantize else "fp32"
    name = f"{kind}:{version}:{source or content_digest(model_dir)}:{digest}:{precision}"
    return cache_dir / f"{kind}-{hashlib.sha256(name.encode()).hexdigest()[:16]}.{precision}.onnx"


def tuned_graph(target: Path, make_module: Callable[[], Any], output: str, *, quantize: bool = True) -> Path:
    """`target` (see `graph_file`), traced from `make_module()` over the three BERT inputs on first use."""
    if target.is_file():
        return target
    return build_cached_graph(
        target, lambda fp32: trace_to_onnx(make_module(), fp32, output), quantize=quantize
    )
