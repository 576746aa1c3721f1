"""Walk a parsed MIME tree: pick the readable body, decode every charset, describe attachments."""

from __future__ import annotations

import contextlib
import re
from dataclasses import dataclass, field
from email.message import Message
from pathlib import PurePath

from connectors.base import Attachment
from connectors.email.headers import fix_surrogates, header_text
from connectors.email.html_text import html_to_text
from connectors.textdecode import codec_for, decode_bytes

_TEXTLIKE_TYPES = frozenset(
    {
        "application/csv", "application/json", "application/xml", "application/x-yaml",
        "application/yaml", "application/x-sh", "application/javascript", "application/ics",
        "message/delivery-status", "message/disposition-notification", "message/feedback-report",
    }
)  # fmt: skip
_TEXTLIKE_SUFFIXES = frozenset({".txt", ".csv", ".tsv", ".md", ".json", ".xml", ".log", ".ics", ".yaml"})
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([\w.:-]+)""", re.IGNORECASE)
_BAD_TRANSFER_DEFECTS = frozenset(
    {"InvalidBase64CharactersDefect", "InvalidBase64PaddingDefect", "InvalidBase64LengthDefect"}
)
_RAW_PARAM = re.compile(r"""(?:^|;)\s*(?:file)?name\s*=\s*("?)([^";]+)\1""", re.IGNORECASE)
_MAX_DEPTH = 12


@dataclass
class Body:
    """What a message says: plain and HTML body texts, attachments, charsets and problems seen."""

    plain: list[str] = field(default_factory=list)
    html: list[str] = field(default_factory=list)
    attachments: list[Attachment] = field(default_factory=list)
    charsets: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def text(self) -> tuple[str, str]:
        """Return the body text and its origin: plain text preferred, else HTML made readable."""
        plain = "\n\n".join(t for t in self.plain if t.strip())
        if plain.strip():
            return plain, "text/plain"
        html = "\n\n".join(html_to_text(h) for h in self.html)
        if html.strip():
            return html, "text/html"
        return "", "none"


def _content_type(part: Message) -> str:
    try:
        return part.get_content_type()
    except Exception:  # a malformed Content-Type header must not lose the part
        return "application/octet-stream"


def _filename(part: Message) -> str | None:
    """Return the attachment file name: RFC 2231, RFC 2047 and raw 8-bit names all decoded."""
    try:
        name = part.get_filename()
    except Exception:  # malformed parameters
        name = None
    if not name:
        name = _raw_filename(part)
    if not name:
        return None
    name = fix_surrogates(str(name))
    if "=?" in name:
        from email.header import decode_header, make_header

        with contextlib.suppress(LookupError, UnicodeError, ValueError):
            name = str(make_header(decode_header(name)))
    return name.strip() or None


def _raw_filename(part: Message) -> str | None:
    """Find a file name the parameter parser rejected (e.g. an unquoted encoded word)."""
    for header in ("Content-Disposition", "Content-Type"):
        for key, value in part.raw_items():
            match = _RAW_PARAM.search(str(value)) if key.lower() == header.lower() else None
            if match:
                return match.group(2).strip()
    return None


def _is_attachment(part: Message, ctype: str) -> bool:
    """Disposition says attachment, or a named part that is not a plain/HTML body part."""
    disposition = (part.get_content_disposition() or "").lower()
    return disposition == "attachment" or ctype not in ("text/plain", "text/html")


def _is_textlike(ctype: str, filename: str | None) -> bool:
    if ctype.startswith("text/") or ctype in _TEXTLIKE_TYPES:
        return True
    return filename is not None and PurePath(filename).suffix.lower() in _TEXTLIKE_SUFFIXES


def serialized_bytes(message: Message) -> bytes:
    """A message or part as bytes, raw 8-bit text kept byte for byte.

    The parser keeps undeclared 8-bit bytes as surrogate escapes; `get_payload(decode=False)` and
    `str()` turn them into U+FFFD, and the default 7-bit output re-encodes them. Writing with
    `cte_type="8bit"` gives back the bytes that were read.
    """
    try:
        return message.as_bytes(policy=message.policy.clone(cte_type="8bit", linesep="\n"))
    except Exception:  # re-serialising a broken part can fail; fall back to its text, lossy but readable
        return str(message).encode("utf-8", "surrogateescape")


def _undecoded_body(part: Message) -> bytes:
    """The body of a leaf part exactly as written (transfer encoding not applied)."""
    head, separator, rest = serialized_bytes(part).partition(b"\n\n")
    return rest if separator else head


def _payload_bytes(part: Message, where: str, body: Body) -> bytes:
    """Decode the transfer encoding; malformed base64 is reported, never raised."""
    try:
        data = part.get_payload(decode=True)
    except Exception as exc:  # e.g. a broken x-uuencode body
        body.notes.append(f"{where}: could not decode transfer encoding ({type(exc).__name__})")
        return b""
    if not isinstance(data, bytes):
        return b""
    bad = sorted({type(d).__name__ for d in part.defects} & _BAD_TRANSFER_DEFECTS)
    if not bad:
        return data
    raw_bytes = _undecoded_body(part)
    if raw_bytes and (data == b"".join(raw_bytes.splitlines()) or not raw_bytes.isascii()):
        # The decoder gave up and returned the input, or the body carries raw 8-bit text (which
        # base64 never does): it was never base64, so keep its lines.
        body.notes.append(f"{where}: declared base64 but is not; kept the raw text ({', '.join(bad)})")
        return raw_bytes
    body.notes.append(f"{where}: malformed base64 ({', '.join(bad)}); decoded what was readable")
    return data


def _decode_text(part: Message, data: bytes, where: str, body: Body) -> str:
    """Decode a text part with its declared charset (or an HTML meta charset), else detect."""
    declared = part.get_content_charset()
    if not declared and _content_type(part) == "text/html":
        meta = _META_CHARSET.search(data[:4096])
        if meta and codec_for(meta.group(1).decode("ascii", "replace")):
            declared = meta.group(1).decode("ascii")
    decoded = decode_bytes(data, declared)
    body.charsets.append(decoded.charset)
    if decoded.note:
        body.notes.append(f"{where}: {decoded.note}; decoded as {decoded.charset}")
    return decoded.text


def _add_attachment(part: Message, ctype: str, where: str, body: Body) -> None:
    filename = _filename(part)
    label = f"attachment {filename!r}" if filename else where
    data = _payload_bytes(part, label, body)
    text: str | None = None
    if _is_textlike(ctype, filename) and data:
        text = _decode_text(part, data, label, body)
        if ctype == "text/html":
            text = html_to_text(text)
    body.attachments.append(Attachment(filename, ctype, len(data), text))


def _add_message_part(part: Message, ctype: str, depth: int, body: Body) -> None:
    """Record an embedded message (forward, bounce report) as an attachment with its text."""
    payload = part.get_payload()
    inner = payload if isinstance(payload, list) else []
    if ctype != "message/rfc822" or not inner or not isinstance(inner[0], Message):
        data = b"\n\n".join(serialized_bytes(m) for m in inner if isinstance(m, Message))
        text = _decode_text(part, data, ctype, body).strip() if data.strip() else ""
        body.attachments.append(Attachment(_filename(part), ctype, len(data), text or None))
        return
    nested = inner[0]
    sub = Body()
    walk(nested, sub, depth + 1)
    lines = [f"{h}: {v}" for h in ("From", "To", "Date", "Subject") if (v := header_text(nested, h))]
    nested_text, _ = sub.text()
    text = "\n".join(lines) + ("\n\n" + nested_text if nested_text else "")
    subject = header_text(nested, "Subject")
    filename = _filename(part) or (f"{subject}.eml" if subject else "forwarded-message.eml")
    try:
        size = len(nested.as_bytes())
    except Exception:  # re-serialising a broken message can fail; the size is only informative
        size = len(text.encode())
    body.attachments.append(Attachment(filename, ctype, size, text.strip() or None))
    body.attachments.extend(sub.attachments)
    body.notes.extend(sub.notes)
    body.charsets.extend(sub.charsets)


def _walk_alternative(part: Message, depth: int, body: Body) -> None:
    """Walk only the best alternative: non-empty text/plain first, else the richest (last) one."""
    children = [c for c in part.get_payload() if isinstance(c, Message)]
    for child in children:
        if _content_type(child) == "text/plain":
            trial = Body()
            walk(child, trial, depth + 1)
            if "".join(trial.plain).strip():
                _merge(body, trial)
                return
    for child in reversed(children):
        if _content_type(child) != "text/plain":
            walk(child, body, depth + 1)
            return
    if children:
        walk(children[0], body, depth + 1)


def _merge(into: Body, other: Body) -> None:
    into.plain += other.plain
    into.html += other.html
    into.attachments += other.attachments
    into.charsets += other.charsets
    into.notes += other.notes


def walk(part: Message, body: Body, depth: int = 0) -> None:
    """Collect the body texts and attachments of `part` and everything below it into `body`."""
    if depth > _MAX_DEPTH:
        body.notes.append("MIME nesting too deep; deeper parts skipped")
        return
    ctype = _content_type(part)
    if ctype.startswith("message/") and part.is_multipart():
        _add_message_part(part, ctype, depth, body)
    elif part.is_multipart():
        if ctype == "multipart/alternative":
            _walk_alternative(part, depth, body)
            return
        for child in part.get_payload():
            if isinstance(child, Message):
                walk(child, body, depth + 1)
    elif ctype.startswith("multipart/"):
        # Declared multipart without a usable boundary: the parser kept the body as one text blob.
        body.plain.append(_decode_text(part, _payload_bytes(part, "body", body), "body", body))
    elif _is_attachment(part, ctype):
        _add_attachment(part, ctype, f"part {ctype}", body)
    else:
        text = _decode_text(part, _payload_bytes(part, f"{ctype} body", body), f"{ctype} body", body)
        (body.html if ctype == "text/html" else body.plain).append(text)
