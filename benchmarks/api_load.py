"""Load the API on loopback and report latency percentiles and the generation queue's behaviour.

Phase 1 times non-model endpoints (reads and review writes) under concurrent clients. Phase 2 fires
50 draft requests at the same instant and samples the queue until every draft is generated.

    python benchmarks/api_load.py                 # FakeChatModel + hashing embeddings (API cost only)
    python benchmarks/api_load.py --model embedded --drafts 10   # the real embedded model (slow)

Everything runs in one process on 127.0.0.1; the run is bounded by --requests and --timeout.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import tempfile
import threading
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import uvicorn

from connectors.base import AccountRecord, ContactRecord, InteractionKind, InteractionRecord
from copilot.api.app import create_app
from copilot.auth import create_user
from copilot.config import load_settings
from copilot.container import Services
from copilot.db.models import DraftKind, Role
from copilot.ingest.indexer import VectorSync, rebuild_chunks
from copilot.ingest.store import upsert_account, upsert_contact, upsert_interaction
from copilot.workflow import complete_generation, open_draft

NOTES = [
    "Our renewal on 2027-03-31 is at EUR 48,000 per year.",
    "The dashboard export keeps timing out; please fix it before the renewal.",
    "Thanks for the quick call today, the new reports look good.",
]


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (nearest rank) in milliseconds."""
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, max(0, round(q / 100 * len(ordered)) - 1))] * 1000, 2)


def fake_reply() -> str:
    """A valid reply for the draft_email tool's current output schema."""
    from typing import get_origin

    from copilot.tools.draft_email import EmailDraftOutput

    fields: dict[str, object] = {}
    for name, info in EmailDraftOutput.model_fields.items():
        if info.annotation is str:
            fields[name] = (
                "Your renewal" if name == "subject" else "Thanks for the call; the renewal is on track [1]."
            )
        elif get_origin(info.annotation) is list:
            fields[name] = [1]
    return json.dumps(fields)


def build_services(data_dir: Path, model: str, database_url: str | None) -> Services:
    """Services with rate limiting off; the fake model/embeddings unless `model` is embedded."""
    settings = load_settings(
        data_dir=data_dir, database_url=database_url, rate_limit_per_minute=0, worker_pool_size=2
    )
    if model == "fake":
        from copilot.index.fakes import HashingEmbeddings
        from copilot.llm.fakes import FakeChatModel

        fake_model = FakeChatModel().queue(*[fake_reply()] * 1000)
        services = Services(settings, chat_model=fake_model, embeddings=HashingEmbeddings())
    else:
        services = Services(settings)
    services.migrate()
    return services


def seed(services: Services, accounts: int) -> list[int]:
    """Accounts owned by `rep` in team east, each with a contact and indexed notes."""
    ids, interactions = [], []
    with services.sessions() as session:
        for n in range(accounts):
            crm = f"LOAD-{n}"
            account, _ = upsert_account(
                session, AccountRecord(crm_id=crm, name=f"Load Co {n}", owner="rep", team="east")
            )
            contact, _ = upsert_contact(
                session,
                ContactRecord(
                    crm_id=f"{crm}-P", crm_account_id=crm, name="Pat Buyer", email=f"pat{n}@x.example"
                ),
            )
            for i, text in enumerate(NOTES):
                record = InteractionRecord(
                    source="load",
                    source_id=f"{crm}-{i}",
                    kind=InteractionKind.EMAIL,
                    occurred_at=datetime(2026, 9, 1 + i, tzinfo=UTC),
                    text=text,
                    content_hash=hashlib.sha256(text.encode()).hexdigest(),
                    raw_ref=f"load:{crm}:{i}",
                )
                row, _ = upsert_interaction(
                    session,
                    record,
                    account_id=account.id,
                    contact_id=contact.id,
                    direction="inbound",
                    origin="load",
                )
                rebuild_chunks(session, row)
                interactions.append(row.id)
            ids.append(account.id)
        session.commit()
    VectorSync(services.sessions, services.embeddings, services.vector_index).sync(interactions)
    return ids


