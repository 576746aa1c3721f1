"""The registry, direction classification, text decoding and shared helpers."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import ClassVar

import pytest

from connectors.base import ConnectorItem, Direction, IngestFailure, Participant
from connectors.common import content_hash, date_from_filename, parse_datetime
from connectors.crm_csv import CrmCsvConnector
from connectors.email import EmailConnector
from connectors.ics import IcsConnector
from connectors.registry import CONNECTORS, get_connector, known_connectors, register_connector
from connectors.resolution import classify_direction
from connectors.textdecode import decode_bytes, decode_file_text
from connectors.transcripts import TranscriptConnector
from copilot.errors import InvalidInputError

OURS = ["northwind-analytics.com"]


def test_registry_builds_each_kind_with_options() -> None:
    assert known_connectors() == ["csv", "email", "ics", "imap", "transcript"]
    email = get_connector("email", max_bytes=1234)
    assert isinstance(email, EmailConnector) and email.max_bytes == 1234
    assert isinstance(get_connector("transcript"), TranscriptConnector)
    assert isinstance(get_connector("ics", max_bytes=10), IcsConnector)
    assert isinstance(get_connector("csv", max_bytes=10), CrmCsvConnector)


def test_unknown_kind_names_itself_and_the_known_kinds() -> None:
    with pytest.raises(InvalidInputError) as caught:
        get_connector("fax")
    assert str(caught.value) == "unknown connector kind 'fax'; known kinds: csv, email, ics, imap, transcript"


def test_bad_options_are_invalid_input() -> None:
    with pytest.raises(InvalidInputError, match="connector 'ics'"):
        get_connector("ics", colour="red")
    with pytest.raises(InvalidInputError, match="max_bytes must be positive"):
        get_connector("email", max_bytes=-1)


class _EchoConnector:
    """A stand-in source kind that reports every location as unreadable."""

    name: ClassVar[str] = "echo-test"

    def read(self, location: Path | str) -> Iterator[ConnectorItem]:
        yield IngestFailure(str(location), "echo")


def test_register_adds_a_kind_and_refuses_a_name_clash() -> None:
    try:
        register_connector(_EchoConnector)
        assert list(get_connector("echo-test").read("x")) == [IngestFailure("x", "echo")]
        clash = type("Other", (_EchoConnector,), {})
        with pytest.raises(ValueError, match="already registered"):
            register_connector(clash)
    finally:
        CONNECTORS.pop("echo-test", None)


@pytest.mark.parametrize(
    ("people", "expected"),
    [
        ([("from", "alice@northwind-analytics.com"), ("to", "anna@acme.de")], Direction.OUTBOUND),
        ([("from", "anna@acme.de"), ("to", "alice@northwind-analytics.com")], Direction.INBOUND),
        ([("from", "anna@acme.de"), ("cc", "bob@mail.northwind-analytics.com")], Direction.INBOUND),
        (
            [("from", "alice@northwind-analytics.com"), ("to", "bob@Northwind-Analytics.com")],
            Direction.INTERNAL,
        ),
        ([("from", "alice@northwind-analytics.com")], Direction.INTERNAL),
        ([("from", "anna@acme.de"), ("to", "ben@acme.de")], Direction.UNKNOWN),
        ([("to", "alice@northwind-analytics.com")], Direction.UNKNOWN),
        ([("organizer", "alice@northwind-analytics.com"), ("attendee", "anna@acme.de")], Direction.OUTBOUND),
        (
            [("from", "x@evil-northwind-analytics.com"), ("to", "alice@northwind-analytics.com")],
            Direction.INBOUND,
        ),
    ],
)
def test_classify_direction(people: list[tuple[str, str]], expected: Direction) -> None:
    participants = [Participant(role=role, email=email) for role, email in people]
    assert classify_direction(participants, OURS) is expected


def test_declared_charset_that_fits_is_used() -> None:
    decoded = decode_bytes("Grüße".encode("iso-8859-15"), "iso-8859-15")
    assert (decoded.text, decoded.note) == ("Grüße", None)


def test_unknown_and_missing_charsets_are_detected_and_noted() -> None:
    unknown = decode_bytes("Grüße aus München".encode(), "x-fake-charset")
    assert unknown.text == "Grüße aus München" and "unknown charset" in (unknown.note or "")
    undeclared = decode_bytes("Grüße aus München".encode())
    assert undeclared.text == "Grüße aus München" and "no charset declared" in (undeclared.note or "")


def test_file_text_handles_boms_and_bomless_utf16() -> None:
    assert decode_file_text(b"\xef\xbb\xbfhello").text == "hello"
    assert decode_file_text("häy".encode("utf-16")).text == "häy"
    assert decode_file_text("WEBVTT\n\nhello".encode("utf-16-le")).text == "WEBVTT\n\nhello"


def test_parse_datetime_spellings() -> None:
    minus3 = timezone(timedelta(hours=-3))
    assert parse_datetime("2010-10-14T12:00:00.000Z-0300") == datetime(2010, 10, 14, 12, tzinfo=minus3)
    assert parse_datetime("2024-04-02 14:00:00 +0200") == datetime(2024, 4, 2, 12, tzinfo=UTC)
    assert parse_datetime("2024-04-02") == datetime(2024, 4, 2, tzinfo=UTC)
    assert parse_datetime("31.12.2025") == datetime(2025, 12, 31, tzinfo=UTC)
    assert parse_datetime("12/31/2025") == datetime(2025, 12, 31, tzinfo=UTC)
    assert parse_datetime("Wed, 22 Sep 2010 02:30:53 -0500") == datetime(2010, 9, 22, 7, 30, 53, tzinfo=UTC)
    assert parse_datetime("someday") is None


def test_date_from_filename_skips_impossible_dates() -> None:
    assert date_from_filename(Path("call-2024-13-01-then-2024-02-29.vtt")) == datetime(
        2024, 2, 29, tzinfo=UTC
    )
    assert date_from_filename(Path("call.vtt")) is None


def test_content_hash_ignores_whitespace_but_not_words() -> None:
    assert content_hash("Subject", "a  b\r\nc") == content_hash("Subject", "a b\nc")
    assert content_hash("Subject", "a b c") != content_hash("Subject", "a b d")
