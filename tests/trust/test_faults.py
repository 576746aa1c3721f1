"""Faults: a real misbehaving model server and a PostgreSQL that disappears mid-request.

The model server (tests/support/faulty_llm_server.py) runs as its own process on loopback and
answers each request as scripted: hang past the client timeout, 5xx, 429, a dropped connection,
output that is not JSON or misses the schema, or a valid answer. Drafts go through the real
generation worker pool. Every attempt must be retried with backoff, audited once, and a fault
that outlasts the retries must end as a `failed` draft whose reason names the cause.
"""

from __future__ import annotations

import itertools
import json
import sys
import threading
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import psycopg
import pytest
from sqlalchemy import func, select

from copilot.config import load_settings
from copilot.container import Services
from copilot.db.models import AuditEvent, Draft, DraftStatus, GenerationJob
from copilot.index.fakes import HashingEmbeddings
from copilot.jobs import WorkerPool
from copilot.llm.fakes import FakeChatModel
from copilot.llm.retry import RetryPolicy
from copilot.tools.draft_email import EmailRequest, request_email
from tests.conftest import PG_ADMIN_DSN
from tests.support.api import build_app, live_server
from tests.support.records import Note, seed_account
from tests.support.servers import free_port, running_server
from tests.support.worlds import build_world

SERVER_SCRIPT = Path(__file__).resolve().parents[1] / "support" / "faulty_llm_server.py"
TIMEOUT_S, RETRIES, BACKOFF_S = 1.0, 2, 0.2
ATTEMPTS = RETRIES + 1


# --- the misbehaving model server -------------------------------------------------------------


@pytest.fixture(scope="module")
def faulty_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The faulty server process; yields its base URL (…/v1)."""
    port = free_port()
    command = [sys.executable, str(SERVER_SCRIPT), "--port", str(port), "--hang-seconds", "30"]
    log = tmp_path_factory.mktemp("faulty-llm") / "server.log"
    with running_server(command, f"http://127.0.0.1:{port}/v1/models", log, timeout=30):
        yield f"http://127.0.0.1:{port}/v1"


def _control(base_url: str, path: str, payload: dict[str, Any] | None = None) -> Any:
    url = base_url.removesuffix("/v1") + path
    data = json.dumps(payload).encode() if payload is not None else None
    request = urllib.request.Request(url, data=data, headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read())


def script(base_url: str, steps: list[str], then: str = "ok") -> None:
    """Give the server its behaviours for the next requests (and clear its request log)."""
    _control(base_url, "/control/script", {"script": steps, "then": then})


def served(base_url: str) -> list[dict[str, Any]]:
    """The chat requests the server received since the last script: behaviour and arrival time."""
    log: list[dict[str, Any]] = _control(base_url, "/control/log")
    return log


@pytest.fixture
def remote_services(faulty_server: str, tmp_path: Path) -> Iterator[Services]:
    """Services on SQLite whose chat model is the faulty server, with short timeouts and backoff."""
    settings = load_settings(
        data_dir=tmp_path / "data",
        llm_provider="openai",
        llm_base_url=faulty_server,
        llm_timeout_seconds=TIMEOUT_S,
        llm_max_retries=RETRIES,
        llm_backoff_seconds=BACKOFF_S,
        worker_pool_size=1,
    )
    built = Services(settings, embeddings=HashingEmbeddings())
    built.migrate()
    yield built
    built.engine.dispose()


def generate_through_pool(services: Services) -> Draft:
    """Request an email draft and let the real worker pool generate it; returns the finished draft."""
    notes = [Note("Our renewal on 2027-03-31 is at EUR 48,000 per year.", subject="Renewal")]
    account_id, _, _ = seed_account(
        services, "F-1", "Fault Corp", notes, contact=("Ada Buyer", "ada@f.example")
    )
    draft = request_email(services, EmailRequest(account_id, "renewal follow-up"))
    pool = WorkerPool(services, size=1, poll_seconds=0.05)
    pool.start()
    try:
        pool.submit(draft.id, draft.version)
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            with services.sessions() as session:
                finished = session.get_one(Draft, draft.id)
                if finished.status is not DraftStatus.GENERATING:
                    return finished
            time.sleep(0.05)
    finally:
        pool.stop()
    raise AssertionError(f"draft {draft.id} still generating after 120 s")


def model_calls(services: Services, draft_id: int) -> list[dict[str, Any]]:
    """The data of the draft's `llm.call` audit events, oldest first."""
    with services.sessions() as session:
        events = session.scalars(
            select(AuditEvent)
            .where(AuditEvent.draft_id == draft_id, AuditEvent.event == "llm.call")
            .order_by(AuditEvent.id)
        )
        return [dict(event.data) for event in events]


