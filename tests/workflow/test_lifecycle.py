"""The lifecycle's rules in the data layer: who may decide, which version, one audit event per change."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from copilot.db.models import AuditEvent, Decision, Draft, DraftStatus, Revision, User
from copilot.errors import ConflictError, InvalidInputError, NotFoundError, PermissionDeniedError
from copilot.tools.draft_email import generate_email
from copilot.workflow import approve_draft, edit_draft, reject_draft, start_regeneration
from tests.support.worlds import World, reply, script


def _events(world: World, draft_id: int) -> list[str]:
    with world.services.sessions() as session:
        query = select(AuditEvent.event).where(
            AuditEvent.draft_id == draft_id, AuditEvent.event.like("draft.%")
        )
        return list(session.scalars(query.order_by(AuditEvent.id)))


def _approve(
    world: World, draft_id: int, who: str, version: int, allow_own_edits: bool = False, **edits: str
) -> Draft:
    with world.services.sessions() as session, session.begin():
        return approve_draft(
            session,
            draft_id=draft_id,
            reviewer=world.users[who],
            version=version,
            allow_own_edits=allow_own_edits,
            **edits,
        )


def test_reviewer_approves_the_named_version_with_one_audit_event(world: World) -> None:
    draft_id = world.draft()
    draft = _approve(world, draft_id, "reviewer_east", 1, reason="fine")
    assert draft.status is DraftStatus.APPROVED
    assert (draft.approved_version, draft.approved_by_id) == (1, world.users["reviewer_east"].id)
    assert _events(world, draft_id) == ["draft.requested", "draft.pending_review", "draft.approved"]
    with world.services.sessions() as session:
        decision = session.scalars(select(Decision).where(Decision.draft_id == draft_id)).one()
    assert (decision.outcome, decision.version, decision.reason) == ("approved", 1, "fine")


@pytest.mark.parametrize("who", ["rep_east", "manager_east", "teammate_east"])
def test_only_reviewers_and_admins_decide(world: World, who: str) -> None:
    draft_id = world.draft()
    with pytest.raises(PermissionDeniedError, match="may not approve"):
        _approve(world, draft_id, who, 1)
    with world.services.sessions() as session:
        assert session.get_one(Draft, draft_id).status is DraftStatus.PENDING_REVIEW


def test_nobody_approves_or_rejects_what_they_requested(world: World) -> None:
    draft_id = world.draft(requester="reviewer_east")
    with pytest.raises(PermissionDeniedError, match="they requested"):
        _approve(world, draft_id, "reviewer_east", 1)
    with pytest.raises(PermissionDeniedError, match="they requested"), world.services.sessions() as session:
        reject_draft(
            session, draft_id=draft_id, reviewer=world.users["reviewer_east"], version=1, reason="no"
        )
    assert _approve(world, draft_id, "reviewer_desk", 1).status is DraftStatus.APPROVED


def test_a_stale_version_is_refused_after_an_edit(world: World) -> None:
    draft_id = world.draft()
    with world.services.sessions() as session, session.begin():
        revision = edit_draft(
            session,
            draft_id=draft_id,
            editor=world.users["rep_east"],
            base_version=1,
            subject=None,
            body="Hello, about your renewal on 31 March [1].",
        )
    assert (
        revision.version == 2
        and revision.origin == "edit"
        and revision.author_id == world.users["rep_east"].id
    )
    assert "+Hello, about your renewal on 31 March [1]." in (revision.diff or "")
    with pytest.raises(ConflictError, match="version 2, not 1"):
        _approve(world, draft_id, "reviewer_east", 1)
    assert _approve(world, draft_id, "reviewer_east", 2).approved_version == 2
    assert _events(world, draft_id)[-2:] == ["draft.edited", "draft.approved"]


def test_approval_with_edits_approves_the_reviewers_version(world: World) -> None:
    draft_id = world.draft()
    draft = _approve(
        world,
        draft_id,
        "reviewer_east",
        1,
        allow_own_edits=True,
        body="Dear buyer, the renewal terms stand [1].",
    )
    assert (draft.version, draft.approved_version, draft.status) == (2, 2, DraftStatus.APPROVED)
    with world.services.sessions() as session:
        revisions = session.scalars(
            select(Revision).where(Revision.draft_id == draft_id).order_by(Revision.version)
        )
        origins = [(r.version, r.origin, r.body) for r in revisions]
    assert origins[1] == (2, "review_edit", "Dear buyer, the renewal terms stand [1].")
    assert _events(world, draft_id).count("draft.approved") == 1 and "draft.edited" not in _events(
        world, draft_id
    )


def test_rejection_needs_a_reason_and_then_regeneration_makes_a_new_version(world: World) -> None:
    draft_id = world.draft()
    reviewer = world.users["reviewer_east"]
    with pytest.raises(InvalidInputError, match="reason"), world.services.sessions() as session:
        reject_draft(session, draft_id=draft_id, reviewer=reviewer, version=1, reason="  ")
    with world.services.sessions() as session, session.begin():
        reject_draft(session, draft_id=draft_id, reviewer=reviewer, version=1, reason="too pushy")
    with world.services.sessions() as session, session.begin():
        draft = start_regeneration(
            session, draft_id=draft_id, actor=world.users["rep_east"], instructions="softer"
        )
    assert (draft.status, draft.version, draft.instructions) == (DraftStatus.GENERATING, 2, "softer")
    # A next step asks the customer something (a statement there is replaced), so the new text is a question.
    script(world.model, reply(body="Shall I send you a softer note [1]?"))
    regenerated = generate_email(world.services, draft_id)
    assert (regenerated.status, regenerated.version) == (DraftStatus.PENDING_REVIEW, 2)
    body = regenerated.body or ""
    assert "Shall I send you a softer note?" in body and "[1]" not in body
    with world.services.sessions() as session:
        origin = session.scalars(
            select(Revision.origin).where(Revision.draft_id == draft_id, Revision.version == 2)
        ).one()
    assert origin == "regenerated"
    assert _events(world, draft_id) == [
        "draft.requested",
        "draft.pending_review",
        "draft.rejected",
        "draft.generating",
        "draft.pending_review",
    ]


def test_another_teams_reviewer_gets_not_found(world: World) -> None:
    draft_id = world.draft()
    with pytest.raises(NotFoundError):
        _approve(world, draft_id, "reviewer_west", 1)


def test_decided_drafts_cannot_be_decided_or_edited_again(world: World) -> None:
    draft_id = world.draft()
    _approve(world, draft_id, "reviewer_east", 1)
    with pytest.raises(ConflictError, match="approved"):
        _approve(world, draft_id, "reviewer_desk", 1)
    with pytest.raises(ConflictError, match="only a pending draft"), world.services.sessions() as session:
        edit_draft(
            session, draft_id=draft_id, editor=world.users["admin"], base_version=1, subject="x", body=None
        )


def test_an_edit_that_changes_nothing_is_refused(world: World) -> None:
    draft_id = world.draft()
    with world.services.sessions() as session:
        current = session.get_one(Draft, draft_id)
        same_body = current.body
        rep: User = world.users["rep_east"]
        with pytest.raises(InvalidInputError, match="changes nothing"):
            edit_draft(session, draft_id=draft_id, editor=rep, base_version=1, subject=None, body=same_body)


def test_an_edit_keeps_body_citations_only_where_the_text_is_unchanged(world: World) -> None:
    draft_id = world.draft()
    with world.services.sessions() as session:
        before = session.get_one(Draft, draft_id)
        body, citations = before.body or "", list(before.body_citations)
    fact = next(c for c in citations if body[c["start"] : c["end"]].startswith("You told us"))
    others = {body[c["start"] : c["end"]] for c in citations if c is not fact}
    assert others and "[1]" not in body
    edited = body[: fact["start"]] + "Your renewal terms are unchanged." + body[fact["end"] :]
    with world.services.sessions() as session, session.begin():
        revision = edit_draft(
            session,
            draft_id=draft_id,
            editor=world.users["rep_east"],
            base_version=1,
            subject=None,
            body=edited,
        )
        kept = list(revision.body_citations)
    assert {edited[c["start"] : c["end"]] for c in kept} == others
    with world.services.sessions() as session:
        assert session.get_one(Draft, draft_id).body_citations == kept
