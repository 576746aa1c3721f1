"""Serialises rendered interactions into the file formats users export (CSV, mbox, WebVTT, iCalendar)."""

from __future__ import annotations

import csv
import json
import mailbox
import time
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from email.header import Header
from email.message import Message
from email.utils import format_datetime, formataddr
from pathlib import Path
from typing import Any

from copilot.sample.model import OUR_COMPANY, Call, Mail, Meeting

COMPANY_HEADER = (
    "Record ID", "Company name", "Company Domain Name", "Company owner", "Team", "Industry",
    "Renewal date", "Preferred language", "Formality", "Preferred channel", "Do not contact",
)  # fmt: skip
CONTACT_HEADER = (
    "Record ID", "First Name", "Last Name", "Email", "Job Title", "Associated Company IDs",
    "Preferred language", "Unsubscribed from all email",
)  # fmt: skip
ACTIVITY_HEADER = (
    "Activity ID", "Activity type", "Activity date", "Associated Company IDs", "Associated Contact IDs",
    "Subject", "Body",
)  # fmt: skip
ICS_FOLD_OCTETS = 75


def write_csv(path: Path, header: Sequence[str], rows: Iterable[Sequence[str]]) -> None:
    """A UTF-8 CSV with CRLF rows, as CRM exports write them."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)


def write_json(path: Path, data: Any) -> None:
    """Pretty JSON with non-ASCII kept readable."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def _header_text(text: str) -> str:
    return text if text.isascii() else Header(text, "utf-8").encode()


def _addresses(pairs: Iterable[tuple[str, str]]) -> str:
    return ", ".join(formataddr(pair) for pair in pairs)


def to_message(mail: Mail) -> Message:
    """The MIME message for a rendered mail: plain text, 8-bit so sentences stay greppable in the file."""
    # compat32 headers are stored as given, which keeps generation fast; we encode them ourselves.
    message = Message()
    # mailbox would otherwise stamp the current time into the separator line.
    stamp = time.asctime(mail.sent_at.astimezone(UTC).timetuple())
    message.set_unixfrom(f"From {mail.sender[1]} {stamp}")
    message["From"] = formataddr(mail.sender)
    message["To"] = _addresses(mail.to)
    if mail.cc:
        message["Cc"] = _addresses(mail.cc)
    message["Subject"] = _header_text(mail.subject)
    message["Date"] = format_datetime(mail.sent_at)
    message["Message-ID"] = mail.message_id
    if mail.in_reply_to:
        message["In-Reply-To"] = mail.in_reply_to
        message["References"] = " ".join(mail.references)
    if not mail.inbound:
        message["Organization"] = OUR_COMPANY
    message["MIME-Version"] = "1.0"
    message["Content-Type"] = 'text/plain; charset="utf-8"'
    message["Content-Transfer-Encoding"] = "7bit" if mail.body.isascii() else "8bit"
    body = mail.body if mail.body.endswith("\n") else mail.body + "\n"
    # Surrogate-escaped bytes are how the email package carries raw 8-bit payloads.
    message.set_payload(body.encode("utf-8").decode("ascii", "surrogateescape"))
    return message


def write_mbox(path: Path, mails: Iterable[Mail]) -> int:
    """Append mails to a fresh mbox file; returns how many were written."""
    path.parent.mkdir(parents=True, exist_ok=True)
    box = mailbox.mbox(str(path), create=True)
    count = 0
    try:
        for mail in mails:
            box.add(to_message(mail))
            count += 1
        box.flush()
    finally:
        box.close()
    return count


def _clock(seconds: float) -> str:
    millis = round(seconds * 1000)
    hours, rest = divmod(millis, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    secs, millis = divmod(rest, 1000)
    return f"{hours:02d}:{minutes:02d}:{secs:02d}.{millis:03d}"


def write_vtt(path: Path, call: Call) -> None:
    """A WebVTT transcript: one cue per turn with a `<v Speaker>` voice tag."""
    cues = [
        f"{n}\n{_clock(turn.start)} --> {_clock(turn.end)}\n<v {turn.speaker}>{turn.text}</v>"
        for n, turn in enumerate(call.turns, 1)
    ]
    path.parent.mkdir(parents=True, exist_ok=True)
    # Call recorders linked to a CRM tag the transcript with the account; it lets ingest place calls
    # whose speakers' names are shared across accounts.
    header = f"WEBVTT\n\nNOTE account: {call.account_crm_id}\n\n"
    path.write_text(header + "\n\n".join(cues) + "\n", encoding="utf-8")


def write_plain_transcript(path: Path, call: Call) -> None:
    """A plain transcript, one `Speaker: text` line per turn."""
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = "".join(f"{turn.speaker}: {turn.text}\n" for turn in call.turns)
    path.write_text(f"Account: {call.account_crm_id}\n{lines}", encoding="utf-8")


def ics_escape(text: str) -> str:
    """Escape a TEXT value per RFC 5545 (backslash, semicolon, comma, newline)."""
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def ics_fold(line: str) -> str:
    """Fold a content line at 75 octets without splitting a UTF-8 character."""
    pieces: list[str] = []
    current, size = "", 0
    for char in line:
        width = len(char.encode("utf-8"))
        # Continuation lines start with a space, which counts towards their 75 octets.
        limit = ICS_FOLD_OCTETS if not pieces else ICS_FOLD_OCTETS - 1
        if size + width > limit:
            pieces.append(current)
            current, size = "", 0
        current += char
        size += width
    pieces.append(current)
    return "\r\n ".join(pieces)


def _utc(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _cn(name: str) -> str:
    return f'"{name}"' if any(ch in name for ch in ',;:"') else name


def write_ics(path: Path, meeting: Meeting, stamp: datetime) -> None:
    """A single-event iCalendar invite with organizer and attendees, CRLF and folded."""
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Northwind Analytics//Sample CRM//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:REQUEST",
        "BEGIN:VEVENT",
        f"UID:{meeting.uid}",
        f"DTSTAMP:{_utc(stamp)}",
        f"DTSTART:{_utc(meeting.start)}",
        f"DTEND:{_utc(meeting.end)}",
        f"SUMMARY:{ics_escape(meeting.summary)}",
        f"DESCRIPTION:{ics_escape(meeting.description)}",
        f"LOCATION:{ics_escape(meeting.location)}",
        f"ORGANIZER;CN={_cn(meeting.organizer.name)}:mailto:{meeting.organizer.email}",
    ]
    for name, email in meeting.attendees:
        lines.append(
            f"ATTENDEE;CN={_cn(name)};ROLE=REQ-PARTICIPANT;PARTSTAT=ACCEPTED;RSVP=TRUE:mailto:{email}"
        )
    lines += ["STATUS:CONFIRMED", "SEQUENCE:0", "END:VEVENT", "END:VCALENDAR"]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(("\r\n".join(ics_fold(line) for line in lines) + "\r\n").encode("utf-8"))
