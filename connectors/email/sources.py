"""Find raw messages on disk: .eml files, mbox files, Maildir folders, or a folder of any of them."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from connectors.base import IngestFailure

EML_SUFFIXES = frozenset({".eml", ".msg", ".email"})
MBOX_SUFFIXES = frozenset({".mbox", ".mbx"})
# "From sender@host Tue May 10 11:28:07 2005": a separator needs a time to tell it from prose.
# Checked in two linear steps: one pattern "From \S+.*\d:\d\d" backtracks quadratically on a
# long line (a 1 MB line took hours).
_FROM_START = re.compile(rb"From \S")
_CLOCK_TIME = re.compile(rb"\d:\d{2}")
_ENVELOPE_PEEK = 4096  # bytes read to tell an extension-less mbox by its first line
_ESCAPED_FROM = re.compile(rb"^>(>*From )")


@dataclass(frozen=True)
class RawMessage:
    """One message's bytes and where it came from.

    `path` is the file it was read from (None for IMAP); `envelope_date` is the mbox "From " line's
    date; `received_at` is when a mailbox got it (IMAP INTERNALDATE). The last three are only
    fallbacks for a message without a usable Date header.
    """

    raw: bytes
    raw_ref: str
    path: Path | None = None
    envelope_date: str | None = None
    received_at: datetime | None = None


def is_from_line(line: bytes) -> bool:
    """True for an mbox separator: "From ", a sender, and a clock time somewhere after it."""
    return bool(_FROM_START.match(line)) and _CLOCK_TIME.search(line, 6) is not None


def _too_big(size: int, max_bytes: int) -> str:
    return f"message is {size} bytes, over the max_bytes limit of {max_bytes}"


def _split_envelope(raw: bytes) -> tuple[bytes, str | None]:
    """Remove a leading mbox "From " line (kept by some tools in .eml files) and return its date."""
    if not raw.startswith(b"From "):
        return raw, None
    first, _, rest = raw.partition(b"\n")
    parts = first.decode("ascii", "replace").split(None, 2)
    return rest, (parts[2].strip() if len(parts) == 3 else None)


def read_single(path: Path, max_bytes: int) -> Iterator[RawMessage | IngestFailure]:
    """Yield the one message in an .eml-style file, or why it cannot be read."""
    size = path.stat().st_size
    if size > max_bytes:
        yield IngestFailure(str(path), _too_big(size, max_bytes))
        return
    raw = path.read_bytes()
    if not raw.strip():
        yield IngestFailure(str(path), "empty file")
        return
    raw, envelope = _split_envelope(raw)
    yield RawMessage(raw, str(path), path, envelope)


def _finish(
    path: Path, index: int, lines: list[bytes], size: int, max_bytes: int
) -> RawMessage | IngestFailure:
    where = f"{path}#{index}"
    if size > max_bytes:
        return IngestFailure(where, _too_big(size, max_bytes))
    raw = b"".join(lines)
    if not raw.strip():
        return IngestFailure(where, "empty message in mbox")
    raw, envelope = _split_envelope(raw)
    return RawMessage(raw, where, path, envelope)


def read_mbox(path: Path, max_bytes: int) -> Iterator[RawMessage | IngestFailure]:
    """Stream the messages of an mbox file; an oversized one is reported without holding it in memory."""
    index, size, count = 0, 0, 0
    lines: list[bytes] = []
    previous_blank = True
    with path.open("rb") as handle:
        for line in handle:
            if previous_blank and is_from_line(line) and (lines or size):
                yield _finish(path, index, lines, size, max_bytes)
                index, size, count, lines = index + 1, 0, count + 1, []
            size += len(line)
            if size <= max_bytes:
                lines.append(_ESCAPED_FROM.sub(rb"\1", line))
            else:
                lines = []
            previous_blank = not line.strip()
    if lines or size:
        yield _finish(path, index, lines, size, max_bytes)
    elif count == 0:
        yield IngestFailure(str(path), "empty file")


def is_maildir(folder: Path) -> bool:
    """True for a Maildir: it has cur/ and new/ subfolders."""
    return (folder / "cur").is_dir() and (folder / "new").is_dir()


def read_maildir(folder: Path, max_bytes: int) -> Iterator[RawMessage | IngestFailure]:
    """Yield the messages in cur/ and new/ (never tmp/, which holds deliveries in progress)."""
    for sub in ("cur", "new"):
        for path in sorted((folder / sub).iterdir()):
            if path.is_file() and not path.name.startswith("."):
                yield from read_single(path, max_bytes)
    for child in sorted(folder.iterdir()):
        # Maildir++ keeps subfolders as ".Name" maildirs inside the root.
        if child.name.startswith(".") and child.is_dir() and is_maildir(child):
            yield from read_maildir(child, max_bytes)


def looks_like_mbox(path: Path) -> bool:
    """An .mbox/.mbx file, or an extension-less file that starts with an mbox separator."""
    if path.suffix.lower() in MBOX_SUFFIXES:
        return True
    if path.suffix:
        return False
    with path.open("rb") as handle:
        return is_from_line(handle.readline(_ENVELOPE_PEEK))


def read_location(location: Path, max_bytes: int) -> Iterator[RawMessage | IngestFailure]:
    """Yield every raw message at a file or folder, and a failure for anything unreadable."""
    if not location.exists():
        yield IngestFailure(str(location), "no such file or directory")
    elif location.is_file():
        yield from (read_mbox if looks_like_mbox(location) else read_single)(location, max_bytes)
    elif is_maildir(location):
        yield from read_maildir(location, max_bytes)
    else:
        for child in sorted(location.iterdir()):
            if child.is_dir() and not child.name.startswith("."):
                yield from read_location(child, max_bytes)
            elif child.is_file() and child.suffix.lower() in MBOX_SUFFIXES:
                yield from read_mbox(child, max_bytes)
            elif child.is_file() and child.suffix.lower() in EML_SUFFIXES:
                yield from read_single(child, max_bytes)
