"""Read headers defensively: decoded text, addresses, the message date and threading ids.

Header objects of `policy.default` are built lazily and can raise on hostile input, so every
accessor here falls back to the raw header text instead of failing the message.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import datetime
from email.header import decode_header, make_header
from email.message import Message
from email.policy import EmailPolicy
from email.utils import getaddresses, parsedate_to_datetime

from connectors.base import Participant
from connectors.common import as_aware
from connectors.textdecode import codec_for, decode_bytes, repair_double_encoding

_SURROGATES = re.compile(r"[\udc80-\udcff]")
_FOLDING = re.compile(r"\r?\n[ \t]*")
_MSG_ID = re.compile(r"<([^<>\s]+)>")
# The lookbehind starts a match only where a run of address characters starts: without it, findall
# rescans a long run from each of its positions (a 20 KB invalid To: header took a second).
_EMAIL = re.compile(r"(?<![\w.!#$%&'*+/=?^`{|}~-])[\w.!#$%&'*+/=?^`{|}~-]+@[\w-]+(?:\.[\w-]+)+")
_PARSED_HEADERS = "_copilot_parsed_headers"  # attribute holding a message's parsed-header memo
MAX_PARSED_HEADER = 8192  # characters; real address lists and References stay far below
ADDRESS_ROLES = (("From", "from"), ("To", "to"), ("Cc", "cc"), ("Bcc", "bcc"))


def fix_surrogates(text: str, hint: str | None = None) -> str:
    """Re-decode raw 8-bit header bytes kept as surrogate escapes; `hint` is a charset to try first."""
    if not _SURROGATES.search(text):
        return text
    raw = text.encode("utf-8", errors="surrogateescape")
    try:
        # RFC 6532 allows UTF-8 headers, and valid UTF-8 is almost never a coincidence.
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return decode_bytes(raw, hint).text
    hint_codec = codec_for(hint)
    repaired = repair_double_encoding(text, hint_codec) if hint_codec else None
    return repaired or text


def charset_hint(msg: Message) -> str | None:
    """Return the body's declared charset: raw 8-bit headers are usually written in it."""
    try:
        return msg.get_content_charset()
    except Exception:  # a malformed Content-Type gives no hint rather than an error
        return None


def _raw_value(msg: Message, name: str) -> str | None:
    """Return the first raw (undecoded) value of a header."""
    wanted = name.lower()
    for key, value in msg.raw_items():
        if key.lower() == wanted:
            return str(value)
    return None


def _decode_words(raw: str, hint: str | None = None) -> str:
    """Decode RFC 2047 encoded words, keeping the raw text for parts that cannot be decoded."""
    raw = fix_surrogates(raw, hint)
    try:
        return str(make_header(decode_header(raw)))
    except (LookupError, UnicodeError, ValueError):
        return raw


def _parsed_header(msg: Message, name: str) -> object:
    """The policy's header object for `name`, parsed once per message; None for an oversized header.

    policy.default builds (and parses) a new header object on every `msg.get`, and a message's
    address headers are read several times; this parse was most of the email connector's CPU time.
    Its parser grows faster than linearly (a 20 KB Cc: list took 6 s), so a header over
    MAX_PARSED_HEADER characters is left to the linear fallbacks (getaddresses, encoded words).
    """
    memo: dict[str, object] = msg.__dict__.setdefault(_PARSED_HEADERS, {})
    key = name.lower()
    if key not in memo:
        raw = _raw_value(msg, name)
        memo[key] = None if raw is not None and len(raw) > MAX_PARSED_HEADER else msg.get(name)
    return memo[key]


def header_text(msg: Message, name: str) -> str | None:
    """Return a header's decoded, unfolded text, or None when absent."""
    raw = _raw_value(msg, name)
    if raw is None:
        return None
    if _SURROGATES.search(raw) or not isinstance(msg.policy, EmailPolicy):
        # Undeclared 8-bit bytes: policy.default would read them as Latin-1; detect instead.
        # (compat32, the fallback parse, leaves encoded words undecoded.)
        text = _decode_words(raw, charset_hint(msg))
    else:
        try:
            header = _parsed_header(msg, name)
            text = _decode_words(raw) if header is None else str(header)
        except Exception:  # the stdlib header parser has raised on hostile input (e.g. IndexError)
            text = _decode_words(raw)
    return _FOLDING.sub(" ", text).strip() or None


def raw_text(msg: Message, name: str) -> str | None:
    """Return a header as written (encoded words decoded), without the header object's re-quoting."""
    raw = _raw_value(msg, name)
    if raw is None:
        return None
    return _FOLDING.sub(" ", _decode_words(raw, charset_hint(msg))).strip().strip('"').strip() or None


