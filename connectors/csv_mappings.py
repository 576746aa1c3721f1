"""Default CRM CSV column mappings (HubSpot- and Salesforce-style), table detection, and overrides.

Each table kind maps our record fields to the column names exports use; the first column present
in a file wins, and for a blank cell the next present alias is tried. Names are compared without
case, spaces or punctuation, so "First Name", "FirstName" and "FIRSTNAME" are one column.

Defaults (HubSpot first, then Salesforce):

- accounts: crm_id = Record ID | Id; name = Company name | Name; domain = Company Domain Name |
  Website; owner = Company owner | OwnerId | HubSpot Owner ID | Owner Email
  (docs/crm-exports.md); team; industry; renewal_date = Renewal date;
  language = Preferred language; formality; channel = Preferred channel; do_not_contact.
- contacts: crm_id = Record ID | Id; crm_account_id = Associated Company IDs | AccountId;
  first_name, last_name, name; email; title = Job Title | Title; language = Preferred language;
  opted_out = Unsubscribed from all email | HasOptedOutOfEmail.
- activities: crm_id = Activity ID | Id; kind = Activity type | Type | TaskSubtype; occurred_at =
  Activity date | ActivityDate | CreatedDate; crm_account_id = Associated Company IDs | AccountId |
  WhatId; crm_contact_id = Associated Contact IDs | WhoId; subject; body = Body | Description.

A mapping file (JSON or TOML) overrides or extends these, and may force the table kind:

    table = "contacts"          # optional; skips detection
    [contacts]
    email = "E-mail Address"    # a column name, or a list of names tried in order
"""

from __future__ import annotations

import json
import re
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from copilot.errors import InvalidInputError

_NON_ALNUM = re.compile(r"[^0-9a-z]+")


def norm(column: str) -> str:
    """Normalize a column name for comparison: lower case, letters and digits only."""
    return _NON_ALNUM.sub("", column.lstrip("\ufeff").lower())


def _n(*names: str) -> frozenset[str]:
    return frozenset(norm(n) for n in names)


@dataclass(frozen=True)
class TableSpec:
    """How to recognise one table kind and where its fields live."""

    table: str
    fields: dict[str, tuple[str, ...]]
    required: tuple[str, ...]
    signature: frozenset[str]
    excludes: frozenset[str] = frozenset()


ACCOUNTS = TableSpec(
    table="accounts",
    fields={
        "crm_id": ("Record ID", "Id", "Account ID", "Company ID"),
        "name": ("Company name", "Name", "Account Name"),
        "domain": ("Company Domain Name", "Domain", "Website"),
        # Whatever names the owner: a name or email (HubSpot "Company owner"), an owner id (Salesforce
        # OwnerId, HubSpot's internal owner id); users match by name, --email or --crm-owner-id.
        "owner": ("Company owner", "Account Owner", "OwnerId", "Owner", "HubSpot Owner ID", "Owner Email"),
        "team": ("Team",),
        "industry": ("Industry",),
        "renewal_date": ("Renewal date", "Renewal_Date__c", "Contract End Date"),
        "language": ("Preferred language", "Language", "Language__c"),
        "formality": ("Formality", "Formality__c"),
        "channel": ("Preferred channel", "Preferred_Channel__c"),
        "do_not_contact": ("Do not contact", "Do_Not_Contact__c"),
    },
    required=("crm_id", "name"),
    signature=_n(
        "Company name", "Company Domain Name", "Website", "Industry", "BillingCity", "BillingCountry",
        "AccountNumber", "NumberOfEmployees", "AnnualRevenue", "Account Name",
    ),
    excludes=_n("AccountId", "StageName", "Email", "FirstName", "LastName", "Subject", "Activity type"),
)  # fmt: skip
CONTACTS = TableSpec(
    table="contacts",
    fields={
        "crm_id": ("Record ID", "Id", "Contact ID"),
        "crm_account_id": ("Associated Company IDs", "AccountId", "Account ID", "Company ID"),
        "first_name": ("First Name",),
        "last_name": ("Last Name",),
        "name": ("Name", "Full Name"),
        "email": ("Email", "Email Address"),
        "title": ("Job Title", "Title"),
        "language": ("Preferred language", "Language", "Language__c"),
        "opted_out": ("Unsubscribed from all email", "HasOptedOutOfEmail", "Email Opt Out"),
    },
    required=("crm_id",),
    signature=_n("First Name", "Last Name", "Email", "Email Address", "Job Title", "HasOptedOutOfEmail"),
    excludes=_n("StageName", "Subject", "Activity type", "Company name", "Company Domain Name"),
)
ACTIVITIES = TableSpec(
    table="activities",
    fields={
        "crm_id": ("Activity ID", "Id", "Task ID"),
        "kind": ("Activity type", "Type", "TaskSubtype"),
        "occurred_at": ("Activity date", "ActivityDate", "CreatedDate", "Date", "Timestamp"),
        "crm_account_id": ("Associated Company IDs", "AccountId", "WhatId"),
        "crm_contact_id": ("Associated Contact IDs", "WhoId"),
        "subject": ("Subject",),
        "body": ("Body", "Description", "Notes", "Comments"),
        "owner": ("Activity owner", "OwnerId", "Owner"),
    },
    required=("crm_id", "occurred_at"),
    signature=_n(
        "Activity ID", "Activity type", "Activity date", "ActivityDate", "Subject", "WhoId", "WhatId"
    ),
    excludes=_n("StageName", "First Name", "Last Name", "Company name"),
)
SPECS: dict[str, TableSpec] = {s.table: s for s in (ACCOUNTS, CONTACTS, ACTIVITIES)}


