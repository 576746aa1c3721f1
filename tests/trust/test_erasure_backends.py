"""Erasure beyond the embedded defaults: PostgreSQL's relation files, and a Chroma server's own directory.

PostgreSQL: after `copilot erase`, no relation file of the database (tables, indexes, TOAST, catalogs
such as pg_statistic) holds the canary. Its WAL is out of scope here: see docs/trust.md section 3.
Chroma server: dropping the collection over HTTP leaves the vectors in the server's files; the
operator procedure (stop the server, compact its path, start it again) removes them.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from copilot import privacy
from copilot.cli.app import app
from copilot.config import load_settings
from copilot.container import Services, embedding_space
from copilot.db.models import Account
from copilot.index.fakes import HashingEmbeddings
from copilot.index.vector_store import SPACE_KEY, build_chroma_client, compact_local_store
from copilot.privacy import erase_account, tables_holding_account_rows
from tests.support.records import Note, seed_account
from tests.support.servers import free_port, running_server, venv_bin
from tests.trust.test_erasure import CANARY, scan_dir, scan_files, seed_world, vector_signatures

BULK_NOTES = [Note(f"Renewal line item {n}: {n * 7} seats for site {n % 13}.") for n in range(60)]
# Full-text indexes store lower-cased lexemes, so look for both spellings.
CANARIES = [CANARY.encode(), CANARY.lower().encode()]


def _dsn(url: str) -> str:
    return url.replace("postgresql+psycopg://", "postgresql://")


def _build(data_dir: Path, **settings: object) -> Services:
    services = Services(load_settings(data_dir=data_dir, **settings), embeddings=HashingEmbeddings())
    services.migrate()
    return services


@pytest.fixture
def pg_url(postgres_url: str) -> Iterator[str]:
    """The session's PostgreSQL database with an empty public schema."""
    reset = "DROP SCHEMA public CASCADE; CREATE SCHEMA public;"
    with psycopg.connect(_dsn(postgres_url), autocommit=True) as conn:
        conn.execute(reset)
    yield postgres_url
    with psycopg.connect(_dsn(postgres_url), autocommit=True) as conn:
        conn.execute(reset)


def _relation_files(url: str) -> tuple[Path, list[Path]]:
    """Every file (all forks and segments) of every relation this database sees, after a CHECKPOINT."""
    with psycopg.connect(_dsn(url), autocommit=True) as conn:
        conn.execute("CHECKPOINT")  # dirty pages reach the files, so the scan sees what the server holds
        row = conn.execute("SHOW data_directory").fetchone()
        assert row is not None
        root = Path(row[0])
        paths = [r[0] for r in conn.execute("SELECT pg_relation_filepath(oid) FROM pg_class") if r[0]]
    files = set()
    for relative in paths:
        main = root / relative
        files |= {
            p for p in main.parent.glob(f"{main.name}*") if p.name.split(".")[0].split("_")[0] == main.name
        }
    return root, sorted(p for p in files if p.is_file())


def _scan_relations(url: str) -> list[str]:
    root, files = _relation_files(url)
    return scan_files(files, CANARIES, root)


def _table_of(url: str, hit: str) -> str:
    filenode = Path(hit.split(":")[0]).name.split(".")[0].split("_")[0]
    with psycopg.connect(_dsn(url)) as conn:
        row = conn.execute("SELECT relname FROM pg_class WHERE relfilenode = %s", (int(filenode),)).fetchone()
    return row[0] if row else f"filenode {filenode}"


