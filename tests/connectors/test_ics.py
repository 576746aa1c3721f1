"""The calendar connector: events with attendees, recurrence, exceptions and broken input."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from connectors.base import IngestFailure, InteractionKind, InteractionRecord, Participant
from connectors.ics import IcsConnector
from tests.connectors.conftest import FIXTURES, failures, only

CALENDAR = FIXTURES / "ics" / "renewal_meeting.ics"


def events() -> list[InteractionRecord]:
    return only(IcsConnector().read(CALENDAR), InteractionRecord)


def test_event_with_organizer_attendees_description_and_location() -> None:
    meeting = events()[0]
    assert meeting.kind is InteractionKind.MEETING
    assert meeting.source == "ics" and meeting.source_id == "renewal-2025@northwind-analytics.com"
    assert meeting.subject == "ACME renewal review"
    assert meeting.occurred_at == datetime(2024, 3, 25, 10, 0, tzinfo=ZoneInfo("Europe/Berlin"))
    assert meeting.text == (
        "Agenda:\n1. Usage review\n2. Pricing for 2025, incl. dashboard module\n\nLocation: ACME HQ, Berlin"
    )
    assert meeting.participants == (
        Participant(role="organizer", email="alice@northwind-analytics.com", name="Becker, Alice"),
        Participant(role="attendee", email="anna.schmidt@acme-logistics.de", name="Anna Schmidt"),
        Participant(role="attendee", email="juergen.koehler@acme-logistics.de", name="Jürgen Köhler"),
    )
    assert meeting.raw_ref == f"{CALENDAR}#0"


def test_recurring_event_is_indexed_once_and_its_exception_separately() -> None:
    weekly = [e for e in events() if e.metadata.get("uid") == "weekly-sync@northwind-analytics.com"]
    master, moved = weekly
    assert master.source_id == "weekly-sync@northwind-analytics.com"
    assert master.metadata["recurrence"] == {"rrule": "FREQ=WEEKLY;COUNT=10;BYDAY=TU", "exdates": 1}
    assert moved.source_id == "weekly-sync@northwind-analytics.com#2024-04-09T08:00:00+00:00"
    assert moved.occurred_at == datetime(2024, 4, 9, 9, 0, tzinfo=UTC)
    assert moved.subject == "Weekly onboarding sync (moved)"


def test_all_day_event_starts_at_utc_midnight() -> None:
    go_live = events()[3]
    assert go_live.occurred_at == datetime(2024, 5, 1, tzinfo=UTC)
    assert go_live.metadata["all_day"] is True


def test_event_without_start_fails_alone() -> None:
    items = list(IcsConnector().read(CALENDAR))
    assert [(f.where, f.error) for f in failures(items)] == [(f"{CALENDAR}#4", "event has no DTSTART")]
    assert len(items) == 5


def test_moving_a_meeting_changes_its_content_hash(tmp_path: Path) -> None:
    moved = tmp_path / "moved.ics"
    moved.write_text(CALENDAR.read_text(encoding="utf-8").replace("20240325T100000", "20240326T100000"))
    before = events()[0].content_hash
    after = only(IcsConnector().read(moved), InteractionRecord)[0].content_hash
    assert before != after


def test_event_without_uid_gets_a_stable_file_based_id(tmp_path: Path) -> None:
    path = tmp_path / "bare.ics"
    path.write_text("BEGIN:VEVENT\nDTSTART:20240101T090000Z\nSUMMARY:Kick-off\nEND:VEVENT\n")
    first = only(IcsConnector().read(path), InteractionRecord)[0]
    second = only(IcsConnector().read(path), InteractionRecord)[0]
    assert first.source_id.startswith("file:") and first.source_id == second.source_id


def test_files_that_are_not_calendars_are_named_failures(tmp_path: Path) -> None:
    (tmp_path / "a.ics").write_text("hello, not a calendar")
    (tmp_path / "b.ics").write_text("BEGIN:VCALENDAR\nVERSION:2.0\nEND:VCALENDAR\n")
    (tmp_path / "c.ics").write_text("BEGIN:VCALENDAR\nBEGIN:VEVENT\nSUMMARY:x\n")
    reasons = {Path(f.where).name: f.error for f in failures(IcsConnector().read(tmp_path))}
    assert "not an iCalendar file" in reasons["a.ics"]
    assert reasons["b.ics"] == "calendar has no events (VEVENT)"
    assert "could not parse calendar" in reasons["c.ics"]


def test_missing_folder_is_a_failure(tmp_path: Path) -> None:
    assert list(IcsConnector().read(tmp_path / "none")) == [
        IngestFailure(str(tmp_path / "none"), "no such file or directory")
    ]


def test_every_rrule_of_an_event_is_kept() -> None:
    path = FIXTURES / "ics" / "several_rrules.ics"
    (event,) = list(IcsConnector().read(path))
    assert isinstance(event, InteractionRecord)
    assert event.metadata["recurrence"] == {
        "rrule": ["FREQ=WEEKLY;COUNT=4;BYDAY=TU", "FREQ=MONTHLY;COUNT=2;BYMONTHDAY=15"],
        "rdates": 3,
        "exdates": 1,
    }


def test_an_unreadable_rdate_is_skipped_and_reported_and_its_event_kept() -> None:
    path = FIXTURES / "ics" / "unreadable_rdate.ics"
    review, follow_up = list(IcsConnector().read(path))
    assert isinstance(review, InteractionRecord) and isinstance(follow_up, InteractionRecord)
    assert review.subject == "Quarterly review with ACME" and review.text == "Usage and renewal."
    assert review.occurred_at == datetime(2024, 1, 10, 14, 0, tzinfo=UTC)
    assert review.metadata["recurrence"] == {"rrule": "FREQ=MONTHLY;COUNT=4;INTERVAL=3"}
    (note,) = review.metadata["notes"]
    assert note.startswith("RDATE skipped:") and "not-a-period" in note
    assert follow_up.subject == "Follow-up"


def test_blank_lines_between_properties_are_tolerated() -> None:
    # Whitespace-only lines after BEGIN:VEVENT and after DTSTART used to rename the event away
    # ("calendar has no events") or corrupt its start.
    (event,) = list(IcsConnector().read(FIXTURES / "ics" / "blank_lines.ics"))
    assert isinstance(event, InteractionRecord)
    assert event.source_id == "blank-lines@northwind-analytics.com"
    assert event.occurred_at == datetime(2024, 1, 15, 10, 0, tzinfo=UTC)
    assert event.subject == "Onboarding kick-off"
    assert event.text == "Agenda: accounts, users, first dashboard."


def test_a_lone_carriage_return_line_is_tolerated(tmp_path: Path) -> None:
    path = tmp_path / "cr.ics"
    path.write_bytes(
        b"BEGIN:VCALENDAR\r\n\r\r\nBEGIN:VEVENT\r\nUID:cr@x\r\n\r\r\nDTSTART:20240115T100000Z\r\n"
        b"SUMMARY:Kick-off\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    (event,) = list(IcsConnector().read(path))
    assert isinstance(event, InteractionRecord) and event.subject == "Kick-off"


def test_an_unreadable_dtstart_names_the_problem(tmp_path: Path) -> None:
    path = tmp_path / "bad-start.ics"
    path.write_text("BEGIN:VEVENT\nUID:b@x\nDTSTART:tomorrow-ish\nSUMMARY:x\nEND:VEVENT\n")
    (failure,) = failures(IcsConnector().read(path))
    assert failure.error.startswith("event has no readable DTSTART (DTSTART skipped:")
