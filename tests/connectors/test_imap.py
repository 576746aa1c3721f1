"""IMAP round trip against a real server (pymap, in-memory backend) started on loopback by the test."""

from __future__ import annotations

import imaplib
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from connectors.base import IngestFailure, InteractionRecord
from connectors.imap import ImapConnector, MailboxUrl
from copilot.container import Services
from copilot.db.models import Interaction
from copilot.index.fakes import HashingEmbeddings
from copilot.ingest.service import ingest_location
from tests.support.ingest import add_account, assert_consistent, interaction_count, message
from tests.support.servers import free_port, venv_bin

pytestmark = pytest.mark.server
USER, PASSWORD = "rep", "s3cret:pw"


def _wait_for_imap(port: int, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"pymap exited: {log.read_text(errors='replace')[-2000:]}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1) as sock:
                if sock.recv(64).startswith(b"* OK"):
                    return
        except OSError:
            time.sleep(0.2)
    raise TimeoutError(f"pymap did not greet on port {port}: {log.read_text(errors='replace')[-2000:]}")


@pytest.fixture
def imap_port(tmp_path: Path) -> Iterator[int]:
    """A fresh, empty pymap server (dict backend) for one test."""
    executable = venv_bin("pymap") if Path(venv_bin("pymap")).exists() else shutil.which("pymap")
    if executable is None:
        pytest.fail("pymap is required for the IMAP tests: pip install pymap")
    port = free_port()
    log = tmp_path / "pymap.log"
    command = [executable, "--host", "127.0.0.1", "--port", str(port), "--no-tls", "dict"]
    command += ["--demo-user", USER, "--demo-password", PASSWORD]
    with log.open("wb") as sink:
        process = subprocess.Popen(command, stdout=sink, stderr=subprocess.STDOUT)
        try:
            _wait_for_imap(port, process, log)
            yield port
        finally:
            process.terminate()
            process.wait(timeout=15)


def _client(port: int) -> imaplib.IMAP4:
    client = imaplib.IMAP4("127.0.0.1", port)
    client.login(USER, PASSWORD)
    return client


def _append(port: int, mailbox: str, numbers: list[int]) -> None:
    client = _client(port)
    for number in numbers:
        status, _ = client.append(mailbox, None, None, message(number, "acme.example").as_bytes())
        assert status == "OK"
    client.logout()


def _expunge(port: int, mailbox: str, message_id: str) -> None:
    client = _client(port)
    client.select(mailbox)
    _, found = client.uid("SEARCH", "HEADER", "Message-ID", message_id)
    uids = found[0].split()
    assert len(uids) == 1
    client.uid("STORE", uids[0].decode(), "+FLAGS", "(\\Deleted)")
    client.expunge()
    client.logout()


def _url(port: int, mailbox: str = "INBOX") -> str:
    return f"imap://{USER}:s3cret%3Apw@127.0.0.1:{port}/{mailbox}"


def _source_ids(services: Services) -> set[str]:
    with services.sessions() as session:
        return set(session.scalars(select(Interaction.source_id)))


def test_ingest_is_incremental_and_mirrors_expunge(db_services: Services, imap_port: int) -> None:
    add_account(db_services, "Acme", "acme.example")
    _append(imap_port, "INBOX", [0, 1, 2, 3])
    embeddings = db_services.embeddings
    assert isinstance(embeddings, HashingEmbeddings)

    first = ingest_location(db_services, "imap", _url(imap_port))
    assert (first.new, first.failed) == (4, [])
    calls = embeddings.calls

    idle = ingest_location(db_services, "imap", _url(imap_port))
    assert (idle.new, idle.updated, idle.unchanged, idle.deleted, idle.chunks) == (0, 0, 0, 0, 0)
    assert embeddings.calls == calls  # nothing fetched, nothing embedded

    _expunge(imap_port, "INBOX", "<msg-2@acme.example>")
    _append(imap_port, "INBOX", [4])
    after = ingest_location(db_services, "imap", _url(imap_port))

    assert (after.new, after.unchanged, after.deleted) == (1, 0, 1)  # only the new UID was fetched
    assert _source_ids(db_services) == {f"<msg-{n}@acme.example>" for n in (0, 1, 3, 4)}
    assert interaction_count(db_services) == 4
    assert_consistent(db_services)


def test_uidvalidity_change_triggers_a_full_resync(services: Services, imap_port: int) -> None:
    add_account(services, "Acme", "acme.example")
    client = _client(imap_port)
    assert client.create("Sales")[0] == "OK"
    client.logout()
    _append(imap_port, "Sales", [10, 11, 12])
    before = ImapConnector().open(_url(imap_port, "Sales"))
    old_validity = before.uidvalidity
    before.close()
    assert ingest_location(services, "imap", _url(imap_port, "Sales")).new == 3

    client = _client(imap_port)
    assert client.delete("Sales")[0] == "OK" and client.create("Sales")[0] == "OK"
    client.logout()
    _append(imap_port, "Sales", [11, 13])
    with ImapConnector().open(_url(imap_port, "Sales")) as mailbox:
        assert mailbox.uidvalidity != old_validity

    report = ingest_location(services, "imap", _url(imap_port, "Sales"))

    assert (report.new, report.unchanged, report.deleted) == (1, 1, 2)
    assert _source_ids(services) == {"<msg-11@acme.example>", "<msg-13@acme.example>"}
    assert_consistent(services)


def test_read_yields_records_with_uid_metadata(imap_port: int) -> None:
    _append(imap_port, "INBOX", [20, 21])
    items = list(ImapConnector().read(_url(imap_port)))
    records = [i for i in items if isinstance(i, InteractionRecord)]
    assert len(records) == 2 == len(items)
    uids = [r.metadata["imap_uid"] for r in records]
    assert uids == sorted(set(uids))
    assert all("s3cret" not in r.raw_ref and f"UID={r.metadata['imap_uid']}" in r.raw_ref for r in records)


def test_oversized_message_is_reported_without_download(imap_port: int) -> None:
    _append(imap_port, "INBOX", [30])
    client = _client(imap_port)
    big = message(31, "acme.example", body="x" * 5000).as_bytes()
    client.append("INBOX", None, None, big)
    client.logout()
    items = list(ImapConnector(max_bytes=4096).read(_url(imap_port)))
    failures = [i for i in items if isinstance(i, IngestFailure)]
    assert len(items) == 2 and len(failures) == 1
    assert "UID=" in failures[0].where and "limit" in failures[0].error


def test_bad_login_is_one_named_failure_without_the_password(services: Services, imap_port: int) -> None:
    url = f"imap://{USER}:wrong-password@127.0.0.1:{imap_port}/INBOX"
    report = ingest_location(services, "imap", url)
    assert len(report.failed) == 1
    failure = report.failed[0]
    assert "wrong-password" not in failure["path"] + failure["error"]
    assert f"127.0.0.1:{imap_port}" in failure["path"]


def test_url_parsing_and_redaction() -> None:
    url = MailboxUrl.parse("imaps://a%40b.example:p%40ss@mail.example/Archive%2F2024")
    assert (url.secure, url.port, url.user, url.password, url.mailbox) == (
        True,
        993,
        "a@b.example",
        "p@ss",
        "Archive/2024",
    )
    assert "p%40ss" not in MailboxUrl.redact("imap://u:p%40ss@h/INBOX")
    with pytest.raises(ValueError, match="imap://"):
        MailboxUrl.parse("http://u@h/INBOX")
