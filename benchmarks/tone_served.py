"""/v1/tone served for real: texts/s through `copilot serve --workers W` from C concurrent clients.

The in-process figures of the tone suite send one request at a time through Starlette's test client,
so they use one core. A deployment on 2 cores runs `copilot serve --workers 2` (README, "Scaling out")
and takes requests from many clients at once; this module measures that. It starts the real server
(api_read_suite.running: ready on /readyz, then idle after its warm start) on a loopback port over the
tone suite's temporary data dir and user, warms every worker's tone models, then sends the suite's
workload (half inbound, half outbound) as one text per POST /v1/tone from C keep-alive connections,
spread evenly over the workers (`_connected` says why), driven by one asyncio loop in this process:
the lightest client we have, and it shares the 2 cores with the server, so its CPU is part of the
figure. Every answer must be 200, or the run fails.

    python -m benchmarks --suite tone --repeats 3          # with the in-process figures
    python -m benchmarks.tone_served --workers 1 2 --clients 2 4 8   # other counts, served only
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from benchmarks.api_read_suite import copilot_command, free_port, process_tree_cpu, running
from benchmarks.common import Figure, Options, load_average, median

WORKERS = (1, 2)
CLIENTS = 4
# Rate limiting stays on (every request pays for it) but never answers 429.
RATE_LIMIT_PER_MINUTE = 100_000_000
# Warm-up: requests per worker and direction, each on a new connection so the kernel spreads them
# over the workers; a worker that served none of them has cold tone models.
WARM_REQUESTS_PER_WORKER = 16
WARM_MIN_CPU_S = 0.02
SPREAD_ATTEMPTS = 50

Request = tuple[str, dict[str, Any]]  # path, JSON body


@dataclass(frozen=True)
class Drive:
    """What one concurrent run saw: answers by HTTP status, wall seconds, this process's CPU seconds."""

    statuses: Counter[int]
    wall_s: float
    client_cpu_s: float
    first_error: str = ""

    @property
    def requests(self) -> int:
        """How many requests were answered."""
        return sum(self.statuses.values())

    def check(self) -> None:
        """Fail unless every answer was 200: anything else means the figure measured the wrong thing."""
        bad = {status: n for status, n in sorted(self.statuses.items()) if status != 200}
        if bad:
            raise RuntimeError(
                f"/v1/tone served: {sum(bad.values())} of {self.requests} answers were not 200 "
                f"(by status: {bad}); first: {self.first_error}"
            )


Spread = Callable[[], bool]  # are the open connections spread evenly over the workers?


async def _open(
    base: str, headers: dict[str, str], clients: int, keep_alive: bool
) -> list[httpx.AsyncClient]:
    """One HTTP client per simulated client, each opening its connection in turn (a connection
    opened while another is pending is accepted by the same worker, see `_connected`)."""
    opened = []
    for _ in range(clients):
        limits = httpx.Limits(max_connections=1, max_keepalive_connections=1 if keep_alive else 0)
        http = httpx.AsyncClient(base_url=base, headers=headers, limits=limits, timeout=60)
        opened.append(http)
        if keep_alive:
            (await http.get("/healthz")).raise_for_status()
    return opened


async def _connected(
    base: str, headers: dict[str, str], clients: int, keep_alive: bool, spread: Spread | None
) -> list[httpx.AsyncClient]:
    """Open the clients' connections, again until `spread` approves them. uvicorn's workers share
    one listening socket and a worker accepts every connection pending when it wakes, so a few
    connections opened together can all land on one worker; many clients arriving over time spread
    out, and that deployment is what the figure is about."""
    for _ in range(SPREAD_ATTEMPTS):
        opened = await _open(base, headers, clients, keep_alive)
        if spread is None or spread():
            return opened
        for http in opened:
            await http.aclose()
    raise RuntimeError(f"{clients} connections not spread over the workers in {SPREAD_ATTEMPTS} attempts")


async def _drive(
    base: str,
    requests: Sequence[Request],
    headers: dict[str, str],
    clients: int,
    keep_alive: bool,
    spread: Spread | None,
) -> Drive:
    statuses: Counter[int] = Counter()
    errors: list[str] = []
    pending = iter(requests)

    async def client(http: httpx.AsyncClient) -> None:
        for path, body in pending:  # one iterator shared by all clients: each request is sent once
            answer = await http.post(path, json=body)
            statuses[answer.status_code] += 1
            if answer.status_code != 200 and not errors:
                errors.append(f"{path}: HTTP {answer.status_code}: {answer.text[:200]}")

    opened = await _connected(base, headers, clients, keep_alive, spread)
    try:
        wall, cpu = time.perf_counter(), time.process_time()
        await asyncio.gather(*(client(http) for http in opened))
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    finally:
        for http in opened:
            await http.aclose()
    return Drive(statuses, wall, cpu, errors[0] if errors else "")