def _structured_addresses(msg: Message, name: str) -> list[tuple[str, str]]:
    """Return (display name, address) pairs via policy.default's address parser."""
    header = _parsed_header(msg, name)
    addresses = getattr(header, "addresses", None)
    if addresses is None:
        raw = _raw_value(msg, name)
        pairs = getaddresses([fix_surrogates(raw, charset_hint(msg))]) if raw is not None else []
        return [(_decode_words(n), a) for n, a in pairs]
    hint = charset_hint(msg)
    return [(fix_surrogates(a.display_name, hint), fix_surrogates(a.addr_spec, hint)) for a in addresses]


def addresses(msg: Message, name: str) -> tuple[list[tuple[str, str]], bool]:
    """Return valid (name, email) pairs of an address header and whether a fallback was needed."""
    try:
        pairs = _structured_addresses(msg, name)
    except Exception:  # same lazy-parser hazard as header_text
        pairs = []
    valid = [(n.strip(), a.strip().lower()) for n, a in pairs if _EMAIL.fullmatch(a.strip())]
    raw = header_text(msg, name) or ""
    if valid or "@" not in raw:
        return valid, False
    return [("", found.lower()) for found in _EMAIL.findall(raw)], True


def participants(msg: Message) -> tuple[tuple[Participant, ...], list[str]]:
    """Return From/To/Cc/Bcc participants with roles, and the headers that needed a fallback."""
    people: list[Participant] = []
    seen: set[tuple[str, str]] = set()
    fallbacks: list[str] = []
    for header, role in ADDRESS_ROLES:
        pairs, fell_back = addresses(msg, header)
        raw = header_text(msg, header)
        if fell_back or (raw and not pairs):
            fallbacks.append(header)
        if raw and not pairs and role == "from":
            # Keep who sent it even when no address can be read ("From: Apple").
            people.append(Participant(role=role, email=None, name=raw_text(msg, header) or raw))
        for name, email in pairs:
            if (role, email) not in seen:
                seen.add((role, email))
                people.append(Participant(role=role, email=email, name=name or None))
    return tuple(people), fallbacks


def _parse_date(value: str | None) -> datetime | None:
    """Parse an RFC 2822 date, None when unusable."""
    if not value:
        return None
    try:
        return as_aware(parsedate_to_datetime(value.strip()))
    except (TypeError, ValueError, IndexError, OverflowError):
        return None


def _received_date(msg: Message) -> datetime | None:
    """Return the delivery time from the topmost Received header (its date follows the last ';')."""
    for key, value in msg.raw_items():
        if key.lower() == "received" and ";" in str(value):
            found = _parse_date(_FOLDING.sub(" ", str(value)).rsplit(";", 1)[1])
            if found is not None:
                return found
    return None


@dataclass(frozen=True)
class MessageDate:
    """When a message was sent, and which source the time came from."""

    value: datetime | None
    source: str


def message_date(msg: Message, envelope_date: str | None) -> MessageDate:
    """Return the Date header, else the Received time, else the mbox envelope time."""
    found = _parse_date(header_text(msg, "Date"))
    if found is not None:
        return MessageDate(found, "date_header")
    found = _received_date(msg)
    if found is not None:
        return MessageDate(found, "received_header")
    found = _envelope_date(envelope_date)
    if found is not None:
        return MessageDate(found, "mbox_envelope")
    return MessageDate(None, "none")


def _envelope_date(value: str | None) -> datetime | None:
    """Parse the asctime-style date of an mbox "From sender Tue May 10 11:28:07 2005" line."""
    if not value:
        return None
    for fmt in ("%a %b %d %H:%M:%S %Y", "%a %b %d %H:%M:%S %z %Y"):
        try:
            return as_aware(datetime.strptime(" ".join(value.split()), fmt))
        except ValueError:
            continue
    return None


_MAX_ID_LENGTH = 500  # the store's source_id column holds 512 characters


def _canonical_id(inner: str) -> str:
    """Return "<id>", or a hash for an absurdly long id so it still fits the store."""
    if len(inner) + 2 > _MAX_ID_LENGTH:
        return "<sha256:" + hashlib.sha256(inner.encode("utf-8", "replace")).hexdigest() + ">"
    return f"<{inner}>"


def message_ids(msg: Message, name: str) -> list[str]:
    """Return the Message-IDs in a header in their canonical "<id>" form, in order."""
    raw = header_text(msg, name)
    if not raw:
        return []
    found = _MSG_ID.findall(raw)
    if not found:
        # Broken mailers omit the brackets; accept a single bare token.
        bare = raw.strip().strip("<>").strip()
        found = [bare] if bare and " " not in bare else []
    return [_canonical_id(f) for f in found]


def thread_root(msg: Message, own_id: str | None) -> str | None:
    """Return the thread id: the first References id, else In-Reply-To, else the message's own id."""
    references = message_ids(msg, "References")
    if references:
        return references[0]
    reply_to = message_ids(msg, "In-Reply-To")
    return reply_to[0] if reply_to else own_id
