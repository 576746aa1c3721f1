"""A due date said with its year is that year's, even when it has already passed; without one, the next
such day is meant."""

from __future__ import annotations

from datetime import date

from copilot.tools.call_dates import due_date

SAID_ON = date(2026, 10, 2)


def test_a_stated_year_is_kept_even_when_the_date_has_passed() -> None:
    for said in ("I will send it by 30 September 2026.", "I will send it by September 30, 2026."):
        found = due_date(said, SAID_ON)
        assert found is not None and found.on == date(2026, 9, 30), said


def test_without_a_year_the_next_such_day_is_meant() -> None:
    passed = due_date("I will send it by 30 September.", SAID_ON)
    ahead = due_date("I will send it by November 4.", SAID_ON)
    assert passed is not None and passed.on == date(2027, 9, 30)
    assert ahead is not None and ahead.on == date(2026, 11, 4)


def test_a_number_after_a_day_that_cannot_be_its_year_is_no_year() -> None:
    found = due_date("On May 5 2000 users will join the platform.", SAID_ON)
    assert found is not None and found.on == date(2027, 5, 5)