def trail(services: Services, draft_id: int) -> list[str]:
    """The draft's audit event names, oldest first."""
    with services.sessions() as session:
        query = select(AuditEvent.event).where(AuditEvent.draft_id == draft_id).order_by(AuditEvent.id)
        return list(session.scalars(query))


def job_of(services: Services, draft_id: int) -> GenerationJob:
    """The draft's only generation job."""
    with services.sessions() as session:
        return session.scalars(select(GenerationJob).where(GenerationJob.draft_id == draft_id)).one()


def assert_every_request_audited_once(services: Services, server: str, draft_id: int) -> list[dict[str, Any]]:
    """As many `llm.call` events as requests reached the server, numbered per call from 1."""
    calls = model_calls(services, draft_id)
    assert len(calls) == len(served(server))
    assert calls[0]["attempt"] == 1 and all(call["max_attempts"] == ATTEMPTS for call in calls)
    return calls


@pytest.mark.server
def test_5xx_then_ok_is_retried_and_the_draft_succeeds(remote_services: Services, faulty_server: str) -> None:
    script(faulty_server, ["500", "503"])
    draft = generate_through_pool(remote_services)

    assert draft.status is DraftStatus.PENDING_REVIEW
    assert not any(flag["type"] == "model_output" for flag in draft.flags)
    calls = assert_every_request_audited_once(remote_services, faulty_server, draft.id)
    first_three = [(c["attempt"], c["outcome"], c.get("error_kind"), c.get("http_status")) for c in calls[:3]]
    assert first_three == [
        (1, "error", "server_error", 500),
        (2, "error", "server_error", 503),
        (3, "ok", None, None),
    ]
    assert calls[2]["model"] and calls[2]["tokens_out"] > 0
    assert job_of(remote_services, draft.id).state == "done"


@pytest.mark.server
@pytest.mark.parametrize(
    ("fault", "kind"),
    [("429", "rate_limited"), ("drop", "connection"), ("badjson", "invalid_output"), ("hang", "timeout")],
)
def test_each_fault_kind_is_retried_once_then_the_answer_is_used(
    remote_services: Services, faulty_server: str, fault: str, kind: str
) -> None:
    script(faulty_server, [fault])
    draft = generate_through_pool(remote_services)

    assert draft.status is DraftStatus.PENDING_REVIEW
    calls = assert_every_request_audited_once(remote_services, faulty_server, draft.id)
    assert [(c["attempt"], c.get("error_kind")) for c in calls[:2]] == [(1, kind), (2, None)]
    assert calls[1]["outcome"] == "ok"