def drive(
    base: str,
    requests: Sequence[Request],
    headers: dict[str, str],
    clients: int,
    *,
    keep_alive: bool = True,
    spread: Spread | None = None,
) -> Drive:
    """Send every request once from `clients` concurrent clients, each on its own connection (one
    asyncio loop, one thread); without keep-alive every request opens a new connection."""
    return asyncio.run(_drive(base, requests, headers, clients, keep_alive, spread))


def _socket_inodes(pid: int) -> set[str]:
    inodes = set()
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            target = str(fd.readlink())
        except OSError:
            continue  # closed while listed
        if target.startswith("socket:["):
            inodes.add(target[8:-1])
    return inodes


def connections_by_worker(port: int, pids: Sequence[int]) -> list[int]:
    """How many established connections to `port` each worker holds (from /proc/net/tcp)."""
    local = f"0100007F:{port:04X}"
    established = set()
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        fields = line.split()
        if fields[1] == local and fields[3] == "01":
            established.add(fields[9])
    return [len(_socket_inodes(pid) & established) for pid in pids]


def evenly_spread(port: int, pids: Sequence[int], clients: int) -> Spread:
    """A check that every worker holds its share of the clients' connections (give or take one)."""

    def check() -> bool:
        held = connections_by_worker(port, pids)
        return sum(held) == clients and max(held) - min(held) <= 1

    return check


def worker_pids(server: subprocess.Popen[bytes], workers: int) -> list[int]:
    """The processes that answer requests: the server itself with one worker, else its spawned children."""
    if workers == 1:
        return [server.pid]
    pids = []
    for pid in process_tree_cpu(server.pid):
        try:
            command = Path(f"/proc/{pid}/cmdline").read_bytes()
        except OSError:
            continue
        if pid != server.pid and b"spawn_main" in command:
            pids.append(pid)
    if len(pids) != workers:
        raise RuntimeError(f"expected {workers} uvicorn workers under {server.pid}, found {pids}")
    return sorted(pids)


def cpu_by_worker(server: subprocess.Popen[bytes], pids: list[int]) -> list[float]:
    """CPU seconds used so far by each worker."""
    used = process_tree_cpu(server.pid)
    return [used.get(pid, 0.0) for pid in pids]


def warm(base: str, headers: dict[str, str], server: subprocess.Popen[bytes], pids: list[int]) -> None:
    """Load every worker's tone models (the politeness model loads on first use, not at warm start):
    both directions on new connections until each worker has answered some, or fail."""
    inbound = {"text": "Why is the export still broken? Please fix it.", "direction": "inbound"}
    outbound = {"text": "Could you send the signed order form today?", "direction": "outbound"}
    count = WARM_REQUESTS_PER_WORKER * len(pids)
    requests = [("/v1/tone", inbound), ("/v1/tone", outbound)] * count
    before = cpu_by_worker(server, pids)
    drive(base, requests, headers, clients=2 * len(pids), keep_alive=False).check()
    gained = [after - start for after, start in zip(cpu_by_worker(server, pids), before, strict=True)]
    cold = [pid for pid, cpu in zip(pids, gained, strict=True) if cpu < WARM_MIN_CPU_S]
    if cold:
        raise RuntimeError(f"warm-up: workers {cold} answered none of {len(requests)} requests")


def server_env(data_dir: Path) -> dict[str, str]:
    """The environment `copilot serve` reads its settings from: the prepared data dir."""
    return {
        **os.environ,
        "COPILOT_DATA_DIR": str(data_dir),
        "COPILOT_RATE_LIMIT_PER_MINUTE": str(RATE_LIMIT_PER_MINUTE),
    }


@dataclass(frozen=True)
class Served:
    """A running `copilot serve`: where it listens, its process and its workers' pids."""

    port: int
    process: subprocess.Popen[bytes]
    pids: list[int]

    @property
    def base(self) -> str:
        """The base URL."""
        return f"http://127.0.0.1:{self.port}"


