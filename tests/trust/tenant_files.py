"""Source files two teams could both hold: the same names, Message-IDs, UIDs and CRM ids, other content.

`Team` says whose file it is; `marker` makes each version's content differ, so a stored item that
changed hands or content is visible. `fewer` leaves items out, so a sync with it would delete some.
"""

from __future__ import annotations

import mailbox
import tempfile
from dataclasses import dataclass
from email.message import EmailMessage
from pathlib import Path

SHARED_UID = "shared-uid-1@cal.example"
SHARED_ACTIVITY_IDS = ("A-1", "A-2")


@dataclass(frozen=True)
class Team:
    """One tenant: its team name, its account's CRM id and its customer's mail domain."""

    name: str
    crm_id: str

    @property
    def domain(self) -> str:
        """The customer's mail domain."""
        return f"{self.name}.example"

    @property
    def buyer(self) -> str:
        """The customer contact's address (seeded by build_world)."""
        return f"buyer@{self.domain}"


def message(team: Team, message_id: str, marker: str) -> EmailMessage:
    """One inbound customer message with a fixed (shared) Message-ID."""
    msg = EmailMessage()
    msg["From"] = f"Buyer <{team.buyer}>"
    msg["To"] = "rep@northwind-analytics.com"
    msg["Subject"] = f"Renewal question {marker}"
    msg["Date"] = "Tue, 01 Sep 2026 10:00:00 +0000"
    msg["Message-ID"] = message_id
    msg.set_content(f"Hello,\n\nplease send the renewal quote ({marker}).\n\nThanks")
    return msg


def message_ids(kind: str, fewer: bool = False) -> list[str]:
    """The Message-IDs every team's `kind` file carries (only the first when `fewer`)."""
    return [f"<{kind}-{n}@mail.example>" for n in range(1, 2 if fewer else 4)]


def eml(team: Team, marker: str, fewer: bool = False) -> bytes:
    """A single .eml (another shared Message-ID when `fewer`, so the usual one is unseen)."""
    message_id = "<eml-2@mail.example>" if fewer else "<eml-1@mail.example>"
    return message(team, message_id, marker).as_bytes()


def mbox(team: Team, marker: str, fewer: bool = False) -> bytes:
    """An mbox of the shared Message-IDs (only the first when `fewer`)."""
    with tempfile.TemporaryDirectory() as tmp:
        box = mailbox.mbox(f"{tmp}/box")
        for message_id in message_ids("mbox", fewer):
            box.add(message(team, message_id, marker))
        box.close()
        return Path(f"{tmp}/box").read_bytes()


def maildir(folder: Path, team: Team, marker: str, fewer: bool = False) -> Path:
    """A Maildir at `folder` whose message files have fixed names (the same for every team)."""
    for sub in ("new", "cur", "tmp"):
        (folder / sub).mkdir(parents=True, exist_ok=True)
    for stale in (folder / "cur").iterdir():
        stale.unlink()
    for n, message_id in enumerate(message_ids("maildir", fewer), start=1):
        (folder / "cur" / f"100000000{n}.M1P1.host:2,S").write_bytes(
            message(team, message_id, marker).as_bytes()
        )
    return folder


def vtt(team: Team, marker: str, fewer: bool = False) -> bytes:
    """A call transcript (one file, one item: `fewer` changes nothing but the words)."""
    words = "shorter call" if fewer else f"We will send the quote by Friday ({marker})."
    return (
        f"WEBVTT\n\n1\n00:00:00.000 --> 00:00:04.000\n<v {team.name} buyer>{words}</v>\n\n"
        f"2\n00:00:04.000 --> 00:00:08.000\n<v rep>Thanks, noted ({marker}).</v>\n"
    ).encode()


def ics(team: Team, marker: str, fewer: bool = False) -> bytes:
    """A calendar with the shared UID (and a second event unless `fewer`)."""
    events = [(SHARED_UID, "20260901T100000Z")] + (
        [] if fewer else [("second-uid@cal.example", "20260902T100000Z")]
    )
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//tenant test//EN"]
    for uid, start in events:
        lines += [
            "BEGIN:VEVENT",
            f"UID:{uid}",
            f"DTSTAMP:{start}",
            f"DTSTART:{start}",
            f"SUMMARY:Quarterly review {marker}",
            f"DESCRIPTION:Agenda: renewal ({marker})",
            "ORGANIZER:mailto:rep@northwind-analytics.com",
            f"ATTENDEE:mailto:{team.buyer}",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return ("\r\n".join(lines) + "\r\n").encode()


def activities(team: Team, marker: str, fewer: bool = False, names: str | None = None) -> bytes:
    """A CRM activities export with the shared activity ids, naming `names` (default: the team's CRM id)."""
    crm = names or team.crm_id
    rows = ["Activity ID,Activity type,Activity date,Associated Company IDs,Subject,Body"]
    for n, activity_id in enumerate(SHARED_ACTIVITY_IDS[:1] if fewer else SHARED_ACTIVITY_IDS, start=1):
        rows.append(
            f"{activity_id},Note,2026-09-0{n},{crm},Renewal notes {marker},Budget confirmed ({marker})."
        )
    return ("\n".join(rows) + "\n").encode()


def accounts_takeover(victim: Team, attacker: Team) -> bytes:
    """The reported attack: the victim's account row, owned by the attacker, other columns missing."""
    row = f"{victim.crm_id},Taken Over,rep_{attacker.name},{attacker.name}"
    return f"Record ID,Company name,Company owner,Team\n{row}\n".encode()


def contacts_takeover(victim: Team, attacker: Team) -> bytes:
    """The victim's contact moved to the attacker's account, with its opt-out switched off."""
    return (
        "Record ID,Associated Company IDs,Email,Unsubscribed from all email\n"
        f"{victim.crm_id}-P,{attacker.crm_id},someone@{attacker.domain},false\n"
    ).encode()
