"""Four eyes on content: a reviewer cannot approve words they produced (edit, or own instructions)."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from copilot.db.models import Draft, DraftStatus
from copilot.errors import PermissionDeniedError
from copilot.tools.draft_email import generate_email
from copilot.workflow import approve_draft, edit_draft, start_regeneration
from tests.support.api import auth, build_app
from tests.support.worlds import World, reply, script


def _approve(world: World, draft_id: int, who: str, version: int, **options: object) -> Draft:
    with world.services.sessions() as session, session.begin():
        return approve_draft(
            session,
            draft_id=draft_id,
            reviewer=world.users[who],
            version=version,
            **options,  # type: ignore[arg-type]
        )


def _edit(world: World, draft_id: int, who: str, version: int) -> None:
    with world.services.sessions() as session, session.begin():
        edit_draft(
            session,
            draft_id=draft_id,
            editor=world.users[who],
            base_version=version,
            subject=None,
            body=f"Edited by {who}: the renewal terms stand [1].",
        )


def _regenerate(world: World, draft_id: int, who: str, instructions: str | None) -> None:
    with world.services.sessions() as session, session.begin():
        start_regeneration(session, draft_id=draft_id, actor=world.users[who], instructions=instructions)
    script(world.model, reply(body="A new version [1]."))
    generate_email(world.services, draft_id)


def _status(world: World, draft_id: int) -> DraftStatus:
    with world.services.sessions() as session:
        return session.get_one(Draft, draft_id).status


def test_a_reviewer_cannot_approve_their_own_edit_but_another_reviewer_can(world: World) -> None:
    draft_id = world.draft()
    _edit(world, draft_id, "reviewer_east", 1)
    with pytest.raises(PermissionDeniedError, match="your own edit"):
        _approve(world, draft_id, "reviewer_east", 2)
    assert _status(world, draft_id) is DraftStatus.PENDING_REVIEW
    assert _approve(world, draft_id, "reviewer_desk", 2).approved_version == 2


def test_an_own_edit_stays_own_after_someone_else_edits_on_top(world: World) -> None:
    draft_id = world.draft()
    _edit(world, draft_id, "reviewer_east", 1)
    _edit(world, draft_id, "rep_east", 2)
    with pytest.raises(PermissionDeniedError, match="version 2 holds your own edit"):
        _approve(world, draft_id, "reviewer_east", 3)


def test_approve_with_edits_is_refused_by_default_and_allowed_by_the_setting(world: World) -> None:
    draft_id = world.draft()
    with pytest.raises(PermissionDeniedError, match="COPILOT_APPROVE_WITH_EDITS"):
        _approve(world, draft_id, "reviewer_east", 1, body="My own words [1].")
    assert _status(world, draft_id) is DraftStatus.PENDING_REVIEW
    approved = _approve(world, draft_id, "reviewer_east", 1, body="My own words [1].", allow_own_edits=True)
    assert (approved.status, approved.approved_version) == (DraftStatus.APPROVED, 2)


def test_the_setting_also_lets_a_reviewer_approve_their_earlier_edit(world: World) -> None:
    draft_id = world.draft()
    _edit(world, draft_id, "reviewer_east", 1)
    assert _approve(world, draft_id, "reviewer_east", 2, allow_own_edits=True).approved_version == 2


def test_regenerating_under_own_instructions_needs_another_reviewer_even_with_the_setting(
    world: World,
) -> None:
    draft_id = world.draft()
    _regenerate(world, draft_id, "reviewer_east", "mention the new dashboard module")
    for allow in (False, True):
        with pytest.raises(PermissionDeniedError, match="under your instructions"):
            _approve(world, draft_id, "reviewer_east", 2, allow_own_edits=allow)
    # A plain regeneration afterwards still follows the reviewer's instructions.
    _regenerate(world, draft_id, "reviewer_desk", None)
    with pytest.raises(PermissionDeniedError, match="under your instructions"):
        _approve(world, draft_id, "reviewer_east", 3)
    assert _approve(world, draft_id, "reviewer_desk", 3).status is DraftStatus.APPROVED


def test_regenerating_without_own_instructions_keeps_the_reviewer_free_to_approve(world: World) -> None:
    draft_id = world.draft()
    _regenerate(world, draft_id, "reviewer_east", None)
    assert _approve(world, draft_id, "reviewer_east", 2).status is DraftStatus.APPROVED


def test_new_instructions_by_someone_else_free_the_reviewer(world: World) -> None:
    draft_id = world.draft()
    _regenerate(world, draft_id, "reviewer_east", "shorter")
    _regenerate(world, draft_id, "rep_east", "mention the renewal date")
    assert _approve(world, draft_id, "reviewer_east", 3).status is DraftStatus.APPROVED


def test_the_api_answers_403_and_the_setting_is_read_from_services(world: World) -> None:
    draft_id = world.draft()
    edit = {"version": 1, "body": "Reviewer's own words [1]."}
    with TestClient(build_app(world.services)) as client:
        refused = client.post(
            f"/v1/drafts/{draft_id}/approve", json=edit, headers=auth(world, "reviewer_east")
        )
        assert (
            refused.status_code == 403 and "COPILOT_APPROVE_WITH_EDITS" in refused.json()["error"]["message"]
        )
    world.services.settings = world.services.settings.model_copy(update={"approve_with_edits": True})
    with TestClient(build_app(world.services)) as client:
        allowed = client.post(
            f"/v1/drafts/{draft_id}/approve", json=edit, headers=auth(world, "reviewer_east")
        )
        assert allowed.status_code == 200 and allowed.json()["status"] == "approved"