@dataclass(frozen=True)
class MappingOverride:
    """User column mappings from a file: extra column names per table field, maybe a forced table."""

    table: str | None = None
    columns: dict[str, dict[str, tuple[str, ...]]] = field(default_factory=dict)

    def spec(self, table: str) -> TableSpec:
        """Return the table's spec with this override's column names tried first."""
        base = SPECS[table]
        extra = self.columns.get(table, {})
        fields = {f: tuple(extra.get(f, ())) + aliases for f, aliases in base.fields.items()}
        custom = frozenset(norm(c) for names in extra.values() for c in names)
        return TableSpec(base.table, fields, base.required, base.signature | custom, base.excludes - custom)


def _names(value: Any, where: str) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list) and value and all(isinstance(v, str) for v in value):
        return tuple(value)
    raise InvalidInputError(f"{where}: expected a column name or a list of column names")


def load_mapping(path: Path) -> MappingOverride:
    """Read a JSON or TOML mapping file; raise InvalidInputError naming the file and the bad key."""
    try:
        raw_text = path.read_text(encoding="utf-8-sig")
        data = tomllib.loads(raw_text) if path.suffix.lower() == ".toml" else json.loads(raw_text)
    except (OSError, ValueError) as exc:
        raise InvalidInputError(f"CSV mapping file {path}: cannot read: {exc}") from exc
    if not isinstance(data, dict):
        raise InvalidInputError(f"CSV mapping file {path}: expected a table/object at the top level")
    table = data.get("table")
    if table is not None and table not in SPECS:
        raise InvalidInputError(f"CSV mapping file {path}: table {table!r} is not one of {sorted(SPECS)}")
    columns: dict[str, dict[str, tuple[str, ...]]] = {}
    for key, value in data.items():
        if key == "table":
            continue
        if key not in SPECS or not isinstance(value, dict):
            raise InvalidInputError(f"CSV mapping file {path}: unknown section {key!r}; use {sorted(SPECS)}")
        unknown = sorted(set(value) - set(SPECS[key].fields))
        if unknown:
            raise InvalidInputError(f"CSV mapping file {path}: [{key}] has unknown fields {unknown}")
        columns[key] = {f: _names(v, f"CSV mapping file {path}: [{key}] {f}") for f, v in value.items()}
    return MappingOverride(table, columns)


def detect_table(header: Sequence[str], override: MappingOverride) -> TableSpec | None:
    """Pick the table kind whose signature columns a header has and whose columns it matches most."""
    if override.table:
        return override.spec(override.table)
    present = {norm(h) for h in header}
    best: tuple[int, TableSpec] | None = None
    for table in SPECS:
        spec = override.spec(table)
        if not present & spec.signature or present & spec.excludes:
            continue
        score = sum(1 for aliases in spec.fields.values() for a in aliases if norm(a) in present)
        if best is None or score > best[0]:
            best = (score, spec)
    return best[1] if best else None


def bind_columns(header: Sequence[str], spec: TableSpec) -> tuple[dict[str, list[int]], list[str]]:
    """Map each field to its aliases' header positions (preferred first); list missing required ones."""
    positions: dict[str, int] = {}
    for index, column in enumerate(header):
        positions.setdefault(norm(column), index)
    bound = {
        f: list(dict.fromkeys(positions[norm(a)] for a in aliases if norm(a) in positions))
        for f, aliases in spec.fields.items()
    }
    missing = [f for f in spec.required if not bound[f]]
    return bound, missing
