"""Where one `POST /v1/tone` request's time goes: `python -m benchmarks.tone_breakdown`.

The tone suite (benchmarks/tone_suite.py) gives one figure per route; this splits a one-text request
into its parts on the suite's own app and workload: the test client and ASGI stack alone, the same
with body validation, API-key authentication and the rate limit (a handler with a canned answer),
the whole request driven through the test client and straight through ASGI (no client), `flag_tone`
without HTTP, and its pieces (the ONNX graph calls, tokenizing, sentence splitting, the politeness
strategies, the rules). Every figure is the median of ROUNDS rounds over the workload's texts, in
milliseconds per call, CPU time of this process and wall time; on a shared machine compare CPU time.
Then the inbound graph call by ONNX Runtime op type (as shipped: without the SkipLayerNormalization
fusion since 2026-12-06), and the same call with that fusion on, as it ran before (slower, and other
outputs: print_fusion_check says why).
"""

from __future__ import annotations

import asyncio
import json
import statistics
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
from fastapi import FastAPI

from benchmarks.common import load_average
from benchmarks.tone_suite import _client, workload
from copilot.api.deps import CurrentUser
from copilot.api.schemas import ToneRequest
from copilot.index.onnx_embeddings import _INPUTS, SKIP_LAYER_NORM_FUSIONS
from copilot.tone.frustration import GRAPH_UNFUSED
from copilot.tone.politeness_model import default_politeness_model, pool_sentences
from copilot.tone.report import ToneReport
from copilot.tone.rules import match_rules
from copilot.tone.sentences import split_sentences
from copilot.tone.strategies import feature_matrix
from copilot.tools.flag_tone import _sentence_vectors, flag_tone, message_frustration

ROUNDS = 5
TOP_OPS = 12
CANNED = ToneReport(direction="inbound", labels=[])


def per_call(fn: Callable[[str], object], texts: Sequence[str]) -> tuple[float, float]:
    """(CPU ms, wall ms) per call of `fn` over `texts`, medians of ROUNDS rounds."""
    cpus, walls = [], []
    for _ in range(ROUNDS):
        wall, cpu = time.perf_counter(), time.process_time()
        for text in texts:
            fn(text)
        walls.append((time.perf_counter() - wall) / len(texts) * 1e3)
        cpus.append((time.process_time() - cpu) / len(texts) * 1e3)
    return statistics.median(cpus), statistics.median(walls)


def add_canned_route(app: FastAPI) -> None:
    """`POST /_canned`: the tone route's body, key and rate limit, answered without scoring."""

    @app.post("/_canned", response_model=ToneReport)
    async def canned(_body: ToneRequest, _user: CurrentUser) -> ToneReport:
        return CANNED


