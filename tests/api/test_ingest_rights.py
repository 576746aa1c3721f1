"""Who may change what through `/v1/ingest`: admins import CRM rows; a rep adds interactions to one
account they may draft for, and their CRM rows come back in `failed`, unapplied."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import select

from copilot.db.models import Account, Contact
from tests.support.api import EML, auth
from tests.support.worlds import World

TAKEOVER = b"Record ID,Company name,Company owner,Team\nE-1,Acme Logistics,rep_west,west\n"
CONTACT_MOVE = (
    b"Record ID,Associated Company IDs,Email,HasOptedOutOfEmail\nE-1-P,W-1,buyer@east.example,false\n"
)


def _east(world: World) -> tuple[Account, list[Contact]]:
    with world.services.sessions() as session:
        account = session.get_one(Account, world.accounts["east"])
        contacts = list(session.scalars(select(Contact).where(Contact.account_id == account.id)))
        return account, contacts


def test_the_reported_takeover_is_refused_and_east_stays_hidden(client: TestClient, world: World) -> None:
    west = world.accounts["west"]
    for name, body in (("companies.csv", TAKEOVER), ("contacts.csv", CONTACT_MOVE)):
        answer = client.post(
            f"/v1/ingest/csv?filename={name}&account_id={west}", content=body, headers=auth(world, "rep_west")
        )
        assert answer.status_code == 200, answer.text
        (failure,) = answer.json()["failed"]
        assert "created or changed only by an admin's CRM import; not applied" in failure["error"]
    account, contacts = _east(world)
    assert (account.name, account.owner, account.team) == ("East Corp", "rep_east", "east")
    assert [c.account_id for c in contacts] == [account.id]
    east = client.get(f"/v1/accounts/{account.id}", headers=auth(world, "rep_west"))
    assert east.status_code == 404


def test_an_admin_imports_crm_rows_and_a_missing_column_keeps_the_rest(
    client: TestClient, world: World
) -> None:
    with world.services.sessions() as session, session.begin():
        session.get_one(Account, world.accounts["east"]).industry = "Logistics"
    answer = client.post(
        "/v1/ingest/csv?filename=companies.csv", content=TAKEOVER, headers=auth(world, "admin")
    )
    assert (answer.status_code, answer.json()["updated"], answer.json()["failed"]) == (200, 1, [])
    account, _ = _east(world)
    assert (account.owner, account.team, account.industry) == ("rep_west", "west", "Logistics")


def test_roles_without_drafting_rights_cannot_upload(client: TestClient, world: World) -> None:
    east = world.accounts["east"]
    for user in ("reviewer_east", "manager_east"):
        answer = client.post(
            f"/v1/ingest/email?filename=q.eml&account_id={east}", content=EML, headers=auth(world, user)
        )
        assert answer.status_code == 403, (user, answer.text)
    mine = client.post(
        f"/v1/ingest/email?filename=q.eml&account_id={east}",
        content=EML,
        headers=auth(world, "teammate_east"),
    )
    assert mine.status_code == 200 and mine.json()["new"] == 1
