"""Fifty reviewers approve one draft at once over HTTP (real uvicorn, PostgreSQL): one 200, forty-nine 409."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest
from sqlalchemy import func, select

from copilot.config import load_settings
from copilot.container import Services
from copilot.db.models import AuditEvent, Decision, Role
from copilot.index.fakes import HashingEmbeddings
from copilot.llm.fakes import FakeChatModel
from tests.support.api import build_app, live_server, quick_draft
from tests.support.worlds import add_user, build_world, fresh_postgres

ATTEMPTS = 50


@pytest.fixture
def pg_services(postgres_url: str, tmp_path: Path) -> Iterator[Services]:
    """Migrated services on a clean PostgreSQL schema, without generation workers."""
    fresh_postgres(postgres_url)
    settings = load_settings(data_dir=tmp_path / "data", database_url=postgres_url, worker_pool_size=0)
    built = Services(settings, chat_model=FakeChatModel(), embeddings=HashingEmbeddings())
    built.migrate()
    yield built
    built.engine.dispose()
    fresh_postgres(postgres_url)


@pytest.mark.postgres
@pytest.mark.server
def test_fifty_simultaneous_http_approvals_exactly_one_succeeds(pg_services: Services) -> None:
    world = build_world(pg_services)
    draft_id = quick_draft(world, "east", "rep_east")
    keys = [add_user(pg_services, f"reviewer{i}", Role.REVIEWER)[1] for i in range(ATTEMPTS)]
    start = threading.Barrier(ATTEMPTS)

    with live_server(build_app(pg_services)) as base:

        def approve(key: str) -> int:
            with httpx.Client(base_url=base, timeout=60) as http:
                start.wait()
                answer = http.post(
                    f"/v1/drafts/{draft_id}/approve",
                    json={"version": 1},
                    headers={"Authorization": f"Bearer {key}"},
                )
                return answer.status_code

        with ThreadPoolExecutor(ATTEMPTS) as pool:
            statuses = list(pool.map(approve, keys))

    assert sorted(statuses) == [200] + [409] * (ATTEMPTS - 1)
    with pg_services.sessions() as session:
        assert session.scalar(select(func.count()).where(Decision.draft_id == draft_id)) == 1
        events = select(func.count()).where(
            AuditEvent.draft_id == draft_id, AuditEvent.event == "draft.approved"
        )
        assert session.scalar(events) == 1
