"""`copilot compact-chroma PATH`: the byte scrub for a stopped Chroma server's directory."""

from __future__ import annotations

from pathlib import Path

import chromadb
from chromadb.config import Settings as ChromaSettings
from typer.testing import CliRunner

from copilot.cli.app import app

NO_TELEMETRY = ChromaSettings(anonymized_telemetry=False)


def test_compaction_removes_the_dropped_collections_segment_and_keeps_the_live_one(tmp_path: Path) -> None:
    client = chromadb.PersistentClient(path=str(tmp_path), settings=NO_TELEMETRY)
    for name in ("kept-account", "erased-account"):
        client.create_collection(name).add(ids=["1"], embeddings=[[0.1, 0.2, 0.3]])
    client.delete_collection("erased-account")
    del client

    result = CliRunner().invoke(app, ["compact-chroma", str(tmp_path)])

    assert result.exit_code == 0, result.output
    assert "removed 1 orphaned segment dir(s)" in result.output
    reopened = chromadb.PersistentClient(path=str(tmp_path), settings=NO_TELEMETRY)
    assert reopened.get_collection("kept-account").count() == 1


def test_a_directory_without_a_chroma_database_is_named_in_the_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["compact-chroma", str(tmp_path)])
    assert result.exit_code != 0 and str(tmp_path) in result.output and "chroma.sqlite3" in result.output
