"""Every shared real-world file yields records or a named failure, and never raises."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

from connectors.base import AccountRecord, ContactRecord, IngestFailure, InteractionRecord
from connectors.crm_csv import CrmCsvConnector
from connectors.email import EmailConnector
from connectors.ics import IcsConnector
from connectors.registry import get_connector
from connectors.transcripts import TranscriptConnector
from tests.connectors.conftest import REALWORLD
from tests.support.shared_data import require_shared, shared_missing

CONNECTOR_BY_FOLDER = {"email": "email", "transcripts": "transcript", "ics": "ics", "csv": "csv"}
_NOT_DATA = {"MANIFEST.tsv", "README.md", "LICENSE.upstream"}


def _data_files() -> list[Path]:
    if not REALWORLD.is_dir():
        return []
    return sorted(p for p in REALWORLD.rglob("*") if p.is_file() and p.name not in _NOT_DATA)


def _id(path: Path) -> str:
    return str(path.relative_to(REALWORLD))


@pytest.mark.shared_data
@pytest.mark.skipif(shared_missing(REALWORLD), reason=f"shared real-world data not found at {REALWORLD}")
@pytest.mark.parametrize("path", _data_files(), ids=_id)
def test_file_yields_records_or_named_failures(path: Path) -> None:
    require_shared(REALWORLD)
    kind = CONNECTOR_BY_FOLDER[path.relative_to(REALWORLD).parts[0]]
    items = list(get_connector(kind).read(path))
    assert items, f"{path} produced nothing"
    for item in items:
        if isinstance(item, IngestFailure):
            assert str(path) in item.where
            assert len(item.error) > 10
        elif isinstance(item, InteractionRecord):
            assert item.source == kind and item.source_id
            assert item.occurred_at.tzinfo is not None
            assert re.fullmatch(r"[0-9a-f]{64}", item.content_hash)
            assert item.raw_ref.startswith(str(path))
        else:
            assert isinstance(item, AccountRecord | ContactRecord)
            assert item.crm_id and item.raw_ref.startswith(str(path))


def test_manifest_lists_only_files_that_the_parametrized_test_covers(realworld: Path) -> None:
    with (realworld / "MANIFEST.tsv").open(encoding="utf-8") as handle:
        listed = {row["local_path"] for row in csv.DictReader(handle, delimiter="\t")}
    covered = {str(p.relative_to(realworld)) for p in _data_files()}
    assert {p for p in listed if not p.endswith("LICENSE.upstream")} <= covered


# Concrete values from the real files, per connector.


def _record(path: Path) -> InteractionRecord:
    (record,) = list(EmailConnector().read(path))
    assert isinstance(record, InteractionRecord), record
    return record


def test_email_charsets_are_decoded(realworld: Path) -> None:
    mail = realworld / "email" / "mikel-mail"
    iso_2022 = _record(mail / "multi_charset_japanese_iso_2022.eml")
    assert (iso_2022.subject, iso_2022.text) == ("まみむめも", "すみません。")
    assert "このメールはテスト用のメールです。" in _record(mail / "multi_charset_japanese_shift_jis.eml").text
    assert _record(mail / "multi_charset_ks_c_5601-1987.eml").text == "스티해"
    assert "€" in _record(realworld / "email" / "james-mime4j" / "qp-body.eml").text
    wrong = _record(realworld / "email" / "enmime" / "low-quality_incorrect-charset.eml")
    assert "∮ E⋅da = Q" in wrong.text
    assert any("declared 'us-ascii' did not fit" in n for n in wrong.metadata["notes"])


def test_email_double_encoded_big5_and_raw_utf8_headers(realworld: Path) -> None:
    spam = _record(realworld / "email" / "mikel-mail" / "error_emails_content_transfer_encoding_empty.eml")
    assert "大家說英語" in (spam.subject or "")
    utf8 = _record(realworld / "email" / "mikel-mail" / "rfc6532_utf8_headers.eml")
    assert utf8.subject == "Säying Hello"
    assert (utf8.participants[0].name, utf8.participants[0].email) == ("Jöhn Doe", "jdöe@mächine.example")


def test_email_attachment_names_are_decoded(realworld: Path) -> None:
    mail = realworld / "email" / "mikel-mail"
    names = {
        "attachment_emails_attachment_with_base64_encoded_name.eml": "This is a test.pdf",
        "attachment_emails_attachment_nonascii_filename.eml": "ciële.txt",
        "attachment_emails_attachment_content_disposition.eml": "api.rb",
    }
    for file, name in names.items():
        assert [a.filename for a in _record(mail / file).attachments] == [name]
    long_name = _record(mail / "multi_charset_japanese_attachment_long_name.eml").attachments[0]
    assert long_name.filename == "かきくけこ" * 5 + ".txt"
    assert long_name.text == "this is the data\r\n"
    russian = _record(realworld / "email" / "james-mime4j" / "russian-headers.eml").attachments[0]
    assert (russian.filename, russian.text) == ("Список.doc", "A simple body.\r\n")


def test_email_nested_message_is_an_indexed_attachment(realworld: Path) -> None:
    record = _record(realworld / "email" / "mikel-mail" / "attachment_emails_attachment_message_rfc822.eml")
    nested = record.attachments[0]
    assert (nested.filename, nested.content_type) == ("ForwardedMessage.eml", "message/rfc822")
    assert nested.text and nested.text.startswith("From: Test Tester <xxxx@xxxx.com>")
    assert "Just attaching another PDF" in nested.text


def test_email_malformed_base64_is_reported_not_raised(realworld: Path) -> None:
    record = _record(realworld / "email" / "enmime" / "low-quality_malformed-base64-attach.eml")
    assert record.text == "A text section"
    assert [a.filename for a in record.attachments] == ["some.doc"]
    assert any("some.doc" in n and "malformed base64" in n for n in record.metadata["notes"])
    not_b64 = _record(realworld / "email" / "enmime" / "mail_mime-bad-content-transfer-encoding.eml")
    assert "fruftsist\nploystoov" in not_b64.text


def test_email_broken_structure_still_reads(realworld: Path) -> None:
    mail = realworld / "email" / "mikel-mail"
    outlook = _record(mail / "mime_emails_raw_email_with_illegal_boundary.eml")
    assert outlook.text.startswith("Hello\nThis is an outlook test")
    no_boundary = _record(realworld / "email" / "enmime" / "mail_multipart-wo-boundary.eml")
    assert "multipart message without boundary" in no_boundary.text
    header_soup = _record(realworld / "email" / "james-mime4j" / "malformedHeader-nocrlfcrlf.eml")
    assert header_soup.subject == "this is a subject" and header_soup.text.endswith("Body text")
    assert "MissingHeaderBodySeparatorDefect" in header_soup.metadata["mime_defects"]
    html = _record(realworld / "email" / "enmime" / "low-quality_html-only-inline.eml")
    assert (html.text, html.metadata["body_format"]) == ("Test of HTML section", "text/html")


def test_email_unusable_date_falls_back_to_received_header(realworld: Path) -> None:
    record = _record(realworld / "email" / "mikel-mail" / "error_emails_bad_date_header.eml")
    assert record.metadata["date_source"] == "received_header"
    assert record.occurred_at.year == 2010 and record.occurred_at.month == 12


def test_mailing_list_mbox_threads(realworld: Path) -> None:
    items = list(EmailConnector().read(realworld / "email" / "james-mime4j" / "rlug_gmane_2003.mbox"))
    records = [i for i in items if isinstance(i, InteractionRecord)]
    assert len(records) == len(items) >= 5
    first = records[0]
    assert first.source_id == "<001401c2cec7$4eb5b460$941c10ac@ok6f6gr01ta4hv>"
    replies = [r for r in records if r.subject and r.subject.startswith("Re: Din windows")]
    assert replies and all(r.thread_id == first.source_id for r in replies)
    assert all("Buna Ziua" not in r.text for r in replies)


def _call(path: Path) -> InteractionRecord:
    (record,) = list(TranscriptConnector().read(path))
    assert isinstance(record, InteractionRecord), record
    return record


def test_transcript_voices_and_prefixes(realworld: Path) -> None:
    vttjs = realworld / "transcripts" / "mozilla-vtt.js"
    talk = _call(vttjs / "cycle-collector-talk.vtt")
    assert [p.name for p in talk.participants] == ["Kyle Huey", "Chris Pearce"]
    assert talk.utterances[1].speaker == "Chris Pearce" and talk.utterances[1].text == "Okay, we're good now."
    assert talk.text.startswith("Kyle Huey: Not ready yet?")
    assert _call(vttjs / "voice-with-annotation.vtt").utterances[0].speaker == "Mary"
    unclosed = _call(vttjs / "voice-not-closed.vtt").utterances[0]
    assert (unclosed.speaker, unclosed.text) == (None, "It's a blue apple tree!")
    man = _call(realworld / "transcripts" / "go-astisub" / "example-in.srt").utterances[1]
    assert (man.speaker, man.text, man.start) == ("MAN", "How did we end up here?", 124.08)


def test_transcript_encodings_entities_and_styling(realworld: Path) -> None:
    astisub = realworld / "transcripts" / "go-astisub"
    utf16 = _call(astisub / "example-in-non-utf8.srt")
    assert utf16.metadata["encoding"] == "utf-16"
    assert utf16.utterances[1].text == "How did we end up here?"
    entities = _call(astisub / "example-in-html-entities.srt")
    assert (
        entities.utterances[0].text == "The man in black fled across the desert, & the gunslinger followed."
    )
    assert entities.utterances[2].text == "there are other < worlds than these."
    styled = _call(astisub / "example-in-styled.srt")
    assert "<" not in styled.text and "[instrumental music]" in styled.text
    carriage = _call(astisub / "example-in-carriage-return.srt")
    assert [u.start for u in carriage.utterances] == [0.0, 3.767, 10.733]
    assert len(_call(astisub / "missing-sequence-in.srt").utterances) == 6
    assert "e-mailed\u2014" in _call(realworld / "transcripts" / "mozilla-vtt.js" / "spec-example.vtt").text


def test_broken_vtt_is_a_named_failure(realworld: Path) -> None:
    path = realworld / "transcripts" / "go-astisub" / "broken-1-in.vtt"
    assert list(TranscriptConnector().read(path)) == [
        IngestFailure(str(path), "no timed cues found (and no WEBVTT header)")
    ]


def test_calendars(realworld: Path) -> None:
    ics = realworld / "ics" / "python-icalendar"
    (umlaut,) = list(IcsConnector().read(ics / "issue_101_icalendar_chokes_on_umlauts_in_organizer.ics"))
    assert isinstance(umlaut, InteractionRecord)
    assert (umlaut.participants[0].name, umlaut.participants[0].email) == (
        "acme, ädmin",
        "adm-acme@mydomain.de",
    )
    assert umlaut.text == "Location: im büro"
    (recurring,) = list(IcsConnector().read(ics / "event_with_recurrence_exdates_on_different_lines.ics"))
    assert isinstance(recurring, InteractionRecord)
    assert recurring.metadata["recurrence"] == {
        "rrule": "FREQ=WEEKLY;UNTIL=20120703T080000Z;BYDAY=TU",
        "exdates": 5,
    }
    (bad,) = list(IcsConnector().read(ics / "big_bad_calendar.ics"))
    assert isinstance(bad, IngestFailure) and "could not parse calendar" in bad.error
    (empty,) = list(IcsConnector().read(ics / "bom_calendar.ics"))
    assert isinstance(empty, IngestFailure) and "no events" in empty.error


def test_salesforce_account_export(realworld: Path) -> None:
    items = list(CrmCsvConnector().read(realworld / "csv" / "salesforce-dataloader" / "accountData.csv"))
    assert len(items) == 423 and all(isinstance(i, AccountRecord) for i in items)
    first = items[0]
    assert isinstance(first, AccountRecord)
    assert (first.crm_id, first.name, first.owner) == (
        "001x0000002xLCVAA2",
        "Gravity Investments",
        "005x0000000fNSiAAM",
    )
    assert first.metadata["extra"]["BILLINGCITY"] == "FORT COLLINS"


def test_unsupported_and_incomplete_salesforce_files_say_why(realworld: Path) -> None:
    folder = realworld / "csv" / "salesforce-dataloader"
    (opportunities,) = list(CrmCsvConnector().read(folder / "opportunityData.csv"))
    assert isinstance(opportunities, IngestFailure) and "opportunities export" in opportunities.error
    (no_id,) = list(CrmCsvConnector().read(folder / "dateWithTimeZone.csv"))
    assert isinstance(no_id, IngestFailure)
    assert "missing required column 'Record ID'" in no_id.error


def test_csv_byte_order_marks_and_escaped_quotes_with_a_mapping(realworld: Path, tmp_path: Path) -> None:
    mapping = tmp_path / "map.json"
    mapping.write_text('{"table": "accounts", "accounts": {"crm_id": "column1", "name": "column2"}}')
    folder = realworld / "csv" / "salesforce-dataloader"
    for name in ("csvtext_BOM_UTF8.csv", "csvtext_BOM_UTF16LE.csv"):
        items = list(CrmCsvConnector(mapping=mapping).read(folder / name))
        assert [(i.crm_id, i.name) for i in items if isinstance(i, AccountRecord)] == [
            ("row1-1", "row1-2"),
            ("row2-1", "row2-2"),
        ]
    mapping.write_text('{"table": "accounts", "accounts": {"crm_id": "column2", "name": "column1"}}')
    items = list(CrmCsvConnector(mapping=mapping).read(folder / "csvEscapedQuotes.csv"))
    names = [i.name for i in items if isinstance(i, AccountRecord)]
    assert names == ['"The Best" Account', 'The "Best" Account']


def test_csv_dates_with_time_zones_via_a_mapping(realworld: Path, tmp_path: Path) -> None:
    mapping = tmp_path / "map.toml"
    mapping.write_text(
        'table = "activities"\n[activities]\n'
        'crm_id = "ACCOUNTNUMBER__C"\noccurred_at = "DATE"\nsubject = "NAME"\n'
    )
    items = list(
        CrmCsvConnector(mapping=mapping).read(REALWORLD / "csv/salesforce-dataloader/dateWithTimeZone.csv")
    )
    first = items[0]
    assert isinstance(first, InteractionRecord)
    assert first.occurred_at.isoformat() == "2010-10-14T12:00:00-03:00"
    assert first.subject == "account insert #0"