@contextmanager
def served(data_dir: Path, workers: int) -> Iterator[Served]:
    """`copilot serve --workers N --no-access-log` on a free loopback port, ready and idle."""
    port = free_port()
    ready = f"http://127.0.0.1:{port}/readyz"
    with running(copilot_command(port, workers), ready, server_env(data_dir)) as process:
        yield Served(port, process, worker_pids(process, workers))


def _figure(
    suite: str,
    workers: int,
    runs: list[Drive],
    loads: list[float],
    worker_cpu: list[list[float]],
    clients: int,
    goal: float | None,
) -> Figure:
    rates = [round(run.requests / run.wall_s, 1) for run in runs]
    value = median(rates)
    shares = "; ".join("/".join(f"{cpu:.2f}" for cpu in repeat) for repeat in worker_cpu)
    client = median([run.client_cpu_s for run in runs]) or 0.0
    # What the whole system (server and client) spends per text: on 2 idle cores the wall figure
    # could reach twice this; below that, the cores were shared or idle.
    per_cpu = median(
        [run.requests / (sum(cpu) + run.client_cpu_s) for run, cpu in zip(runs, worker_cpu, strict=True)]
    )
    return Figure(
        suite,
        f"/v1/tone served, {workers} worker{'s' if workers > 1 else ''}, {clients} clients, "
        "one text per request (wall)",
        value,
        "texts/s",
        f">= {goal:.0f}" if goal is not None else "",
        (value or 0) >= goal if goal is not None else None,
        rates,
        median(loads),
        note=f"copilot serve --workers {workers} --no-access-log; {clients} keep-alive httpx clients in "
        f"one asyncio loop on the same 2 cores (client {client:.2f} CPU-s per run); "
        f"worker CPU-s per run: {shares}; {per_cpu or 0:.0f} texts per CPU-second, server and client",
    )


def measure(
    suite: str,
    data_dir: Path,
    headers: dict[str, str],
    requests: Sequence[Request],
    options: Options,
    goal: float,
    *,
    workers: Sequence[int] = WORKERS,
    clients: Sequence[int] = (CLIENTS,),
) -> list[Figure]:
    """Texts/s wall, median of the repeats, per worker count and client count; the goal marks the
    2-worker figure with the default client count (the deployment the goal describes)."""
    figures = []
    for count in workers:
        with served(data_dir, count) as server:
            warm(server.base, headers, server.process, server.pids)
            for concurrent in clients:
                runs, loads, worker_cpu = _repeats(server, headers, requests, concurrent, options.repeats)
                has_goal = count == max(WORKERS) and concurrent == CLIENTS
                figures.append(
                    _figure(suite, count, runs, loads, worker_cpu, concurrent, goal if has_goal else None)
                )
    return figures


def _repeats(
    server: Served, headers: dict[str, str], requests: Sequence[Request], clients: int, repeats: int
) -> tuple[list[Drive], list[float], list[list[float]]]:
    spread = evenly_spread(server.port, server.pids, clients)
    runs, loads, worker_cpu = [], [], []
    for _ in range(repeats):
        loads.append(load_average() or 0.0)
        before = cpu_by_worker(server.process, server.pids)
        run = drive(server.base, requests, headers, clients, spread=spread)
        run.check()
        after = cpu_by_worker(server.process, server.pids)
        runs.append(run)
        worker_cpu.append([b - a for a, b in zip(before, after, strict=True)])
    return runs, loads, worker_cpu


def main() -> None:
    """`python -m benchmarks.tone_served [--workers N ...] [--clients C ...]`: the served figures
    alone, for other worker and client counts than the suite's."""
    import argparse
    import tempfile

    from benchmarks import tone_suite
    from benchmarks.report import render

    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("--workers", type=int, nargs="+", default=list(WORKERS))
    parser.add_argument("--clients", type=int, nargs="+", default=[CLIENTS])
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    texts = tone_suite.workload(tone_suite.TEXTS[False])
    with tempfile.TemporaryDirectory(prefix="bench-tone-served-") as tmp:
        data_dir = Path(tmp) / "data"
        headers = tone_suite.bench_user(data_dir)
        requests = tone_suite.requests_for(texts, batched=False)
        figures = measure(
            tone_suite.SUITE, data_dir, headers, requests, Options(repeats=args.repeats),
            tone_suite.GOAL_TEXTS_PER_S, workers=args.workers, clients=args.clients,
        )  # fmt: skip
    print(render(figures, notes=[]))


if __name__ == "__main__":
    main()
