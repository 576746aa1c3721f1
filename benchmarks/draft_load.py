"""Fire N simultaneous draft requests at a real `copilot serve` (embedded model) and account for every one.

    python -m benchmarks.draft_load [--requests 50] [--workers 1] [--timeout 3600] [--json]

Sets up a temp data dir (SQLite, embedded Chroma) through the CLI (`copilot init`, `copilot sample
load`, `copilot users add`), starts `copilot serve` as a subprocess with the default settings (the
embedded model, the default generation worker pool), sends every request at the same instant, then
waits until each draft is terminal. It reports how many were accepted, completed, failed (with
reasons) and lost, the queue wait of each job (enqueued -> claimed by a worker, from the job rows), the
drain time, the generation time per draft, and the server's peak memory (VmHWM and sampled RSS of the
server process tree).
Exit status 1 when any request was lost or still unfinished at the timeout.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import httpx

from benchmarks.common import load_average, percentile

if TYPE_CHECKING:
    from copilot.config import Settings

TERMINAL = {"pending_review", "failed", "approved", "rejected", "sent", "exported"}
PURPOSES = (
    "Confirm the renewal timeline and next steps",
    "Follow up on the open support issue",
    "Thank them for the call and share the agreed actions",
)
REP = ("loadrep", "east")  # a rep of the sample's east team: sees that team's accounts


@dataclass
class Request:
    """One POST /v1/drafts: its HTTP outcome and, when accepted, the draft's final state."""

    n: int
    code: int | None = None  # None: no HTTP answer at all
    draft_id: int | None = None
    error: str | None = None
    status: str | None = None
    failure_reason: str | None = None
    model_latency_s: float | None = None


@dataclass
class Job:
    """The generation job rows of one draft, reduced to what the report needs."""

    draft_id: int
    state: str
    attempts: int
    queue_wait_s: float | None
    run_s: float | None
    error: str | None
    enqueued_at: datetime
    finished_at: datetime | None


@dataclass
class Outcome:
    """Each request accounted for: accepted, refused, completed, failed, unfinished at timeout, or lost."""

    accepted: int = 0
    refused: dict[str, int] = field(default_factory=dict)
    completed: int = 0
    failed: int = 0
    failure_reasons: dict[str, int] = field(default_factory=dict)
    unfinished: list[str] = field(default_factory=list)
    lost: list[str] = field(default_factory=list)


def classify(requests: list[Request], jobs: dict[int, list[Job]]) -> Outcome:
    """Account for each request: lost unless refused cleanly or its draft ended terminal with a job."""
    outcome = Outcome()
    refused: Counter[str] = Counter()
    reasons: Counter[str] = Counter()
    for request in requests:
        if request.code is None or request.draft_id is None:
            if request.code is not None and 400 <= request.code < 600 and request.error:
                refused[str(request.code)] += 1  # a clean refusal: status code and an error body
            else:
                outcome.lost.append(f"request {request.n}: no usable answer ({request.error})")
            continue
        outcome.accepted += 1
        active = [j.state for j in jobs.get(request.draft_id, []) if j.state in ("queued", "running")]
        if request.status not in TERMINAL and active:
            outcome.unfinished.append(f"draft {request.draft_id}: job {active[-1]} at the timeout")
        elif request.status not in TERMINAL:
            outcome.lost.append(f"draft {request.draft_id}: still {request.status}, no active job")
        elif not jobs.get(request.draft_id):
            outcome.lost.append(f"draft {request.draft_id}: {request.status} without any job row")
        elif request.status == "failed":
            if not request.failure_reason:
                outcome.lost.append(f"draft {request.draft_id}: failed without a reason")
                continue
            outcome.failed += 1
            reasons[request.failure_reason[:120]] += 1
        else:
            outcome.completed += 1
    outcome.refused, outcome.failure_reasons = dict(refused), dict(reasons)
    return outcome


def _cli(env: dict[str, str], *args: str, timeout: float = 1800) -> str:
    command = [str(Path(sys.executable).with_name("copilot")), *args]
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=timeout, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"`copilot {' '.join(args)}` failed ({done.returncode}): {done.stderr[-2000:]}")
    return done.stdout


