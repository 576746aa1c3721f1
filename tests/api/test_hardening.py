"""Smaller hardening: one-line subjects (422, at edit and at delivery), hidden SQL parameters, and
answers that name files rather than paths on the server."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from copilot.container import Services
from copilot.db.models import Delivery, Draft, DraftStatus, User
from tests.support.api import approved_draft, auth, draft_status, quick_draft
from tests.support.worlds import World

BREAKS = ["Renewal\r\nBcc: everyone@example.net", "Renewal\nterms", "Renewal\rterms", "Renewal\u2028terms"]


@pytest.mark.parametrize("subject", BREAKS)
def test_an_edited_subject_with_a_line_break_is_a_clean_422(
    client: TestClient, world: World, subject: str
) -> None:
    draft_id = quick_draft(world, "east", "rep_east")
    for path, body in (
        (f"/v1/drafts/{draft_id}", {"version": 1, "subject": subject}),
        (f"/v1/drafts/{draft_id}/approve", {"version": 1, "subject": subject}),
    ):
        method = client.patch if path.endswith(str(draft_id)) else client.post
        answer = method(path, json=body, headers=auth(world, "reviewer_east"))
        assert answer.status_code == 422, answer.text
        error = answer.json()["error"]
        assert error["code"] == "invalid_input" and "subject" in error["message"]
        assert "must be one line" in error["message"]
    with world.services.sessions() as session:
        draft = session.get_one(Draft, draft_id)
        assert (draft.version, draft.subject, draft.status) == (1, "Hello", DraftStatus.PENDING_REVIEW)


def test_the_schema_states_the_one_line_rule(client: TestClient) -> None:
    schemas = client.get("/openapi.json").json()["components"]["schemas"]
    for name in ("DraftEdit", "DraftApprove"):
        subject = schemas[name]["properties"]["subject"]
        options = subject.get("anyOf", [subject])
        patterns = [o.get("pattern") for o in options if o.get("type") == "string"]
        assert patterns and patterns[0].startswith("^[^\\n\\r")


def test_delivering_a_stored_subject_with_a_line_break_is_a_422_and_changes_nothing(
    client: TestClient, world: World
) -> None:
    draft_id = approved_draft(world, "east", "rep_east")
    with world.services.sessions() as session, session.begin():
        # Stored before subjects were checked (or written so by a model).
        session.get_one(Draft, draft_id).subject = "Hello\r\nBcc: everyone@example.net"
    answer = client.post(
        f"/v1/drafts/{draft_id}/deliver", json={"channel": "eml"}, headers=auth(world, "admin")
    )
    assert answer.status_code == 422 and answer.json()["error"]["code"] == "invalid_input"
    assert "line break in its subject" in answer.json()["error"]["message"]
    assert draft_status(world, draft_id) == "approved"
    with world.services.sessions() as session:
        assert session.scalars(select(Delivery).where(Delivery.draft_id == draft_id)).all() == []
    assert not list(world.services.settings.resolved_export_dir.glob("*.eml"))


def test_an_exported_draft_is_named_by_file_not_server_path(client: TestClient, world: World) -> None:
    draft_id = approved_draft(world, "east", "rep_east")
    answer = client.post(
        f"/v1/drafts/{draft_id}/deliver", json={"channel": "eml"}, headers=auth(world, "admin")
    )
    location = answer.json()["location"]
    assert answer.status_code == 200 and location.endswith(".eml") and "/" not in location
    assert (world.services.settings.resolved_export_dir / location).is_file()
    assert str(world.services.settings.data_dir) not in answer.text


def test_ingest_failures_name_the_uploaded_file_not_the_staging_path(
    client: TestClient, world: World
) -> None:
    answer = client.post(
        f"/v1/ingest/ics?filename=broken.ics&account_id={world.accounts['east']}",
        content=b"hello, not a calendar",
        headers=auth(world, "admin"),
    )
    assert answer.status_code == 200, answer.text
    (failure,) = answer.json()["failed"]
    assert failure["path"] == "broken.ics" and "not an iCalendar file" in failure["error"]
    assert str(world.services.settings.data_dir.resolve()) not in answer.text


def test_a_database_error_does_not_carry_bound_values(db_services: Services) -> None:
    # The duplicate name fails; the other values bound to the statement must not reach the message
    # (PostgreSQL's own detail names the conflicting key, which is the database's, not ours).
    secret = "private-team-value"
    with db_services.sessions() as session, session.begin():
        session.add(User(name="duplicate", role="rep", team="east"))
    with pytest.raises(IntegrityError) as failed, db_services.sessions() as session, session.begin():
        session.add(User(name="duplicate", role="rep", team=secret))
    assert secret not in str(failed.value) and "parameters hidden" in str(failed.value)


def test_a_query_parameter_given_twice_is_refused_naming_it(client: TestClient, world: World) -> None:
    """`?owner=a&owner=b` breaks the schema: a 422 naming the parameter, never the last value read."""
    answer = client.get("/v1/accounts?owner=a&owner=b", headers=auth(world, "admin"))
    assert answer.status_code == 422
    assert "'owner' is given more than once" in answer.json()["error"]["message"]
    assert client.get("/v1/accounts?owner=a&limit=5", headers=auth(world, "admin")).status_code == 200
