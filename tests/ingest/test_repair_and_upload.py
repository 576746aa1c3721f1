"""`copilot ingest --repair` fixes drift between SQL and the vector index; uploads ingest like files."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select, update

from copilot.container import Services
from copilot.db.models import Interaction
from copilot.errors import InvalidInputError
from copilot.ingest.repair import repair
from copilot.ingest.service import UploadTooLargeError, ingest_location, ingest_upload
from tests.support.ingest import add_account, assert_consistent, message, sql_chunk_ids, write_mbox


def test_repair_restores_missing_removes_stray_and_finishes_pending(
    counting: Services, tmp_path: Path
) -> None:
    account = add_account(counting, "Acme", "acme.example")
    ingest_location(counting, "email", write_mbox(tmp_path / "box.mbox", 10, "acme.example"))
    ids = sorted(sql_chunk_ids(counting)[account])
    index = counting.vector_index
    index.delete(account, ids[:3])
    vector = counting.embeddings.embed_query("stray")
    index.upsert(account, ["999-0", "998-1"], [vector, vector], [{"account_id": account}] * 2)
    with counting.sessions() as session:
        pending_id = session.scalars(select(Interaction.id).order_by(Interaction.id.desc())).first()
        session.execute(update(Interaction).where(Interaction.id == pending_id).values(index_state="pending"))
        session.commit()

    report = repair(counting)

    assert (report.stray_removed, report.missing_reindexed, report.pending_finished) == (2, 3, 1)
    assert report.chunks_embedded >= 3
    assert_consistent(counting)
    again = repair(counting)
    assert (again.stray_removed, again.missing_reindexed, again.pending_finished, again.chunks_embedded) == (
        0,
        0,
        0,
        0,
    )


def test_repair_cli_prints_counts(
    counting: Services, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import json

    from typer.testing import CliRunner

    from copilot.cli import ingest as ingest_cli
    from copilot.cli.app import app

    account = add_account(counting, "Acme", "acme.example")
    ingest_location(counting, "email", write_mbox(tmp_path / "box.mbox", 4, "acme.example"))
    counting.vector_index.delete(account, sql_chunk_ids(counting)[account][:1])
    monkeypatch.setattr(ingest_cli, "services_from", lambda _ctx: counting)
    result = CliRunner().invoke(app, ["ingest", "--repair", "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["missing_reindexed"] == 1
    assert_consistent(counting)


def test_upload_ingests_and_reupload_is_unchanged(counting: Services) -> None:
    account = add_account(counting, "Acme", "acme.example")
    data = (
        Path(__file__).parents[1] / "connectors" / "fixtures" / "transcripts" / "plain_call.txt"
    ).read_bytes()
    first = ingest_upload(counting, "transcript", "call.txt", data, account_id=account)
    second = ingest_upload(counting, "transcript", "../../call.txt", data, account_id=account)
    assert (first.new, second.new, second.unchanged) == (1, 0, 1)
    assert not [p for p in (counting.settings.data_dir / "uploads" / "transcript").rglob("*") if p.is_file()]
    assert_consistent(counting)


def test_kept_upload_stays_for_citations_and_reupload_is_unchanged(counting: Services) -> None:
    account = add_account(counting, "Acme", "acme.example")
    data = message(7, "acme.example").as_bytes()
    first = ingest_upload(counting, "email", "note.eml", data, account_id=account, keep=True)
    again = ingest_upload(counting, "email", "note.eml", data, account_id=account, keep=True)
    assert (first.new, again.unchanged) == (1, 1)
    kept = counting.settings.data_dir / "uploads" / "email" / f"account-{account}" / "note.eml"
    assert kept.read_bytes() == data and [p.name for p in kept.parent.iterdir()] == ["note.eml"]


def test_upload_sync_replaces_the_earlier_upload_of_that_name(counting: Services) -> None:
    add_account(counting, "Acme", "acme.example")
    import mailbox
    import tempfile

    def mbox_bytes(numbers: list[int]) -> bytes:
        with tempfile.TemporaryDirectory() as tmp:
            box = mailbox.mbox(f"{tmp}/m")
            for n in numbers:
                box.add(message(n, "acme.example"))
            box.close()
            return Path(f"{tmp}/m").read_bytes()

    assert ingest_upload(counting, "email", "inbox.mbox", mbox_bytes([1, 2, 3]), sync=True).new == 3
    report = ingest_upload(counting, "email", "inbox.mbox", mbox_bytes([1, 3]), sync=True)
    assert (report.unchanged, report.deleted) == (2, 1)
    assert_consistent(counting)


def test_upload_limits_and_kinds(counting: Services) -> None:
    limit = counting.settings.max_upload_bytes
    with pytest.raises(UploadTooLargeError, match=r"big\.eml") as caught:
        ingest_upload(counting, "email", "big.eml", b"x" * (limit + 1))
    assert caught.value.http_status == 413
    with pytest.raises(InvalidInputError, match="imap"):
        ingest_upload(counting, "imap", "x", b"data")
    with pytest.raises(InvalidInputError, match="file name"):
        ingest_upload(counting, "email", "..", b"data")
