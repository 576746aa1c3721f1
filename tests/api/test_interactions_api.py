"""/v1/interactions: audiences shown, a reviewer changes one (audited), others cannot; reply ids checked."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import select

from connectors.base import InteractionKind
from copilot.db.models import AuditEvent, Interaction
from tests.support.api import auth
from tests.support.records import Note, seed_account
from tests.support.worlds import World


def _east_ids(world: World) -> dict[str, int]:
    _, _, ids = seed_account(
        world.services,
        "E-1",
        "East Corp",
        [
            Note("Our renewal on 2027-03-31 is at EUR 48,000 per year.", subject="Renewal"),
            Note("Internal only: floor price is EUR 40,000.", kind=InteractionKind.NOTE, direction="unknown"),
            Note("Here is your quote.", direction="outbound", source_id="<out@ours.test>"),
        ],
        contact=("east buyer", "buyer@east.example"),
        owner="rep_east",
        team="east",
    )
    return {"inbound": ids[0], "note": ids[1], "outbound": ids[2]}


def test_reads_show_the_audience_and_hide_other_teams(client: TestClient, world: World) -> None:
    ids = _east_ids(world)
    listed = client.get(
        f"/v1/interactions?account_id={world.accounts['east']}", headers=auth(world, "rep_east")
    )
    assert listed.status_code == 200
    audiences = {row["id"]: row["audience"] for row in listed.json()}
    assert audiences[ids["note"]] == "internal" and audiences[ids["inbound"]] == "customer"
    internal_only = client.get(
        f"/v1/interactions?account_id={world.accounts['east']}&audience=internal",
        headers=auth(world, "rep_east"),
    )
    assert [row["id"] for row in internal_only.json()] == [ids["note"]]
    one = client.get(f"/v1/interactions/{ids['note']}", headers=auth(world, "rep_east")).json()
    assert (one["audience"], one["audience_source"], one["kind"]) == ("internal", "ingest", "note")
    assert client.get(f"/v1/interactions/{ids['note']}", headers=auth(world, "rep_west")).status_code == 404
    assert (
        client.get(
            f"/v1/interactions?account_id={world.accounts['east']}", headers=auth(world, "rep_west")
        ).status_code
        == 404
    )


def test_a_reviewer_changes_an_audience_audited_and_a_rep_may_not(client: TestClient, world: World) -> None:
    ids = _east_ids(world)
    path = f"/v1/interactions/{ids['inbound']}/audience"
    denied = client.put(path, json={"audience": "internal"}, headers=auth(world, "rep_east"))
    assert denied.status_code == 403
    bad = client.put(path, json={"audience": "everyone"}, headers=auth(world, "reviewer_east"))
    assert bad.status_code == 422 and "audience" in bad.text
    changed = client.put(
        path,
        json={"audience": "internal", "reason": "forwarded by our CFO"},
        headers=auth(world, "reviewer_east"),
    )
    assert changed.status_code == 200
    assert (changed.json()["audience"], changed.json()["audience_source"]) == ("internal", "reviewer")
    with world.services.sessions() as session:
        row = session.get_one(Interaction, ids["inbound"])
        event = session.scalars(
            select(AuditEvent).where(AuditEvent.event == "interaction.audience_changed")
        ).one()
    assert row.audience == "internal"
    assert event.actor_id == world.users["reviewer_east"].id
    assert event.data == {
        "interaction_id": ids["inbound"],
        "from": "customer",
        "to": "internal",
        "reason": "forwarded by our CFO",
    }


def test_reply_ids_unknown_foreign_outbound_and_internal_are_refused_by_name(
    client: TestClient, world: World
) -> None:
    ids = _east_ids(world)
    rep = auth(world, "rep_east")
    east = world.accounts["east"]

    def ask(account_id: int, interaction_id: int) -> tuple[int, str]:
        answer = client.post(
            "/v1/drafts",
            json={"account_id": account_id, "reply_to_interaction_id": interaction_id},
            headers=rep,
        )
        return answer.status_code, answer.text

    assert ask(east, 987_654)[0] == 404
    _, _, west_ids = seed_account(
        world.services, "W-1", "West Corp", [Note("A question for you?")], owner="rep_west", team="west"
    )
    status, text = ask(east, west_ids[0])
    assert status == 404 and f"interaction {west_ids[0]} not found" in text
    status, text = ask(east, ids["outbound"])
    assert status == 422 and "outbound" in text and "reply_to_interaction_id" in text
    status, text = ask(east, ids["note"])
    assert status == 422 and "internal record" in text
    missing = client.post("/v1/drafts", json={"account_id": east}, headers=rep)
    assert missing.status_code == 422 and "purpose" in missing.text
