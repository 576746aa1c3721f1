"""Two tenants, one store: nothing team west does through ingest changes, moves or deletes team east's rows.

Team east (rep_east, account E-1) first ingests one source of every kind: an .eml, an mbox, a Maildir,
a call transcript, a calendar, a CRM activities export, and a call through `POST /v1/calls`. Team west
then tries, with sync off and on: files of the same names carrying the same Message-IDs, UIDs and
activity ids (other content, and with sync fewer items); the reported account takeover (east's account
row re-owned by west, other columns missing) and a contact takeover (east's contact moved to west, its
opt-out switched off); activities naming east's CRM id; uploads straight into east's account id; and an
operator's ingest of west's own files left to the resolver. After every attempt, everything east holds
(its account and contact rows, interactions, chunks, vectors, drafts and staged files) must be exactly
what it was. Runs on SQLite and PostgreSQL; the figure is printed as "cross-tenant changes X of N".

    pytest tests/trust/test_tenant_matrix.py -s
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import inspect, select

from copilot.config import load_settings
from copilot.container import Services
from copilot.db.models import Account, Chunk, Contact, Draft, Interaction
from copilot.index.fakes import HashingEmbeddings
from copilot.ingest.service import ingest_location
from copilot.llm.fakes import FakeChatModel
from tests.support.api import auth, build_app
from tests.support.worlds import World, build_world, script
from tests.trust import tenant_files as files

EAST, WEST = files.Team("east", "E-1"), files.Team("west", "W-1")
# (connector kind, upload name, builder) of every file kind the upload route takes.
UPLOADS: list[tuple[str, str, Callable[..., bytes]]] = [
    ("email", "note.eml", files.eml),
    ("email", "inbox.mbox", files.mbox),
    ("transcript", "call.vtt", files.vtt),
    ("ics", "calendar.ics", files.ics),
    ("csv", "activities.csv", files.activities),
]


@dataclass
class Tenants:
    """The two teams' world, its client, and the attempts' outcome."""

    world: World
    client: TestClient
    folder: Path
    attempts: int = 0
    changes: list[str] = field(default_factory=list)

    @property
    def services(self) -> Services:
        return self.world.services

    def account(self, team: files.Team) -> int:
        return self.world.accounts[team.name]

    def upload(self, user: str, team: files.Team, kind: str, name: str, data: bytes, sync: bool) -> Any:
        query = f"filename={name}&account_id={self.account(team)}&sync={str(sync).lower()}"
        return self.client.post(f"/v1/ingest/{kind}?{query}", content=data, headers=auth(self.world, user))

    def call(self, user: str, team: files.Team, name: str, data: bytes) -> Any:
        script(self.world.model, "{}")  # the summary's wording is not under test
        path = f"/v1/calls?account_id={self.account(team)}&filename={name}"
        return self.client.post(path, content=data, headers=auth(self.world, user))

    def attempt(self, label: str, action: Callable[..., object], *args: Any) -> None:
        """Run one attempt of west's and record it when anything of east's differs afterwards."""
        before = east_state(self.services, self.account(EAST))
        action(*args)
        self.attempts += 1
        after = east_state(self.services, self.account(EAST))
        if after != before:
            self.changes.append(f"{label}: {_difference(before, after)}")

    def west_upload(
        self, team: files.Team, kind: str, name: str, data: bytes, sync: bool, status: int
    ) -> None:
        """rep_west uploads into `team`'s account id and gets `status`."""
        answer = self.upload("rep_west", team, kind, name, data, sync)
        assert answer.status_code == status, answer.text

    def west_call(self, team: files.Team, data: bytes, status: int) -> None:
        """rep_west submits a call into `team`'s account id and gets `status`."""
        answer = self.call("rep_west", team, "meeting.vtt", data)
        assert answer.status_code == status, answer.text

    def operator_ingest(self, kind: str, location: Path, account_id: int | None, sync: bool) -> None:
        """`copilot ingest KIND LOCATION [--account ID] [--sync]` for west's own files."""
        ingest_location(self.services, kind, location, account_id=account_id, sync=sync)


def _row(row: Any) -> dict[str, Any]:
    return {c.key: getattr(row, c.key) for c in inspect(row).mapper.column_attrs}


def _file_digest(raw_ref: str) -> str | None:
    for candidate in (raw_ref, raw_ref.split("#", 1)[0], raw_ref.rsplit(":", 1)[0]):
        if candidate and Path(candidate).is_file():
            return hashlib.sha256(Path(candidate).read_bytes()).hexdigest()
    return None


def east_state(services: Services, account_id: int) -> dict[str, Any]:
    """Everything east holds: rows of every kind, vector ids, and the bytes of the files it cites."""
    with services.sessions() as session:
        account = _row(session.get_one(Account, account_id))
        contacts = [_row(c) for c in session.scalars(select(Contact).where(Contact.account_id == account_id))]
        rows = session.scalars(select(Interaction).where(Interaction.account_id == account_id))
        interactions = sorted((_row(i) for i in rows), key=lambda r: r["id"])
        chunks = sorted(session.execute(select(Chunk.id, Chunk.text).where(Chunk.account_id == account_id)))
        drafts = sorted(
            (d.id, d.status.value, d.version, d.subject, d.body)
            for d in session.scalars(select(Draft).where(Draft.account_id == account_id))
        )
    return {
        "account": account,
        "contacts": sorted(contacts, key=lambda r: r["id"]),
        "interactions": interactions,
        "chunks": chunks,
        "vectors": sorted(services.vector_index.ids(account_id)),
        "drafts": drafts,
        "files": {r["raw_ref"]: _file_digest(r["raw_ref"]) for r in interactions},
    }


