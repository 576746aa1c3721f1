"""The calendar connector: each VEVENT of an .ics file becomes one MEETING record."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timezone
from pathlib import Path
from typing import Any, ClassVar
from zoneinfo import ZoneInfo

import icalendar

from connectors.base import ConnectorItem, IngestFailure, InteractionKind, InteractionRecord, Participant
from connectors.common import (
    DEFAULT_MAX_BYTES,
    check_max_bytes,
    content_hash,
    date_to_datetime,
    file_source_id,
    readable_files,
)
from connectors.textdecode import decode_file_text

SUFFIXES = (".ics", ".ical", ".ifb", ".icalendar")
_NOTE_CHARS = 200  # a note quotes the library's reason, which can repeat a whole hostile value


class CalendarError(ValueError):
    """An event or calendar that cannot become a record; the message says why."""


def _text(component: Any, name: str) -> str | None:
    value = component.get(name)
    if value is None:
        return None
    text = str(value[0] if isinstance(value, list) and value else value).strip()
    return text or None


def _person(value: Any, role: str) -> Participant | None:
    """Turn an ORGANIZER/ATTENDEE value ("mailto:x@y" with a CN parameter) into a participant."""
    address = str(value).strip()
    email = address[7:] if address.lower().startswith("mailto:") else None
    params = getattr(value, "params", {}) or {}
    name = str(params.get("CN", "")).strip().strip('"') or None
    if not email and not name:
        return None
    return Participant(role=role, email=email.strip().lower() if email else None, name=name)


def _people(event: Any) -> tuple[Participant, ...]:
    people: list[Participant] = []
    organizer = event.get("ORGANIZER")
    if organizer is not None:
        found = _person(organizer, "organizer")
        if found:
            people.append(found)
    attendees = event.get("ATTENDEE") or []
    for attendee in attendees if isinstance(attendees, list) else [attendees]:
        found = _person(attendee, "attendee")
        if found and found not in people:
            people.append(found)
    return tuple(people)


def without_blank_lines(text: str) -> str:
    """Drop empty and whitespace-only lines, which some exporters put between properties.

    RFC 5545 has no blank lines, and the parser reads a whitespace-only line as a continuation:
    after "BEGIN:VEVENT" it renames the component (the event vanishes), after a value it corrupts
    it; a lone CR makes the whole file unparseable. A whitespace-only continuation adds nothing.
    """
    lines = (line.rstrip("\r") for line in text.split("\n"))
    return "\r\n".join(line for line in lines if line.strip(" \t\r"))


def _values(event: Any, name: str) -> list[Any]:
    """Every occurrence of a property (icalendar gives a list only when it occurs more than once)."""
    value = event.get(name)
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _parsed(prop: Any, attribute: str, name: str, notes: list[str]) -> Any:
    """A property's parsed value; an unreadable one is skipped and noted, never fatal to its event.

    icalendar parses values lazily and raises BrokenCalendarProperty (a ValueError) on access.
    """
    try:
        return getattr(prop, attribute, None)
    except ValueError as exc:
        notes.append(f"{name} skipped: {str(exc)[:_NOTE_CHARS]}")
        return None


def _moment(prop: Any, name: str, notes: list[str]) -> datetime | None:
    """Return the datetime of a DTSTART-like property (an all-day date becomes UTC midnight)."""
    value = _parsed(prop, "dt", name, notes) if prop is not None else None
    if not isinstance(value, date):
        return None
    moment = date_to_datetime(value)
    # Zones built from a file's own VTIMEZONE are icalendar objects; store plain UTC instead.
    return moment if isinstance(moment.tzinfo, ZoneInfo | timezone) else moment.astimezone(UTC)


def _rules(event: Any, notes: list[str]) -> str | list[str] | None:
    """The RRULE text; a list when the event has several (RFC 5545 allows it, and each one counts)."""
    rules: list[str] = []
    for rule in _values(event, "RRULE"):
        try:
            rules.append(rule.to_ical().decode("utf-8", "replace"))
        except (ValueError, AttributeError) as exc:
            notes.append(f"RRULE skipped: {str(exc)[:_NOTE_CHARS]}")
    if not rules:
        return None
    return rules[0] if len(rules) == 1 else rules


def _recurrence(event: Any, notes: list[str]) -> dict[str, Any]:
    """Describe an event's recurrence for metadata: the rules, extra dates and exceptions."""
    info: dict[str, Any] = {}
    rules = _rules(event, notes)
    if rules is not None:
        info["rrule"] = rules
    for key, name in (("RDATE", "rdates"), ("EXDATE", "exdates")):
        counted = [_parsed(v, "dts", key, notes) for v in _values(event, key)]
        total = sum(len(dts) or 1 for dts in counted if dts is not None)
        if total:
            info[name] = total
    return info


