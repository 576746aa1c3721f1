"""The CRM CSV connector: company/account, contact and activity exports into CRM records."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any, ClassVar

from connectors.base import (
    AccountRecord,
    ConnectorItem,
    ContactRecord,
    IngestFailure,
    InteractionKind,
    InteractionRecord,
    Participant,
)
from connectors.common import (
    DEFAULT_MAX_BYTES,
    check_max_bytes,
    content_hash,
    parse_datetime,
    readable_files,
)
from connectors.csv_mappings import MappingOverride, TableSpec, bind_columns, detect_table, load_mapping, norm
from connectors.textdecode import decode_file_text

SUFFIXES = (".csv", ".tsv")
_TRUE = frozenset({"true", "yes", "y", "1", "t", "x", "ja", "oui", "si"})
_FALSE = frozenset({"false", "no", "n", "0", "f", "nein", "non"})
_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*://")
_MULTI_VALUE = re.compile(r"[;,|]")
_KINDS = {
    "note": InteractionKind.NOTE, "task": InteractionKind.NOTE, "todo": InteractionKind.NOTE,
    "ticket": InteractionKind.TICKET, "case": InteractionKind.TICKET,
    "call": InteractionKind.CALL, "phone": InteractionKind.CALL, "phonecall": InteractionKind.CALL,
    "email": InteractionKind.EMAIL, "listemail": InteractionKind.EMAIL,
    "incomingemail": InteractionKind.EMAIL,
    "meeting": InteractionKind.MEETING, "event": InteractionKind.MEETING,
    "chat": InteractionKind.CHAT, "sms": InteractionKind.CHAT, "whatsapp": InteractionKind.CHAT,
}  # fmt: skip
# Salesforce ids start with a per-object prefix; "001" is Account, so a WhatId names an account only then.
_SALESFORCE_ACCOUNT_PREFIX = "001"


class RowError(ValueError):
    """A row that cannot become a record; the message names the column and value."""


class _Row:
    """One CSV row seen through a table's column binding."""

    def __init__(self, header: list[str], cells: list[str], bound: dict[str, list[int]]) -> None:
        self.header, self.cells, self.bound = header, cells, bound

    def get(self, field: str) -> tuple[str, str | None]:
        """Return (value, column) from the first bound column with a non-blank cell."""
        for index in self.bound.get(field, []):
            value = self.cells[index].strip() if index < len(self.cells) else ""
            if value:
                return value, self.header[index]
        return "", None

    def text(self, field: str) -> str | None:
        """Return a field's value, or None when blank."""
        return self.get(field)[0] or None

    def require(self, field: str) -> str:
        """Return a field's value or raise RowError naming the column."""
        value, _ = self.get(field)
        if not value:
            columns = [self.header[i] for i in self.bound.get(field, [])]
            raise RowError(f"empty required value in column {' / '.join(columns) or field!r}")
        return value

    def flag(self, field: str) -> bool | None:
        """Return a yes/no field as a bool, None when blank; raise RowError for anything else.

        A blank opt-out cell is not a "no": turning an opt-out off takes an explicit false value.
        """
        value, column = self.get(field)
        lowered = value.lower()
        if not lowered:
            return None
        if lowered in _TRUE:
            return True
        if lowered in _FALSE:
            return False
        raise RowError(f"column {column!r}: {value!r} is not true/false")

    def provided(self, aliases: dict[str, tuple[str, ...]] | None = None) -> frozenset[str]:
        """The record fields this file has a column for (`aliases` maps a record field to its columns)."""
        present = {f for f, indexes in self.bound.items() if indexes}
        for target, sources in (aliases or {}).items():
            if present & set(sources):
                present.add(target)
        return frozenset(present)

    def extras(self) -> dict[str, str]:
        """Return non-blank cells of columns no field uses, so nothing in the export is lost."""
        used = {i for indexes in self.bound.values() for i in indexes}
        return {
            self.header[i]: cell.strip()
            for i, cell in enumerate(self.cells[: len(self.header)])
            if i not in used and cell.strip()
        }


