"""Writes a rendered book to disk: CRM CSVs, mail, calls, meetings and the answer key."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from copilot.sample import writers
from copilot.sample.model import Account, Plant
from copilot.sample.scenarios import build_scenarios

if TYPE_CHECKING:
    from copilot.sample.generate import Book


@dataclass(frozen=True)
class SampleSummary:
    """What one generation run wrote: counts per kind and the paths of every file."""

    out_dir: Path
    accounts: int
    contacts: int
    emails: int
    loose_emails: int
    calls: int
    meetings: int
    notes: int
    tickets: int
    facts: int
    call_commitments: int
    scenarios: int
    injections: int
    answer_key: Path
    files: tuple[Path, ...]

    @property
    def interactions(self) -> int:
        """Every interaction record across all files (emails, calls, meetings, notes, tickets)."""
        return self.emails + self.loose_emails + self.calls + self.meetings + self.notes + self.tickets


def _flag(value: bool) -> str:
    return "true" if value else "false"


def _company_rows(accounts: list[Account]) -> list[list[str]]:
    return [
        [
            a.crm_id,
            a.name,
            a.domain,
            a.owner.username,
            a.team,
            a.industry,
            a.renewal_date.isoformat(),
            a.language,
            a.formality,
            a.channel,
            _flag(a.do_not_contact),
        ]
        for a in accounts
    ]


def _contact_rows(accounts: list[Account]) -> list[list[str]]:
    return [
        [c.crm_id, c.first, c.last, c.email, c.title, a.crm_id, c.language, _flag(c.opted_out)]
        for a in accounts
        for c in a.contacts
    ]


def _account_entry(account: Account) -> dict[str, Any]:
    return {
        "crm_id": account.crm_id,
        "name": account.name,
        "domain": account.domain,
        "slug": account.slug,
        "owner": account.owner.username,
        "team": account.team,
        "industry": account.industry,
        "language": account.language,
        "formality": account.formality,
        "channel": account.channel,
        "do_not_contact": account.do_not_contact,
        "renewal_date": account.renewal_date.isoformat(),
        "mbox": account.mbox_path,
        "contacts": [
            {"crm_id": c.crm_id, "name": c.name, "email": c.email, "title": c.title, "opted_out": c.opted_out}
            for c in account.contacts
        ],
    }


def _fact_entry(plant: Plant) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "id": plant.key,
        "account_crm_id": plant.account_crm_id,
        "type": plant.kind,
        "value": plant.value,
        "source": plant.source,
        "source_ref": plant.source_ref,
        "question": plant.question,
        "text": plant.text,
    }
    if plant.kind == "commitment":
        entry.update(owner=plant.owner, side=plant.side, due=plant.due.isoformat() if plant.due else None)
    return entry


def answer_key(book: Book) -> dict[str, Any]:
    """The planted facts, call action items, scenarios and injections as one JSON-ready dict."""
    injections = [
        {
            "id": p.key,
            "account_crm_id": p.account_crm_id,
            "source": p.source,
            "source_ref": p.source_ref,
            "text": p.text,
        }
        for p in book.injections
    ]
    commitments = [
        {
            "call_ref": call.path,
            "account_crm_id": call.account_crm_id,
            "owner": item.owner,
            "action": item.action,
            "due": item.due.isoformat() if item.due else None,
            "text": item.sentence,
        }
        for call in book.calls
        for item in call.action_items
    ]
    return {
        "seed": book.seed,
        "now": book.now.isoformat(),
        "months": book.months,
        "accounts": [_account_entry(a) for a in book.accounts],
        "facts": [_fact_entry(p) for p in book.facts],
        "call_commitments": commitments,
        "scenarios": build_scenarios(book.accounts, book.facts, book.injections),
        "injections": injections,
    }


def write_all(out_dir: Path, book: Book) -> SampleSummary:
    """Write every file of the book under `out_dir` and summarise what was written."""
    files: list[Path] = []
    crm = out_dir / "crm"
    writers.write_csv(crm / "companies.csv", writers.COMPANY_HEADER, _company_rows(book.accounts))
    writers.write_csv(crm / "contacts.csv", writers.CONTACT_HEADER, _contact_rows(book.accounts))
    writers.write_csv(crm / "activities.csv", writers.ACTIVITY_HEADER, _activity_rows(book))
    files += [crm / "companies.csv", crm / "contacts.csv", crm / "activities.csv"]
    emails = 0
    for account in book.accounts:
        emails += writers.write_mbox(out_dir / account.mbox_path, book.mails[account.slug])
        files.append(out_dir / account.mbox_path)
    for item in book.loose:
        (out_dir / item.path).parent.mkdir(parents=True, exist_ok=True)
        (out_dir / item.path).write_bytes(item.data)
        files.append(out_dir / item.path)
    for call in book.calls:
        write = writers.write_vtt if call.path.endswith(".vtt") else writers.write_plain_transcript
        write(out_dir / call.path, call)
        files.append(out_dir / call.path)
    for meeting in book.meetings:
        writers.write_ics(out_dir / meeting.path, meeting, stamp=meeting.start - timedelta(days=3))
        files.append(out_dir / meeting.path)
    key = answer_key(book)
    writers.write_json(out_dir / "answer_key.json", key)
    files.append(out_dir / "answer_key.json")
    return SampleSummary(
        out_dir=out_dir,
        accounts=len(book.accounts),
        contacts=sum(len(a.contacts) for a in book.accounts),
        emails=emails,
        loose_emails=len(book.loose),
        calls=len(book.calls),
        meetings=len(book.meetings),
        notes=sum(1 for a in book.activities if a.kind == "NOTE"),
        tickets=sum(1 for a in book.activities if a.kind == "TICKET"),
        facts=len(key["facts"]),
        call_commitments=len(key["call_commitments"]),
        scenarios=len(key["scenarios"]),
        injections=len(key["injections"]),
        answer_key=out_dir / "answer_key.json",
        files=tuple(sorted(files)),
    )


def _activity_rows(book: Book) -> list[list[str]]:
    return [
        [
            a.activity_id,
            a.kind,
            a.occurred_at.astimezone(UTC).isoformat(timespec="seconds"),
            a.account_crm_id,
            a.contact_crm_id,
            a.subject,
            a.body,
        ]
        for a in book.activities
    ]