def prepare(env: dict[str, str]) -> tuple[str, dict[str, Any]]:
    """Schema, sample CRM and a rep's API key, all through the CLI; returns the key and the load summary."""
    _cli(env, "init")
    loaded = json.loads(_cli(env, "sample", "load", "--json"))
    user = json.loads(_cli(env, "users", "add", REP[0], "--role", "rep", "--team", REP[1], "--json"))
    return str(user["api_key"]), loaded


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def serve(env: dict[str, str], workers: int, log: Path) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """`copilot serve` on a free loopback port until the block ends (SIGTERM lets running jobs finish)."""
    port = _free_port()
    command = [str(Path(sys.executable).with_name("copilot")), "serve", "--host", "127.0.0.1"]
    command += ["--port", str(port), "--workers", str(workers)]
    base = f"http://127.0.0.1:{port}"
    with log.open("wb") as sink:
        process = subprocess.Popen(
            command, env=env, stdout=sink, stderr=subprocess.STDOUT, preexec_fn=_die_with_parent
        )
        try:
            _wait_ready(base, process, log)
            yield base, process
        finally:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _die_with_parent() -> None:
    # A benchmark killed outright (a test timeout sends SIGKILL) must not leave a model server behind.
    import ctypes

    pr_set_pdeathsig = 1
    ctypes.CDLL("libc.so.6", use_errno=True).prctl(pr_set_pdeathsig, signal.SIGTERM)


