"""Stateful API fuzzing: drafts worked through their whole life by several users of two teams.

The machine and its invariants are in tests/trust/stateful_api.py. The default run is short and
derandomized (reproducible in `make test`); the proof runs many more sequences with fresh random choices
and fails if any write operation was accepted (2xx) for less than 30% of its requests:
`pytest -s -m slow tests/trust/test_stateful_api.py` (prints the figures).
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, settings
from hypothesis.stateful import run_state_machine_as_test
from sqlalchemy import update

from copilot.audit import record_event
from copilot.config import load_settings
from copilot.container import Services
from copilot.db.models import Draft, DraftStatus
from copilot.index.fakes import HashingEmbeddings
from tests.support.api import build_app, quick_draft
from tests.support.fakes import SchemaFillingChatModel
from tests.support.worlds import build_world
from tests.trust.stateful_api import WRITE_OPERATIONS, DraftLifecycle, Tally, TrackedDraft

# The share of each write operation's requests that must be accepted, so the run reaches the happy paths.
MIN_ACCEPTED = 0.30
# The trail of a draft written straight to review (tests.support.api.quick_draft).
DRAFT_TRAIL = ["draft.requested", "draft.pending_review"]


@pytest.fixture
def machine(tmp_path: Path) -> Iterator[type[DraftLifecycle]]:
    """The machine over a fresh world on SQLite (one worker generates drafts; no rate limit)."""
    settings_ = load_settings(data_dir=tmp_path / "data", rate_limit_per_minute=0, worker_pool_size=1)
    services = Services(settings_, chat_model=SchemaFillingChatModel(), embeddings=HashingEmbeddings())
    services.migrate()
    world = build_world(services)
    with TestClient(build_app(services)) as client:
        DraftLifecycle.world, DraftLifecycle.client, DraftLifecycle.tally = world, client, Tally()
        yield DraftLifecycle
    services.engine.dispose()


def run(machine: type[DraftLifecycle], **options: object) -> Tally:
    """Run the machine's sequences and print the per-operation figures."""
    started, cpu = time.perf_counter(), time.process_time()
    run_state_machine_as_test(
        machine,
        settings=settings(deadline=None, database=None, suppress_health_check=list(HealthCheck), **options),  # type: ignore[arg-type]
    )
    load = Path("/proc/loadavg").read_text().split()[0]
    print(
        f"\nstateful run: {time.perf_counter() - started:.0f} s wall, {time.process_time() - cpu:.0f} s CPU, "
        f"load average {load}\n{machine.tally.report()}"
    )
    return machine.tally


def test_a_few_derandomized_sequences_keep_every_invariant(machine: type[DraftLifecycle]) -> None:
    tally = run(machine, max_examples=3, stateful_step_count=12, derandomize=True)
    # The short run still reaches the happy path: drafts were created, decided and delivered.
    for operation in ("POST /v1/drafts", "POST /v1/drafts/{draft_id}/approve"):
        assert tally.succeeded[operation] > 0, tally.report()


@pytest.mark.slow
def test_many_sequences_reach_every_write_and_keep_every_invariant(machine: type[DraftLifecycle]) -> None:
    tally = run(machine, max_examples=20, stateful_step_count=30)
    below = [op for op in WRITE_OPERATIONS if tally.acceptance(op) < MIN_ACCEPTED]
    assert not below, f"accepted for less than {MIN_ACCEPTED:.0%}: {below}\n{tally.report()}"


def test_the_invariants_catch_a_draft_that_left_unapproved_or_an_audit_event_too_many(
    machine: type[DraftLifecycle],
) -> None:
    """The checks the run relies on are live: tampered state makes each of them fail."""
    world = machine.world
    draft_id = quick_draft(world, "east", "rep_east")
    lifecycle = machine()
    lifecycle.drafts[draft_id] = TrackedDraft(
        draft_id, world.accounts["east"], "east", "rep_east", "pending_review", 1, list(DRAFT_TRAIL)
    )
    lifecycle.one_audit_event_per_transition()
    with world.services.sessions() as session, session.begin():
        record_event(session, "draft.approved", account_id=world.accounts["east"], draft_id=draft_id)
    with pytest.raises(AssertionError):
        lifecycle.one_audit_event_per_transition()
    lifecycle.nothing_leaves_without_another_reviewers_approval()
    with world.services.sessions() as session, session.begin():
        session.execute(update(Draft).where(Draft.id == draft_id).values(status=DraftStatus.EXPORTED))
    with pytest.raises(AssertionError):
        lifecycle.nothing_leaves_without_another_reviewers_approval()
