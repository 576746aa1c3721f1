"""`copilot ingest --json`: the documented shape, exit 1 on failures, and every bad file named."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from copilot.cli import ingest as ingest_cli
from copilot.cli.app import app
from copilot.container import Services
from tests.support.ingest import add_account, assert_consistent, interaction_count, message
from tests.support.shared_data import SHARED_DATA, require_shared

FIXTURES = Path(__file__).parents[1] / "connectors" / "fixtures"
REALWORLD_MAIL = SHARED_DATA / "realworld" / "email"


@pytest.fixture
def cli(counting: Services, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    """A runner whose commands use the test services (fake embeddings, temp data dir)."""
    monkeypatch.setattr(ingest_cli, "services_from", lambda _ctx: counting)
    return CliRunner()


def _run(cli: CliRunner, *args: str) -> tuple[int, dict[str, Any]]:
    result = cli.invoke(app, ["ingest", *args, "--json"])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, json.loads(result.stdout)


def _big_message(path: Path, size: int) -> None:
    head = message(99, "acme.example").as_bytes().split(b"\n\n", 1)[0]
    with path.open("wb") as handle:
        handle.write(head + b"\n\n")
        line = b"x" * 998 + b"\r\n"
        for _ in range(size // len(line) + 1):
            handle.write(line)


def _email_corpus(folder: Path) -> dict[str, str]:
    (folder / "good.eml").write_bytes(message(1, "acme.example").as_bytes())
    (folder / "junk.eml").write_bytes(bytes(range(256)) * 64)
    _big_message(folder / "huge.eml", 50 * 1024 * 1024)
    return {"junk.eml": "not an e-mail", "huge.eml": "bytes"}


def _transcript_corpus(folder: Path) -> dict[str, str]:
    shutil.copy(FIXTURES / "transcripts" / "2024-03-20-acme-renewal-call.vtt", folder / "call.vtt")
    (folder / "empty.vtt").write_text("WEBVTT\n\n", encoding="utf-8")
    (folder / "blank.txt").write_text("", encoding="utf-8")
    return {"empty.vtt": "", "blank.txt": ""}


def _ics_corpus(folder: Path) -> dict[str, str]:
    (folder / "meeting.ics").write_text(GOOD_ICS, encoding="utf-8")
    (folder / "none.ics").write_text("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n", encoding="utf-8")
    return {"none.ics": "event"}


def _csv_corpus(folder: Path) -> dict[str, str]:
    shutil.copy(FIXTURES / "csv" / "hubspot" / "companies.csv", folder / "companies.csv")
    (folder / "short.csv").write_text(
        "First Name,Last Name,Email\nAnna,S,anna@acme.example\n", encoding="utf-8"
    )
    return {"short.csv": "missing required column"}


GOOD_ICS = (
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\nBEGIN:VEVENT\r\nUID:renewal-1@acme.example\r\n"
    "DTSTAMP:20260601T080000Z\r\nDTSTART:20260602T090000Z\r\nDTEND:20260602T093000Z\r\n"
    "SUMMARY:Renewal review\r\nDESCRIPTION:Walk through the renewal quote.\r\n"
    "ORGANIZER;CN=Rep:mailto:rep@northwind-analytics.com\r\nATTENDEE;CN=Anna:mailto:anna@acme.example\r\n"
    "END:VEVENT\r\nEND:VCALENDAR\r\n"
)

CORPORA = {"email": _email_corpus, "transcript": _transcript_corpus, "ics": _ics_corpus, "csv": _csv_corpus}


@pytest.mark.parametrize("kind", sorted(CORPORA))
def test_bad_files_are_named_in_failed_and_the_rest_is_ingested(
    kind: str, cli: CliRunner, counting: Services, tmp_path: Path
) -> None:
    account = add_account(counting, "Acme", "acme.example")
    folder = tmp_path / kind
    folder.mkdir()
    expected = CORPORA[kind](folder)

    code, report = _run(cli, kind, str(folder), "--account", str(account))

    assert code == 1
    assert set(report) == {"new", "updated", "unchanged", "deleted", "failed"}
    failed = report["failed"]
    assert isinstance(failed, list) and all(set(f) == {"path", "error"} for f in failed)
    for name, reason in expected.items():
        hits = [f for f in failed if name in f["path"]]
        assert hits, f"{name} not reported: {failed}"
        assert all(f["error"] for f in hits) and reason.lower() in hits[0]["error"].lower()
    assert len(failed) == len(expected)
    # The good file was stored (CSV companies become accounts, the others interactions).
    assert report["new"] >= 1
    assert kind == "csv" or interaction_count(counting) == report["new"]
    assert_consistent(counting)


def test_clean_run_exits_zero_and_counts_match(cli: CliRunner, counting: Services, tmp_path: Path) -> None:
    add_account(counting, "Acme", "acme.example")
    folder = tmp_path / "mail"
    folder.mkdir()
    for number in range(3):
        (folder / f"{number}.eml").write_bytes(message(number, "acme.example").as_bytes())
    assert _run(cli, "email", str(folder)) == (
        0,
        {"new": 3, "updated": 0, "unchanged": 0, "deleted": 0, "failed": []},
    )
    assert _run(cli, "email", str(folder))[1]["unchanged"] == 3


def test_unresolvable_items_are_reported_not_guessed(cli: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "stranger.eml"
    path.write_bytes(message(5, "unknown.example").as_bytes())
    code, report = _run(cli, "email", str(path))
    assert code == 1 and report["new"] == 0
    failed = report["failed"]
    assert isinstance(failed, list) and "stranger.eml" in failed[0]["path"]
    assert "unknown.example" in failed[0]["error"]


@pytest.mark.shared_data
def test_realworld_mail_corpus_is_ingested_or_named(cli: CliRunner, counting: Services) -> None:
    require_shared(REALWORLD_MAIL)
    account = add_account(counting, "Anyone", "example.org")
    code, report = _run(cli, "email", str(REALWORLD_MAIL), "--account", str(account))
    failed = report["failed"]
    assert isinstance(failed, list)
    assert code == (1 if failed else 0)
    assert all(os.path.basename(f["path"].split(":")[0]) for f in failed)
    assert isinstance(report["new"], int) and report["new"] >= 20
    assert_consistent(counting)