def users(services: Services) -> dict[str, str]:
    """One key per role."""
    keys = {}
    with services.sessions() as session, session.begin():
        for name, role in (
            ("rep", Role.REP),
            ("reviewer", Role.REVIEWER),
            ("manager", Role.MANAGER),
            ("admin", Role.ADMIN),
        ):
            keys[name] = create_user(session, name=name, role=role, team="east")[1]
    return keys


def pending_drafts(
    services: Services, account_ids: list[int], count: int, requester_key_user: str
) -> list[int]:
    """Drafts ready for review, written through the workflow (no model)."""
    from copilot.auth import get_user_by_name

    ids = []
    with services.sessions() as session, session.begin():
        requester = get_user_by_name(session=session, name=requester_key_user).id
        for n in range(count):
            draft = open_draft(
                session,
                kind=DraftKind.EMAIL,
                account_id=account_ids[n % len(account_ids)],
                contact_id=None,
                purpose="load",
                instructions=None,
                requested_by_id=requester,
            )
            complete_generation(session, draft, subject="Hello", body=f"Checking in ({n}) [1].")
            ids.append(draft.id)
    return ids


@contextmanager
def serve(services: Services) -> Iterator[str]:
    """uvicorn in a thread on a free loopback port."""
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = uvicorn.Server(
        uvicorn.Config(create_app(services=services), host="127.0.0.1", port=port, log_level="error")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(30)


Call = tuple[str, str, str, dict[str, Any]]  # label, method, url, request options


def run_calls(base: str, calls: list[Call], clients: int) -> dict[str, list[float]]:
    """Run the calls on `clients` threads (each with its own HTTP client); latency per label."""
    timings: dict[str, list[float]] = defaultdict(list)
    lock = threading.Lock()
    chunks = [calls[i::clients] for i in range(clients)]

    def worker(mine: list[Call]) -> None:
        with httpx.Client(base_url=base, timeout=60) as http:
            for label, method, url, options in mine:
                started = time.perf_counter()
                answer = http.request(method, url, **options)
                elapsed = time.perf_counter() - started
                if answer.status_code >= 400:
                    raise RuntimeError(f"{label}: {answer.status_code} {answer.text[:200]}")
                with lock:
                    timings[label].append(elapsed)

    with ThreadPoolExecutor(clients) as pool:
        list(pool.map(worker, chunks))
    return timings


def summary(timings: dict[str, list[float]]) -> dict[str, dict[str, float]]:
    """p50/p99 per label and over all."""
    every = [t for values in timings.values() for t in values]
    rows = {
        k: {"n": len(v), "p50_ms": percentile(v, 50), "p99_ms": percentile(v, 99)}
        for k, v in sorted(timings.items())
    }
    rows["ALL"] = {"n": len(every), "p50_ms": percentile(every, 50), "p99_ms": percentile(every, 99)}
    return rows


def read_calls(keys: dict[str, str], account_ids: list[int], draft_ids: list[int], total: int) -> list[Call]:
    """A mix of non-model reads by each role."""

    def h(who: str) -> dict[str, Any]:
        return {"headers": {"Authorization": f"Bearer {keys[who]}"}}

    kinds: list[Callable[[int], Call]] = [
        lambda _n: ("GET /v1/accounts", "GET", "/v1/accounts", h("rep")),
        lambda n: (
            "GET /v1/accounts/{id}",
            "GET",
            f"/v1/accounts/{account_ids[n % len(account_ids)]}",
            h("manager"),
        ),
        lambda _n: ("GET /v1/drafts", "GET", "/v1/drafts?limit=50", h("rep")),
        lambda n: ("GET /v1/drafts/{id}", "GET", f"/v1/drafts/{draft_ids[n % len(draft_ids)]}", h("rep")),
        lambda n: (
            "GET /v1/drafts/{id}/audit",
            "GET",
            f"/v1/drafts/{draft_ids[n % len(draft_ids)]}/audit",
            h("manager"),
        ),
        lambda _n: ("GET /v1/review/queue", "GET", "/v1/review/queue?limit=50", h("reviewer")),
        lambda _n: ("GET /v1/jobs/queue", "GET", "/v1/jobs/queue", h("rep")),
        lambda _n: ("GET /healthz", "GET", "/healthz", {}),
    ]
    return [kinds[n % len(kinds)](n) for n in range(total)]


def queue_phase(
    base: str, keys: dict[str, str], account_ids: list[int], drafts: int, timeout: float
) -> dict[str, Any]:
    """Fire `drafts` requests at once; sample the queue until all are generated (or `timeout`)."""
    barrier = threading.Barrier(drafts)
    headers = {"Authorization": f"Bearer {keys['rep']}"}

    def request(n: int) -> tuple[float, int, int]:
        with httpx.Client(base_url=base, timeout=60) as http:
            barrier.wait()
            started = time.perf_counter()
            answer = http.post(
                "/v1/drafts",
                json={"account_id": account_ids[n % len(account_ids)], "purpose": "renewal"},
                headers=headers,
            )
            body = answer.json()
            return time.perf_counter() - started, answer.status_code, body.get("id", json.dumps(body)[:200])

    started = time.perf_counter()
    with ThreadPoolExecutor(drafts) as pool:
        results = list(pool.map(request, range(drafts)))
    samples: list[tuple[float, int, int]] = []
    statuses: dict[Any, str] = {}
    reasons: dict[str, int] = defaultdict(int)
    with httpx.Client(base_url=base, timeout=60) as http:
        while time.perf_counter() - started < timeout:
            depth = http.get("/v1/jobs/queue", headers=headers).json()
            samples.append((round(time.perf_counter() - started, 2), depth["queued"], depth["running"]))
            if depth["queued"] == 0 and depth["running"] == 0:
                break
            time.sleep(0.1)
        for _, code, draft_id in results:
            if code == 202:
                draft = http.get(f"/v1/drafts/{draft_id}", headers=headers).json()
                statuses[draft_id] = draft["status"]
                if draft["failure_reason"]:
                    reasons[draft["failure_reason"][:100]] += 1
            else:
                statuses[f"request {len(statuses)}"] = f"refused {code}"
    counts: dict[str, int] = defaultdict(int)
    for status in statuses.values():
        counts[status] += 1
    return {
        "requests": drafts,
        "accepted_202": sum(1 for _, code, _ in results if code == 202),
        "post_p50_ms": percentile([r[0] for r in results], 50),
        "post_p99_ms": percentile([r[0] for r in results], 99),
        "max_queued": max(s[1] for s in samples),
        "seconds_until_queue_empty": samples[-1][0],
        "final_statuses": dict(counts),
        "failure_reasons": dict(reasons),
        "samples_t_queued_running": samples[:: max(1, len(samples) // 12)],
    }


def main() -> None:
    """Parse options, run both phases, print JSON."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--model", choices=["fake", "embedded"], default="fake")
    parser.add_argument("--database-url", default=None, help="default: SQLite in a temp dir")
    parser.add_argument(
        "--requests", type=int, default=2000, help="non-model requests in phase 1 (max 20000)"
    )
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--drafts", type=int, default=50)
    parser.add_argument("--timeout", type=float, default=600.0, help="seconds to wait for the queue to drain")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        services = build_services(Path(tmp), args.model, args.database_url)
        account_ids = seed(services, 10)
        keys = users(services)
        to_read = pending_drafts(services, account_ids, 100, "rep")
        to_approve = pending_drafts(services, account_ids, 200, "rep")
        with serve(services) as base:
            reads = summary(
                run_calls(
                    base, read_calls(keys, account_ids, to_read, min(args.requests, 20000)), args.clients
                )
            )
            writes = [
                (
                    "POST /v1/drafts/{id}/approve",
                    "POST",
                    f"/v1/drafts/{d}/approve",
                    {"json": {"version": 1}, "headers": {"Authorization": f"Bearer {keys['reviewer']}"}},
                )
                for d in to_approve
            ]
            decided = summary(run_calls(base, writes, args.clients))
            queue = queue_phase(base, keys, account_ids, args.drafts, args.timeout)
        report = {
            "model": args.model,
            "database": services.engine.dialect.name,
            "clients": args.clients,
            "reads": reads,
            "approvals": decided,
            "queue": queue,
        }
        print(json.dumps(report, indent=2))
        services.engine.dispose()


if __name__ == "__main__":
    main()
