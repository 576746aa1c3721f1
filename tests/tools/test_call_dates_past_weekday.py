"""A weekday a fix was already made on is read backwards in the call summary ("since your release on
Tuesday", said on a Sunday, was five days before), while a promised weekday still reads forwards."""

from __future__ import annotations

from datetime import date

from copilot.tools.call_dates import tells_the_past, with_its_day

SUNDAY = date(2026, 12, 6)


def test_since_a_weekday_is_the_weekday_gone_by() -> None:
    said = "Since your release on Tuesday the export has failed every night."
    assert with_its_day(said, SUNDAY) == (
        "Since your release on Tuesday (2026-12-01) the export has failed every night."
    )


def test_a_fix_told_in_the_past_is_dated_back() -> None:
    assert with_its_day("The patch we shipped on Friday broke the import.", SUNDAY) == (
        "The patch we shipped on Friday (2026-12-04) broke the import."
    )
    assert with_its_day("It was released last Monday.", SUNDAY).endswith("last Monday (2026-11-30).")


def test_a_promised_weekday_still_reads_forwards() -> None:
    assert with_its_day("The fix will be released on Tuesday.", SUNDAY) == (
        "The fix will be released on Tuesday (2026-12-08)."
    )
    assert with_its_day("The fix ships Friday.", SUNDAY) == "The fix ships Friday (2026-12-11)."


def test_the_same_weekday_as_the_call_gone_by_is_a_week_ago() -> None:
    assert "(2026-11-29)" in with_its_day("Since the update on Sunday nothing syncs.", SUNDAY)


def test_since_after_the_weekday_does_not_turn_it_back() -> None:
    assert not tells_the_past("We deploy it on Monday, since the window is quiet then.", "Monday")


def test_a_weekday_in_the_possessive_is_dated_after_what_it_owns() -> None:
    assert with_its_day("Since Monday's release, the export no longer times out.", SUNDAY) == (
        "Since Monday's release (2026-11-30), the export no longer times out."
    )
