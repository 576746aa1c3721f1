"""Grounded-context build latency (query embedding + hybrid search + budget) as the store grows.

The store is seeded directly, not through ingest (1M interactions would take hours there): accounts,
interactions and one chunk each are bulk-inserted into SQL, and vectors are added to each account's
Chroma collection in large batches. Texts and vectors are realistic without embedding every chunk:
a few thousand distinct template sentences are embedded once with the configured embedder, and each
chunk joins several of them; its vector is the normalised sum of theirs plus a little noise. As
ingest does, each chunk also owns one vector per sentence (here: the template sentences' own
vectors), written for the accounts that are queried (all of them would make the 100k seed take most
of an hour on this machine); the snapshot of a queried account therefore loads ~6.5 vectors per chunk.

Builds are measured two ways, because retrieval keeps a per-account snapshot in memory:
warm (the account was queried before and nothing changed since) over a working set of accounts,
and cold (the first query of an account, which loads its snapshot from SQL and Chroma).
"""

from __future__ import annotations

import gc
import json
import random
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np
from sqlalchemy import insert

from benchmarks.common import Figure, Options, load_average, median, percentile
from copilot.config import load_settings
from copilot.container import Services
from copilot.db.models import Account, Chunk, Interaction
from copilot.index.embedder import Embedder
from copilot.index.units import chunk_sentences
from copilot.retrieval import Retriever
from copilot.retrieval.context import snapshot_cache

ACCOUNTS = 1000
GOAL_P95_MS = 15.0
SIZES = (10_000, 100_000, 1_000_000)
WARM_SHARE = 10  # one account in ten is in the working set whose snapshots stay in memory
COLD_ACCOUNTS = 50  # first queries per run, each to an account not queried before
# Above this size only the measured accounts get vectors: Chroma takes ~3 ms per vector on this shared
# machine, so all of 1M would take most of an hour. SQL always holds every interaction.
ALL_VECTORS_UP_TO = 100_000
SENTENCES_PER_CHUNK = (3, 8)
NOISE = 0.02  # per-dimension noise added to a chunk's vector, so no two chunks are identical
BLOCK = 50_000  # rows per SQL insert batch

_WHO = ["Maria", "The CFO", "Their IT lead", "Procurement", "The champion", "Our AE", "Legal", "Support"]
_VERB = ["asked about", "confirmed", "raised concerns over", "wants a call on", "escalated", "approved"]
_TOPIC = [
    "the renewal quote",
    "the discount for next year",
    "dashboard latency",
    "the SSO rollout",
    "invoice INV-{n}",
    "the data export",
    "seat expansion",
    "the security questionnaire",
    "the onboarding plan",
    "the API quota",
    "the outage last week",
    "contract signature",
    "the pilot results",
    "training sessions",
    "the migration timeline",
]
_WHEN = ["before Friday", "by end of quarter", "next week", "in March", "after the audit", "this month"]
QUERIES = [
    "When is the renewal due and what discount was offered?",
    "What did they say about the dashboard latency?",
    "Any open support tickets or escalations?",
    "Who signs the contract and when is the deadline?",
    "Status of the SSO rollout?",
    "Was the invoice paid?",
    "What came out of the pilot?",
    "Did they ask for more seats?",
]


def template_sentences(count: int, rng: random.Random) -> list[str]:
    """`count` distinct short business sentences."""
    found: set[str] = set()
    while len(found) < count:
        topic = rng.choice(_TOPIC).format(n=rng.randint(1000, 9999))
        found.add(f"{rng.choice(_WHO)} {rng.choice(_VERB)} {topic} {rng.choice(_WHEN)}.")
    return sorted(found)


@dataclass(frozen=True)
class Templates:
    """Template sentences and their unit vectors from the real embedder."""

    sentences: list[str]
    vectors: np.ndarray

    @classmethod
    def embed(cls, embeddings: Embedder, count: int) -> Templates:
        """Embed `count` template sentences once."""
        sentences = template_sentences(count, random.Random(count))
        vectors = np.asarray(embeddings.embed_documents(sentences), dtype=np.float32)
        return cls(sentences, vectors)


@dataclass
class Block:
    """A batch of synthetic interactions: their ids, accounts, texts and vectors."""

    ids: np.ndarray
    accounts: np.ndarray
    texts: list[str]
    vectors: np.ndarray
    # Each chunk's sentence vectors, as ingest writes them beside the chunk's (copilot.index.units).
    sentence_vectors: list[np.ndarray]


