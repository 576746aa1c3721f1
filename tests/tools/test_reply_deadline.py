"""A reply that defers never promises a later day than the customer asked to hear back by."""

from __future__ import annotations

from datetime import date

import pytest

from copilot.tools.reply_deadline import asked_by
from copilot.tools.reply_wording import come_back_day, come_back_on

MONDAY = date(2026, 11, 30)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Could you let me know by Tuesday?", date(2026, 12, 1)),
        ("Pourriez-vous me répondre d'ici mardi ?", date(2026, 12, 1)),
        ("Bitte melden Sie sich bis Dienstag.", date(2026, 12, 1)),
        ("¿Me lo confirman antes del martes?", date(2026, 12, 1)),
        ("Please answer by tomorrow.", date(2026, 12, 1)),
        ("We need the figures before the end of the week.", date(2026, 12, 4)),
        ("Can you send it by 1 December 2026?", date(2026, 12, 1)),
        ("Our renewal is on 3 March 2027. Any news?", None),  # a date, but no deadline
        ("Friday works for us.", None),
    ],
)
def test_deadline_is_read_from_the_message(text: str, expected: date | None) -> None:
    assert asked_by(text, MONDAY) == expected


def test_a_sooner_deadline_wins_a_later_one_does_not() -> None:
    assert come_back_on(MONDAY) == date(2026, 12, 2)  # two working days
    assert come_back_on(MONDAY, date(2026, 12, 1)) == date(2026, 12, 1)
    assert come_back_on(MONDAY, date(2026, 12, 4)) == date(2026, 12, 2)
    assert come_back_on(MONDAY, date(2026, 11, 27)) == date(2026, 12, 2)  # already past: our own day
    assert come_back_day(MONDAY, "fr", date(2026, 12, 1)) == "mardi"
    assert come_back_day(MONDAY, "en", MONDAY) == "the end of today"
