"""The generator's contract: determinism, size of the book, special accounts, argument checks."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections import defaultdict
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

import copilot
from copilot.errors import InvalidInputError
from copilot.sample import DEFAULT_NOW, generate_sample

if TYPE_CHECKING:
    from conftest import SampleFiles


def _tree(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_same_seed_gives_identical_bytes(tmp_path: Path, sample: SampleFiles) -> None:
    again = tmp_path / "again"
    generate_sample(again)
    first, second = _tree(sample.root), _tree(again)
    assert sorted(first) == sorted(second)
    changed = [name for name in first if first[name] != second[name]]
    assert changed == []


def test_identical_bytes_across_processes_with_other_hash_seeds(tmp_path: Path, sample: SampleFiles) -> None:
    # String hashing differs per process; any set-order dependence would show up here.
    code = (
        "import sys, pathlib; from copilot.sample import generate_sample as g; g(pathlib.Path(sys.argv[1]))"
    )
    repo = str(Path(copilot.__file__).resolve().parents[1])
    path = os.pathsep.join(filter(None, [repo, os.environ.get("PYTHONPATH")]))
    env = {**os.environ, "PYTHONHASHSEED": "12345", "PYTHONPATH": path}
    subprocess.run([sys.executable, "-c", code, str(tmp_path / "proc")], check=True, env=env, timeout=120)
    assert _tree(tmp_path / "proc") == _tree(sample.root)


def test_other_seed_gives_other_book(tmp_path: Path, sample: SampleFiles) -> None:
    generate_sample(tmp_path / "other", seed=8)
    assert (tmp_path / "other/crm/contacts.csv").read_bytes() != (
        sample.root / "crm/contacts.csv"
    ).read_bytes()
    other_key = json.loads((tmp_path / "other/answer_key.json").read_text(encoding="utf-8"))
    assert {f["text"] for f in other_key["facts"]} != {f["text"] for f in sample.key["facts"]}


def test_book_size_counted_from_the_files(sample: SampleFiles) -> None:
    emails = sum(len(messages) for messages in sample.mboxes.values())
    loose = len(list((sample.root / "mail/eml").glob("*.eml")))
    calls = len(list((sample.root / "calls").iterdir()))
    meetings = len(list((sample.root / "meetings").glob("*.ics")))
    activities = len(sample.activities)
    total = emails + loose + calls + meetings + activities
    assert total >= 600
    assert total == sample.summary.interactions
    assert emails == sample.summary.emails
    assert len(sample.csv_rows("companies")[1]) == sample.summary.accounts >= 30
    assert len(sample.csv_rows("contacts")[1]) == sample.summary.contacts


def test_special_accounts_and_contacts_exist(sample: SampleFiles) -> None:
    companies = sample.csv_rows("companies")[1]
    contacts = sample.csv_rows("contacts")[1]
    languages = {row["Preferred language"] for row in companies}
    assert {"de", "fr"} <= languages
    assert sum(row["Preferred language"] != "en" for row in companies) >= 2
    assert any(row["Do not contact"] == "true" for row in companies)
    assert sum(row["Unsubscribed from all email"] == "true" for row in contacts) >= 3
    assert {row["Preferred channel"] for row in companies} == {"email", "phone"}


def test_confusable_company_names_and_shared_person_names(sample: SampleFiles) -> None:
    names = {row["Company name"] for row in sample.csv_rows("companies")[1]}
    assert {"Acme Logistics", "Acme Logistic Partners"} <= names
    assert {"Brightwater Health", "Brightwater Health Systems"} <= names
    companies_by_person: dict[tuple[str, str], set[str]] = defaultdict(set)
    for row in sample.csv_rows("contacts")[1]:
        companies_by_person[(row["First Name"], row["Last Name"])].add(row["Associated Company IDs"])
    shared = [person for person, companies in companies_by_person.items() if len(companies) > 1]
    assert len(shared) >= 2


def test_every_account_has_two_to_four_contacts_at_its_domain(sample: SampleFiles) -> None:
    domains = {row["Record ID"]: row["Company Domain Name"] for row in sample.csv_rows("companies")[1]}
    per_account: dict[str, int] = defaultdict(int)
    for row in sample.csv_rows("contacts")[1]:
        company = row["Associated Company IDs"]
        per_account[company] += 1
        assert row["Email"].endswith("@" + domains[company]), row
        assert row["Email"].isascii()
    assert set(per_account) == set(domains)
    assert all(2 <= count <= 4 for count in per_account.values())


def test_all_mail_falls_inside_the_history_window(sample: SampleFiles) -> None:
    start = DEFAULT_NOW - timedelta(days=372)
    for path, messages in sample.mboxes.items():
        for message in messages:
            sent = parsedate_to_datetime(message["Date"])
            assert start <= sent <= DEFAULT_NOW, f"{path}: {message['Message-ID']} sent {sent}"


def test_small_short_book_still_plants_every_fact(tmp_path: Path, sample: SampleFiles) -> None:
    now = datetime(2025, 3, 15, 9, 0, tzinfo=UTC)
    summary = generate_sample(tmp_path / "small", seed=3, accounts=10, months=1, now=now)
    key = json.loads(summary.answer_key.read_text(encoding="utf-8"))
    small = type(sample)(root=tmp_path / "small", summary=summary, key=key)
    assert summary.accounts == 10
    for fact in key["facts"] + key["injections"]:
        assert fact["text"] in small.record_text(fact["source_ref"]), fact["id"]
    assert {fact["account_crm_id"] for fact in key["facts"]} == {a["crm_id"] for a in key["accounts"]}
    for path in (tmp_path / "small/mail").glob("*.mbox"):
        for message in sample.parse_mbox(path):
            assert parsedate_to_datetime(message["Date"]) <= now


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"accounts": 3}, "accounts"),
        ({"accounts": 500}, "accounts"),
        ({"months": 0}, "months"),
        ({"now": datetime(2026, 1, 1, 12, 0)}, "now"),
    ],
)
def test_bad_arguments_are_named(tmp_path: Path, kwargs: dict[str, object], field: str) -> None:
    with pytest.raises(InvalidInputError, match=field):
        generate_sample(tmp_path / "out", **kwargs)  # type: ignore[arg-type]
    assert not (tmp_path / "out").exists()


def test_refuses_a_folder_that_holds_something_else(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(InvalidInputError, match=str(tmp_path)):
        generate_sample(tmp_path, accounts=10)
    assert (tmp_path / "notes.txt").read_text(encoding="utf-8") == "mine"


def test_regenerating_replaces_an_earlier_sample(tmp_path: Path) -> None:
    generate_sample(tmp_path, accounts=10, seed=1)
    stale = tmp_path / "calls" / "1999-01-01-stale-call.vtt"
    stale.write_text("WEBVTT\n", encoding="utf-8")
    summary = generate_sample(tmp_path, accounts=10, seed=2)
    assert not stale.exists()
    assert json.loads(summary.answer_key.read_text(encoding="utf-8"))["seed"] == 2
    assert all(path.exists() for path in summary.files)
