"""The transcript connector: one CALL record per WebVTT, SRT, plain-text or JSON transcript file."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, ClassVar

from connectors.base import (
    ConnectorItem,
    IngestFailure,
    InteractionKind,
    InteractionRecord,
    Participant,
    Utterance,
)
from connectors.common import (
    DEFAULT_MAX_BYTES,
    check_max_bytes,
    content_hash,
    date_from_filename,
    file_mtime,
    file_source_id,
    parse_datetime,
    readable_files,
)
from connectors.textdecode import decode_file_text
from connectors.transcripts.json_formats import parse_json
from connectors.transcripts.plain import parse_plain
from connectors.transcripts.speakers import participant_for
from connectors.transcripts.subtitles import TranscriptError, parse_subtitles

SUFFIXES = (".vtt", ".srt", ".txt", ".json")
_HEADER_SCAN_LINES = 30
_DATE_HEADER = re.compile(
    r"^(?:NOTE\s+)?(?:X-)?(?:Date|Call-Date|Recorded)\s*:\s*(?P<value>.+)$", re.IGNORECASE
)
_TITLE_HEADER = re.compile(r"^(?:NOTE\s+)?(?:X-)?(?:Title|Subject)\s*:\s*(?P<value>.+)$", re.IGNORECASE)
# Recorders and CRM call logs often tag a transcript with the account's CRM id.
_ACCOUNT_HEADER = re.compile(
    r"^(?:NOTE\s+)?(?:X-)?(?:Account|CRM-Account)\s*:\s*(?P<value>\S+)\s*$", re.IGNORECASE
)


@dataclass(frozen=True)
class Parsed:
    """What a format parser found: the turns, a format name, and an embedded date if any."""

    utterances: list[Utterance]
    fmt: str
    date_text: str | None = None


def _subtitles(webvtt: bool) -> Callable[[str], Parsed]:
    fmt = "webvtt" if webvtt else "srt"
    return lambda text: Parsed(parse_subtitles(text, webvtt=webvtt), fmt)


def _json(text: str) -> Parsed:
    utterances, fmt, date_text = parse_json(text)
    return Parsed(utterances, fmt, date_text)


_PARSERS: dict[str, Callable[[str], Parsed]] = {
    ".vtt": _subtitles(webvtt=True),
    ".srt": _subtitles(webvtt=False),
    ".txt": lambda text: Parsed(parse_plain(text), "plain"),
    ".json": _json,
}


def _header_value(text: str, pattern: re.Pattern[str]) -> str | None:
    """Find a header-style line ("NOTE date: ...", "X-Date: ...") near the top of the file."""
    for line in text.split("\n")[:_HEADER_SCAN_LINES]:
        match = pattern.match(line.strip())
        if match:
            return match["value"].strip()
    return None


def transcript_text(utterances: list[Utterance]) -> str:
    """Render turns as "Speaker: utterance" lines, joining consecutive turns of one speaker."""
    lines: list[tuple[str | None, str]] = []
    for u in utterances:
        if lines and lines[-1][0] == u.speaker:
            lines[-1] = (u.speaker, f"{lines[-1][1]} {u.text}")
        else:
            lines.append((u.speaker, u.text))
    return "\n".join(f"{s}: {t}" if s else t for s, t in lines)


def _participants(utterances: list[Utterance]) -> tuple[Participant, ...]:
    labels = dict.fromkeys(u.speaker for u in utterances if u.speaker)
    return tuple(participant_for(label) for label in labels)


class TranscriptConnector:
    """Reads call transcripts: .vtt, .srt, .txt ("Speaker: text") and Whisper/AWS .json."""

    name: ClassVar[str] = "transcript"

    def __init__(self, max_bytes: int = DEFAULT_MAX_BYTES) -> None:
        self.max_bytes = check_max_bytes(max_bytes)

    def read(self, location: Path | str) -> Iterator[ConnectorItem]:
        """Yield one CALL record per transcript file, or an IngestFailure naming the file."""
        for found in readable_files(Path(location), SUFFIXES, self.max_bytes):
            if isinstance(found, IngestFailure):
                yield found
                continue
            try:
                yield self.parse_file(found)
            except TranscriptError as exc:
                yield IngestFailure(str(found), str(exc))
            except OSError as exc:
                yield IngestFailure(str(found), f"cannot read: {exc.strerror or exc}")
            except Exception as exc:  # last line of defence: one hostile file must not stop a batch
                yield IngestFailure(str(found), f"could not parse transcript: {type(exc).__name__}: {exc}")

    def parse_file(self, path: Path) -> InteractionRecord:
        """Parse one transcript file; raises TranscriptError with the reason when it is unusable."""
        parser = _PARSERS.get(path.suffix.lower())
        if parser is None:
            raise TranscriptError(f"unsupported transcript type {path.suffix!r}; expected one of {SUFFIXES}")
        data = path.read_bytes()
        if not data.strip():
            raise TranscriptError("empty file")
        decoded = decode_file_text(data)
        text = decoded.text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
        parsed = parser(text)
        metadata: dict[str, Any] = {"format": parsed.fmt, "encoding": decoded.charset}
        if decoded.note:
            metadata["encoding_note"] = decoded.note
        occurred_at = self._when(path, parsed.date_text or _header_value(text, _DATE_HEADER), metadata)
        ends = [u.end for u in parsed.utterances if u.end is not None]
        if ends:
            metadata["duration_seconds"] = max(ends)
        subject = _header_value(text, _TITLE_HEADER) or path.stem
        body = transcript_text(parsed.utterances)
        return InteractionRecord(
            source=self.name,
            source_id=file_source_id(path),
            kind=InteractionKind.CALL,
            occurred_at=occurred_at,
            text=body,
            content_hash=content_hash(subject, body),
            raw_ref=str(path),
            subject=subject,
            participants=_participants(parsed.utterances),
            utterances=tuple(parsed.utterances),
            crm_account_id=_header_value(text, _ACCOUNT_HEADER),
            metadata=metadata,
        )

    @staticmethod
    def _when(path: Path, header_date: str | None, metadata: dict[str, Any]) -> datetime:
        """Header date, else a YYYY-MM-DD in the file name, else the file's mtime."""
        if header_date:
            parsed = parse_datetime(header_date)
            if parsed is not None:
                metadata["date_source"] = "header"
                return parsed
            metadata["unparsed_date"] = header_date
        from_name = date_from_filename(path)
        if from_name is not None:
            metadata["date_source"] = "filename"
            return from_name
        metadata["date_source"] = "file_mtime"
        return file_mtime(path)
