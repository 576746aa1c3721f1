"""The e-mail connector on small real-world-shaped messages: threads, quotes, MIME, charsets, limits."""

from __future__ import annotations

import hashlib
import os
import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest

from connectors.base import Direction, IngestFailure, InteractionKind, InteractionRecord
from connectors.common import content_hash
from connectors.email import EmailConnector, RawMessage
from tests.connectors.conftest import FIXTURES, failures, only

EMAIL = FIXTURES / "email"


def read_one(path: Path, **options: int) -> InteractionRecord:
    items = list(EmailConnector(**options).read(path))
    assert len(items) == 1, items
    record = items[0]
    assert isinstance(record, InteractionRecord), record
    return record


def test_reply_keeps_new_text_and_drops_quote_and_signature() -> None:
    record = read_one(EMAIL / "reply_with_quote.eml")
    assert record.kind is InteractionKind.EMAIL
    assert record.direction is Direction.UNKNOWN
    assert record.source == "email"
    assert record.source_id == "<reply-2@acme-logistics.de>"
    assert record.subject == "Re: Renewal terms for 2025"
    assert record.occurred_at == datetime(2024, 3, 12, 8, 15, tzinfo=UTC)
    assert "sign the renewal by March 31" in record.text
    assert "42,000 EUR" in record.text
    assert "attached is the renewal proposal" not in record.text
    assert "wrote:" not in record.text
    assert "Head of Operations" not in record.text
    assert record.metadata["quotes_removed"] is True
    assert "Head of Operations, ACME Logistics" in record.metadata["signature"]


def test_reply_thread_id_is_the_references_root() -> None:
    record = read_one(EMAIL / "reply_with_quote.eml")
    assert record.thread_id == "<root-0@acme-logistics.de>"


def test_participants_have_roles_and_decoded_names() -> None:
    record = read_one(EMAIL / "reply_with_quote.eml")
    people = {(p.role, p.email): p.name for p in record.participants}
    assert people == {
        ("from", "anna.schmidt@acme-logistics.de"): "Anna Schmidt",
        ("to", "alice@northwind-analytics.com"): "Alice Becker",
        ("cc", "jonas.mueller@acme-logistics.de"): "Müller, Jonas",
    }


def test_outlook_original_message_block_and_dash_signature_are_removed() -> None:
    record = read_one(EMAIL / "outlook_reply.eml")
    assert record.text == (
        "Hello Alice,\n\nour procurement team needs the invoice address changed to the Berlin office."
    )
    assert record.metadata["signature"] == "Jonas Mueller\nProcurement"


def test_german_attribution_and_sign_off_are_removed() -> None:
    record = read_one(EMAIL / "german_reply.eml")
    assert record.text == "Hallo Alice,\n\nder Termin am Freitag passt uns gut."
    assert "Freitag um 10 Uhr" not in record.text


def test_multipart_alternative_prefers_plain_text_and_lists_attachments() -> None:
    record = read_one(EMAIL / "alternative_with_attachments.eml")
    assert record.subject == "Angebot für 2025"
    assert record.text == "Hallo Anna,\n\nanbei das Angebot für 2025 und die Nutzungszahlen."
    assert "HTML version" not in record.text
    csv_part, pdf_part = record.attachments
    assert (csv_part.filename, csv_part.content_type) == ("usage.csv", "text/csv")
    assert csv_part.text == "month,active_users\n2024-01,120\n2024-02,135\n"
    assert csv_part.size == len(csv_part.text.encode())
    # RFC 2231 encoded file name with an umlaut; a PDF's bytes are never indexed as text.
    assert (pdf_part.filename, pdf_part.content_type, pdf_part.text) == (
        "Angebot München 2025.pdf",
        "application/pdf",
        None,
    )
    assert pdf_part.size == 52


def test_content_hash_covers_subject_text_and_attachment_text() -> None:
    record = read_one(EMAIL / "alternative_with_attachments.eml")
    expected = content_hash(record.subject, record.text, record.attachments[0].text)
    assert record.content_hash == expected
    assert record.content_hash != content_hash(record.subject, record.text)


def test_html_only_message_is_converted_without_script_style_or_quote() -> None:
    record = read_one(EMAIL / "html_only.eml")
    assert record.metadata["body_format"] == "text/html"
    assert record.text == (
        "Hi Alice,\n\nthe dashboard has been down since 8:00 & our team cannot work.\nPlease call me."
    )
    assert "tracking" not in record.text and "color" not in record.text
    assert "version 4.2" not in record.text


