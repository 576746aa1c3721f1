"""Accounts by role, uploads into an account, GDPR export, and erasure of rows, vectors and files."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.support.api import EML, approved_draft, auth
from tests.support.worlds import World


def test_a_rep_uploads_mail_into_their_account_and_it_is_kept_and_indexed(
    client: TestClient, world: World
) -> None:
    account = world.accounts["east"]
    answer = client.post(
        f"/v1/ingest/email?filename=../../q.eml&account_id={account}",
        content=EML,
        headers=auth(world, "rep_east"),
    )
    assert answer.status_code == 200, answer.text
    assert answer.json()["new"] == 1 and not answer.json()["failed"]
    stored = list((world.services.settings.data_dir / "uploads").rglob("*.eml"))
    assert [p.name for p in stored] == ["q.eml"]
    assert len(world.services.vector_index.ids(account)) >= 2
    refused = client.post("/v1/ingest/email?filename=q.eml", content=EML, headers=auth(world, "rep_east"))
    assert refused.status_code == 422 and "account_id" in refused.json()["error"]["message"]


def test_export_holds_everything_and_erase_removes_rows_vectors_and_files(
    client: TestClient, world: World
) -> None:
    account = world.accounts["east"]
    admin = auth(world, "admin")
    client.post(f"/v1/ingest/email?filename=q.eml&account_id={account}", content=EML, headers=admin)
    draft_id = approved_draft(world, "east", "rep_east")
    exported = client.post(f"/v1/drafts/{draft_id}/deliver", json={"channel": "eml"}, headers=admin).json()
    data = client.get(f"/v1/accounts/{account}/export", headers=admin).json()
    assert data["account"]["id"] == account and len(data["interactions"]) == 2
    assert [d["id"] for d in data["drafts"]] == [draft_id] and data["decisions"] and data["deliveries"]
    assert {e["event"] for e in data["audit_events"]} >= {
        "draft.requested",
        "draft.approved",
        "draft.exported",
    }

    report = client.delete(f"/v1/accounts/{account}", headers=admin).json()
    assert report["rows"]["interactions"] == 2 and report["rows"]["drafts"] == 1 and report["vectors_dropped"]
    assert exported["location"] in report["files_deleted"] and "/" not in exported["location"]
    assert not (world.services.settings.resolved_export_dir / exported["location"]).exists()
    assert not list((world.services.settings.data_dir / "uploads").rglob("*.eml"))
    assert client.get(f"/v1/accounts/{account}", headers=admin).status_code == 404
    assert client.get(f"/v1/drafts/{draft_id}", headers=admin).status_code == 404
    assert world.services.vector_index.ids(account) == set()
    west = client.get(f"/v1/accounts/{world.accounts['west']}", headers=admin)
    assert west.status_code == 200 and west.json()["interactions"] == 1


def test_account_detail_lists_contacts_for_the_owner_and_hides_other_teams(
    client: TestClient, world: World
) -> None:
    east = client.get(f"/v1/accounts/{world.accounts['east']}", headers=auth(world, "rep_east")).json()
    assert [c["email"] for c in east["contacts"]] == ["buyer@east.example"]
    hidden = client.get(f"/v1/accounts/{world.accounts['west']}", headers=auth(world, "rep_east"))
    assert (
        hidden.status_code == 404
        and hidden.json()["error"]["message"] == f"account {world.accounts['west']} not found"
    )
