"""Entry point: generate the seeded sample book of business as exported files plus an answer key."""

from __future__ import annotations

import itertools
import random
import shutil
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

from copilot.errors import InvalidInputError
from copilot.sample import catalog, fact_pools, facts, loose
from copilot.sample.book import build_book
from copilot.sample.calls import CallWriter
from copilot.sample.crm import CrmWriter
from copilot.sample.emails import ThreadWriter, dnc_request
from copilot.sample.key import SampleSummary, write_all
from copilot.sample.model import Account, Activity, Call, Mail, Meeting, Plant
from copilot.sample.plan import DNC_QUIET_DAYS, TEAM_OFFSETS, Skeleton, plan_account

DEFAULT_NOW = datetime(2026, 11, 1, 12, 0, tzinfo=UTC)
MAX_MONTHS = 36
# Everything a previous run wrote; only these are removed when regenerating into the same folder.
GENERATED_PARTS = ("crm", "mail", "calls", "meetings", "answer_key.json")
HTML_ACCOUNT_INDEX = 3
ATTACHMENT_ACCOUNT_INDEX = 0
FORWARD_ACCOUNT_INDEX = 1


@dataclass
class Book:
    """Everything rendered for one generation run, before it is written to disk."""

    seed: int
    now: datetime
    months: int
    accounts: list[Account]
    mails: dict[str, list[Mail]] = field(default_factory=dict)
    loose: list[loose.LooseEmail] = field(default_factory=list)
    calls: list[Call] = field(default_factory=list)
    meetings: list[Meeting] = field(default_factory=list)
    activities: list[Activity] = field(default_factory=list)
    facts: list[Plant] = field(default_factory=list)
    injections: list[Plant] = field(default_factory=list)


def generate_sample(
    out_dir: Path, *, seed: int = 7, accounts: int = 32, months: int = 12, now: datetime | None = None
) -> SampleSummary:
    """Write a deterministic sample CRM (same seed and arguments give the same bytes) into `out_dir`."""
    moment = DEFAULT_NOW if now is None else now
    _validate(accounts, months, moment)
    _prepare(Path(out_dir))
    book = build(seed=seed, accounts=accounts, months=months, now=moment)
    return write_all(Path(out_dir), book)


def _validate(accounts: int, months: int, now: datetime) -> None:
    if not catalog.MIN_ACCOUNTS <= accounts <= len(catalog.COMPANIES):
        raise InvalidInputError(
            f"accounts: must be between {catalog.MIN_ACCOUNTS} and {len(catalog.COMPANIES)}"
        )
    if not 1 <= months <= MAX_MONTHS:
        raise InvalidInputError(f"months: must be between 1 and {MAX_MONTHS}")
    if now.tzinfo is None or now.utcoffset() is None:
        raise InvalidInputError("now: must be timezone-aware (e.g. 2026-11-01T12:00:00+00:00)")


def _prepare(out_dir: Path) -> None:
    if out_dir.exists() and not out_dir.is_dir():
        raise InvalidInputError(f"{out_dir}: exists and is not a folder")
    if out_dir.exists() and any(out_dir.iterdir()):
        if not (out_dir / "answer_key.json").is_file():
            raise InvalidInputError(
                f"{out_dir}: folder is not empty and holds no earlier sample (answer_key.json)"
            )
        for part in GENERATED_PARTS:
            target = out_dir / part
            if target.is_dir():
                shutil.rmtree(target)
            elif target.exists():
                target.unlink()
    out_dir.mkdir(parents=True, exist_ok=True)


def build(*, seed: int, accounts: int, months: int, now: datetime) -> Book:
    """Render the whole book in memory; deterministic for the same arguments."""
    master = random.Random(seed)
    book = Book(seed=seed, now=now, months=months, accounts=build_book(master, accounts, now.date()))
    planner = facts.FactPlanner(master, book.accounts)
    english = [i for i, a in enumerate(book.accounts) if a.language == "en" and not a.do_not_contact]
    mbox_injections = master.sample([i for i in english if i != HTML_ACCOUNT_INDEX], 2)
    taken: set[str] = set()
    activity_ids = itertools.count(3001)
    for index, account in enumerate(book.accounts):
        rng = random.Random(f"{seed}:{account.crm_id}")
        skeleton = plan_account(rng, account, now, months)
        injections = []
        if index in mbox_injections:
            injections.append(facts.injection_plant(rng, account, skeleton, mbox_injections.index(index) + 1))
        book.injections.extend(injections)
        plants = planner.plants_for(rng, account, index, skeleton, taken=injections)
        book.facts.extend(plants)
        plants = plants + injections
        book.mails[account.slug] = ThreadWriter(rng, account, plants).render(skeleton)
        book.calls.extend(CallWriter(rng, account, plants, taken).render(skeleton))
        crm = CrmWriter(rng, account, plants, taken, activity_ids)
        book.meetings.extend(crm.meetings(skeleton))
        book.activities.extend(crm.activities(skeleton))
        if account.do_not_contact:
            quiet_since = _local(account, now - timedelta(days=DNC_QUIET_DAYS)).replace(hour=9, minute=0)
            request = dnc_request(rng, account, quiet_since)
            book.mails[account.slug].append(request)
            book.activities.append(crm.dnc_note(request.sent_at))
        _add_loose(book, rng, index, account, plants, skeleton)
    book.injections.sort(key=lambda plant: plant.key)
    return book


def _local(account: Account, moment: datetime) -> datetime:
    return moment.astimezone(timezone(timedelta(hours=TEAM_OFFSETS[account.team])))


def _add_loose(
    book: Book, rng: random.Random, index: int, account: Account, plants: list[Plant], skeleton: Skeleton
) -> None:
    at = skeleton.threads[0].times[0] + timedelta(days=2, hours=1)
    if index == HTML_ACCOUNT_INDEX:
        injection = Plant(
            key="I-03",
            kind="injection",
            account_crm_id=account.crm_id,
            host="eml_html",
            side="them",
            text=fact_pools.INJECTIONS[2],
            source="email",
            extra={"contact_crm_id": account.contacts[0].crm_id},
        )
        book.injections.append(injection)
        book.loose.append(loose.html_only(rng, account, at, injection))
    if index == facts.LATIN1_ACCOUNT_INDEX:
        complaint = next(p for p in plants if p.host == "eml_latin1")
        assert complaint.at is not None
        book.loose.append(loose.latin1(rng, account, complaint.at, complaint))
    if index == ATTACHMENT_ACCOUNT_INDEX:
        book.loose.append(loose.with_attachment(rng, account, at))
    if index == FORWARD_ACCOUNT_INDEX:
        book.loose.append(loose.forwarded(rng, account, at + timedelta(days=5)))
