"""The cached reads (review queue, one draft): never stale across workers, never shared across callers."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import update

from copilot.api.read_cache import read_revision
from copilot.api.revision_probes import PostgresRevisionProbe, revision_probe
from copilot.config import load_settings
from copilot.container import Services
from copilot.db.models import Account
from copilot.index.fakes import HashingEmbeddings
from copilot.llm.fakes import FakeChatModel
from tests.support.api import auth, build_app, live_server, quick_draft
from tests.support.worlds import World, build_world

QUEUE = "/v1/review/queue"


def _services(database_url: str, data_dir: Path) -> Services:
    return Services(
        load_settings(data_dir=data_dir, database_url=database_url, worker_pool_size=0),
        chat_model=FakeChatModel(),
        embeddings=HashingEmbeddings(),
    )


@dataclass
class TwoWorkers:
    """Two apps, each with its own engine and caches, on one database, served by real uvicorn."""

    world: World
    app_a: FastAPI
    app_b: FastAPI
    base_a: str
    base_b: str


@pytest.fixture
def two_workers(database_url: str, tmp_path: Path) -> Iterator[TwoWorkers]:
    """What `copilot serve --workers 2` runs, on SQLite and on PostgreSQL."""
    first, second = _services(database_url, tmp_path / "a"), _services(database_url, tmp_path / "b")
    first.migrate()
    world = build_world(first)
    app_a, app_b = build_app(first), build_app(second)
    with ExitStack() as stack:
        base_a = stack.enter_context(live_server(app_a))
        base_b = stack.enter_context(live_server(app_b))
        yield TwoWorkers(world, app_a, app_b, base_a, base_b)
    first.engine.dispose()
    second.engine.dispose()


def _queue_ids(http: httpx.Client, key: dict[str, str]) -> list[int]:
    answer = http.get(QUEUE, params={"limit": 50}, headers=key)
    assert answer.status_code == 200, answer.text
    return [item["id"] for item in answer.json()]


@pytest.mark.server
def test_a_decision_through_one_worker_is_in_the_next_read_through_the_other(two_workers: TwoWorkers) -> None:
    world = two_workers.world
    decided, waiting = quick_draft(world, "east", "rep_east"), quick_draft(world, "east", "rep_east")
    reviewer = auth(world, "reviewer_east")
    with httpx.Client(base_url=two_workers.base_a) as a, httpx.Client(base_url=two_workers.base_b) as b:
        assert _queue_ids(b, reviewer) == _queue_ids(b, reviewer) == [decided, waiting]
        assert b.get(f"/v1/drafts/{decided}", headers=reviewer).json()["status"] == "pending_review"
        assert len(two_workers.app_b.state.read_cache) == 2  # both answers are cached in worker B

        approved = a.post(f"/v1/drafts/{decided}/approve", json={"version": 1}, headers=reviewer)
        assert approved.status_code == 200, approved.text

        assert _queue_ids(b, reviewer) == [waiting]
        assert b.get(f"/v1/drafts/{decided}", headers=reviewer).json()["status"] == "approved"


@pytest.mark.server
def test_a_write_outside_the_api_changes_what_the_next_read_may_see(two_workers: TwoWorkers) -> None:
    world = two_workers.world
    draft_id = quick_draft(world, "east", "rep_east")
    east, west = auth(world, "reviewer_east"), auth(world, "reviewer_west")
    with httpx.Client(base_url=two_workers.base_b) as b:
        assert _queue_ids(b, east) == [draft_id] and _queue_ids(b, west) == []
        assert b.get(f"/v1/drafts/{draft_id}", headers=east).status_code == 200
        assert b.get(f"/v1/drafts/{draft_id}", headers=west).status_code == 404

        # A CRM sync moves the account to the west team: a plain UPDATE, as any process might run it.
        with world.services.sessions() as session, session.begin():
            session.execute(
                update(Account).where(Account.id == world.accounts["east"]).values(team="west", owner=None)
            )

        assert _queue_ids(b, east) == [] and _queue_ids(b, west) == [draft_id]
        assert b.get(f"/v1/drafts/{draft_id}", headers=east).status_code == 404
        assert b.get(f"/v1/drafts/{draft_id}", headers=west).status_code == 200


def test_one_callers_cached_answer_never_reaches_another(client: TestClient, world: World) -> None:
    own = quick_draft(world, "east", "reviewer_east")

    def queue(user: str | None) -> httpx.Response:
        return client.get(QUEUE, params={"limit": 50}, headers=auth(world, user))

    def read(user: str | None) -> httpx.Response:
        return client.get(f"/v1/drafts/{own}", headers=auth(world, user))

    # reviewer_east's answers are cached first; nobody else may receive them.
    assert [(item["id"], item["may_decide"]) for item in queue("reviewer_east").json()] == [(own, False)]
    assert read("reviewer_east").status_code == 200
    assert [(item["id"], item["may_decide"]) for item in queue("reviewer_desk").json()] == [(own, True)]
    assert queue("reviewer_west").json() == []
    assert read("reviewer_west").status_code == 404
    assert read("rep_west").status_code == 404
    assert queue("rep_east").status_code == 403
    assert queue(None).status_code == 401
    assert read(None).status_code == 401


def test_a_new_draft_is_in_the_next_queue_read(client: TestClient, world: World) -> None:
    reviewer = auth(world, "reviewer_desk")
    first = quick_draft(world, "east", "rep_east")
    assert [item["id"] for item in client.get(QUEUE, headers=reviewer).json()] == [first]
    second = quick_draft(world, "west", "rep_west")
    assert [item["id"] for item in client.get(QUEUE, headers=reviewer).json()] == [first, second]


def test_the_event_loop_probe_reads_the_revision_sessions_see(db_services: Services) -> None:
    probe = revision_probe(db_services.settings.sqlalchemy_url)
    assert probe is not None

    async def probed() -> int | None:
        try:
            return await probe()
        finally:
            await probe.close()

    def in_a_session() -> int | None:
        with db_services.sessions() as session:
            return read_revision(session)

    assert asyncio.run(probed()) == in_a_session() is not None
    with db_services.sessions() as session, session.begin():
        session.add(Account(name="Acme"))
    assert asyncio.run(probed()) == in_a_session()


def test_a_probe_that_loses_postgresql_answers_none_then_stays_out_of_the_way() -> None:
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        listener.setblocking(False)
        port = listener.getsockname()[1]
        probe = PostgresRevisionProbe(f"postgresql://postgres@127.0.0.1:{port}/gone?sslmode=disable")

        async def scenario() -> list[int | None]:
            attempt = asyncio.create_task(probe())
            connection, _ = await asyncio.get_running_loop().sock_accept(listener)
            connection.close()  # a server that hangs up, like one going down
            return [await attempt, await probe()]

        assert asyncio.run(scenario()) == [None, None]
        with pytest.raises(BlockingIOError):
            listener.accept()  # the second request did not even try: it took the session path