class IcsConnector:
    """Reads iCalendar files; a recurring event is indexed once, as its master event."""

    name: ClassVar[str] = "ics"

    def __init__(self, max_bytes: int = DEFAULT_MAX_BYTES) -> None:
        self.max_bytes = check_max_bytes(max_bytes)

    def read(self, location: Path | str) -> Iterator[ConnectorItem]:
        """Yield one MEETING record per VEVENT, or an IngestFailure naming the file (and event)."""
        for found in readable_files(Path(location), SUFFIXES, self.max_bytes):
            if isinstance(found, IngestFailure):
                yield found
                continue
            try:
                yield from self.read_file(found)
            except CalendarError as exc:
                yield IngestFailure(str(found), str(exc))
            except OSError as exc:
                yield IngestFailure(str(found), f"cannot read: {exc.strerror or exc}")

    def read_file(self, path: Path) -> Iterator[ConnectorItem]:
        """Parse one calendar file; raises CalendarError when it holds no readable event."""
        text = without_blank_lines(decode_file_text(path.read_bytes()).text.lstrip("\ufeff"))
        if "BEGIN:" not in text.upper():
            raise CalendarError("not an iCalendar file (no BEGIN:VCALENDAR or BEGIN:VEVENT)")
        try:
            components = icalendar.Calendar.from_ical(text, multiple=True)
        except Exception as exc:  # icalendar raises ValueError and friends on broken input
            raise CalendarError(f"could not parse calendar: {exc}") from exc
        if not components:
            raise CalendarError("could not parse calendar: no complete component (missing END line?)")
        events = [e for c in components for e in c.walk("VEVENT")]
        if not events:
            raise CalendarError("calendar has no events (VEVENT)")
        for index, event in enumerate(events):
            try:
                yield self._record(path, index, event)
            except CalendarError as exc:
                yield IngestFailure(f"{path}#{index}", str(exc))
            except Exception as exc:  # one hostile event must not lose the rest of the file
                yield IngestFailure(f"{path}#{index}", f"could not read event: {type(exc).__name__}: {exc}")

    def _record(self, path: Path, index: int, event: Any) -> InteractionRecord:
        notes: list[str] = []
        start = _moment(event.get("DTSTART"), "DTSTART", notes)
        if start is None:
            reason = f"event has no readable DTSTART ({notes[0]})" if notes else "event has no DTSTART"
            raise CalendarError(reason)
        uid = _text(event, "UID")
        recurrence_id = _moment(event.get("RECURRENCE-ID"), "RECURRENCE-ID", notes)
        source_id = uid or file_source_id(path, index)
        if recurrence_id is not None:
            source_id = f"{source_id}#{recurrence_id.isoformat()}"
        subject = _text(event, "SUMMARY")
        description = _text(event, "DESCRIPTION")
        location = _text(event, "LOCATION")
        body = "\n\n".join(p for p in (description, f"Location: {location}" if location else None) if p)
        metadata: dict[str, Any] = {"uid": uid, "status": _text(event, "STATUS"), "location": location}
        if not isinstance(event.get("DTSTART").dt, datetime):
            metadata["all_day"] = True
        end = _moment(event.get("DTEND"), "DTEND", notes)
        if end is not None:
            metadata["end"] = end.isoformat()
        recurrence = _recurrence(event, notes)
        if recurrence:
            metadata["recurrence"] = recurrence
        if recurrence_id is not None:
            metadata["recurrence_id"] = recurrence_id.isoformat()
        if notes:
            metadata["notes"] = notes
        people = _people(event)
        return InteractionRecord(
            source=self.name,
            source_id=source_id,
            kind=InteractionKind.MEETING,
            occurred_at=start,
            text=body,
            # The time is part of what a meeting says: a moved meeting must re-index.
            content_hash=content_hash(subject, body, start.isoformat(), *(p.email or "" for p in people)),
            raw_ref=f"{path}#{index}",
            subject=subject,
            participants=people,
            metadata={k: v for k, v in metadata.items() if v is not None},
        )
