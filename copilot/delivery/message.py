"""Build the email a draft becomes, and write it as an .eml file."""

from __future__ import annotations

import os
import re
import secrets
import tempfile
from email.message import EmailMessage
from email.utils import format_datetime, formataddr
from pathlib import Path

from copilot.db.models import Contact, Draft
from copilot.db.types import utcnow

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def new_message_id(draft: Draft, sender: str) -> str:
    """A globally unique Message-ID naming the draft and version (recorded before any attempt)."""
    domain = sender.rsplit("@", 1)[-1].strip("> ") or "localhost"
    return f"<copilot.{draft.id}.v{draft.version}.{secrets.token_hex(8)}@{domain}>"


def build_message(
    draft: Draft,
    contact: Contact | None,
    *,
    sender: str,
    message_id: str,
    thread: dict[str, str] | None = None,
) -> EmailMessage:
    """The approved subject and body as plain text; `thread` holds a reply's In-Reply-To and References."""
    message = EmailMessage()
    message["From"] = sender
    if contact is not None and contact.email:
        message["To"] = formataddr((contact.name, contact.email))
    message["Subject"] = draft.subject or ""
    message["Date"] = format_datetime(utcnow())
    message["Message-ID"] = message_id
    for name, value in (thread or {}).items():
        message[name] = value
    message["X-Copilot-Draft"] = f"{draft.id}; version={draft.version}"
    message.set_content(draft.body or "")
    return message


def eml_name(message_id: str) -> str:
    """A file name derived from the Message-ID, so re-exporting the same draft rewrites the same file."""
    return _UNSAFE.sub("_", message_id.strip("<>")) + ".eml"


def write_eml(message: EmailMessage, directory: Path) -> Path:
    """Write atomically (temp file + rename): a crash never leaves half a file under the final name."""
    directory.mkdir(parents=True, exist_ok=True)
    target = directory / eml_name(str(message["Message-ID"]))
    handle, temp = tempfile.mkstemp(dir=directory, suffix=".part")
    try:
        with os.fdopen(handle, "wb") as sink:
            sink.write(message.as_bytes())
        Path(temp).replace(target)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    return target
