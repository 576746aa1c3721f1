"""The draft API end to end: 202 + worker generation, events, review, delivery, audit; closed bodies."""

from __future__ import annotations

import json
import time
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import select

from copilot.db.models import Draft, DraftStatus
from tests.support.api import auth, draft_status, quick_draft
from tests.support.worlds import World, reply, script, unreachable


def _wait_for(client: TestClient, world: World, draft_id: int, status: str) -> dict[str, Any]:
    deadline = time.monotonic() + 20
    while True:
        data = client.get(f"/v1/drafts/{draft_id}", headers=auth(world, "rep_east")).json()
        if data["status"] == status or time.monotonic() > deadline:
            return data
        time.sleep(0.05)


def test_request_generate_review_deliver_and_audit(client: TestClient, world: World) -> None:
    script(world.model, reply(subject="Renewal", body="Dear buyer, your renewal is due on 31 March [1]."))
    answer = client.post(
        "/v1/drafts",
        json={"account_id": world.accounts["east"], "purpose": "renewal"},
        headers=auth(world, "rep_east"),
    )
    assert answer.status_code == 202 and answer.json()["status"] == "generating"
    draft_id = answer.json()["id"]
    assert answer.headers["location"] == f"/v1/drafts/{draft_id}"
    with client.stream("GET", f"/v1/drafts/{draft_id}/events", headers=auth(world, "rep_east")) as stream:
        frames = [line for line in stream.iter_lines() if line.startswith("data: ")]
    assert json.loads(frames[-1][6:])["status"] == "pending_review"
    draft = _wait_for(client, world, draft_id, "pending_review")
    assert "your renewal is due on 31 March" in draft["body"] and draft["requested_by_id"]
    # The evidence travels beside the letter: the marker left the text for a structured citation.
    body = draft["body"]
    assert "[1]" not in body and {"start", "end", "n"} <= set(draft["body_citations"][0])
    spans = {body[c["start"] : c["end"]]: c["n"] for c in draft["body_citations"]}
    assert spans["Dear buyer, your renewal is due on 31 March."] == [1]

    reviewer = auth(world, "reviewer_east")
    stale = client.post(f"/v1/drafts/{draft_id}/approve", json={"version": 2}, headers=reviewer)
    assert stale.status_code == 409 and stale.json()["error"]["code"] == "conflict"
    approved = client.post(
        f"/v1/drafts/{draft_id}/approve", json={"version": 1, "reason": "ok"}, headers=reviewer
    )
    assert (
        approved.status_code == 200 and approved.json()["approved_by_id"] == world.users["reviewer_east"].id
    )
    first = client.post(
        f"/v1/drafts/{draft_id}/deliver", json={"channel": "eml"}, headers=auth(world, "rep_east")
    )
    again = client.post(
        f"/v1/drafts/{draft_id}/deliver", json={"channel": "eml"}, headers=auth(world, "rep_east")
    )
    assert first.status_code == again.status_code == 200 and again.json()["repeated"] is True
    assert first.json()["message_id"] == again.json()["message_id"]

    trail = client.get(f"/v1/drafts/{draft_id}/audit", headers=auth(world, "manager_east")).json()
    assert [e["event"] for e in trail if e["event"].startswith("draft.")] == [
        "draft.requested",
        "draft.pending_review",
        "draft.approved",
        "draft.exported",
    ]
    assert [e["actor"] for e in trail if e["event"] == "draft.approved"] == ["reviewer_east"]
    assert any(e["event"] == "llm.call" for e in trail)
    stats = client.get("/v1/review/stats", headers=reviewer).json()
    assert stats and stats[0]["approved"] == 1 and stats[0]["mean_edit_ratio"] == 0.0


def test_client_fields_cannot_set_status_approver_owner_or_requester(
    client: TestClient, world: World
) -> None:
    rep = auth(world, "rep_east")
    account = world.accounts["east"]
    for field, value in (("status", "approved"), ("requested_by_id", 1), ("owner", "rep_west")):
        answer = client.post(
            "/v1/drafts", json={"account_id": account, "purpose": "hello", field: value}, headers=rep
        )
        assert answer.status_code == 422 and f"body.{field}" in answer.json()["error"]["message"]
    draft_id = quick_draft(world, "east", "rep_east")
    for field in ("status", "approved_by_id", "approved_version", "requested_by_id"):
        body = {"version": 1, "body": "new text [1].", field: 1}
        answer = client.patch(f"/v1/drafts/{draft_id}", json=body, headers=auth(world, "reviewer_east"))
        assert answer.status_code == 422 and f"body.{field}" in answer.json()["error"]["message"]
    assert draft_status(world, draft_id) == "pending_review"
    with world.services.sessions() as session:
        assert session.scalars(select(Draft).where(Draft.id == draft_id)).one().version == 1


