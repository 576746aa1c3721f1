"""One generated sample per session, and readers that resolve answer-key references independently."""

from __future__ import annotations

import csv
import email
import json
import mailbox
import re
from dataclasses import dataclass, field
from email import policy
from email.message import EmailMessage
from functools import cached_property
from pathlib import Path
from typing import Any

import pytest

from copilot.sample import SampleSummary, generate_sample

OUR_DOMAIN = "northwind-analytics.com"


def parse_mbox(path: Path) -> list[EmailMessage]:
    """All messages of an mbox, parsed with the modern email policy."""
    box = mailbox.mbox(str(path), factory=None, create=False)
    try:
        return [email.message_from_bytes(box.get_bytes(key), policy=policy.default) for key in box.iterkeys()]
    finally:
        box.close()


def body_text(message: EmailMessage) -> str:
    """Decoded text of every text part (plain and HTML) of a message."""
    parts = []
    for part in message.walk():
        if part.get_content_maintype() == "text":
            parts.append(part.get_content())
    return "\n".join(parts)


def own_text(body: str) -> str:
    """A message's own words: before its signature and before the quoted parent."""
    body = re.split(r"\n\nOn [^\n]* wrote:\n", body)[0]
    return body.split("\n-- \n")[0]


def ics_properties(raw: str) -> dict[str, list[str]]:
    """Unfolded, unescaped property values of an iCalendar file keyed by property name."""
    unfolded = re.sub(r"\r\n[ \t]", "", raw)
    props: dict[str, list[str]] = {}
    for line in unfolded.split("\r\n"):
        if ":" not in line:
            continue
        head, value = line.split(":", 1)
        name = head.split(";")[0]
        value = re.sub(r"\\([\\;,nN])", lambda m: "\n" if m.group(1) in "nN" else m.group(1), value)
        props.setdefault(name, []).append(value)
    return props


@dataclass
class SampleFiles:
    """A generated sample folder plus helpers to read it back."""

    root: Path
    summary: SampleSummary
    key: dict[str, Any] = field(default_factory=dict)

    parse_mbox = staticmethod(parse_mbox)
    body_text = staticmethod(body_text)
    own_text = staticmethod(own_text)
    ics_properties = staticmethod(ics_properties)

    def csv_rows(self, name: str) -> tuple[list[str], list[dict[str, str]]]:
        """Header and rows of crm/<name>.csv."""
        with (self.root / "crm" / f"{name}.csv").open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            rows = list(reader)
            return list(reader.fieldnames or []), rows

    @cached_property
    def mboxes(self) -> dict[str, list[EmailMessage]]:
        """Messages per mbox, keyed by relative path."""
        return {f"mail/{path.name}": parse_mbox(path) for path in sorted((self.root / "mail").glob("*.mbox"))}

    @cached_property
    def activities(self) -> dict[str, dict[str, str]]:
        """Activity rows by Activity ID."""
        return {row["Activity ID"]: row for row in self.csv_rows("activities")[1]}

    def record_text(self, ref: str) -> str:
        """The decoded text of the one record an answer-key `source_ref` names."""
        path, _, anchor = ref.partition("#")
        if path.endswith(".mbox"):
            matches = [m for m in self.mboxes[path] if m["Message-ID"] == anchor]
            assert len(matches) == 1, f"{ref}: expected exactly one message, found {len(matches)}"
            return body_text(matches[0])
        if path == "crm/activities.csv":
            return self.activities[anchor]["Body"]
        file = self.root / path
        if path.endswith(".eml"):
            return body_text(email.message_from_bytes(file.read_bytes(), policy=policy.default))
        if path.endswith(".ics"):
            props = ics_properties(file.read_bytes().decode("utf-8"))
            return "\n".join(props.get("DESCRIPTION", []) + props.get("SUMMARY", []))
        return file.read_text(encoding="utf-8")

    def record_account(self, ref: str) -> str:
        """The CRM id of the account a record belongs to, judged from where it lives."""
        path, _, anchor = ref.partition("#")
        if path == "crm/activities.csv":
            return self.activities[anchor]["Associated Company IDs"]
        slugs = {account["slug"]: account["crm_id"] for account in self.key["accounts"]}
        stem = Path(path).stem
        found = [crm_id for slug, crm_id in slugs.items() if stem == slug or f"-{slug}-" in f"-{stem}-"]
        # The longest matching slug wins, so acme-logistics never claims acme-logistic-partners files.
        longest = max((slug for slug in slugs if slugs[slug] in found), key=len)
        return slugs[longest]


@pytest.fixture(scope="session")
def sample(tmp_path_factory: pytest.TempPathFactory) -> SampleFiles:
    """The default sample (seed 7, 32 accounts, 12 months), generated once for the session."""
    root = tmp_path_factory.mktemp("sample")
    summary = generate_sample(root)
    files = SampleFiles(root=root, summary=summary)
    files.key = json.loads((root / "answer_key.json").read_text(encoding="utf-8"))
    return files
