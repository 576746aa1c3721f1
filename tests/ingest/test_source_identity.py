"""Source identity is per account: the same Message-ID, UID, CRM id or file name in another account is
another item; an ingest never moves an item between accounts, and a sync deletes only in its account."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from email.message import EmailMessage

from sqlalchemy import select

from connectors.base import InteractionKind, InteractionRecord
from connectors.email.connector import EmailConnector
from copilot.container import Services
from copilot.db.models import Interaction
from copilot.ingest.pipeline import IngestPipeline
from copilot.ingest.service import ingest_upload
from tests.support.ingest import add_account, assert_consistent, message

VTT = b"WEBVTT\n\n1\n00:00:00.000 --> 00:00:03.000\n<v Ann>We need the quote by Friday.</v>\n"


def _rows(services: Services) -> list[tuple[int, str, str, str]]:
    with services.sessions() as session:
        query = select(Interaction.account_id, Interaction.source_id, Interaction.subject, Interaction.origin)
        return sorted(session.execute(query.order_by(Interaction.id)).tuples())


def _with_id(msg: EmailMessage, message_id: str) -> EmailMessage:
    del msg["Message-ID"]
    msg["Message-ID"] = message_id
    return msg


def _note(source_id: str, text: str) -> InteractionRecord:
    return InteractionRecord(
        source="test",
        source_id=source_id,
        kind=InteractionKind.NOTE,
        occurred_at=datetime(2026, 9, 1, tzinfo=UTC),
        text=text,
        content_hash=hashlib.sha256(text.encode()).hexdigest(),
        raw_ref=f"test:{source_id}",
        subject=text,
    )


def test_the_same_message_id_in_two_accounts_is_two_items(counting: Services) -> None:
    east, west = add_account(counting, "East", "east.example"), add_account(counting, "West", "west.example")
    first = message(1, "east.example").as_bytes()
    clash = _with_id(message(1, "west.example", body="West's own text"), "<msg-1@east.example>").as_bytes()
    assert ingest_upload(counting, "email", "q.eml", first, account_id=east).new == 1
    before = _rows(counting)
    report = ingest_upload(counting, "email", "q.eml", clash, account_id=west, sync=True)
    assert (report.new, report.updated, report.deleted, report.failed) == (1, 0, 0, [])
    after = _rows(counting)
    assert before[0] in after and len(after) == 2
    assert {row[0] for row in after} == {east, west}
    assert_consistent(counting)


def test_same_file_name_is_staged_apart_per_account(counting: Services) -> None:
    east, west = add_account(counting, "East", "east.example"), add_account(counting, "West", "west.example")
    ingest_upload(counting, "transcript", "call.vtt", VTT, account_id=east, keep=True)
    ingest_upload(
        counting, "transcript", "call.vtt", VTT.replace(b"Friday", b"Monday"), account_id=west, keep=True
    )
    uploads = counting.settings.data_dir / "uploads" / "transcript"
    assert (uploads / f"account-{east}" / "call.vtt").read_bytes() == VTT
    assert b"Monday" in (uploads / f"account-{west}" / "call.vtt").read_bytes()
    with counting.sessions() as session:
        rows = session.execute(select(Interaction.account_id, Interaction.source_id, Interaction.text)).all()
    assert len(rows) == 2 and len({r.source_id for r in rows}) == 2
    assert {r.account_id: "Friday" in r.text for r in rows} == {east: True, west: False}


def test_a_sync_deletes_only_in_its_account(counting: Services) -> None:
    east, west = add_account(counting, "East", "east.example"), add_account(counting, "West", "west.example")
    origin = "upload:test:shared-name"  # the same origin string on purpose
    IngestPipeline(counting, forced_account_id=east, origin=origin).run([_note("n1", "a"), _note("n2", "b")])
    report = IngestPipeline(counting, forced_account_id=west, origin=origin).run(
        [_note("n1", "w")], sync=True
    )
    assert (report.new, report.deleted) == (1, 0)
    assert [(r[0], r[1], r[2]) for r in _rows(counting)] == [
        (east, "n1", "a"),
        (east, "n2", "b"),
        (west, "n1", "w"),
    ]
    again = IngestPipeline(counting, forced_account_id=east, origin=origin).run([_note("n1", "a")], sync=True)
    assert again.deleted == 1 and [(r[0], r[1]) for r in _rows(counting)] == [(east, "n1"), (west, "n1")]


def test_the_resolver_never_moves_an_item_between_accounts(counting: Services) -> None:
    east, west = add_account(counting, "East", "east.example"), add_account(counting, "West", "west.example")
    # Resolved by domain to west, but its identity is stored under east: reported, not applied.
    moved = _with_id(message(1, "west.example"), "<msg-1@east.example>")
    ingest_upload(counting, "email", "a.eml", message(1, "east.example").as_bytes(), account_id=east)
    report = ingest_upload(counting, "email", "b.eml", moved.as_bytes(), sync=True)
    assert (report.new, report.updated, report.deleted) == (0, 0, 0)
    (failure,) = report.failed
    assert f"is stored under account {east}, not {west}" in failure["error"]
    with counting.sessions() as session:
        owner = session.scalar(
            select(Interaction.account_id).where(Interaction.source_id == "<msg-1@east.example>")
        )
    assert owner == east


def test_a_file_staged_before_per_account_folders_goes_once_no_row_cites_it(counting: Services) -> None:
    east, west = add_account(counting, "East", "east.example"), add_account(counting, "West", "west.example")
    old_layout = counting.settings.data_dir / "uploads" / "email"
    old_layout.mkdir(parents=True)
    mail = message(1, "east.example").as_bytes()
    for name, account in (("east.eml", east), ("shared.eml", west)):
        (old_layout / name).write_bytes(mail)
        # What a pre-0007 upload left: a row citing the file at the old path.
        IngestPipeline(counting, forced_account_id=account, origin=f"upload:email:{name}").run(
            EmailConnector().read(old_layout / name)
        )
    ingest_upload(counting, "email", "east.eml", mail, account_id=east, keep=True)
    assert not (old_layout / "east.eml").exists()  # east's row now cites its account folder's copy
    ingest_upload(counting, "email", "shared.eml", mail, account_id=east, keep=True)
    assert (old_layout / "shared.eml").exists()  # west's row still cites it: erasing west removes it