def synthetic_blocks(templates: Templates, size: int, accounts: int, seed: int) -> Iterator[Block]:
    """`size` interactions over `accounts` accounts, in blocks of BLOCK rows."""
    generator = np.random.default_rng(seed)
    low, high = SENTENCES_PER_CHUNK
    for start in range(0, size, BLOCK):
        n = min(BLOCK, size - start)
        picks = generator.integers(0, len(templates.sentences), size=(n, high))
        lengths = generator.integers(low, high + 1, size=n)
        vectors = np.zeros((n, templates.vectors.shape[1]), dtype=np.float32)
        for slot in range(high):  # one slot at a time keeps memory at one block of vectors
            vectors += templates.vectors[picks[:, slot]] * (slot < lengths)[:, None]
        vectors += generator.normal(0.0, NOISE, size=vectors.shape).astype(np.float32)
        vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
        texts = [
            " ".join(templates.sentences[p] for p in row[:length]) + f" Ref {start + i}."
            for i, (row, length) in enumerate(zip(picks.tolist(), lengths.tolist(), strict=True))
        ]
        ids = np.arange(start + 1, start + n + 1)
        sentences = [
            templates.vectors[row[:length]] for row, length in zip(picks, lengths.tolist(), strict=True)
        ]
        accounts_of = generator.integers(1, accounts + 1, size=n)
        yield Block(ids, accounts_of, texts, vectors.astype(np.float32), sentences)


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


