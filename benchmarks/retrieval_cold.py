"""Cold snapshot loads, A/B: one seeded store, measured by two checkouts in turn at the same load.

A cold build is an account's first query in a worker: it loads the account's snapshot (SQL rows,
Chroma vectors, keyword postings, sentence fields). On a shared machine wall times swing with the
load, so this script seeds one store once and then measures it from fresh processes, one per
checkout, interleaved, reporting wall and CPU time (`time.process_time`) per load:

    python benchmarks/retrieval_cold.py seed DIR [--accounts 40] [--chunks 100]
    PYTHONPATH=CHECKOUT python benchmarks/retrieval_cold.py measure DIR [--accounts 40]

Run it as a file (not with -m) so that PYTHONPATH alone decides which checkout's `copilot` is timed.
The store is the retrieval suite's synthetic one (`benchmarks.retrieval_suite.seed`) with chunk and
sentence vectors for every account.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import sys
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

from copilot.config import load_settings
from copilot.container import Services
from copilot.retrieval import Retriever
from copilot.retrieval.context import snapshot_cache

QUERY = "When is the renewal due and what discount was offered?"


def _services(data_dir: Path) -> Services:
    return Services(load_settings(data_dir=data_dir))


def seed_store(data_dir: Path, accounts: int, chunks: int) -> float:
    """Seed `accounts` x `chunks` synthetic interactions with chunk and sentence vectors; seconds."""
    from benchmarks.retrieval_suite import Templates, seed

    services = _services(data_dir)
    services.migrate()
    templates = Templates.embed(services.embeddings, 1000)
    everyone = set(range(1, accounts + 1))
    seconds = seed(services, templates, accounts * chunks, accounts, everyone, everyone)
    services.engine.dispose()
    return seconds


def _timed(action: Callable[[], object]) -> tuple[float, float]:
    """Wall and CPU milliseconds of one call."""
    wall, cpu = time.perf_counter(), time.process_time()
    action()
    return (time.perf_counter() - wall) * 1000, (time.process_time() - cpu) * 1000


def measure(data_dir: Path, accounts: int, warm_queries: int) -> dict[str, object]:
    """Per account: the first load (Chroma's first touch included), a reload after the snapshot was
    dropped, and warm full builds; all wall and CPU ms."""
    services = _services(data_dir)
    retriever = Retriever(services.sessions, services.embeddings, services.vector_index)
    services.embeddings.embed_query(QUERY)  # the embedder's own first-call set-up is not a load
    cache = snapshot_cache(services.vector_index)
    gc.collect()
    first = [_timed(partial(retriever.snapshot, a)) for a in range(1, accounts + 1)]
    reload = []
    for account in range(1, accounts + 1):
        cache.forget(account)
        reload.append(_timed(partial(retriever.snapshot, account)))
    warm = [
        _timed(partial(retriever.retrieve, 1 + n % accounts, QUERY, top_k=6, token_budget=1200))
        for n in range(warm_queries)
    ]
    services.engine.dispose()
    return {
        "checkout": os.environ.get("PYTHONPATH", ""),
        "load": os.getloadavg()[0],
        "first_load": _summary(first),
        "reload": _summary(reload),
        "warm_build": _summary(warm),
    }


def _summary(times: list[tuple[float, float]]) -> dict[str, float]:
    walls = sorted(w for w, _ in times)
    cpus = sorted(c for _, c in times)

    def at(values: list[float], share: float) -> float:
        return round(values[min(len(values) - 1, max(0, int(share * len(values) + 0.999) - 1))], 2)

    return {
        "wall_p50": at(walls, 0.5),
        "wall_p95": at(walls, 0.95),
        "cpu_p50": at(cpus, 0.5),
        "cpu_p95": at(cpus, 0.95),
        "cpu_mean": round(sum(cpus) / len(cpus), 2),
    }


def main(argv: list[str]) -> None:
    """Seed or measure, as the module docstring shows."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("action", choices=["seed", "measure"])
    parser.add_argument("data_dir", type=Path)
    parser.add_argument("--accounts", type=int, default=40)
    parser.add_argument("--chunks", type=int, default=100, help="chunks per account (seed only)")
    parser.add_argument("--warm", type=int, default=200, help="warm builds to time (measure only)")
    args = parser.parse_args(argv)
    if args.action == "seed":
        print(json.dumps({"seeded_seconds": round(seed_store(args.data_dir, args.accounts, args.chunks), 1)}))
    else:
        print(json.dumps(measure(args.data_dir, args.accounts, args.warm)))


if __name__ == "__main__":
    main(sys.argv[1:])
