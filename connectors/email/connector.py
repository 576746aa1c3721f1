"""The e-mail connector: raw RFC 5322 messages in, normalized EMAIL interaction records out."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime
from email import errors, policy
from email.message import Message
from email.parser import BytesParser
from pathlib import Path
from typing import Any, ClassVar

from connectors.base import ConnectorItem, IngestFailure, InteractionKind, InteractionRecord
from connectors.common import DEFAULT_MAX_BYTES, as_aware, bytes_id, check_max_bytes, content_hash, file_mtime
from connectors.email import headers
from connectors.email.body import Body, walk
from connectors.email.header_policy import MEMO_DEFAULT
from connectors.email.quotes import clean_body
from connectors.email.sources import RawMessage, read_location

_FORWARD_SUBJECT = re.compile(r"^\s*(fwd?|wg|tr|rv)\s*:", re.IGNORECASE)
# Any one of these proves the bytes are a mail message rather than junk named .eml.
_KNOWN_HEADERS = frozenset(
    {
        "from", "to", "cc", "subject", "date", "message-id", "received", "return-path", "sender",
        "content-type", "mime-version", "delivered-to", "reply-to", "in-reply-to", "references",
    }
)  # fmt: skip


def parse_bytes(raw: bytes) -> Message:
    """Parse with the modern policy (header objects shared, `header_policy`), falling back to compat32
    when the modern parser gives up."""
    try:
        msg = BytesParser(policy=MEMO_DEFAULT).parsebytes(raw)
    except Exception:  # the stdlib parser can raise on hostile structure; compat32 is more lenient
        return BytesParser(policy=policy.compat32).parsebytes(raw)
    if any(isinstance(d, errors.StartBoundaryNotFoundDefect) for d in msg.defects):
        # compat32 accepts unquoted boundaries with "=" that policy.default rejects (old Outlook).
        legacy = BytesParser(policy=policy.compat32).parsebytes(raw)
        if legacy.is_multipart() and not legacy.defects:
            return legacy
    return msg


def _not_mail_reason(raw: bytes, msg: Message) -> str | None:
    """Return why the bytes are not an e-mail message, or None when they are."""
    head = raw[:4096]
    if b"\x00" in head:
        return "not an e-mail message: binary content (NUL bytes in the header section)"
    names = {key.lower() for key, _ in msg.raw_items()}
    if not names & _KNOWN_HEADERS:
        return "not an e-mail message: no recognizable header (From, To, Subject, Date, ...)"
    return None


def _defect_names(msg: Message) -> list[str]:
    names: set[str] = set()
    for part in msg.walk():
        names.update(type(d).__name__ for d in getattr(part, "defects", []))
    return sorted(names)


class EmailConnector:
    """Reads .eml files, mbox files and Maildir folders (or a folder holding any of them)."""

    name: ClassVar[str] = "email"

    def __init__(self, max_bytes: int = DEFAULT_MAX_BYTES) -> None:
        self.max_bytes = check_max_bytes(max_bytes)

    def read(self, location: Path | str) -> Iterator[ConnectorItem]:
        """Yield one EMAIL record per message, or an IngestFailure naming the file and reason."""
        try:
            for item in read_location(Path(location), self.max_bytes):
                yield item if isinstance(item, IngestFailure) else self.parse(item)
        except OSError as exc:
            yield IngestFailure(str(location), f"cannot read: {exc.strerror or exc}")

    def parse(self, message: RawMessage) -> InteractionRecord | IngestFailure:
        """Turn one raw message into a record; never raises for bad input."""
        try:
            return self._parse(message)
        except Exception as exc:  # last line of defence: one hostile message must not stop a batch
            return IngestFailure(message.raw_ref, f"could not parse message: {type(exc).__name__}: {exc}")

    def _parse(self, message: RawMessage) -> InteractionRecord | IngestFailure:
        msg = parse_bytes(message.raw)
        reason = _not_mail_reason(message.raw, msg)
        if reason:
            return IngestFailure(message.raw_ref, reason)
        body = Body()
        walk(msg, body)
        subject = headers.header_text(msg, "Subject")
        raw_text, body_format = body.text()
        if not (subject or raw_text.strip() or body.attachments):
            return IngestFailure(message.raw_ref, "message has no subject, body or attachments")
        forwarded = bool(subject and _FORWARD_SUBJECT.match(subject))
        cleaned = clean_body(raw_text, forwarded=forwarded)
        people, address_fallbacks = headers.participants(msg)
        metadata: dict[str, Any] = {"body_format": body_format, "quotes_removed": cleaned.quotes_removed}
        occurred_at = self._date(msg, message, metadata)
        own_id = next(iter(headers.message_ids(msg, "Message-ID")), None)
        source_id = own_id or bytes_id(message.raw)
        self._note(metadata, body, cleaned.signature, address_fallbacks, msg)
        attachment_texts = [a.text for a in body.attachments]
        return InteractionRecord(
            source=self.name,
            source_id=source_id,
            kind=InteractionKind.EMAIL,
            occurred_at=occurred_at,
            text=cleaned.text,
            content_hash=content_hash(subject, cleaned.text, *attachment_texts),
            raw_ref=message.raw_ref,
            subject=subject,
            participants=people,
            attachments=tuple(body.attachments),
            thread_id=headers.thread_root(msg, own_id) or source_id,
            metadata=metadata,
        )

    @staticmethod
    def _date(msg: Message, message: RawMessage, metadata: dict[str, Any]) -> datetime:
        """Return the message time; with no usable date, the mailbox or file time, flagged."""
        found = headers.message_date(msg, message.envelope_date)
        metadata["date_source"] = found.source
        if found.value is not None:
            return found.value
        metadata["date_missing"] = True
        raw_date = headers.header_text(msg, "Date")
        if raw_date:
            metadata["unparsed_date"] = raw_date
        if message.received_at is not None:
            metadata["date_source"] = "mailbox_received"
            return as_aware(message.received_at)
        if message.path is not None:
            metadata["date_source"] = "file_mtime"
            return file_mtime(message.path)
        metadata["date_source"] = "ingest_time"
        return datetime.now(UTC)

    @staticmethod
    def _note(
        metadata: dict[str, Any], body: Body, signature: str | None, fallbacks: list[str], msg: Message
    ) -> None:
        """Record what was unusual about the message, so a reviewer can trust or doubt it."""
        if body.charsets:
            metadata["charsets"] = sorted(set(body.charsets))
        if body.notes:
            metadata["notes"] = body.notes
        if signature:
            metadata["signature"] = signature
        if fallbacks:
            metadata["unparsed_addresses"] = {h: headers.raw_text(msg, h) for h in fallbacks}
        if not any(k.lower() == "from" for k, _ in msg.raw_items()):
            metadata["from_missing"] = True
        defects = _defect_names(msg)
        if defects:
            metadata["mime_defects"] = defects