@pytest.mark.server
def test_a_server_that_always_hangs_fails_the_draft_after_the_last_attempt(
    remote_services: Services, faulty_server: str
) -> None:
    script(faulty_server, [], then="hang")
    draft = generate_through_pool(remote_services)

    assert draft.status is DraftStatus.FAILED
    assert draft.failure_reason is not None
    assert draft.failure_reason.startswith(f"model timed out after {ATTEMPTS} attempts")
    calls = assert_every_request_audited_once(remote_services, faulty_server, draft.id)
    assert [(c["attempt"], c["error_kind"]) for c in calls] == [
        (n, "timeout") for n in range(1, ATTEMPTS + 1)
    ]
    # Backoff: a wait after every attempt but the last, each within its doubling window [b/2, b] ...
    policy = RetryPolicy(max_attempts=ATTEMPTS, backoff_s=BACKOFF_S)
    assert "backoff_s" not in calls[-1]
    waits: list[float] = [c["backoff_s"] for c in calls[:-1]]
    for attempt, wait in enumerate(waits, start=1):
        assert policy.ceiling(attempt) / 2 <= wait <= policy.ceiling(attempt)
    # ... and the server saw the next request only after the timeout plus that wait.
    arrivals = [entry["at"] for entry in served(faulty_server)]
    gaps = [later - earlier for earlier, later in itertools.pairwise(arrivals)]
    assert all(gap >= TIMEOUT_S + wait - 0.05 for gap, wait in zip(gaps, waits, strict=True))
    # Nothing lost: the draft, its job and its whole trail survive the failure.
    assert trail(remote_services, draft.id) == ["draft.requested", *["llm.call"] * ATTEMPTS, "draft.failed"]
    job = job_of(remote_services, draft.id)
    assert job.state == "failed" and "timed out" in (job.error or "")


@pytest.mark.server
def test_persistent_5xx_fails_the_draft_naming_the_status(
    remote_services: Services, faulty_server: str
) -> None:
    script(faulty_server, [], then="502")
    draft = generate_through_pool(remote_services)

    assert draft.status is DraftStatus.FAILED
    assert (draft.failure_reason or "").startswith(
        f"model server kept failing (HTTP 5xx) after {ATTEMPTS} attempts"
    )
    calls = assert_every_request_audited_once(remote_services, faulty_server, draft.id)
    assert [c["http_status"] for c in calls] == [502] * ATTEMPTS


@pytest.mark.server
@pytest.mark.parametrize("fault", ["badjson", "wrongschema"])
def test_output_that_never_fits_the_schema_is_retried_then_template_wording_is_flagged(
    remote_services: Services, faulty_server: str, fault: str
) -> None:
    # draft_email's documented degradation: after the retries, the frame's wording stands in and the
    # reviewer sees a model_output flag; the draft is grounded and held for review, never sent as is.
    script(faulty_server, [], then=fault)
    draft = generate_through_pool(remote_services)

    assert draft.status is DraftStatus.PENDING_REVIEW
    assert draft.flags[0]["type"] == "model_output"
    assert f"did not fit the schema after {ATTEMPTS} attempts" in draft.flags[0]["detail"]
    # A remote model drafts in full mode (COPILOT_DRAFT_MODE=auto): it writes subject and whole body.
    assert draft.timings["template_fields"] == ["subject", "body"]
    calls = assert_every_request_audited_once(remote_services, faulty_server, draft.id)
    assert [c["error_kind"] for c in calls] == ["invalid_output"] * ATTEMPTS


@pytest.mark.server
def test_the_server_refuses_an_unknown_behaviour(faulty_server: str) -> None:
    with pytest.raises(urllib.error.HTTPError) as refused:
        script(faulty_server, ["explode"])
    assert refused.value.code == 400
    assert "explode" in refused.value.read().decode()


# --- the database disappears mid-request ------------------------------------------------------


def _admin() -> psycopg.Connection[Any]:
    return psycopg.connect(PG_ADMIN_DSN, autocommit=True)


@pytest.fixture
def dedicated_database() -> Iterator[str]:
    """A database of its own (its connections get killed), dropped at the end; yields its SQLAlchemy URL."""
    name = f"copilot_faults_{uuid.uuid4().hex[:10]}"
    with _admin() as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    base = PG_ADMIN_DSN.rsplit("/", 1)[0].replace("postgresql://", "postgresql+psycopg://")
    try:
        yield f"{base}/{name}"
    finally:
        with _admin() as admin:
            admin.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true')
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def pg_services(dedicated_database: str, tmp_path: Path) -> Iterator[Services]:
    """Migrated services on the dedicated database, without generation workers."""
    settings = load_settings(data_dir=tmp_path / "data", database_url=dedicated_database, worker_pool_size=0)
    built = Services(settings, chat_model=FakeChatModel(), embeddings=HashingEmbeddings())
    built.migrate()
    yield built
    built.engine.dispose()


