"""Reviewer feedback: approval rate, word edit ratio of generated vs approved text, time to decision."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from copilot.auth.policy import visible_accounts_clause
from copilot.db.models import Decision, Revision
from copilot.review_stats import edit_ratio, review_stats, word_edit_distance
from copilot.workflow import approve_draft, reject_draft
from tests.support.api import quick_draft
from tests.support.worlds import World


def test_word_edit_distance_counts_word_operations() -> None:
    assert word_edit_distance("a b c", "a b c") == 0
    assert word_edit_distance("a b c", "a x c") == 1
    assert word_edit_distance("a b c", "a c") == 1
    assert word_edit_distance("", "one two") == 2
    assert edit_ratio("one two three four", "one two three five") == 0.25


def test_stats_per_tool_model_and_prompt(world: World) -> None:
    services = world.services
    as_is, edited, rejected = (quick_draft(world, "east", "rep_east") for _ in range(3))
    reviewer = world.users["reviewer_east"]
    with services.sessions() as session, session.begin():
        approve_draft(session, draft_id=as_is, reviewer=reviewer, version=1)
        approve_draft(
            session,
            draft_id=edited,
            reviewer=reviewer,
            version=1,
            body="Checking in about the contract [1].",
            allow_own_edits=True,  # COPILOT_APPROVE_WITH_EDITS: the edit ratio needs an approved edit
        )
        reject_draft(session, draft_id=rejected, reviewer=reviewer, version=1, reason="off topic")
        # Decisions came 60 s after generation, so the median time to decision is known exactly.
        for draft_id in (as_is, edited, rejected):
            generated = session.get_one(Revision, {"id": _first_revision(session, draft_id)}).created_at
            session.execute(
                update(Decision)
                .where(Decision.draft_id == draft_id)
                .values(created_at=generated + timedelta(seconds=60))
            )
    with services.sessions() as session:
        (row,) = review_stats(session)
        hidden = review_stats(session, visible=visible_accounts_clause(world.users["reviewer_west"]))
    assert (row["tool"], row["decided"], row["approved"], row["rejected"]) == ("email", 3, 2, 1)
    assert row["approval_rate"] == round(2 / 3, 4)
    # "Hello\nChecking in about the renewal [1]." -> "... the contract [1].": 1 of 7 words changed.
    assert row["mean_edit_ratio"] == round((0 + 1 / 7) / 2, 4)
    assert row["median_seconds_to_decision"] == 60.0
    assert hidden == []


def _first_revision(session: Session, draft_id: int) -> int:
    return session.scalars(
        select(Revision.id).where(Revision.draft_id == draft_id, Revision.version == 1)
    ).one()