@pytest.mark.postgres
def test_cli_erase_on_postgres_leaves_no_canary_in_any_relation_file(
    pg_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data_dir = tmp_path / "data"
    services = _build(data_dir, database_url=pg_url)
    target = seed_world(services)
    services.engine.dispose()
    with psycopg.connect(_dsn(pg_url), autocommit=True) as conn:
        conn.execute("ANALYZE")  # as autovacuum would: the statistics now sample the account's values
    before = _scan_relations(pg_url)
    # The scan must find the canary in the tables before erasure, or its silence afterwards proves nothing.
    assert {"interactions", "chunks", "pg_statistic"} <= {_table_of(pg_url, h) for h in before}, before

    monkeypatch.setenv("COPILOT_DATA_DIR", str(data_dir))
    monkeypatch.setenv("COPILOT_DATABASE_URL", pg_url)
    result = CliRunner().invoke(app, ["erase", "--account", str(target), "--yes", "--json"])
    assert result.exit_code == 0, result.output
    # The test connects as a superuser, so the statistics catalog is rewritten too.
    assert {"postgresql:interactions", "postgresql:pg_statistic"} <= set(
        json.loads(result.output)["rewritten"]
    )

    assert [(h, _table_of(pg_url, h)) for h in _scan_relations(pg_url)] == []
    survivor = _build(data_dir, database_url=pg_url)
    with survivor.sessions() as session:
        assert sorted(a.name for a in session.query(Account)) == ["Acme Freight", "Globex"]
    survivor.engine.dispose()


@pytest.mark.postgres
def test_a_table_held_by_another_transaction_is_skipped_not_waited_for(
    pg_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    services = _build(tmp_path / "data", database_url=pg_url)
    monkeypatch.setattr(privacy, "LOCK_TIMEOUT_SECONDS", 1)
    with psycopg.connect(_dsn(pg_url)) as reader:
        reader.execute("SELECT count(*) FROM contacts")  # an open transaction keeps its lock on contacts
        done = privacy.rewrite_postgres_tables(services.engine, ["accounts", "contacts", "drafts"])
    assert done == ["accounts", "drafts", "pg_statistic"]
    services.engine.dispose()


def test_the_rewritten_tables_cover_every_table_that_cascades_from_accounts() -> None:
    tables = tables_holding_account_rows()
    expected = {"accounts", "contacts", "interactions", "chunks", "drafts", "revisions", "decisions"}
    assert expected | {"deliveries", "generation_jobs", "account_summaries", "audit_events"} <= set(tables)
    assert "users" not in tables


def _other_accounts(services: Services, target: int) -> list[int]:
    with services.sessions() as session:
        return list(session.scalars(select(Account.id).where(Account.id != target)))


def _account_writing_hnsw_files(services: Services) -> int:
    """An account whose collection the server persists to HNSW files after 10 vectors (default 1,000)."""
    target, _, _ = seed_account(services, "C-BULK", "Bulk Co", [])
    hnsw = {
        "hnsw:space": "cosine",
        "hnsw:sync_threshold": 10,
        "hnsw:batch_size": 10,
        # Recorded as VectorIndex records it, so the index accepts this collection as its own.
        SPACE_KEY: embedding_space(services.settings),
    }
    # The name VectorIndex gives the account's collection; it then reuses this one as it finds it.
    name = f"{services.settings.chroma_collection_prefix}-acct-{target}"
    build_chroma_client(services.settings).create_collection(name, metadata=hnsw)
    seed_account(services, "C-BULK", "Bulk Co", BULK_NOTES)
    return target


def _places(hits: list[str]) -> set[str]:
    return {Path(hit.split(":")[0]).name for hit in hits}


def _chroma_command(path: Path, port: int) -> list[str]:
    return [venv_bin("chroma"), "run", "--path", str(path), "--host", "127.0.0.1", "--port", str(port)]


@pytest.mark.server
def test_chroma_server_erasure_then_offline_compaction_leaves_no_vector_bytes(tmp_path: Path) -> None:
    chroma_path, port = tmp_path / "chroma-server", free_port()
    heartbeat = f"http://127.0.0.1:{port}/api/v2/heartbeat"
    data_dir = tmp_path / "data"
    with running_server(_chroma_command(chroma_path, port), heartbeat, tmp_path / "chroma-1.log"):
        services = _build(data_dir, chroma_host="127.0.0.1", chroma_port=port)
        seed_world(services)
        target = _account_writing_hnsw_files(services)
        needles = vector_signatures(services, target)
        survivors = {n: services.vector_index.ids(n) for n in _other_accounts(services, target)}
        # The scan must see the vectors in the server's database and in its HNSW files first.
        assert _places(scan_dir(chroma_path, needles)) == {"chroma.sqlite3", "data_level0.bin"}
        report = erase_account(services, account_id=target, actor_id=None)
        assert report.vectors_dropped and not any(r.startswith("chroma:") for r in report.rewritten)
        services.engine.dispose()
    # Chroma 1.5.9 keeps the dropped collection's bytes; if this changes, update docs/trust.md section 3.
    assert _places(scan_dir(chroma_path, needles)) == {"chroma.sqlite3", "data_level0.bin"}
    # The operator's step with the server stopped (docs/trust.md section 3).
    compact_local_store(chroma_path)
    assert scan_dir(chroma_path, needles) == []
    with running_server(_chroma_command(chroma_path, port), heartbeat, tmp_path / "chroma-2.log"):
        restarted = _build(data_dir, chroma_host="127.0.0.1", chroma_port=port)
        assert {n: restarted.vector_index.ids(n) for n in survivors} == survivors
        assert restarted.vector_index.ids(target) == set()
        restarted.engine.dispose()