def _difference(before: dict[str, Any], after: dict[str, Any]) -> str:
    return ", ".join(key for key in before if before[key] != after[key])


@pytest.fixture
def tenants(database_url: str, tmp_path: Path) -> Iterator[Tenants]:
    """Both teams on SQLite or PostgreSQL; east's records ingested; east's contact opted out."""
    settings = load_settings(
        data_dir=tmp_path / "data",
        database_url=database_url,
        injection_classifier=False,
        rate_limit_per_minute=0,
        worker_pool_size=0,
    )
    services = Services(settings, chat_model=FakeChatModel(), embeddings=HashingEmbeddings())
    services.migrate()
    world = build_world(services)
    with services.sessions() as session, session.begin():
        east = session.get_one(Account, world.accounts["east"])
        east.domain, east.industry, east.renewal_date = "east.example", "Logistics", date(2027, 3, 31)
        for contact in east.contacts:
            contact.opted_out = True
    with TestClient(build_app(services)) as client:
        state = Tenants(world, client, tmp_path)
        _ingest_east(state)
        yield state
    services.engine.dispose()


def _ingest_east(t: Tenants) -> None:
    for kind, name, build in UPLOADS:
        answer = t.upload("rep_east", EAST, kind, name, build(EAST, "east original"), sync=False)
        assert answer.status_code == 200 and answer.json()["new"] >= 1, answer.text
    assert t.call("rep_east", EAST, "meeting.vtt", files.vtt(EAST, "east call")).status_code == 201
    maildir = files.maildir(t.folder / "east" / "Maildir", EAST, "east original")
    assert ingest_location(t.services, "email", maildir, account_id=t.account(EAST)).new == 3


def _west_uploads(t: Tenants) -> None:
    for sync in (False, True):
        for kind, name, build in UPLOADS:
            data = build(WEST, f"west sync={sync}", fewer=sync)
            t.attempt(f"{name} into west, sync={sync}", t.west_upload, WEST, kind, name, data, sync, 200)
            t.attempt(f"{name} into east's id, sync={sync}", t.west_upload, EAST, kind, name, data, sync, 404)
        naming_east = files.activities(WEST, "names east", fewer=sync, names=EAST.crm_id)
        for name, data in (
            ("activities.csv", naming_east),
            ("companies.csv", files.accounts_takeover(EAST, WEST)),
            ("contacts.csv", files.contacts_takeover(EAST, WEST)),
        ):
            t.attempt(
                f"{name} with east's CRM ids, sync={sync}", t.west_upload, WEST, "csv", name, data, sync, 200
            )


def _west_copies_of_east_files(t: Tenants) -> None:
    """West uploads byte-identical copies of east's files (a forwarded thread, a shared invite)."""
    for kind, name, build in UPLOADS:
        data = build(EAST, "east original")
        t.attempt(f"east's own {name} into west", t.west_upload, WEST, kind, name, data, True, 200)
    t.attempt("east's own call into west", t.west_call, WEST, files.vtt(EAST, "east call"), 201)


def _west_calls(t: Tenants) -> None:
    data = files.vtt(WEST, "west call")
    t.attempt("call into west", t.west_call, WEST, data, 201)
    t.attempt("call into east's id", t.west_call, EAST, data, 404)


def _west_operator_ingests(t: Tenants) -> None:
    """West's own files ingested by an operator: into west's account, and left to the resolver."""
    maildir = t.folder / "west" / "Maildir"
    for sync in (False, True):
        files.maildir(maildir, WEST, f"west sync={sync}", fewer=sync)
        for target in (t.account(WEST), None):
            t.attempt(
                f"Maildir, account={target}, sync={sync}", t.operator_ingest, "email", maildir, target, sync
            )
        for kind, name, build in UPLOADS:
            path = t.folder / "west" / name
            path.write_bytes(build(WEST, f"west operator sync={sync}", fewer=sync))
            t.attempt(f"operator {name}, resolver, sync={sync}", t.operator_ingest, kind, path, None, sync)


def test_no_attempt_of_west_changes_anything_of_east(tenants: Tenants) -> None:
    _west_uploads(tenants)
    _west_copies_of_east_files(tenants)
    _west_calls(tenants)
    _west_operator_ingests(tenants)
    print(f"\ncross-tenant changes {len(tenants.changes)} of {tenants.attempts} attempts")
    assert tenants.attempts == 48
    assert tenants.changes == []


def test_west_keeps_its_own_copies_and_collisions_are_reported(tenants: Tenants) -> None:
    answer = tenants.upload("rep_west", WEST, "email", "inbox.mbox", files.mbox(WEST, "west"), sync=True)
    assert (answer.json()["new"], answer.json()["deleted"], answer.json()["failed"]) == (3, 0, [])
    with tenants.services.sessions() as session:
        west_ids = set(
            session.scalars(
                select(Interaction.source_id).where(Interaction.account_id == tenants.account(WEST))
            )
        )
    assert set(files.message_ids("mbox")) <= west_ids
    path = tenants.folder / "west-activities.csv"
    path.write_bytes(files.activities(WEST, "resolver"))
    report = ingest_location(tenants.services, "csv", path)
    assert report.new == 0 and len(report.failed) == 2
    assert all("is stored under account" in f["error"] for f in report.failed)
    takeover = tenants.upload(
        "rep_west", WEST, "csv", "companies.csv", files.accounts_takeover(EAST, WEST), True
    )
    (refused,) = takeover.json()["failed"]
    assert "only by an admin's CRM import" in refused["error"]
    east = tenants.client.get(
        f"/v1/accounts/{tenants.account(EAST)}", headers=auth(tenants.world, "rep_west")
    )
    assert east.status_code == 404
