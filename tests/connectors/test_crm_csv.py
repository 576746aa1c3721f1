"""The CRM CSV connector: HubSpot and Salesforce exports, detection, mappings and bad rows."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from connectors.base import AccountRecord, ContactRecord, IngestFailure, InteractionKind, InteractionRecord
from connectors.crm_csv import CrmCsvConnector
from connectors.csv_mappings import ACCOUNTS
from copilot.errors import InvalidInputError
from tests.connectors.conftest import FIXTURES, failures, only

CSV = FIXTURES / "csv"


def test_hubspot_companies() -> None:
    acme, harbor = only(CrmCsvConnector().read(CSV / "hubspot" / "companies.csv"), AccountRecord)
    assert acme == AccountRecord(
        crm_id="C-1001",
        name="ACME Logistics GmbH",
        domain="acme-logistics.de",
        owner="alice",
        team="emea",
        industry="Logistics",
        renewal_date="2025-03-31",
        language="de",
        formality="formal",
        channel="email",
        do_not_contact=False,
        raw_ref=f"{CSV / 'hubspot' / 'companies.csv'}:2",
        metadata={"table": "accounts", "line": 2},
        # Every account field has a column here; a file without one leaves the stored value alone.
        provided=frozenset(ACCOUNTS.fields),
    )
    assert (harbor.name, harbor.domain, harbor.do_not_contact) == (
        "Blue Harbor Foods, Inc.",
        "blueharbor.example",
        True,
    )


def test_hubspot_contacts_with_escaped_quotes_and_opt_out() -> None:
    anna, juergen = only(CrmCsvConnector().read(CSV / "hubspot" / "contacts.csv"), ContactRecord)
    assert (anna.crm_id, anna.crm_account_id, anna.name, anna.email) == (
        "P-2001",
        "C-1001",
        "Anna Schmidt",
        "anna.schmidt@acme-logistics.de",
    )
    assert (juergen.name, juergen.title, juergen.opted_out) == (
        "Jürgen Köhler",
        'Buyer, "Strategic" Accounts',
        True,
    )


def test_hubspot_activities_and_a_bad_row_that_does_not_stop_the_rest() -> None:
    path = CSV / "hubspot" / "activities.csv"
    items = list(CrmCsvConnector().read(path))
    note, ticket, other = only(items, InteractionRecord)
    assert (note.kind, note.source_id, note.subject) == (InteractionKind.NOTE, "A-3001", "Renewal call notes")
    assert note.text == "Anna confirmed the budget.\nShe wants the invoice address changed."
    assert note.occurred_at == datetime(2024, 3, 12, 9, 30, tzinfo=timezone(timedelta(hours=1)))
    assert (note.crm_account_id, note.crm_contact_id) == ("C-1001", "P-2001")
    assert ticket.kind is InteractionKind.TICKET and ticket.occurred_at == datetime(
        2024, 3, 18, 7, 5, tzinfo=UTC
    )
    assert (ticket.crm_contact_id, ticket.metadata["other_ids"]) == ("P-2001", ["P-2002"])
    # The multi-line body of A-3001 spans lines 2-3, so the bad row starts on line 5.
    assert failures(items) == [
        IngestFailure(f"{path}:5", "column 'Activity date': 'not a date' is not a date")
    ]
    assert other.occurred_at.utcoffset() == timedelta(hours=-5)


def test_salesforce_account_with_bom_extra_columns_and_a_nameless_row() -> None:
    path = CSV / "salesforce" / "Account.csv"
    items = list(CrmCsvConnector().read(path))
    (gravity,) = only(items, AccountRecord)
    assert (gravity.crm_id, gravity.name, gravity.domain, gravity.industry) == (
        "001A000001",
        "Gravity Investments",
        "gravity.example",
        "Finance",
    )
    assert gravity.metadata["extra"] == {"BillingCity": "Fort Collins", "Rating": "Hot"}
    assert failures(items) == [IngestFailure(f"{path}:3", "empty required value in column 'Name'")]


def test_salesforce_contacts_in_utf16() -> None:
    maria, tom = only(CrmCsvConnector().read(CSV / "salesforce" / "Contact.csv"), ContactRecord)
    assert (maria.name, maria.crm_account_id, maria.title) == ("Maria Garcia", "001A000001", "CFO")
    assert maria.metadata["extra"] == {"Department": "Finance"}
    assert (tom.name, tom.title, tom.opted_out) == ("Tom O'Neil", 'Analyst, "Senior"', True)


def test_salesforce_tasks_map_types_dates_and_lookups() -> None:
    call, email, follow_up = only(CrmCsvConnector().read(CSV / "salesforce" / "Task.csv"), InteractionRecord)
    assert (call.kind, call.crm_account_id, call.crm_contact_id) == (
        InteractionKind.CALL,
        "001A000001",
        "003A000001",
    )
    assert call.occurred_at == datetime(2024, 3, 5, tzinfo=UTC)
    # No ActivityDate: CreatedDate is used. A WhatId that is not an Account id is kept aside.
    assert email.kind is InteractionKind.EMAIL and email.occurred_at == datetime(2024, 3, 6, 8, 0, tzinfo=UTC)
    assert (email.crm_account_id, email.metadata["what_id"]) == (None, "006A000009")
    assert follow_up.kind is InteractionKind.NOTE and follow_up.metadata["extra"] == {"Status": "Not Started"}


def test_missing_required_column_names_the_file_and_column() -> None:
    path = CSV / "no_id_column.csv"
    assert list(CrmCsvConnector().read(path)) == [
        IngestFailure(
            str(path),
            "contacts table is missing required column 'Record ID' (or 'Id', 'Contact ID') for crm_id",
        )
    ]


def test_toml_mapping_with_semicolons_and_german_dates() -> None:
    connector = CrmCsvConnector(mapping=CSV / "mapping.toml")
    (account,) = list(connector.read(CSV / "custom_accounts.csv"))
    assert isinstance(account, AccountRecord)
    assert (account.crm_id, account.name, account.domain, account.renewal_date) == (
        "K-77",
        "Schmidt & Söhne KG",
        "schmidt-soehne.example",
        "2025-12-31",
    )
    assert account.metadata["extra"] == {"Notiz": "Stammkunde"}


def test_mapping_columns_are_detected_without_forcing_the_table(tmp_path: Path) -> None:
    mapping = tmp_path / "m.json"
    mapping.write_text('{"contacts": {"email": "E-Mail-Adresse", "crm_id": "Kontakt-Nr"}}')
    data = tmp_path / "people.csv"
    data.write_text("Kontakt-Nr,Vorname,E-Mail-Adresse\nK1,Eva,eva@example.de\n", encoding="utf-8")
    (contact,) = list(CrmCsvConnector(mapping=mapping).read(data))
    assert isinstance(contact, ContactRecord)
    assert (contact.crm_id, contact.email, contact.name) == ("K1", "eva@example.de", "eva@example.de")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"table": "deals"}', "table 'deals' is not one of"),
        ('{"accounts": {"colour": "Farbe"}}', "unknown fields ['colour']"),
        ('{"widgets": {}}', "unknown section 'widgets'"),
        ('{"accounts": {"name": 3}}', "expected a column name"),
        ("{broken", "cannot read"),
    ],
)
def test_bad_mapping_files_are_rejected_up_front(tmp_path: Path, content: str, message: str) -> None:
    mapping = tmp_path / "bad.json"
    mapping.write_text(content)
    with pytest.raises(InvalidInputError, match=r"bad\.json") as caught:
        CrmCsvConnector(mapping=mapping)
    assert message in str(caught.value)


def test_bad_rows_are_named_by_line_and_good_rows_continue(tmp_path: Path) -> None:
    path = tmp_path / "companies.csv"
    path.write_text(
        "Record ID,Company name,Do not contact,Renewal date\n"
        "C-1,Good One,false,2025-01-31\n"
        "C-2,Bad Flag,maybe,2025-01-31\n"
        "C-3,Bad Date,false,someday\n"
        "C-4,Too Many,false,2025-01-31,extra,cells\n"
        ",No Id,false,\n"
        "C-6,Good Two,true,\n",
        encoding="utf-8",
    )
    items = list(CrmCsvConnector().read(path))
    assert [i.crm_id for i in only(items, AccountRecord)] == ["C-1", "C-6"]
    assert [(f.where, f.error) for f in failures(items)] == [
        (f"{path}:3", "column 'Do not contact': 'maybe' is not true/false"),
        (f"{path}:4", "column 'Renewal date': 'someday' is not a date"),
        (f"{path}:5", "row has 6 fields but the header has 4"),
        (f"{path}:6", "empty required value in column 'Record ID'"),
    ]


def test_unrecognized_and_empty_files(tmp_path: Path) -> None:
    (tmp_path / "a.csv").write_text("foo,bar\n1,2\n")
    (tmp_path / "b.csv").write_text("")
    reasons = {Path(f.where).name: f.error for f in failures(CrmCsvConnector().read(tmp_path))}
    assert reasons["a.csv"].startswith("unrecognized CSV table") and "foo, bar" in reasons["a.csv"]
    assert reasons["b.csv"] == "empty file"


def test_reading_a_folder_reads_every_table() -> None:
    items = list(CrmCsvConnector().read(CSV / "hubspot"))
    assert len(only(items, AccountRecord)) == 2
    assert len(only(items, ContactRecord)) == 2
    assert len(only(items, InteractionRecord)) == 3
    assert len(failures(items)) == 1


def test_blank_flags_are_unknown_and_provided_names_the_columns(tmp_path: Path) -> None:
    path = tmp_path / "contacts.csv"
    path.write_text(
        "Record ID,First Name,Email,HasOptedOutOfEmail\nP-1,Ann,ann@x.example,\nP-2,Bo,bo@x.example,0\n"
    )
    ann, bo = only(CrmCsvConnector().read(path), ContactRecord)
    assert (ann.opted_out, bo.opted_out) == (None, False)
    assert ann.provided == frozenset({"crm_id", "first_name", "name", "email", "opted_out"})