def _wait_for_blocked_insert(admin: psycopg.Connection[Any], database: str, table: str) -> int:
    """The app backend stuck inserting into `table` (held by the test), after it inserted the draft row."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        row = admin.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = %s AND wait_event_type = 'Lock'"
            " AND query ILIKE %s",
            (database, f"INSERT INTO {table}%"),
        ).fetchone()
        if row is not None:
            return int(row[0])
        time.sleep(0.05)
    raise AssertionError(f"the draft request never reached the insert into {table}")


def _holds_draft_insert(same_database: psycopg.Connection[Any], pid: int) -> bool:
    # pg_class is per database, so ask through a connection to the app's database.
    row = same_database.execute(
        "SELECT 1 FROM pg_locks l JOIN pg_class c ON c.oid = l.relation"
        " WHERE l.pid = %s AND c.relname = 'drafts' AND l.mode = 'RowExclusiveLock' AND l.granted",
        (pid,),
    ).fetchone()
    return row is not None


def _counts(services: Services) -> tuple[int, int, int]:
    with services.sessions() as session:
        drafts = session.scalar(select(func.count()).select_from(Draft)) or 0
        requested = select(func.count()).where(AuditEvent.event == "draft.requested")
        jobs = session.scalar(select(func.count()).select_from(GenerationJob)) or 0
        return drafts, session.scalar(requested) or 0, jobs


@pytest.mark.postgres
@pytest.mark.server
# The request's one transaction writes the draft, then its audit event, then its generation job;
# the database is lost while the draft row is written but the audit event (or the job) is not.
@pytest.mark.parametrize("held_table", ["audit_events", "generation_jobs"])
def test_database_lost_mid_request_gives_503_and_no_half_written_draft(
    pg_services: Services, dedicated_database: str, held_table: str
) -> None:
    world = build_world(pg_services)
    database = dedicated_database.rsplit("/", 1)[1]
    headers = {"Authorization": f"Bearer {world.keys['rep_east']}"}
    body = {"account_id": world.accounts["east"], "purpose": "renewal follow-up"}
    before = _counts(pg_services)
    answers: list[httpx.Response] = []

    with live_server(build_app(pg_services)) as base, _admin() as admin:
        locker = psycopg.connect(dedicated_database.replace("postgresql+psycopg://", "postgresql://"))
        # Hold a table so the request stops inside its transaction, the draft row already inserted.
        locker.execute(f"LOCK TABLE {held_table} IN ACCESS EXCLUSIVE MODE")
        request = threading.Thread(
            target=lambda: answers.append(
                httpx.post(f"{base}/v1/drafts", json=body, headers=headers, timeout=60)
            )
        )
        request.start()
        blocked = _wait_for_blocked_insert(admin, database, held_table)
        assert _holds_draft_insert(locker, blocked)
        # The database goes away: no new connections, and every open one of the app is killed.
        admin.execute(f'ALTER DATABASE "{database}" ALLOW_CONNECTIONS false')
        admin.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s AND pid <> %s",
            (database, locker.info.backend_pid),
        )
        locker.close()
        request.join(60)

        assert len(answers) == 1
        lost = answers[0]
        assert lost.status_code == 503
        assert lost.json()["error"]["code"] == "service_unavailable"
        assert lost.headers["Retry-After"] == "1"
        assert httpx.get(f"{base}/readyz").status_code == 503
        down = httpx.get(f"{base}/v1/drafts", headers=headers)
        assert down.status_code == 503 and down.json()["error"]["code"] == "service_unavailable"

        admin.execute(f'ALTER DATABASE "{database}" ALLOW_CONNECTIONS true')
        assert httpx.get(f"{base}/readyz").status_code == 200
        # The interrupted transaction left nothing: no draft, no audit event, no job.
        assert _counts(pg_services) == before
        again = httpx.post(f"{base}/v1/drafts", json=body, headers=headers, timeout=60)

    # Once the database is back, the same request succeeds whole: one draft, audited, with its job.
    assert again.status_code == 202
    assert again.json()["status"] == "generating"
    assert _counts(pg_services) == (before[0] + 1, before[1] + 1, before[2] + 1)
