"""The transcript connector: WebVTT, SRT, plain text, Whisper and AWS Transcribe files."""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from connectors.base import IngestFailure, InteractionKind, InteractionRecord, Participant, Utterance
from connectors.common import file_source_id
from connectors.transcripts import TranscriptConnector
from tests.connectors.conftest import FIXTURES, failures, only

CALLS = FIXTURES / "transcripts"


def read_one(path: Path) -> InteractionRecord:
    (record,) = list(TranscriptConnector().read(path))
    assert isinstance(record, InteractionRecord), record
    return record


def test_webvtt_voices_header_date_and_title() -> None:
    path = CALLS / "2024-03-20-acme-renewal-call.vtt"
    record = read_one(path)
    assert record.kind is InteractionKind.CALL
    assert record.source_id == file_source_id(path)
    assert record.raw_ref == str(path)
    # The NOTE date wins over the date in the file name.
    assert record.occurred_at == datetime(2024, 3, 21, 15, 30, tzinfo=timezone(timedelta(hours=1)))
    assert record.metadata["date_source"] == "header"
    assert record.subject == "ACME renewal call"
    assert record.utterances == (
        Utterance("Alice Becker", "Thanks for joining, Anna. Shall we go through the renewal?", 1.0, 4.5),
        Utterance("Anna Schmidt", "Yes. We need the invoice address changed & a 10% discount.", 5.0, 9.0),
        Utterance("Alice Becker", "I will send the revised offer by Friday.", 9.5, 12.0),
    )
    assert (
        record.text.splitlines()[1]
        == "Anna Schmidt: Yes. We need the invoice address changed & a 10% discount."
    )
    assert record.participants == (
        Participant(role="speaker", name="Alice Becker"),
        Participant(role="speaker", name="Anna Schmidt"),
    )


def test_srt_with_cr_line_endings_name_prefixes_and_filename_date() -> None:
    record = read_one(CALLS / "2024-02-02-support-call.srt")
    assert record.occurred_at == datetime(2024, 2, 2, tzinfo=UTC)
    assert record.metadata["date_source"] == "filename"
    assert [(u.speaker, u.text) for u in record.utterances] == [
        ("Alice", "Good morning, Jonas."),
        ("Jonas Mueller", "Morning! The export job failed again. It stopped at midnight."),
    ]
    assert record.utterances[1].start == 3.5


def test_utf16_vtt_is_decoded() -> None:
    record = read_one(CALLS / "utf16_voice.vtt")
    assert record.text == "Chen Li: Können wir über die Preise sprechen?"


def test_plain_text_transcript_with_header_continuations_and_email_speaker() -> None:
    record = read_one(CALLS / "plain_call.txt")
    assert record.occurred_at == datetime(2024, 4, 2, 12, 0, tzinfo=UTC)
    assert record.subject == "Quarterly check-in"
    assert record.utterances[1] == Utterance(
        "Anna Schmidt", "Mostly fine. Two teams still use the old reports. They will switch next month."
    )
    assert record.utterances[2].start == 310.0
    assert record.participants[2] == Participant(role="speaker", email="alice@northwind-analytics.com")


def test_whisper_json_segments() -> None:
    record = read_one(CALLS / "whisper_2024-05-06.json")
    assert record.metadata["format"] == "whisper"
    assert record.occurred_at == datetime(2024, 5, 6, tzinfo=UTC)
    assert record.utterances == (
        Utterance("SPEAKER_00", "Hello, this is Dana from Northwind.", 0.0, 2.4),
        Utterance("SPEAKER_01", "Hi Dana, we wanted to ask about the API limits.", 2.6, 6.1),
    )


def test_aws_transcribe_items_are_grouped_by_speaker_label() -> None:
    record = read_one(CALLS / "aws_transcribe.json")
    assert record.metadata["format"] == "aws_transcribe"
    assert record.utterances == (
        Utterance("spk_0", "Hello Emil.", 0.04, 0.9),
        Utterance("spk_1", "Hi. The renewal is approved.", 1.2, 3.1),
    )


def test_aws_transcribe_audio_segments() -> None:
    record = read_one(CALLS / "aws_audio_segments.json")
    assert record.text == "spk_0: We need two more seats.\nspk_1: Okay, I will add them today."


def test_mtime_is_the_last_resort_date(tmp_path: Path) -> None:
    path = tmp_path / "call.txt"
    path.write_text("Alice: Hello\nBob: Hi\n", encoding="utf-8")
    stamp = datetime(2022, 1, 2, 3, 4, tzinfo=UTC).timestamp()
    os.utime(path, (stamp, stamp))
    record = read_one(path)
    assert record.occurred_at == datetime(2022, 1, 2, 3, 4, tzinfo=UTC)
    assert record.metadata["date_source"] == "file_mtime"


def test_content_hash_changes_exactly_when_the_words_change(tmp_path: Path) -> None:
    path = tmp_path / "call.txt"
    path.write_text("Alice: Hello\nBob: Hi\n", encoding="utf-8")
    first = read_one(path).content_hash
    path.write_text("Alice:   Hello\r\nBob: Hi\r\n", encoding="utf-8")
    assert read_one(path).content_hash == first
    path.write_text("Alice: Hello\nBob: Bye\n", encoding="utf-8")
    assert read_one(path).content_hash != first


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("empty.vtt", b"", "empty file"),
        ("timestamps.txt", b"00:00:01\n[00:00:02]\n", "no spoken text"),
        ("labels.txt", b"Alice:\nBob:\n", "no spoken text"),
        ("bad.json", b"{not json", "invalid JSON"),
        ("other.json", b'{"foo": 1}', "unrecognized JSON transcript"),
        ("silent.json", b'{"segments": [{"start": 0, "end": 1, "text": " "}]}', "no spoken text"),
    ],
)
def test_unusable_transcripts_fail_with_a_reason(
    tmp_path: Path, name: str, content: bytes, reason: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    (failure,) = list(TranscriptConnector().read(path))
    assert isinstance(failure, IngestFailure)
    assert failure.where == str(path) and reason in failure.error


def test_timestamp_only_srt_fails_and_the_folder_batch_continues() -> None:
    items = list(TranscriptConnector().read(CALLS))
    assert [Path(f.where).name for f in failures(items)] == ["timestamps_only.srt"]
    assert "no spoken text" in failures(items)[0].error
    assert len(only(items, InteractionRecord)) == 7


def test_oversized_transcript_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_text("Alice: " + "word " * 400, encoding="utf-8")
    (failure,) = list(TranscriptConnector(max_bytes=1000).read(path))
    assert isinstance(failure, IngestFailure) and "max_bytes limit of 1000" in failure.error
