"""Helpers every connector shares: file discovery, stable ids, content hashes and dates."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable, Iterator
from datetime import UTC, date, datetime, time
from pathlib import Path

from connectors.base import IngestFailure

DEFAULT_MAX_BYTES = 25 * 1024 * 1024
_WHITESPACE = re.compile(r"\s+")
_ISO_DATE_IN_NAME = re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)")
# Odd but real: Salesforce Data Loader writes "2010-10-14T12:00:00.000Z-0300" (Z plus an offset).
_Z_PLUS_OFFSET = re.compile(r"Z([+-]\d{2}:?\d{2})$")
# (?<!\s): a match starts only where a whitespace run starts, else a long run is rescanned from
# every position in it (quadratic).
_NUMERIC_OFFSET = re.compile(r"(?<!\s)\s*([+-])(\d{2}):?(\d{2})$")
_DAY_FIRST_FORMATS = ("%d.%m.%Y", "%d.%m.%Y %H:%M", "%d.%m.%Y %H:%M:%S")
_MONTH_FIRST_FORMATS = ("%m/%d/%Y", "%m/%d/%Y %H:%M", "%m/%d/%Y %H:%M:%S", "%m/%d/%Y %I:%M %p")


def normalize_for_hash(text: str) -> str:
    """Collapse whitespace and apply NFC so cosmetic re-encodings do not change a hash."""
    return _WHITESPACE.sub(" ", unicodedata.normalize("NFC", text)).strip()


def content_hash(*parts: str | None) -> str:
    """Return the sha256 hex digest of the normalized, newline-joined non-empty parts."""
    joined = "\n".join(normalize_for_hash(p) for p in parts if p)
    return hashlib.sha256(joined.encode("utf-8")).hexdigest()


def bytes_id(raw: bytes) -> str:
    """Return a stable id for an item without a natural id: the sha256 of its raw bytes."""
    return "sha256:" + hashlib.sha256(raw).hexdigest()


def file_source_id(path: Path, position: int | str | None = None) -> str:
    """Return a stable id for the item at `position` in a file, from its absolute path."""
    key = str(path.resolve()) if position is None else f"{path.resolve()}#{position}"
    return "file:" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:40]


def iter_files(location: Path, suffixes: Iterable[str]) -> Iterator[Path | IngestFailure]:
    """Yield the files at `location` (a file, or a folder walked recursively) with a wanted suffix.

    A single file given explicitly is always yielded, whatever its suffix: the caller asked for it.
    """
    if not location.exists():
        yield IngestFailure(str(location), "no such file or directory")
        return
    if location.is_file():
        yield location
        return
    wanted = {s.lower() for s in suffixes}
    for path in sorted(location.rglob("*")):
        if path.is_file() and path.suffix.lower() in wanted and not path.name.startswith("."):
            yield path


def too_big(path: Path, max_bytes: int) -> IngestFailure | None:
    """Return a failure naming the file when it is larger than `max_bytes`, else None."""
    size = path.stat().st_size
    if size > max_bytes:
        return IngestFailure(str(path), f"file is {size} bytes, over the max_bytes limit of {max_bytes}")
    return None


def readable_files(location: Path, suffixes: Iterable[str], max_bytes: int) -> Iterator[Path | IngestFailure]:
    """Like iter_files, but a file over the size limit is already turned into its failure."""
    for found in iter_files(location, suffixes):
        if isinstance(found, IngestFailure):
            yield found
        else:
            yield too_big(found, max_bytes) or found


def check_max_bytes(max_bytes: int) -> int:
    """Validate a connector's max_bytes option."""
    if max_bytes <= 0:
        raise ValueError(f"max_bytes must be positive, got {max_bytes}")
    return max_bytes


def file_mtime(path: Path) -> datetime:
    """Return a file's modification time as an aware UTC datetime."""
    return datetime.fromtimestamp(path.stat().st_mtime, tz=UTC)


def as_aware(value: datetime) -> datetime:
    """Return `value` with UTC attached when it carries no time zone."""
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


def date_from_filename(path: Path) -> datetime | None:
    """Return the first valid YYYY-MM-DD date in a file name as UTC midnight, else None."""
    for match in _ISO_DATE_IN_NAME.finditer(path.name):
        try:
            return datetime(int(match[1]), int(match[2]), int(match[3]), tzinfo=UTC)
        except ValueError:
            continue
    return None


def parse_datetime(value: str) -> datetime | None:
    """Parse the date/time spellings found in exports (ISO 8601, RFC 2822, d.m.Y, m/d/Y); naive → UTC."""
    text = value.strip()
    if not text:
        return None
    iso = _Z_PLUS_OFFSET.sub(r"\1", text)
    iso = _NUMERIC_OFFSET.sub(r"\1\2:\3", iso) if "T" in iso or " " in iso.strip() else iso
    try:
        return as_aware(datetime.fromisoformat(iso))
    except ValueError:
        pass
    for fmt in _DAY_FIRST_FORMATS + _MONTH_FIRST_FORMATS:
        try:
            return as_aware(datetime.strptime(text, fmt))
        except ValueError:
            continue
    return _parse_rfc2822(text)


def _parse_rfc2822(text: str) -> datetime | None:
    """Parse an e-mail style date, returning None rather than raising."""
    from email.utils import parsedate_to_datetime

    try:
        return as_aware(parsedate_to_datetime(text))
    except (TypeError, ValueError, IndexError):
        return None


def date_to_datetime(value: date | datetime) -> datetime:
    """Widen a date (all-day) to UTC midnight and make a datetime aware."""
    if isinstance(value, datetime):
        return as_aware(value)
    return datetime.combine(value, time(0, 0), tzinfo=UTC)