def test_latin1_body_mislabelled_as_utf8_is_decoded_and_noted() -> None:
    record = read_one(EMAIL / "latin1_mislabelled_utf8.eml")
    assert "die Rechnung für März ist noch offen" in record.text
    assert "Gebühren für die Änderung" in record.text
    assert "\ufffd" not in record.text
    assert any("declared 'utf-8' did not fit" in note for note in record.metadata["notes"])
    assert record.participants[0].name == "Jürgen Köhler"


def test_message_without_date_gets_file_mtime_and_a_flag(tmp_path: Path) -> None:
    target = tmp_path / "no_date.eml"
    shutil.copy(EMAIL / "no_date.eml", target)
    stamp = datetime(2023, 7, 1, 12, 0, tzinfo=UTC).timestamp()
    os.utime(target, (stamp, stamp))
    record = read_one(target)
    assert record.occurred_at == datetime(2023, 7, 1, 12, 0, tzinfo=UTC)
    assert record.metadata["date_missing"] is True
    assert record.metadata["date_source"] == "file_mtime"


def test_unparseable_from_and_date_fall_back_and_are_noted(tmp_path: Path) -> None:
    path = tmp_path / "odd.eml"
    path.write_bytes(
        b"From: The Billing Department\r\nTo: undisclosed-recipients:;\r\nDate: sometime last week\r\n"
        b"Subject: Invoice\r\n\r\nPlease pay.\r\n"
    )
    stamp = datetime(2023, 5, 5, tzinfo=UTC).timestamp()
    os.utime(path, (stamp, stamp))
    record = read_one(path)
    assert [(p.role, p.email, p.name) for p in record.participants] == [
        ("from", None, "The Billing Department")
    ]
    assert record.metadata["unparsed_addresses"]["From"] == "The Billing Department"
    assert record.metadata["unparsed_date"] == "sometime last week"
    assert record.occurred_at == datetime(2023, 5, 5, tzinfo=UTC) and record.metadata["date_missing"] is True


def test_raw_bytes_without_a_file_use_the_mailbox_time() -> None:
    """The seam an IMAP reader uses: bytes plus a reference, no file on disk."""
    raw = (EMAIL / "no_date.eml").read_bytes()
    received = datetime(2024, 6, 1, 9, 30, tzinfo=UTC)
    record = EmailConnector().parse(RawMessage(raw, "imap://INBOX/42", received_at=received))
    assert isinstance(record, InteractionRecord)
    assert (record.raw_ref, record.occurred_at) == ("imap://INBOX/42", received)
    assert record.metadata["date_source"] == "mailbox_received"


def test_mbox_yields_each_message_with_index_refs_and_one_thread() -> None:
    records = only(EmailConnector().read(EMAIL / "thread.mbox"), InteractionRecord)
    assert [r.raw_ref for r in records] == [f"{EMAIL / 'thread.mbox'}#{i}" for i in range(3)]
    assert {r.thread_id for r in records} == {"<root-0@acme-logistics.de>"}
    # mboxrd escaping is undone, and the reply's "X wrote:" quote is gone.
    assert records[0].text.endswith("From our side the budget is approved.")
    assert records[1].text.endswith("Alice") and "can you send" not in records[1].text


def test_message_without_message_id_uses_a_hash_of_its_bytes() -> None:
    records = only(EmailConnector().read(EMAIL / "thread.mbox"), InteractionRecord)
    last = records[2]
    assert last.source_id.startswith("sha256:")
    raw = (EMAIL / "thread.mbox").read_bytes()
    body = raw[raw.rindex(b"\nFrom anna") + 1 :]
    message = body.split(b"\n", 1)[1]
    assert last.source_id == "sha256:" + hashlib.sha256(message).hexdigest()


def test_folder_of_eml_files_is_read_recursively() -> None:
    items = list(EmailConnector().read(EMAIL))
    assert not failures(items)
    subjects = {r.subject for r in only(items, InteractionRecord)}
    assert {"Dashboard outage", "Rechnung", "AW: Termin"} <= subjects
    assert len(items) == 11


