"""Re-ingest is a no-op, a changed item re-indexes alone, `--sync` deletes what vanished from a CSV."""

from __future__ import annotations

import shutil
from pathlib import Path

from sqlalchemy import select

from copilot.container import Services
from copilot.db.models import Chunk, Interaction
from copilot.ingest.service import ingest_location
from tests.support.fakes import CountingEmbeddings
from tests.support.ingest import (
    add_account,
    assert_consistent,
    interaction_count,
    message,
)

CSV_FIXTURES = Path(__file__).parents[1] / "connectors" / "fixtures" / "csv" / "hubspot"


def _emails(folder: Path, count: int, domain: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for number in range(count):
        (folder / f"m{number}.eml").write_bytes(message(number, domain).as_bytes())
    return folder


def _embedder(services: Services) -> CountingEmbeddings:
    embeddings = services.embeddings
    assert isinstance(embeddings, CountingEmbeddings)
    return embeddings


def test_reingest_is_a_noop_and_embeds_nothing(counting: Services, tmp_path: Path) -> None:
    add_account(counting, "Acme", "acme.example")
    folder = _emails(tmp_path / "mail", 9, "acme.example")
    first = ingest_location(counting, "email", folder)
    assert (first.new, first.unchanged, first.failed) == (9, 0, [])
    calls, texts = _embedder(counting).calls, len(_embedder(counting).texts)
    assert calls >= 3  # vectors written per 4 interactions: the index batch size setting is honoured

    again = ingest_location(counting, "email", folder)
    assert (again.new, again.updated, again.unchanged, again.deleted, again.chunks) == (0, 0, 9, 0, 0)
    assert (_embedder(counting).calls, len(_embedder(counting).texts)) == (calls, texts)
    assert_consistent(counting)


def test_changed_source_reindexes_only_that_item(counting: Services, tmp_path: Path) -> None:
    add_account(counting, "Acme", "acme.example")
    folder = _emails(tmp_path / "mail", 6, "acme.example")
    ingest_location(counting, "email", folder)
    with counting.sessions() as session:
        before = {c.id: c.text for c in session.scalars(select(Chunk))}
    _embedder(counting).texts.clear()

    changed = message(3, "acme.example", body="Hello,\n\nWe now want a three-year contract with SSO.")
    (folder / "m3.eml").write_bytes(changed.as_bytes())
    report = ingest_location(counting, "email", folder)

    assert (report.new, report.updated, report.unchanged) == (0, 1, 5)
    embedded = _embedder(counting).texts
    assert embedded and all("three-year contract" in text for text in embedded)
    with counting.sessions() as session:
        row = session.scalars(
            select(Interaction).where(Interaction.source_id == "<msg-3@acme.example>")
        ).one()
        after = {c.id: c.text for c in session.scalars(select(Chunk))}
    assert "three-year" in row.text
    unchanged_ids = {cid for cid in before if not cid.startswith(f"{row.id}-")}
    assert all(after[cid] == before[cid] for cid in unchanged_ids)
    assert_consistent(counting)


def test_sync_deletes_an_activity_removed_from_a_reexported_csv(counting: Services, tmp_path: Path) -> None:
    crm = tmp_path / "crm"
    shutil.copytree(CSV_FIXTURES, crm)
    for table in ("companies", "contacts"):
        assert not ingest_location(counting, "csv", crm / f"{table}.csv").failed
    activities = crm / "activities.csv"
    _drop_csv_record(activities, "A-3003")  # the fixture's deliberately broken row
    first = ingest_location(counting, "csv", activities, sync=True)
    assert first.new >= 2 and not first.failed
    with counting.sessions() as session:
        removed_id = session.scalars(select(Interaction.source_id).order_by(Interaction.source_id)).first()
    assert removed_id is not None
    _drop_csv_record(activities, removed_id)

    second = ingest_location(counting, "csv", activities, sync=True)

    assert (second.deleted, second.new, second.unchanged) == (1, 0, first.new - 1)
    with counting.sessions() as session:
        left = set(session.scalars(select(Interaction.source_id)))
    assert removed_id not in left and len(left) == first.new - 1
    assert_consistent(counting)


def test_without_sync_nothing_is_deleted(counting: Services, tmp_path: Path) -> None:
    add_account(counting, "Acme", "acme.example")
    folder = _emails(tmp_path / "mail", 3, "acme.example")
    ingest_location(counting, "email", folder)
    (folder / "m0.eml").unlink()
    assert ingest_location(counting, "email", folder).deleted == 0
    assert ingest_location(counting, "email", folder, sync=True).deleted == 1
    assert_consistent(counting)


def test_sync_deletes_nothing_when_the_reexport_is_broken(counting: Services, tmp_path: Path) -> None:
    crm = tmp_path / "crm"
    shutil.copytree(CSV_FIXTURES, crm)
    for table in ("companies", "contacts", "activities"):
        ingest_location(counting, "csv", crm / f"{table}.csv", sync=True)
    stored = interaction_count(counting)
    activities = crm / "activities.csv"
    activities.write_text("Activity ID,Subject\nA-3001,Renewal call notes\n", encoding="utf-8")

    report = ingest_location(counting, "csv", activities, sync=True)

    assert report.failed and str(activities) in report.failed[0]["path"]
    assert report.deleted == 0 and interaction_count(counting) == stored > 0


def _drop_csv_record(path: Path, record_id: str) -> None:
    import csv
    import io

    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))
    kept = [row for row in rows if row[0] != record_id]
    assert len(kept) == len(rows) - 1, f"{record_id} not found in {path}"
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(kept)
    path.write_text(out.getvalue(), encoding="utf-8")
