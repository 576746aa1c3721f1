"""/v1/tone throughput: texts per second through the real app (auth, limits, validation, the ONNX
MiniLM and the politeness model for outbound texts, the tuned frustration graph for inbound ones,
JSON), one text per request and 64 texts per /v1/tone/batch request.

The app runs in-process behind Starlette's TestClient (no socket), one request at a time, on a
temporary SQLite data dir with one user. Workload: 256 short customer-style messages built from
a fixed vocabulary (no corpus needed), half inbound and half outbound. Wall time on this shared
machine depends on the load, so each figure is also given per CPU-second of this process, which
includes the client's own work and is therefore conservative.

These in-process figures use one core. The goal (>= 200 texts/s on 2 cores) is about a deployment,
so it is marked on the served figures (benchmarks/tone_served.py): the same one-text requests sent by
4 concurrent clients to `copilot serve` with 1 and with 2 workers.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

from benchmarks import tone_served
from benchmarks.common import Figure, Options, load_average, median
from copilot.api.app import create_app
from copilot.auth import create_user
from copilot.config import load_settings
from copilot.container import Services
from copilot.db.models import Role

SUITE = "tone"
GOAL_TEXTS_PER_S = 200.0
BATCH = 64
TEXTS = {False: 256, True: 64}
# The goal is about a deployment (2 cores, concurrent clients): it is marked on the served 2-worker
# figure (tone_served), not on these.
IN_PROCESS_NOTE = "test client, one request at a time (one core); the goal is the served figure's"

_OPENINGS = (
    "Thanks for the update",
    "Why is the export still broken",
    "Could you send the invoice again",
    "We need this fixed today",
    "I appreciate the quick reply",
    "This is the third time I ask",
)
_MIDDLES = (
    "on the reporting dashboard",
    "for the March renewal",
    "after yesterday's release",
    "before our board meeting",
    "for the Berlin team",
    "in the admin console",
)
_ENDINGS = (
    "Please let me know.",
    "Honestly, this is not acceptable.",
    "Have a great weekend!",
    "Can you call me back?",
    "Otherwise we will look elsewhere.",
    "Best regards.",
)


def workload(n: int) -> list[str]:
    """n distinct two-sentence messages, deterministic."""
    texts = []
    for i in range(n):
        a, b, c = _OPENINGS[i % 6], _MIDDLES[(i // 6) % 6], _ENDINGS[(i // 36) % 6]
        texts.append(f"{a} {b} (ticket {i}). {c}")
    return texts


def _services(data_dir: Path) -> tuple[Services, dict[str, str]]:
    settings = load_settings(data_dir=data_dir, rate_limit_per_minute=100_000_000)
    services = Services(settings)
    services.migrate()
    with services.sessions() as session, session.begin():
        _, key = create_user(session, name="bench", role=Role.REP, team="east")
    return services, {"Authorization": f"Bearer {key}"}


def bench_user(data_dir: Path) -> dict[str, str]:
    """A fresh, migrated data dir with one user; that user's auth header."""
    services, headers = _services(data_dir)
    services.engine.dispose()
    return headers


def _client(data_dir: Path) -> tuple[TestClient, dict[str, str]]:
    """The app in-process over a fresh data dir with one user (the served figures reuse both)."""
    services, headers = _services(data_dir)
    return TestClient(create_app(services=services)), headers


def _timed(
    send: list[tuple[str, dict[str, object]]], client: TestClient, headers: dict[str, str]
) -> tuple[float, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    for path, body in send:
        response = client.post(path, json=body, headers=headers)
        if response.status_code != 200:
            raise RuntimeError(f"{path}: HTTP {response.status_code}: {response.text[:200]}")
    return time.perf_counter() - wall, time.process_time() - cpu


def requests_for(texts: list[str], batched: bool) -> list[tuple[str, dict[str, Any]]]:
    """The workload as (path, body): half inbound, half outbound; one text each or batches of 64."""
    half = len(texts) // 2
    directed = [(t, "inbound") for t in texts[:half]] + [(t, "outbound") for t in texts[half:]]
    if not batched:
        return [("/v1/tone", {"text": t, "direction": d}) for t, d in directed]
    groups = [texts[:half], texts[half:]]
    return [
        ("/v1/tone/batch", {"texts": group[i : i + BATCH], "direction": direction})
        for group, direction in zip(groups, ("inbound", "outbound"), strict=True)
        for i in range(0, len(group), BATCH)
    ]


def run(options: Options) -> list[Figure]:
    """Texts/s in-process (wall and per CPU-second) for single and batched requests, then served by
    `copilot serve` with 1 and 2 workers to concurrent clients (tone_served); medians of the repeats."""
    texts = workload(TEXTS[options.quick])
    with tempfile.TemporaryDirectory(prefix="bench-tone-") as tmp:
        data_dir = Path(tmp) / "data"
        figures, headers = _in_process(texts, data_dir, options)
        served = tone_served.measure(
            SUITE, data_dir, headers, requests_for(texts, batched=False), options, GOAL_TEXTS_PER_S
        )
    return figures + served


def _in_process(texts: list[str], data_dir: Path, options: Options) -> tuple[list[Figure], dict[str, str]]:
    figures = []
    client, headers = _client(data_dir)
    with client:
        _timed(requests_for(texts[:8], batched=False), client, headers)  # load the models first
        for batched, name in (
            (False, "/v1/tone in-process, one text per request"),
            (True, "/v1/tone/batch in-process, 64 per request"),
        ):
            walls, cpus, loads = [], [], []
            for _ in range(options.repeats):
                loads.append(load_average() or 0.0)
                wall, cpu = _timed(requests_for(texts, batched), client, headers)
                walls.append(len(texts) / wall)
                cpus.append(len(texts) / cpu)
            load = median(loads)
            value = median(walls)
            per_cpu = median(cpus)
            figures.append(
                Figure(
                    SUITE,
                    f"{name} (wall)",
                    value,
                    "texts/s",
                    runs=walls,
                    load=load,
                    note=IN_PROCESS_NOTE,
                )
            )
            figures.append(
                Figure(
                    SUITE,
                    f"{name} (per CPU-second)",
                    per_cpu,
                    "texts/s",
                    runs=cpus,
                    load=load,
                    note="process CPU time, client included",
                )
            )
    return figures, headers
