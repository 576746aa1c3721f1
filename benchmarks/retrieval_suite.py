"""Grounded-context build latency (query embedding + hybrid search + budget) as the store grows.

Synthetic interactions with one chunk each are inserted straight into SQL, with random unit vectors
in the vector index: the figure is about search cost at scale, so no document embedding is needed.
"""

from __future__ import annotations

import random
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np
from sqlalchemy import insert

from benchmarks.common import Figure, Options, load_average, median, percentile
from copilot.config import load_settings
from copilot.container import Services
from copilot.db.models import Account, Chunk, Interaction
from copilot.retrieval import Retriever

ACCOUNTS = 1000
GOAL_P95_MS = 15.0
_WORD_TEXT = (
    "renewal invoice discount pilot onboarding dashboard latency outage contract licence seats budget "
    "quarter roadmap integration export migration security audit training webinar escalation refund "
    "pricing upgrade churn champion procurement legal signature deadline workshop report analytics "
    "forecast pipeline support ticket bug release feature request sso api quota storage backup"
)
WORDS = _WORD_TEXT.split(" ")
QUERIES = [
    "When is the renewal due and what discount was offered?",
    "What did they say about the dashboard latency?",
    "Any open support tickets or escalations?",
    "Who signs the contract and when is the deadline?",
]


def _text(rng: random.Random) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(30, 90))) + f" {rng.randint(1, 99999)}"


def _seed_sql(
    services: Services, interactions: int, accounts: int, rng: random.Random
) -> dict[int, list[str]]:
    """Insert accounts, interactions and one chunk each; returns chunk ids per account."""
    start = datetime(2025, 1, 1, tzinfo=UTC)
    per_account: dict[int, list[str]] = {a: [] for a in range(1, accounts + 1)}
    with services.sessions() as session:
        session.execute(insert(Account), [{"id": a, "name": f"Account {a}"} for a in per_account])
        rows, chunks = [], []
        for i in range(1, interactions + 1):
            account = rng.randint(1, accounts)
            text = _text(rng)
            when = start + timedelta(minutes=rng.randint(0, 600_000))
            rows.append(_row(i, account, text, when))
            chunks.append(
                {
                    "id": f"{i}-0",
                    "interaction_id": i,
                    "account_id": account,
                    "ordinal": 0,
                    "text": text,
                    "token_count": len(text) // 4,
                }
            )
            per_account[account].append(f"{i}-0")
        session.execute(insert(Interaction), rows)
        session.execute(insert(Chunk), chunks)
        session.commit()
    return per_account


def _row(i: int, account: int, text: str, when: datetime) -> dict[str, object]:
    return {
        "id": i,
        "account_id": account,
        "kind": "email",
        "direction": "inbound",
        "occurred_at": when,
        "source": "bench",
        "source_id": str(i),
        "content_hash": f"{i:064d}",
        "subject": None,
        "text": text,
        "participants": [],
        "extra": {},
        "index_state": "indexed",
        "tone_flags": [],
    }


def _seed_vectors(services: Services, per_account: dict[int, list[str]], dim: int, seed: int) -> None:
    generator = np.random.default_rng(seed)
    for account, ids in per_account.items():
        if not ids:
            continue
        vectors = generator.standard_normal((len(ids), dim)).astype(np.float32)
        vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
        metadata = [{"account_id": account, "interaction_id": int(i.split("-")[0])} for i in ids]
        services.vector_index.upsert(account, ids, vectors.tolist(), metadata)


def _latencies(services: Services, queries: int, accounts: int, rng: random.Random) -> list[float]:
    retriever = Retriever(services.sessions, services.embeddings, services.vector_index)
    settings = services.settings
    times = []
    for n in range(queries):
        account, query = rng.randint(1, accounts), QUERIES[n % len(QUERIES)]
        started = time.perf_counter()
        retriever.retrieve(
            account, query, top_k=settings.retrieval_top_k, token_budget=settings.retrieval_token_budget
        )
        times.append((time.perf_counter() - started) * 1000)
    return times


def _embed_latencies(services: Services, queries: int) -> list[float]:
    times = []
    for n in range(queries):
        started = time.perf_counter()
        services.embeddings.embed_query(QUERIES[n % len(QUERIES)])
        times.append((time.perf_counter() - started) * 1000)
    return times


def measure(size: int, accounts: int, options: Options, queries: int) -> list[Figure]:
    """p50 and p95 (ms) of grounded-context builds over `size` synthetic interactions."""
    rng = random.Random(size)
    with tempfile.TemporaryDirectory(prefix="bench-retrieval-") as tmp:
        services = Services(load_settings(data_dir=Path(tmp)))
        services.migrate()
        per_account = _seed_sql(services, size, accounts, rng)
        dim = len(services.embeddings.embed_query("warm-up"))
        _seed_vectors(services, per_account, dim, size)
        _latencies(services, 20, accounts, rng)  # warm caches (SQLite pages, HNSW segments) before timing
        p50s, p95s, loads = [], [], []
        for _ in range(options.repeats):
            loads.append(load_average() or 0.0)
            times = _latencies(services, queries, accounts, rng)
            p50s.append(percentile(times, 0.5))
            p95s.append(percentile(times, 0.95))
        embed = _embed_latencies(services, queries)
        services.engine.dispose()
    backend = services.settings.embedding_backend
    note = f"{queries} queries/run, {backend} query embedding, {size // accounts} chunks/account"
    load = median(loads)
    p95 = median(p95s)
    goal = f"<= {GOAL_P95_MS:.0f} ms at 100k" if size == 100_000 else ""
    met = None if size != 100_000 or p95 is None else p95 <= GOAL_P95_MS
    return [
        Figure("retrieval", f"p50 @ {size:,}", median(p50s), "ms", runs=p50s, load=load, note=note),
        Figure(
            "retrieval", f"p95 @ {size:,}", p95, "ms", goal=goal, met=met, runs=p95s, load=load, note=note
        ),
        Figure(
            "retrieval",
            f"query embedding p50 @ {size:,}",
            percentile(embed, 0.5),
            "ms",
            load=load,
            note=f"included in the build above ({backend})",
        ),
    ]


def run(options: Options) -> list[Figure]:
    """Measure at each size, then the growth of p95 from the smallest to the largest size."""
    # Quick mode keeps 20 chunks per account but far fewer Chroma collections (each costs set-up time).
    sizes, accounts = ([2_000], 100) if options.quick else ([10_000, 100_000], ACCOUNTS)
    figures: list[Figure] = []
    for size in sizes:
        figures.extend(measure(size, accounts, options, queries=30 if options.quick else 200))
    p95 = [f.value for f in figures if f.name.startswith("p95") and f.value is not None]
    if len(p95) >= 2:
        growth = p95[-1] / p95[0]
        label = f"p95 growth {sizes[0]:,} -> {sizes[-1]:,}"
        figures.append(Figure("retrieval", label, growth, "x", goal="<= 2 (10k -> 1M)", met=growth <= 2))
    return figures
