"""Ingest throughput on the full sample CRM with the real embeddings: cold, then a re-ingest.

Run: python benchmarks/ingest_bench.py [--data-dir DIR] [--backend torch|onnx|static]. Prints
interactions/s, chunks/s and peak RSS. Side-by-side figures: `python -m benchmarks --suite ingest`.
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import func, select

from copilot.config import load_settings
from copilot.container import Services
from copilot.db.models import Chunk, Interaction
from copilot.sample.load import SampleLoad, load_sample


def _peak_mib() -> float:
    # ru_maxrss is KiB on Linux, bytes on macOS.
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def _counts(services: Services) -> tuple[int, int]:
    with services.sessions() as session:
        interactions = session.scalar(select(func.count()).select_from(Interaction)) or 0
        chunks = session.scalar(select(func.count()).select_from(Chunk)) or 0
    return interactions, chunks


def _timed(services: Services, label: str, sample_dir: Path) -> SampleLoad:
    started = time.perf_counter()
    result = load_sample(services, sample_dir)
    elapsed = time.perf_counter() - started
    interactions, chunks = _counts(services)
    totals = result.totals()
    print(
        f"{label:>9}: {elapsed:7.1f} s  {interactions / elapsed:8.1f} interactions/s  "
        f"{chunks / elapsed:8.1f} chunks/s  (stored {interactions} interactions, {chunks} chunks; "
        f"new {totals['new']}, updated {totals['updated']}, unchanged {totals['unchanged']}, "
        f"embedded chunks {totals['chunks']}, failed {len(result.failed)})"
    )
    return result


def main(argv: list[str] | None = None) -> int:
    """Run the cold ingest and the re-ingest and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data-dir", type=Path, default=None, help="keep the data here (default: temp)")
    parser.add_argument(
        "--backend", choices=["torch", "onnx", "static"], default=None, help="embedding backend"
    )
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="ingest-bench-") as tmp:
        data_dir = args.data_dir or Path(tmp)
        overrides = {"embedding_backend": args.backend} if args.backend else {}
        services = Services(load_settings(data_dir=data_dir, **overrides))
        services.migrate()
        sample_dir = data_dir / "sample"
        from copilot.sample.generate import generate_sample

        generate_sample(sample_dir, seed=7)  # generation is not ingest: keep it out of the timing
        started = time.perf_counter()
        _ = services.embeddings.embed_documents(["warm-up"])
        print(f"model load: {time.perf_counter() - started:.1f} s")
        _timed(services, "cold", sample_dir)
        _timed(services, "re-ingest", sample_dir)
        print(f"peak memory (maxrss): {_peak_mib():.0f} MiB")
        services.engine.dispose()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