def _insert_block(services: Services, block: Block, minutes: np.ndarray) -> None:
    start = datetime(2025, 1, 1, tzinfo=UTC)
    rows, chunks = [], []
    for i, account, text, minute in zip(
        block.ids.tolist(), block.accounts.tolist(), block.texts, minutes.tolist(), strict=True
    ):
        rows.append(_row(i, account, text, start + timedelta(minutes=minute)))
        chunk = {"interaction_id": i, "account_id": account, "ordinal": 0, "text": text}
        chunks.append({**chunk, "id": f"{i}-0", "token_count": len(text) // 4})
    with services.sessions() as session:
        session.execute(insert(Interaction), rows)
        session.execute(insert(Chunk), chunks)
        session.commit()


def _add_vectors(services: Services, per_account: dict[int, list[tuple[str, np.ndarray]]]) -> None:
    for account, items in per_account.items():
        ids = [cid for cid, _ in items]
        metadata = [_metadata(account, cid) for cid in ids]
        services.vector_index.upsert(account, ids, np.stack([v for _, v in items]).tolist(), metadata)


def _metadata(account: int, vector_id: str) -> dict[str, object]:
    chunk = vector_id.split("/")[0]
    found: dict[str, object] = {
        "account_id": account,
        "interaction_id": int(chunk.split("-")[0]),
        "chunk_id": chunk,
    }
    if vector_id != chunk:
        found["unit"] = "sentence"
    return found


def _units(
    chunk_id: str, text: str, vector: np.ndarray, sentences: np.ndarray
) -> list[tuple[str, np.ndarray]]:
    """The chunk's vector and its sentences' (the templates' own vectors, in text order)."""
    if not len(sentences):
        return [(chunk_id, vector)]
    owned = chunk_sentences(chunk_id, text)
    assert len(owned) == len(sentences), "template sentences must split one per template"
    return [(chunk_id, vector), *((s.id, v) for s, v in zip(owned, sentences, strict=False))]


def seed(
    services: Services,
    templates: Templates,
    size: int,
    accounts: int,
    with_vectors: set[int] | None,
    sentence_accounts: set[int],
) -> float:
    """Bulk-insert the synthetic store (chunk vectors for `with_vectors` accounts, None: all; sentence
    vectors too for `sentence_accounts`); returns seconds."""
    started = time.perf_counter()
    with services.sessions() as session:
        session.execute(insert(Account), [{"id": a, "name": f"Account {a}"} for a in range(1, accounts + 1)])
        session.commit()
    minutes = np.random.default_rng(size).integers(0, 600_000, size=size)
    per_account: dict[int, list[tuple[str, np.ndarray]]] = {}
    pending = 0
    for block in synthetic_blocks(templates, size, accounts, seed=size):
        _insert_block(services, block, minutes[block.ids - 1])
        rows = zip(
            block.ids.tolist(),
            block.accounts.tolist(),
            block.texts,
            block.vectors,
            block.sentence_vectors,
            strict=True,
        )
        for i, account, text, vector, sentences in rows:
            if with_vectors is None or account in with_vectors:
                # Sentence vectors only where queries go: 6 per chunk would make seeding
                # 100k take most of an hour.
                owned = sentences if account in sentence_accounts else sentences[:0]
                per_account.setdefault(account, []).extend(_units(f"{i}-0", text, vector, owned))
        pending += len(block.ids)
        # Vectors go to Chroma in per-account batches of a few hundred (fewer, larger writes).
        if pending >= 4 * BLOCK or block.ids[-1] == size:
            _add_vectors(services, per_account)
            per_account, pending = {}, 0
    return time.perf_counter() - started


class TimedEmbeddings(Embedder):
    """The configured embedder, remembering how long the last query embedding took."""

    def __init__(self, inner: Embedder) -> None:
        self.inner = inner
        self.last_query_ms = 0.0

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        """Embed many texts (not timed)."""
        return self.inner.embed_documents(texts)

    def embed_query(self, text: str) -> list[float]:
        """Embed one query and time it."""
        started = time.perf_counter()
        vector = self.inner.embed_query(text)
        self.last_query_ms = (time.perf_counter() - started) * 1000
        return vector


@dataclass
class Build:
    """One build's total time and the part spent embedding the query (ms)."""

    total: float
    embedding: float


def _build(retriever: Retriever, services: Services, account: int, query: str) -> Build:
    settings = services.settings
    started = time.perf_counter()
    retriever.retrieve(
        account, query, top_k=settings.retrieval_top_k, token_budget=settings.retrieval_token_budget
    )
    total = (time.perf_counter() - started) * 1000
    embedder = retriever.embeddings
    return Build(total, embedder.last_query_ms if isinstance(embedder, TimedEmbeddings) else 0.0)


def _rss_mb() -> float:
    pages = int(Path("/proc/self/statm").read_text().split()[1])
    return pages * 4096 / 2**20


@dataclass
class Run:
    """One run's latencies and the load average while measured."""

    warm: list[Build]
    cold: list[Build]
    load: float


@dataclass(frozen=True)
class Plan:
    """Which accounts are the warm working set and which get one cold query in each run."""

    working: list[int]
    cold: list[list[int]]

    @classmethod
    def draw(cls, accounts: int, repeats: int) -> Plan:
        """A seeded, disjoint choice of working-set and cold accounts."""
        order = random.Random(accounts).sample(range(1, accounts + 1), accounts)
        size = max(1, accounts // WARM_SHARE)
        per_run = max(1, min(COLD_ACCOUNTS, (accounts - size) // repeats))
        cold = [order[size + n * per_run : size + (n + 1) * per_run] for n in range(repeats)]
        return cls(order[:size], cold)

    @property
    def measured(self) -> set[int]:
        """Every account a query goes to."""
        return {*self.working, *(a for run in self.cold for a in run)}


def measure_runs(services: Services, plan: Plan, queries: int) -> tuple[list[Run], float]:
    """Warm and cold latencies per run; also how much RSS (MB) loading the working set took."""
    rng = random.Random(len(plan.working))
    retriever = Retriever(services.sessions, TimedEmbeddings(services.embeddings), services.vector_index)
    gc.collect()
    before = _rss_mb()
    for account in plan.working:  # load the working set's snapshots
        _build(retriever, services, account, QUERIES[0])
    memory = _rss_mb() - before
    runs = []
    for batch in plan.cold:
        load = load_average() or 0.0
        warm = [
            _build(retriever, services, rng.choice(plan.working), QUERIES[q % len(QUERIES)])
            for q in range(queries)
        ]
        cold = [_build(retriever, services, a, QUERIES[i % len(QUERIES)]) for i, a in enumerate(batch)]
        runs.append(Run(warm, cold, load))
    return runs, memory


def _embed_p50(services: Services, queries: int) -> float:
    times = []
    for n in range(queries):
        started = time.perf_counter()
        services.embeddings.embed_query(QUERIES[n % len(QUERIES)])
        times.append((time.perf_counter() - started) * 1000)
    return percentile(times, 0.5)


def measure(
    size: int,
    accounts: int,
    embeddings: Embedder,
    templates: Templates,
    options: Options,
    queries: int,
    measured_only: bool = False,
) -> list[Figure]:
    """Warm and cold p50/p95 (ms) of grounded-context builds over `size` synthetic interactions."""
    with tempfile.TemporaryDirectory(prefix="bench-retrieval-", dir="/tmp") as tmp:
        services = Services(
            load_settings(data_dir=Path(tmp)),
            embeddings=embeddings,  # one embedder (and one ONNX model preparation) for all sizes
        )
        services.migrate()
        plan = Plan.draw(accounts, options.repeats)
        with_vectors = None if size <= ALL_VECTORS_UP_TO and not measured_only else plan.measured
        seconds = seed(services, templates, size, accounts, with_vectors, plan.measured)
        runs, memory = measure_runs(services, plan, queries)
        cache = snapshot_cache(services.vector_index)
        cached_mb = cache.nbytes / 2**20
        embed = _embed_p50(services, queries)
        services.engine.dispose()
    backend = services.settings.embedding_backend
    load = median([r.load for r in runs])
    vectors = "all accounts" if with_vectors is None else f"the {len(with_vectors)} measured accounts"
    vectors += f", sentence vectors for the {len(plan.measured)} measured accounts"
    common = (
        f"{size // accounts} chunks/account, vectors for {vectors}, {backend} query embedding, "
        f"seeded in {seconds:.0f} s"
    )
    warm_note = f"{queries} queries/run over {len(plan.working)} cached accounts; {common}"
    cold_note = f"first query of an account (loads its snapshot); {common}"
    goal = f"<= {GOAL_P95_MS:.0f} ms at 100k" if size == 100_000 else ""
    figures = _pair("", size, [[b.total for b in r.warm] for r in runs], load, warm_note, goal)
    figures += _pair("cold ", size, [[b.total for b in r.cold] for r in runs], load, cold_note, "")
    search_note = "warm build minus its query embedding: snapshot check, hybrid ranking, budget"
    searches = [[b.total - b.embedding for b in r.warm] for r in runs]
    figures += _pair("search-only ", size, searches, load, search_note, "")
    figures.append(
        Figure(
            "retrieval",
            f"snapshot memory @ {size:,}",
            cached_mb,
            "MB",
            load=load,
            note=(
                f"{cache.accounts} accounts ({cache.chunks:,} chunks) cached at the end; "
                f"RSS grew {memory:.0f} MB loading the {len(plan.working)} working-set accounts"
            ),
        )
    )
    figures.append(
        Figure(
            "retrieval",
            f"query embedding p50 @ {size:,}",
            embed,
            "ms",
            load=load,
            note=f"in the build ({backend})",
        )
    )
    return figures


def _pair(
    kind: str, size: int, runs: list[list[float]], load: float | None, note: str, goal: str
) -> list[Figure]:
    p50s = [percentile(r, 0.5) for r in runs if r]
    p95s = [percentile(r, 0.95) for r in runs if r]
    p95 = median(p95s)
    met = None if not goal or p95 is None else p95 <= GOAL_P95_MS
    return [
        Figure("retrieval", f"{kind}p50 @ {size:,}", median(p50s), "ms", runs=p50s, load=load, note=note),
        Figure(
            "retrieval",
            f"{kind}p95 @ {size:,}",
            p95,
            "ms",
            goal=goal,
            met=met,
            runs=p95s,
            load=load,
            note=note,
        ),
    ]


def _growth(figures: list[Figure], kind: str, sizes: list[int]) -> Figure | None:
    by_name = {f.name: f.value for f in figures}
    first, last = by_name.get(f"{kind}p95 @ {sizes[0]:,}"), by_name.get(f"{kind}p95 @ {sizes[-1]:,}")
    if len(sizes) < 2 or not first or last is None:
        return None
    growth = last / first
    label = f"{kind}p95 growth {sizes[0]:,} -> {sizes[-1]:,}"
    goal = "<= 2 (10k -> 1M)" if not kind else ""
    return Figure("retrieval", label, growth, "x", goal=goal, met=growth <= 2 if goal else None)


def run(options: Options, only: list[int] | None = None, measured_only: bool = False) -> list[Figure]:
    """Measure at each size (or `only` these), then the growth of warm and cold p95 across sizes."""
    # Quick mode keeps 20 chunks per account but far fewer Chroma collections (each costs set-up time).
    sizes, accounts = ([2_000], 100) if options.quick else (only or list(SIZES), ACCOUNTS)
    figures: list[Figure] = []
    with tempfile.TemporaryDirectory(prefix="bench-embedder-", dir="/tmp") as tmp:
        embeddings = Services(load_settings(data_dir=Path(tmp))).embeddings
        templates = Templates.embed(embeddings, 300 if options.quick else 3000)
        for size in sizes:
            queries = 30 if options.quick else 200
            measured = measure(size, accounts, embeddings, templates, options, queries, measured_only)
            for figure in measured:  # progress, and figures survive an interrupted long run
                print(json.dumps(figure.as_dict()), file=sys.stderr, flush=True)
            figures.extend(measured)
    for kind in ("", "cold "):
        growth = _growth(figures, kind, sizes)
        if growth is not None:
            figures.append(growth)
    return figures


if __name__ == "__main__":
    # `python -m benchmarks.retrieval_suite [--measured-only] [--repeats N] 100000`: chosen sizes only,
    # and with --measured-only vectors only for the queried accounts (a cheap run on a shared machine).
    args = sys.argv[1:]
    repeats = int(args[args.index("--repeats") + 1]) if "--repeats" in args else 2
    chosen = [int(a) for n, a in enumerate(args) if a.isdigit() and (n == 0 or args[n - 1] != "--repeats")]
    for found in run(Options(repeats=repeats), chosen or None, "--measured-only" in args):
        print(json.dumps(found.as_dict()))
