"""Fifty reviewers approve one draft at the same moment on PostgreSQL: exactly one wins."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import func, select

from copilot.db.models import AuditEvent, Decision, Draft, DraftStatus, Role, User
from copilot.errors import ConflictError
from copilot.workflow import approve_draft
from tests.support.worlds import World, add_user

ATTEMPTS = 50


@pytest.mark.postgres
def test_fifty_concurrent_approvals_each_with_its_own_session(pg_world: World) -> None:
    services = pg_world.services
    draft_id = pg_world.draft()
    reviewers: list[User] = [add_user(services, f"rev{i}", Role.REVIEWER)[0] for i in range(ATTEMPTS)]
    start = threading.Barrier(ATTEMPTS)

    def attempt(reviewer: User) -> str:
        start.wait()
        try:
            with services.sessions() as session, session.begin():
                approve_draft(session, draft_id=draft_id, reviewer=reviewer, version=1)
        except ConflictError:
            return "conflict"
        return "approved"

    with ThreadPoolExecutor(ATTEMPTS) as pool:
        outcomes = list(pool.map(attempt, reviewers))

    assert outcomes.count("approved") == 1 and outcomes.count("conflict") == ATTEMPTS - 1
    winner = reviewers[outcomes.index("approved")]
    with services.sessions() as session:
        draft = session.get_one(Draft, draft_id)
        decisions = session.scalars(select(Decision).where(Decision.draft_id == draft_id)).all()
        approvals = session.scalar(
            select(func.count()).where(AuditEvent.draft_id == draft_id, AuditEvent.event == "draft.approved")
        )
    assert draft.status is DraftStatus.APPROVED and draft.approved_by_id == winner.id
    assert [d.reviewer_id for d in decisions] == [winner.id]
    assert approvals == 1
