"""API fuzzing: schemathesis sends generated requests to every operation of the OpenAPI schema.

Every built-in check runs (server errors, status codes, content types, response schemas and headers,
positive and negative data, ignored auth, unsupported methods, ...), authenticated as the admin, the
widest role. The app is the real one, in process, on SQLite in a temp dir, with a chat model that always
answers in the requested JSON schema, so drafts and summaries complete without a real model.

The default run generates 5 examples per operation; the proof generates up to 100 per operation (fewer
where the schema allows fewer distinct requests, e.g. `GET /healthz`) plus the coverage phase's boundary
and invalid values: `pytest -s -m slow tests/trust/test_fuzz_api.py` (prints the figures). Ids in paths
are steered to existing objects half the time; the admin's key and erased accounts are restored before
each example, so destructive operations (erase, deactivate, key rotation) are fuzzed like the rest.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from fastapi import FastAPI
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from schemathesis import Case
from schemathesis.config import SchemathesisConfig
from schemathesis.core.failures import FailureGroup
from schemathesis.openapi.checks import IgnoredAuth
from schemathesis.python import asgi
from schemathesis.specs.openapi.checks import ignored_auth
from sqlalchemy import func, select, update

from copilot.api.app import create_app
from copilot.api.deps import get_current_user
from copilot.api.schemas import MAX_INT
from copilot.auth.keys import hash_api_key, lookup_prefix
from copilot.config import load_settings
from copilot.container import Services
from copilot.db.models import Account, Draft, User
from copilot.index.fakes import HashingEmbeddings
from tests.support.api import approved_draft, build_app, quick_draft
from tests.support.fakes import SchemaFillingChatModel
from tests.support.records import Note, seed_account
from tests.support.worlds import World, build_world

QUICK_EXAMPLES = 5
PROOF_EXAMPLES = 100
# The ids that exist, by path parameter name; refreshed before every example (erasures remove some).
LIVE_IDS: dict[str, list[int]] = {}


def seed(world: World) -> None:
    """Drafts in several states, so draft ids exist for every draft operation."""
    for account, requester in (("east", "rep_east"), ("west", "rep_west")):
        quick_draft(world, account, requester)
        approved_draft(world, account, requester)


def restore(world: World) -> None:
    """Undo what one example may have broken for the next (the admin's key, erased accounts); note the ids."""
    admin, key = world.users["admin"], world.keys["admin"]
    with world.services.sessions() as session, session.begin():
        session.execute(
            update(User)
            .where(User.id == admin.id)
            .values(active=True, api_key_hash=hash_api_key(key), api_key_prefix=lookup_prefix(key))
        )
        accounts = session.scalar(select(func.count(Account.id))) or 0
    if accounts < 2:
        notes = [Note("Our renewal on 2027-03-31 is at EUR 48,000 per year.", subject="Renewal")]
        for team in ("east", "west"):
            world.accounts[team], _, _ = seed_account(
                world.services,
                f"{team.upper()}-{time.monotonic_ns()}",
                f"{team.title()} Corp",
                notes,
                owner=f"rep_{team}",
                team=team,
            )
        seed(world)
    with world.services.sessions() as session:
        for name, table in (("account_id", Account), ("draft_id", Draft), ("user_id", User)):
            LIVE_IDS[name] = list(session.scalars(select(table.id)))


@pytest.fixture(scope="module")
def fuzz_world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    """Both teams' accounts, users and drafts on SQLite; no rate limit (one key sends thousands)."""
    data_dir: Path = tmp_path_factory.mktemp("fuzz") / "data"
    services = Services(
        load_settings(data_dir=data_dir, rate_limit_per_minute=0),
        chat_model=SchemaFillingChatModel(),
        embeddings=HashingEmbeddings(),
    )
    services.migrate()
    world = build_world(services)
    seed(world)
    yield world
    services.engine.dispose()


@pytest.fixture(scope="module")
def fuzz_app(fuzz_world: World) -> Iterator[FastAPI]:
    """The real app over the fuzz world; schemathesis runs its lifespan (worker pool) on first use."""
    app = build_app(fuzz_world.services)
    FORWARDER.target = app
    yield app
    asgi.shutdown_lifespans()  # stop the worker pool before the database goes away


@dataclass
class Tally:
    """Examples sent, and how many were answered 2xx, per operation."""

    sent: Counter[str] = field(default_factory=Counter)
    succeeded: Counter[str] = field(default_factory=Counter)

    def report(self, seconds: float) -> str:
        """The figures for docs/trust.md: totals, then one line per operation."""
        load = Path("/proc/loadavg").read_text().split()[0]
        lines = [
            f"fuzzed {len(self.sent)} operations: {sum(self.sent.values())} examples "
            f"({sum(self.succeeded.values())} answered 2xx) in {seconds:.0f} s, load average {load}",
            *(f"  {n:5d} sent {self.succeeded[op]:5d} 2xx  {op}" for op, n in sorted(self.sent.items())),
        ]
        return "\n".join(lines)


@pytest.fixture(scope="module")
def tally() -> Iterator[Tally]:
    """Counts of the module's fuzz runs; printed at the end (`pytest -s`)."""
    counts = Tally()
    started = time.perf_counter()
    yield counts
    print("\n" + counts.report(time.perf_counter() - started))


class Forwarder:
    """An ASGI app passing everything to the fixture's app (the schema is read at import, before it)."""

    target: Any = None

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        """ASGI entry point."""
        await self.target(scope, receive, send)


def load_schema(phases: list[str]) -> Any:
    """The app's own schema, read at import (building an app touches neither database nor model)."""
    raw = create_app(services=Services(load_settings())).openapi()
    loaded = schemathesis.openapi.from_dict(raw, config=SchemathesisConfig.from_dict(CONFIG))
    loaded.app = FORWARDER
    loaded.config.update(base_url=f"http://{asgi.HOST}")  # where the auth checks' extra requests go
    loaded.config.phases.update(phases=phases)
    loaded.hook("flatmap_path_parameters")(steer_ids)
    return loaded


def steer_ids(
    _context: Any, path_parameters: dict[str, Any] | None
) -> st.SearchStrategy[dict[str, Any] | None]:
    """Half the time, point valid ids at objects that exist now, so handlers run past their 404.

    Random integers almost never name an existing account, draft or user; only values that were already
    valid are replaced (by other valid ones), so negative examples stay negative.
    """
    if not path_parameters:
        return st.just(path_parameters)
    # The strategy's shape must not depend on the changing ids (hypothesis replays examples), so it
    # draws a plain number and `live_id` turns it into an id when the example runs.
    steered = {
        name: st.integers(0, 2**16).map(partial(live_id, name, value)) if _valid_id(value) else st.just(value)
        for name, value in path_parameters.items()
    }
    return st.one_of(st.just(path_parameters), st.fixed_dictionaries(steered))


def live_id(name: str, fallback: int, pick: int) -> int:
    """One of the ids that exist now for this path parameter (the generated value when none do)."""
    ids = LIVE_IDS.get(name) or [fallback]
    return ids[pick % len(ids)]


def _valid_id(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= MAX_INT


# Every check stays on with its defaults, with one widening: whether a delivery channel fits depends on
# the stored draft's kind (smtp/eml for emails, record for call summaries), which a request schema
# cannot express, so a schema-valid channel may meet the domain's 422 naming the mismatch.
POSITIVE_DEFAULTS = ["2xx", "3xx", "401", "403", "404", "409", "429", "5xx"]  # schemathesis 4.32's
CONFIG = {
    "operations": [
        {
            "include-path": "/v1/drafts/{draft_id}/deliver",
            "checks": {"positive_data_acceptance": {"expected-statuses": [*POSITIVE_DEFAULTS, "422"]}},
        }
    ]
}
FORWARDER = Forwarder()
# The quick run skips the coverage phase (every boundary value of every field: hundreds per operation).
quick = load_schema(["examples", "fuzzing"])
proof = load_schema(["examples", "coverage", "fuzzing"])
FUZZ_SETTINGS = {
    "deadline": None,
    "database": None,
    "suppress_health_check": list(HealthCheck),
}


def exercise(case: Case, world: World, counts: Tally) -> None:
    """Send one example as the admin and run every check on the answer."""
    restore(world)
    counts.sent[case.operation.label] += 1
    response = case.call_and_validate(headers={"Authorization": f"Bearer {world.keys['admin']}"})
    counts.succeeded[case.operation.label] += 200 <= response.status_code < 300


@quick.parametrize()
# The default run is derandomized: the same code always meets the same examples, so a pass or a failure
# in `make test` is reproducible; the slow proof below explores with fresh random examples every run.
@settings(max_examples=QUICK_EXAMPLES, derandomize=True, **FUZZ_SETTINGS)  # type: ignore[arg-type]
def test_every_operation_survives_a_few_generated_requests(
    case: Case, fuzz_app: FastAPI, fuzz_world: World, tally: Tally
) -> None:
    exercise(case, fuzz_world, tally)


@pytest.mark.slow
@proof.parametrize()
@settings(max_examples=PROOF_EXAMPLES, **FUZZ_SETTINGS)  # type: ignore[arg-type]
def test_every_operation_survives_a_hundred_generated_requests(
    case: Case, fuzz_app: FastAPI, fuzz_world: World, tally: Tally
) -> None:
    exercise(case, fuzz_world, tally)


def test_the_ignored_auth_check_catches_an_operation_that_skips_the_key(
    fuzz_app: FastAPI, fuzz_world: World
) -> None:
    """The check the fuzz relies on for auth is live: with the key check switched off, it fails."""
    admin_id = fuzz_world.users["admin"].id

    def anyone_is_the_admin() -> User:
        with fuzz_world.services.sessions() as session:
            return session.get_one(User, admin_id)

    fuzz_app.dependency_overrides[get_current_user] = anyone_is_the_admin
    try:
        case = quick["/v1/users/me"]["GET"].Case()
        with pytest.raises(FailureGroup) as found:
            case.call_and_validate(
                headers={"Authorization": f"Bearer {fuzz_world.keys['admin']}"}, checks=[ignored_auth]
            )
    finally:
        del fuzz_app.dependency_overrides[get_current_user]
    assert any(isinstance(failure, IgnoredAuth) for failure in found.value.exceptions)