def _domain(value: str | None) -> str | None:
    """Turn a website, domain or e-mail into a bare lower-case domain."""
    if not value:
        return None
    text = value.strip().lower()
    text = text.rsplit("@", 1)[1] if "@" in text else _SCHEME.sub("", text)
    text = text.split("/")[0].split("?")[0].split(":")[0].removeprefix("www.")
    return text if "." in text else None


def _lower(value: str | None) -> str | None:
    return value.lower() if value else None


def _iso_date(row: _Row, field: str) -> str | None:
    value, column = row.get(field)
    if not value:
        return None
    parsed = parse_datetime(value)
    if parsed is None:
        raise RowError(f"column {column!r}: {value!r} is not a date")
    return parsed.date().isoformat()


def _first_and_rest(value: str | None) -> tuple[str | None, list[str]]:
    """Split a multi-valued association cell ("C-1;C-2") into the first id and the others."""
    if not value:
        return None, []
    ids = [v.strip() for v in _MULTI_VALUE.split(value) if v.strip()]
    return (ids[0] if ids else None), ids[1:]


def _delimiter(first_line: str) -> str:
    counts = {d: first_line.count(d) for d in (",", ";", "\t", "|")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


class CrmCsvConnector:
    """Reads HubSpot- and Salesforce-style CSV exports of accounts, contacts and activities."""

    name: ClassVar[str] = "csv"

    def __init__(self, mapping: Path | str | None = None, max_bytes: int = DEFAULT_MAX_BYTES) -> None:
        self.override = load_mapping(Path(mapping)) if mapping else MappingOverride()
        self.max_bytes = check_max_bytes(max_bytes)

    def read(self, location: Path | str) -> Iterator[ConnectorItem]:
        """Yield one record per good row, and an IngestFailure per bad file or row."""
        for found in readable_files(Path(location), SUFFIXES, self.max_bytes):
            if isinstance(found, IngestFailure):
                yield found
                continue
            try:
                yield from self.read_file(found)
            except OSError as exc:
                yield IngestFailure(str(found), f"cannot read: {exc.strerror or exc}")
            except csv.Error as exc:
                yield IngestFailure(str(found), f"malformed CSV: {exc}")

    def read_file(self, path: Path) -> Iterator[ConnectorItem]:
        """Detect the file's table from its header, then map each row."""
        text = decode_file_text(path.read_bytes()).text.lstrip("\ufeff")
        if not text.strip():
            yield IngestFailure(str(path), "empty file")
            return
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text.split("\n", 1)[0]))
        header = [h.strip() for h in next(reader)]
        spec = detect_table(header, self.override)
        if spec is None:
            yield IngestFailure(str(path), self._unrecognized(header))
            return
        bound, missing = bind_columns(header, spec)
        if missing:
            yield IngestFailure(str(path), self._missing(spec, missing))
            return
        line, rows = reader.line_num, 0
        for cells in reader:
            start, line = line + 1, reader.line_num
            if not any(c.strip() for c in cells):
                continue
            rows += 1
            where = f"{path}:{start}"
            try:
                yield self._build(spec, _Row(header, cells, bound), where, start)
            except RowError as exc:
                yield IngestFailure(where, str(exc))
        if rows == 0:
            yield IngestFailure(str(path), f"{spec.table} table has a header but no data rows")

    @staticmethod
    def _unrecognized(header: list[str]) -> str:
        shown = ", ".join(header[:12]) + (", ..." if len(header) > 12 else "")
        looks_like = ""
        if any(norm(h) == "stagename" for h in header):
            looks_like = " This looks like an opportunities export, which is not imported."
        return (
            "unrecognized CSV table: expected a companies/accounts, contacts or activities export "
            f"(HubSpot or Salesforce style, or pass a mapping file); columns were: {shown}.{looks_like}"
        )

    @staticmethod
    def _missing(spec: TableSpec, missing: list[str]) -> str:
        wanted = "; ".join(
            f"{spec.fields[f][0]!r} (or {', '.join(repr(a) for a in spec.fields[f][1:])}) for {f}"
            if len(spec.fields[f]) > 1
            else f"{spec.fields[f][0]!r} for {f}"
            for f in missing
        )
        return f"{spec.table} table is missing required column {wanted}"

    def _build(self, spec: TableSpec, row: _Row, where: str, line: int) -> ConnectorItem:
        if len(row.cells) > len(row.header) and any(c.strip() for c in row.cells[len(row.header) :]):
            raise RowError(f"row has {len(row.cells)} fields but the header has {len(row.header)}")
        metadata: dict[str, Any] = {"table": spec.table, "line": line}
        extras = row.extras()
        if extras:
            metadata["extra"] = extras
        if spec.table == "accounts":
            return self._account(row, where, metadata)
        if spec.table == "contacts":
            return self._contact(row, where, metadata)
        return self._activity(row, where, metadata)

    @staticmethod
    def _account(row: _Row, where: str, metadata: dict[str, Any]) -> AccountRecord:
        return AccountRecord(
            crm_id=row.require("crm_id"),
            name=row.require("name"),
            domain=_domain(row.text("domain")),
            owner=row.text("owner"),
            team=_lower(row.text("team")),
            industry=row.text("industry"),
            renewal_date=_iso_date(row, "renewal_date"),
            language=_lower(row.text("language")),
            formality=_lower(row.text("formality")),
            channel=_lower(row.text("channel")),
            do_not_contact=row.flag("do_not_contact"),
            raw_ref=where,
            metadata=metadata,
            provided=row.provided(),
        )

    @staticmethod
    def _contact(row: _Row, where: str, metadata: dict[str, Any]) -> ContactRecord:
        email = row.text("email")
        if email and "@" not in email:
            metadata["invalid_email"] = email
            email = None
        full = " ".join(p for p in (row.text("first_name"), row.text("last_name")) if p)
        name = row.text("name") or full or email
        provided = row.provided({"name": ("name", "first_name", "last_name")})
        # A file without name and e-mail columns only updates known contacts (an opt-out list, say).
        if not name and provided & {"name", "email"}:
            raise RowError("contact has no name and no e-mail")
        account_id, other_accounts = _first_and_rest(row.text("crm_account_id"))
        if other_accounts:
            metadata["other_account_ids"] = other_accounts
        return ContactRecord(
            crm_id=row.require("crm_id"),
            crm_account_id=account_id,
            name=name or "",
            email=email.lower() if email else None,
            title=row.text("title"),
            language=(row.text("language") or "").lower() or None,
            opted_out=row.flag("opted_out"),
            raw_ref=where,
            metadata=metadata,
            provided=provided,
        )

    def _activity(self, row: _Row, where: str, metadata: dict[str, Any]) -> InteractionRecord:
        crm_id = row.require("crm_id")
        when_text, when_column = row.get("occurred_at")
        occurred_at = parse_datetime(when_text) if when_text else None
        if occurred_at is None:
            reason = (
                f"column {when_column!r}: {when_text!r} is not a date" if when_text else "no activity date"
            )
            raise RowError(reason)
        subject, body = row.text("subject"), row.text("body") or ""
        if not subject and not body:
            raise RowError("activity has neither a subject nor a body")
        kind_text = row.text("kind") or ""
        kind = _KINDS.get(re.sub(r"[^a-z]", "", kind_text.lower()), InteractionKind.NOTE)
        if kind_text:
            metadata["activity_type"] = kind_text
        account_value, account_column = row.get("crm_account_id")
        account_id, other_accounts = _first_and_rest(account_value)
        what_id = account_column is not None and norm(account_column) == "whatid"
        if what_id and account_id and not account_id.startswith(_SALESFORCE_ACCOUNT_PREFIX):
            metadata["what_id"], account_id = account_id, None
        contact_id, other_contacts = _first_and_rest(row.text("crm_contact_id"))
        if other_accounts or other_contacts:
            metadata["other_ids"] = other_accounts + other_contacts
        owner = row.text("owner")
        return InteractionRecord(
            source=self.name,
            source_id=crm_id,
            kind=kind,
            occurred_at=occurred_at,
            text=body,
            content_hash=content_hash(subject, body, occurred_at.isoformat()),
            raw_ref=where,
            subject=subject,
            participants=(Participant(role="owner", name=owner),) if owner else (),
            crm_account_id=account_id,
            crm_contact_id=contact_id,
            metadata=metadata,
        )