def test_maildir_reads_cur_and_new_but_not_tmp(tmp_path: Path) -> None:
    for sub in ("cur", "new", "tmp"):
        (tmp_path / sub).mkdir()
    shutil.copy(EMAIL / "html_only.eml", tmp_path / "cur" / "1700000000.1.host:2,S")
    shutil.copy(EMAIL / "german_reply.eml", tmp_path / "new" / "1700000001.2.host")
    shutil.copy(EMAIL / "outlook_reply.eml", tmp_path / "tmp" / "1700000002.3.host")
    records = only(EmailConnector().read(tmp_path), InteractionRecord)
    assert sorted(r.subject or "" for r in records) == ["AW: Termin", "Dashboard outage"]


def test_bad_files_fail_by_name_and_the_batch_continues(tmp_path: Path) -> None:
    (tmp_path / "a_empty.eml").write_bytes(b"")
    (tmp_path / "b_junk.eml").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    (tmp_path / "c_prose.eml").write_bytes(b"just some words\nwithout any header at all\n")
    shutil.copy(EMAIL / "german_reply.eml", tmp_path / "d_good.eml")
    items = list(EmailConnector().read(tmp_path))
    bad = {Path(f.where).name: f.error for f in failures(items)}
    assert bad["a_empty.eml"] == "empty file"
    assert "binary content" in bad["b_junk.eml"]
    assert "no recognizable header" in bad["c_prose.eml"]
    assert [r.subject for r in only(items, InteractionRecord)] == ["AW: Termin"]


def test_oversized_message_is_reported_without_stopping_the_batch(tmp_path: Path) -> None:
    big = tmp_path / "a_big.eml"
    header = b"From: a@example.com\r\nTo: b@example.com\r\nSubject: huge\r\n\r\n"
    line = b"x" * 998 + b"\r\n"
    with big.open("wb") as handle:
        handle.write(header)
        for _ in range(30 * 1024):  # 30 MiB of body
            handle.write(line)
    shutil.copy(EMAIL / "html_only.eml", tmp_path / "b_small.eml")
    items = list(EmailConnector().read(tmp_path))
    assert isinstance(items[0], IngestFailure)
    assert items[0].where == str(big)
    assert "over the max_bytes limit of 26214400" in items[0].error
    assert isinstance(items[1], InteractionRecord) and items[1].subject == "Dashboard outage"


def test_oversized_message_inside_an_mbox_is_skipped_alone(tmp_path: Path) -> None:
    mbox = tmp_path / "mail.mbox"
    small = (EMAIL / "german_reply.eml").read_bytes()
    big = b"From: a@example.com\nSubject: big\n\n" + b"y" * 5000 + b"\n"
    envelope = b"From sender@example.com Mon Mar 11 16:02:00 2024\n"
    mbox.write_bytes(envelope + small + b"\n" + envelope + big + b"\n" + envelope + small)
    items = list(EmailConnector(max_bytes=2000).read(mbox))
    assert [type(i).__name__ for i in items] == ["InteractionRecord", "IngestFailure", "InteractionRecord"]
    failure = items[1]
    assert isinstance(failure, IngestFailure) and failure.where == f"{mbox}#1"
    assert "max_bytes limit of 2000" in failure.error


def test_missing_location_is_a_failure_not_an_exception(tmp_path: Path) -> None:
    items = list(EmailConnector().read(tmp_path / "nope"))
    assert items == [IngestFailure(str(tmp_path / "nope"), "no such file or directory")]


def test_max_bytes_must_be_positive() -> None:
    with pytest.raises(ValueError, match="max_bytes"):
        EmailConnector(max_bytes=0)


def test_enclosed_message_with_raw_8bit_body_is_decoded_leniently() -> None:
    # The enclosed message declares base64 but carries raw UTF-8 text; the bounce report has 8-bit
    # lines too. Both used to fail the whole message with a UnicodeEncodeError.
    record = read_one(EMAIL / "forwarded_8bit_rfc822.eml")
    forwarded, report = record.attachments
    assert forwarded.filename == "Lieferung für Hamburg.eml" and forwarded.content_type == "message/rfc822"
    assert forwarded.text is not None
    assert "Grüße aus dem Lager: die Lieferung für München kostet 120 € mehr." in forwarded.text
    assert report.content_type == "message/delivery-status" and report.text is not None
    assert "550 Empfänger unbekannt" in report.text and "büro@acme-logistics.de" in report.text
    assert any("declared base64 but is not" in note for note in record.metadata["notes"])