def asgi_per_call(
    app: Any, direction: str, texts: Sequence[str], headers: dict[str, str]
) -> tuple[float, float]:
    """per_call for `POST /v1/tone` straight through the ASGI app on one event loop: no test client and
    no portal thread, so the difference to the test-client row is what the client costs."""
    raw_headers = [(k.lower().encode(), v.encode()) for k, v in headers.items()]

    async def post(text: str) -> None:
        payload = json.dumps({"text": text, "direction": direction}).encode()
        scope = {
            "type": "http",
            "asgi": {"version": "3.0"},
            "http_version": "1.1",
            "method": "POST",
            "scheme": "http",
            "path": "/v1/tone",
            "raw_path": b"/v1/tone",
            "query_string": b"",
            "root_path": "",
            "headers": [*raw_headers, (b"content-type", b"application/json")],
            "client": ("127.0.0.1", 1),
            "server": ("testserver", 80),
            "app": app,
        }

        async def receive() -> dict[str, Any]:
            return {"type": "http.request", "body": payload, "more_body": False}

        async def send(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start" and message["status"] != 200:
                raise RuntimeError(f"/v1/tone: HTTP {message['status']}")

        await app(scope, receive, send)

    async def rounds() -> tuple[float, float]:
        cpus, walls = [], []
        for _ in range(ROUNDS):
            wall, cpu = time.perf_counter(), time.process_time()
            for text in texts:
                await post(text)
            walls.append((time.perf_counter() - wall) / len(texts) * 1e3)
            cpus.append((time.process_time() - cpu) / len(texts) * 1e3)
        return statistics.median(cpus), statistics.median(walls)

    return asyncio.run(rounds())


def main() -> None:
    """Print the breakdown, one line per part."""
    texts = workload(256)
    inbound, outbound = texts[:128], texts[128:]
    print(f"load {load_average()}; ms per call, CPU / wall, medians of {ROUNDS} rounds of 128 texts")
    with tempfile.TemporaryDirectory(prefix="bench-tone-") as tmp:
        client, headers = _client(Path(tmp) / "data")
        app: Any = client.app
        add_canned_route(app)
        with client:
            for text in texts[:8]:  # load both models first
                for direction in ("inbound", "outbound"):
                    client.post("/v1/tone", json={"text": text, "direction": direction}, headers=headers)
            rows = _http_rows(client, app, headers, inbound, outbound) + _model_rows(app, inbound, outbound)
            for name, (cpu, wall) in rows:
                print(f"{name:52s} {cpu:6.3f} / {wall:6.3f}")
            model = app.state.services.frustration_model
            graph = model._graph
            feeds = graph_feeds(graph, _inbound_rows(inbound[0]))
            print(
                f"frustration graph on one inbound text's rows {feeds['input_ids'].shape}, "
                "kernel ms per run by op type:"
            )
            for op, ms in list(op_profile(model.onnx_path, feeds).items())[:TOP_OPS]:
                print(f"  {op:50s} {ms:6.3f}")
            print_fusion_check(model.onnx_path, [graph_feeds(graph, _inbound_rows(t)) for t in inbound])


def _http_rows(
    client: Any, app: Any, headers: dict[str, str], inbound: list[str], outbound: list[str]
) -> list[tuple[str, tuple[float, float]]]:
    def tone(direction: str) -> Callable[[str], object]:
        return lambda t: client.post("/v1/tone", json={"text": t, "direction": direction}, headers=headers)

    return [
        ("GET /healthz through the test client", per_call(lambda _t: client.get("/healthz"), inbound)),
        (
            "POST /_canned (body, key, rate limit; no scoring)",
            per_call(
                lambda t: client.post("/_canned", json={"text": t, "direction": "inbound"}, headers=headers),
                inbound,
            ),
        ),
        ("POST /v1/tone inbound, test client", per_call(tone("inbound"), inbound)),
        ("POST /v1/tone outbound, test client", per_call(tone("outbound"), outbound)),
        ("POST /v1/tone inbound, straight ASGI", asgi_per_call(app, "inbound", inbound, headers)),
        ("POST /v1/tone outbound, straight ASGI", asgi_per_call(app, "outbound", outbound, headers)),
    ]


def _model_rows(app: Any, inbound: list[str], outbound: list[str]) -> list[tuple[str, tuple[float, float]]]:
    services = app.state.services
    frustration, sentences = services.frustration_model, services.sentence_model
    politeness = default_politeness_model()
    graph, embedder_graph = frustration._graph, sentences._graph
    inbound_rows = {t: _inbound_rows(t) for t in inbound}
    outbound_rows = {t: [t[a:b] for a, b in split_sentences(t)] for t in outbound}
    vectors = {t: _sentence_vectors([t], sentences)[1][0] for t in outbound}

    def politeness_score(text: str) -> object:
        return politeness.politeness(pool_sentences(vectors[text], [len(vectors[text])]), [text])

    parts: list[tuple[str, Callable[[str], object], list[str]]] = [
        (
            "flag_tone inbound (no HTTP)",
            lambda t: flag_tone(t, "inbound", sentences, frustration=frustration),
            inbound,
        ),
        (
            "flag_tone outbound (no HTTP)",
            lambda t: flag_tone(t, "outbound", sentences, politeness=politeness),
            outbound,
        ),
        ("  inbound: message_frustration", lambda t: message_frustration([t], frustration), inbound),
        ("  inbound: frustration graph call", lambda t: graph.run(inbound_rows[t]), inbound),
        ("  inbound: tokenizing its rows", lambda t: graph._tokenizer.encode_batch(inbound_rows[t]), inbound),
        ("  outbound: embedder graph call", lambda t: embedder_graph.run(outbound_rows[t]), outbound),
        ("  outbound: politeness strategies", lambda t: feature_matrix([t]), outbound),
        ("  outbound: politeness score (strategies included)", politeness_score, outbound),
        ("  split_sentences", split_sentences, inbound),
        ("  rules inbound", lambda t: match_rules(t, "inbound"), inbound),
        ("  rules outbound", lambda t: match_rules(t, "outbound"), outbound),
    ]
    return [(name, per_call(fn, texts)) for name, fn, texts in parts]


def graph_feeds(graph: Any, rows: list[str]) -> dict[str, np.ndarray]:
    """The three BERT inputs TextGraph feeds for `rows` (one batch, padded to the longest)."""
    encodings = graph._tokenizer.encode_batch(rows)
    width = max(len(e.ids) for e in encodings)
    feeds = {name: np.zeros((len(rows), width), dtype=np.int64) for name in _INPUTS}
    for row, encoding in enumerate(encodings):
        feeds["input_ids"][row, : len(encoding.ids)] = encoding.ids
        feeds["attention_mask"][row, : len(encoding.ids)] = encoding.attention_mask
    return feeds


def _session(onnx_path: Path, *, profile: bool = False, disabled: Sequence[str] = GRAPH_UNFUSED) -> Any:
    """A one-thread session with the app's options for the frustration graph (copilot/index/
    onnx_embeddings.py, copilot/tone/frustration.py), optionally profiling or with other fusions off."""
    import onnxruntime as ort

    options = ort.SessionOptions()
    options.intra_op_num_threads = 1
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    options.add_session_config_entry("session.intra_op.allow_spinning", "0")
    if profile:
        options.enable_profiling = True
        options.profile_file_prefix = str(Path(tempfile.gettempdir()) / "tone-breakdown")
    return ort.InferenceSession(
        str(onnx_path), options, providers=["CPUExecutionProvider"], disabled_optimizers=list(disabled)
    )


def op_profile(onnx_path: Path, feeds: dict[str, np.ndarray], runs: int = 200) -> dict[str, float]:
    """Kernel ms per run by op type (ONNX Runtime's profiler; medians per node, summed), largest first."""
    session = _session(onnx_path, profile=True)
    wanted = {i.name for i in session.get_inputs()}
    for _ in range(runs):
        session.run(None, {k: v for k, v in feeds.items() if k in wanted})
    trace = Path(session.end_profiling())
    per_node: dict[tuple[str, str], list[float]] = {}
    for event in json.loads(trace.read_text()):
        if event.get("cat") == "Node" and event["name"].endswith("_kernel_time"):
            per_node.setdefault((event["args"]["op_name"], event["name"]), []).append(event["dur"] / 1e3)
    trace.unlink()
    by_op: dict[str, float] = {}
    for (op, _), times in per_node.items():
        by_op[op] = by_op.get(op, 0.0) + statistics.median(times)
    return dict(sorted(by_op.items(), key=lambda item: -item[1]))


def print_fusion_check(onnx_path: Path, batches: list[dict[str, np.ndarray]]) -> None:
    """The graph call as shipped (ONNX Runtime's SkipLayerNormalization fusion off: its kernel is a scalar
    loop) against the same with every fusion on, as before 2026-12-06: slower, and the fused op rounds
    differently, which int8 dynamic quantisation carries into later layers (the cuts were re-tuned)."""
    shipped, fused = _session(onnx_path), _session(onnx_path, disabled=())
    wanted = {i.name for i in shipped.get_inputs()}
    inputs = [{k: v for k, v in feeds.items() if k in wanted} for feeds in batches]
    gaps = [float(np.abs(shipped.run(None, f)[0] - fused.run(None, f)[0]).max()) for f in inputs]
    times: dict[str, list[float]] = {"shipped": [], "fused": []}
    for _ in range(ROUNDS):
        for name, session in (("shipped", shipped), ("fused", fused)):
            cpu = time.process_time()
            for f in inputs:
                session.run(None, f)
            times[name].append((time.process_time() - cpu) / len(inputs) * 1e3)
    print(
        f"graph call, CPU ms: shipped ({'+'.join(SKIP_LAYER_NORM_FUSIONS)} off) "
        f"{statistics.median(times['shipped']):.3f}, "
        f"every fusion on {statistics.median(times['fused']):.3f}; "
        f"outputs identical in {gaps.count(0.0)} of {len(gaps)} calls, largest difference {max(gaps):.2g}"
    )


def _inbound_rows(text: str) -> list[str]:
    """What the inbound graph call gets for a short text: the whole text, then its sentences if several."""
    spans = split_sentences(text)
    return [text] + ([text[a:b] for a, b in spans] if len(spans) > 1 else [])


if __name__ == "__main__":
    main()
