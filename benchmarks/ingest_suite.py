"""Ingest throughput (interactions/s end to end) per embedding backend, side by side, with recall@5.

Every run is cold: a fresh data dir, migrations done and the embedder loaded before the clock starts
(set-up, not ingest), then the whole sample CRM is ingested. One-off set-up artefacts (the ONNX
export, the distilled static table) are made once per model into a model cache kept across runs
(COPILOT_MODEL_CACHE_DIR); their file names carry a digest of the model and recipe, so a stale one is
never reused.

Two corpora: the standard sample (12 months of history) for every backend, and a 3x longer history
for the fast backends only, since fixed start-up costs weigh less on a bigger ingest.
"""

from __future__ import annotations

import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select

from benchmarks.common import Figure, Options, load_average, median
from copilot.config import load_settings
from copilot.container import Services
from copilot.db.models import Interaction
from copilot.sample.generate import generate_sample
from copilot.sample.load import answer_key, load_sample
from evals.suites import retrieval as retrieval_eval
from evals.types import EvalContext

GOAL_RATE = 300.0
GOAL_RECALL_SHARE = 0.95
BACKENDS = ("torch", "onnx", "static")
LARGE_BACKENDS = ("onnx", "static")
CACHE_DIR = Path(tempfile.gettempdir()) / "copilot-bench-artefacts"


@dataclass(frozen=True)
class Run:
    """One cold ingest: its rate, what it stored, and the retrieval recall@5 measured on it."""

    rate: float
    interactions: int
    seconds: float
    recall: float | None


def _services(data_dir: Path, backend: str) -> Services:
    settings = load_settings(data_dir=data_dir, embedding_backend=backend, model_cache_dir=CACHE_DIR)
    services = Services(settings)
    services.migrate()
    _ = services.embeddings.embed_documents(["warm-up"])  # builds the artefact on the first run
    _ = services.vector_index  # the Chroma client opens its files once per process
    return services


def _stored(services: Services) -> int:
    with services.sessions() as session:
        return session.scalar(select(func.count()).select_from(Interaction)) or 0


def _recall(services: Services, data_dir: Path, sample: Path) -> float:
    ctx = EvalContext(services=services, data=data_dir, sample_dir=sample, key=answer_key(sample))
    result = retrieval_eval.run(ctx)
    return float(next(m.value for m in result.metrics if m.name == "recall@5") or 0.0)


def cold_run(sample: Path, backend: str, *, with_recall: bool = True) -> Run:
    """Cold ingest of a sample into a fresh data dir, then (optionally) its retrieval recall@5."""
    with tempfile.TemporaryDirectory(prefix="bench-ingest-") as tmp:
        data_dir = Path(tmp)
        services = _services(data_dir, backend)
        started = time.perf_counter()
        load_sample(services, sample)
        elapsed = time.perf_counter() - started
        stored = _stored(services)
        recall = _recall(services, data_dir, sample) if with_recall else None
        services.engine.dispose()
    return Run(stored / elapsed, stored, elapsed, recall)


def run(options: Options) -> list[Figure]:
    """Each backend `repeats` times on the sample (rate and recall@5), then the larger corpus."""
    figures: list[Figure] = []
    recalls: dict[str, float] = {}
    with tempfile.TemporaryDirectory(prefix="bench-sample-") as tmp:
        sample = Path(tmp) / "sample"
        generate_sample(sample, seed=7, accounts=10 if options.quick else 32)
        for backend in BACKENDS:
            loads, runs = [], []
            for _ in range(options.repeats):
                loads.append(load_average() or 0.0)
                runs.append(cold_run(sample, backend))
            recall_runs = [r.recall or 0.0 for r in runs]
            recalls[backend] = median(recall_runs) or 0.0
            figures.append(_rate_figure(f"interactions/s ({backend})", runs, median(loads)))
            figures.append(
                Figure("ingest", f"recall@5 ({backend})", recalls[backend], "share", runs=recall_runs)
            )
        figures.extend(_share_figure(backend, recalls) for backend in BACKENDS if backend != "torch")
        if not options.quick:
            figures.extend(_large_corpus(Path(tmp) / "large", options.repeats))
    return figures


def _large_corpus(sample: Path, repeats: int) -> list[Figure]:
    generate_sample(sample, seed=7, accounts=32, months=36)
    figures = []
    for backend in LARGE_BACKENDS:
        loads, runs = [], []
        for _ in range(repeats):
            loads.append(load_average() or 0.0)
            runs.append(cold_run(sample, backend, with_recall=False))
        name = f"interactions/s ({backend}, 36-month sample, {runs[0].interactions} items)"
        figures.append(_rate_figure(name, runs, median(loads)))
    return figures


def _share_figure(backend: str, recalls: dict[str, float]) -> Figure:
    share = recalls[backend] / recalls["torch"] if recalls.get("torch") else None
    return Figure(
        "ingest",
        f"recall@5 {backend} / torch",
        share,
        "ratio",
        goal=f">= {GOAL_RECALL_SHARE}",
        met=None if share is None else share >= GOAL_RECALL_SHARE,
    )


def _rate_figure(name: str, runs: list[Run], load: float | None) -> Figure:
    rates = [r.rate for r in runs]
    value = median(rates)
    seconds = ", ".join(f"{r.interactions} in {r.seconds:.1f} s" for r in runs)
    return Figure(
        "ingest",
        name,
        value,
        "1/s",
        goal=f">= {GOAL_RATE:.0f}",
        met=None if value is None else value >= GOAL_RATE,
        runs=rates,
        load=load,
        note=f"cold, fresh data dir; {seconds}",
    )