def _wait_ready(base: str, process: subprocess.Popen[bytes], log: Path, timeout: float = 180) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"copilot serve exited: {log.read_text(errors='replace')[-2000:]}")
        try:
            if httpx.get(f"{base}/healthz", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    raise TimeoutError(f"copilot serve did not answer within {timeout}s")


def _tree(pid: int) -> list[int]:
    """The process and all its descendants (uvicorn --workers N forks one child per worker)."""
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        try:
            children = Path(f"/proc/{current}/task/{current}/children").read_text().split()
        except OSError:
            continue
        todo += [int(c) for c in children]
    return found


def _status_kb(pid: int, key: str) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(f"{key}:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


class MemoryWatch:
    """Samples the server tree's summed RSS; `peaks()` adds each process's own high-water mark (VmHWM)."""

    def __init__(self, pid: int, every: float = 0.5) -> None:
        self.pid, self.every = pid, every
        self.peak_rss_kb = 0
        self.hwm_kb: dict[int, int] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)

    def __enter__(self) -> MemoryWatch:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()
        self._sample()  # the high-water marks must be read while the processes are alive

    def _sample(self) -> None:
        pids = _tree(self.pid)
        self.peak_rss_kb = max(self.peak_rss_kb, sum(_status_kb(p, "VmRSS") for p in pids))
        for pid in pids:
            self.hwm_kb[pid] = max(self.hwm_kb.get(pid, 0), _status_kb(pid, "VmHWM"))

    def _loop(self) -> None:
        while not self._stop.wait(self.every):
            self._sample()

    def peaks(self) -> dict[str, Any]:
        """Peak summed RSS (sampled) and the per-process VmHWM (exact, per process), in MiB."""
        return {
            "peak_tree_rss_mib": round(self.peak_rss_kb / 1024, 1),
            "vmhwm_mib_by_pid": {str(p): round(kb / 1024, 1) for p, kb in sorted(self.hwm_kb.items())},
            "vmhwm_sum_mib": round(sum(self.hwm_kb.values()) / 1024, 1),
        }


def visible_accounts(base: str, key: str) -> list[int]:
    """The rep's accounts, via the API (what the rep may request drafts for)."""
    answer = httpx.get(f"{base}/v1/accounts", headers={"Authorization": f"Bearer {key}"}, timeout=30)
    answer.raise_for_status()
    ids = [int(a["id"]) for a in answer.json()]
    if not ids:
        raise RuntimeError("the load rep sees no account; did the sample load?")
    return ids


def fire(base: str, key: str, account_ids: list[int], count: int) -> list[Request]:
    """Send `count` draft requests released by one barrier, each on its own connection."""
    barrier = threading.Barrier(count)

    def one(n: int) -> Request:
        request = Request(n)
        body = {"account_id": account_ids[n % len(account_ids)], "purpose": PURPOSES[n % len(PURPOSES)]}
        with httpx.Client(base_url=base, timeout=120) as http:
            barrier.wait()
            try:
                answer = http.post("/v1/drafts", json=body, headers={"Authorization": f"Bearer {key}"})
            except httpx.HTTPError as exc:
                request.error = f"{type(exc).__name__}: {exc}"
                return request
        request.code = answer.status_code
        if answer.status_code == 202:
            request.draft_id = int(answer.json()["id"])
        else:
            request.error = answer.text[:200]
        return request

    with ThreadPoolExecutor(count) as pool:
        return list(pool.map(one, range(count)))


def drain(base: str, key: str, requests: list[Request], timeout: float) -> float:
    """Wait until every accepted draft is terminal (or `timeout`); fills in final states; returns seconds."""
    started = time.perf_counter()
    pending = {r.draft_id: r for r in requests if r.draft_id is not None}
    headers = {"Authorization": f"Bearer {key}"}
    with httpx.Client(base_url=base, timeout=60, headers=headers) as http:
        while pending and time.perf_counter() - started < timeout:
            depth = http.get("/v1/jobs/queue").json()
            # Poll the drafts themselves only once the queue looks empty (keeps under the rate limit).
            if depth["queued"] + depth["running"] == 0 or len(pending) <= 5:
                for draft_id, request in list(pending.items()):
                    _read_draft(http, draft_id, request)
                    if request.status in TERMINAL:
                        del pending[draft_id]
            time.sleep(2)
        for draft_id, request in pending.items():
            _read_draft(http, draft_id, request)
    return time.perf_counter() - started


def _read_draft(http: httpx.Client, draft_id: int, request: Request) -> None:
    draft = http.get(f"/v1/drafts/{draft_id}").json()
    request.status, request.failure_reason = draft.get("status"), draft.get("failure_reason")
    latency = (draft.get("timings") or {}).get("latency_s")
    request.model_latency_s = float(latency) if latency is not None else None


def _settings(data_dir: Path) -> Settings:
    # The same environment the server saw, so the same settings (worker pool size, database).
    from copilot.config import load_settings

    return load_settings(data_dir=data_dir, database_url=None, chroma_host=None)


def read_jobs(data_dir: Path) -> dict[int, list[Job]]:
    """Every generation job row, by draft (the queue wait comes from the rows the workers wrote)."""
    from sqlalchemy import select

    from copilot.container import Services
    from copilot.db.models import GenerationJob

    services = Services(_settings(data_dir))
    jobs: dict[int, list[Job]] = {}
    with services.sessions() as session:
        for row in session.scalars(select(GenerationJob).order_by(GenerationJob.id)):
            wait = (row.started_at - row.enqueued_at).total_seconds() if row.started_at else None
            run = (
                (row.finished_at - row.started_at).total_seconds()
                if row.finished_at and row.started_at
                else None
            )
            jobs.setdefault(row.draft_id, []).append(
                Job(
                    row.draft_id,
                    row.state,
                    row.attempts,
                    wait,
                    run,
                    row.error,
                    row.enqueued_at,
                    row.finished_at,
                )
            )
    services.engine.dispose()
    return jobs


def _spread(values: list[float]) -> dict[str, float | int | None]:
    if not values:
        return {"n": 0, "p50": None, "p95": None, "max": None}
    return {
        "n": len(values),
        "p50": round(percentile(values, 0.5), 2),
        "p95": round(percentile(values, 0.95), 2),
        "max": round(max(values), 2),
    }


def report(
    requests: list[Request], jobs: dict[int, list[Job]], drain_s: float, memory: dict[str, Any]
) -> dict[str, Any]:
    """The JSON report: outcome counts, queue wait and generation spreads (seconds), drain time, memory."""
    outcome = classify(requests, jobs)
    mine = [j for r in requests if r.draft_id is not None for j in jobs.get(r.draft_id, [])]
    finished = [j.finished_at for j in mine if j.finished_at is not None]
    return {
        "requests": len(requests),
        **asdict(outcome),
        "lost_count": len(outcome.lost),
        "queue_wait_s": _spread([j.queue_wait_s for j in mine if j.queue_wait_s is not None]),
        "job_run_s": _spread([j.run_s for j in mine if j.run_s is not None]),
        "model_latency_s": _spread([r.model_latency_s for r in requests if r.model_latency_s is not None]),
        "job_attempts": dict(Counter(str(j.attempts) for j in mine)),
        "queue_drain_s": round((max(finished) - min(j.enqueued_at for j in mine)).total_seconds(), 1)
        if finished
        else None,
        "client_wait_after_posts_s": round(drain_s, 1),
        "memory": memory,
    }


def run(requests: int, workers: int, timeout: float, keep: Path | None) -> dict[str, Any]:
    """Set up, serve, fire, drain, and report; the data dir is removed unless `keep` is given."""
    root = Path(tempfile.mkdtemp(prefix="copilot-draft-load-"))
    data_dir = keep or root / "data"
    # Always a throwaway SQLite database and embedded Chroma: never load the sample into a configured one.
    env = {k: v for k, v in os.environ.items() if k not in ("COPILOT_DATABASE_URL", "COPILOT_CHROMA_HOST")}
    env.update(COPILOT_DATA_DIR=str(data_dir), ANONYMIZED_TELEMETRY="False")
    try:
        setup_started = time.perf_counter()
        key, loaded = prepare(env)
        setup_s = time.perf_counter() - setup_started
        load_before = load_average()
        with serve(env, workers, root / "serve.log") as (base, process), MemoryWatch(process.pid) as watch:
            accounts = visible_accounts(base, key)
            fired = fire(base, key, accounts, requests)
            drain_s = drain(base, key, fired, timeout)
        result = report(fired, read_jobs(data_dir), drain_s, watch.peaks())
        return {
            "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "uvicorn_workers": workers,
            "generation_threads_per_worker": _settings(data_dir).worker_pool_size,
            "accounts_targeted": len(accounts),
            "sample": {k: v for k, v in loaded.items() if isinstance(v, int | float)},
            "setup_s": round(setup_s, 1),
            **result,
            "load_1min_before": load_before,
            "load_1min_after": load_average(),
        }
    finally:
        shutil.rmtree(root, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    """Parse options, run, print the report; exit 1 when a request was lost or unfinished."""
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.draft_load",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--requests", type=int, default=50, help="simultaneous draft requests (1..500)")
    parser.add_argument(
        "--workers", type=int, default=1, help="uvicorn worker processes (each loads the model once)"
    )
    parser.add_argument(
        "--timeout", type=float, default=3600.0, help="seconds to wait for every draft to finish"
    )
    parser.add_argument("--keep", type=Path, default=None, help="use (and keep) this data dir")
    parser.add_argument("--json", action="store_true", help="print the report as JSON only")
    args = parser.parse_args(argv)
    if not 1 <= args.requests <= 500:
        parser.error("--requests: must be between 1 and 500")
    if args.workers < 1:
        parser.error("--workers: must be at least 1")
    result = run(args.requests, args.workers, args.timeout, args.keep)
    if args.json:
        print(json.dumps(result, indent=2, default=str))
    else:
        _print_summary(result)
    return 1 if result["lost_count"] or result["unfinished"] else 0


def _print_summary(result: dict[str, Any]) -> None:
    wait, memory = result["queue_wait_s"], result["memory"]
    print(
        f"{result['requests']} requests: {result['accepted']} accepted, refused {result['refused']}, "
        f"{result['completed']} completed, {result['failed']} failed, "
        f"{len(result['unfinished'])} unfinished at the timeout, {result['lost_count']} lost"
    )
    print(f"queue wait p50 {wait['p50']} s, p95 {wait['p95']} s, max {wait['max']} s")
    print(f"drain {result['queue_drain_s']} s; job run p50 {result['job_run_s']['p50']} s")
    print(f"peak tree RSS {memory['peak_tree_rss_mib']} MiB; VmHWM sum {memory['vmhwm_sum_mib']} MiB")
    print(f"load average {result['load_1min_before']} -> {result['load_1min_after']}")
    for line in result["lost"]:
        print(f"  LOST {line}")
    for reason, n in result["failure_reasons"].items():
        print(f"  failed x{n}: {reason}")


if __name__ == "__main__":
    sys.exit(main())