def test_validation_names_the_field(client: TestClient, world: World) -> None:
    draft_id = quick_draft(world, "east", "rep_east")
    answer = client.post(
        f"/v1/drafts/{draft_id}/reject", json={"version": 1}, headers=auth(world, "reviewer_east")
    )
    assert answer.status_code == 422
    assert answer.json() == {"error": {"code": "invalid_input", "message": "body.reason: Field required"}}
    bad_query = client.get("/v1/drafts?status=maybe", headers=auth(world, "rep_east"))
    assert bad_query.status_code == 422 and "query.status" in bad_query.json()["error"]["message"]


def test_a_blank_purpose_is_refused_and_nothing_is_created(client: TestClient, world: World) -> None:
    with world.services.sessions() as session:
        before = len(session.scalars(select(Draft)).all())
    answer = client.post(
        "/v1/drafts",
        json={"account_id": world.accounts["east"], "purpose": "   "},
        headers=auth(world, "rep_east"),
    )
    assert answer.status_code == 422 and "body.purpose" in answer.json()["error"]["message"]
    with world.services.sessions() as session:
        assert len(session.scalars(select(Draft)).all()) == before


def test_edit_returns_the_diff_and_a_requester_cannot_approve_their_own(
    client: TestClient, world: World
) -> None:
    draft_id = quick_draft(world, "east", "reviewer_east")
    before = client.get(f"/v1/drafts/{draft_id}", headers=auth(world, "rep_east")).json()
    edited = client.patch(
        f"/v1/drafts/{draft_id}", json={"version": 1, "body": "Shorter [1]."}, headers=auth(world, "rep_east")
    )
    after = client.get(f"/v1/drafts/{draft_id}", headers=auth(world, "rep_east")).json()
    # Every sentence changed, so no citation survives the edit; the revisions keep each version's own.
    assert before["body_citations"] and after["body_citations"] == []
    history = client.get(f"/v1/drafts/{draft_id}/revisions", headers=auth(world, "rep_east")).json()
    assert [r["body_citations"] == [] for r in history] == [False, True]
    assert (
        edited.status_code == 200
        and edited.json()["version"] == 2
        and "+Shorter [1]." in edited.json()["diff"]
    )
    own = client.post(
        f"/v1/drafts/{draft_id}/approve", json={"version": 2}, headers=auth(world, "reviewer_east")
    )
    assert own.status_code == 403 and "requested" in own.json()["error"]["message"]
    queue = client.get("/v1/review/queue", headers=auth(world, "reviewer_east")).json()
    assert [(d["id"], d["may_decide"]) for d in queue] == [(draft_id, False)]
    # The queue is a listing: the body and citations stay behind the draft's own link.
    assert "body" not in queue[0] and queue[0]["links"]["self"] == f"/v1/drafts/{draft_id}"
    assert queue[0]["version"] == 2 and isinstance(queue[0]["flags_by_type"], dict)


def test_regenerate_answers_202_and_makes_a_new_version(client: TestClient, world: World) -> None:
    draft_id = quick_draft(world, "east", "rep_east")
    script(world.model, reply(body="Could we try a fresh take [1]?"))
    answer = client.post(
        f"/v1/drafts/{draft_id}/regenerate", json={"instructions": "shorter"}, headers=auth(world, "rep_east")
    )
    assert answer.status_code == 202 and answer.json()["version"] == 2
    data = _wait_for(client, world, draft_id, "pending_review")
    assert (data["status"], data["version"], data["instructions"]) == ("pending_review", 2, "shorter")
    assert "a fresh take" in data["body"]
    revisions = client.get(f"/v1/drafts/{draft_id}/revisions", headers=auth(world, "rep_east")).json()
    assert [r["origin"] for r in revisions] == ["generated", "regenerated"]


def test_a_failed_generation_is_reported_with_its_reason(client: TestClient, world: World) -> None:
    script(world.model, unreachable())
    answer = client.post(
        "/v1/drafts",
        json={"account_id": world.accounts["east"], "purpose": "renewal"},
        headers=auth(world, "rep_east"),
    )
    data = _wait_for(client, world, answer.json()["id"], "failed")
    assert data["status"] == DraftStatus.FAILED.value and "unreachable" in data["failure_reason"]


def test_policy_refusal_is_a_409_with_no_draft(client: TestClient, world: World) -> None:
    with world.services.sessions() as session, session.begin():
        from copilot.db.models import Account

        session.get_one(Account, world.accounts["east"]).do_not_contact = True
    answer = client.post(
        "/v1/drafts",
        json={"account_id": world.accounts["east"], "purpose": "renewal"},
        headers=auth(world, "rep_east"),
    )
    assert answer.status_code == 409 and answer.json()["error"]["code"] == "policy_refusal"
