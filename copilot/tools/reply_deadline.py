"""The day a customer asked to hear back by ("let me know by Friday", "avant le 12 mars"), so a reply that
defers a question never promises a later day than they asked for.

Only deadlines tied to a time preposition count ("by", "bis", "d'ici", "antes del"...): a date that
merely appears in the message ("our renewal on 3 March") is no deadline. Weekdays are read relative
to the day the message was sent.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from copilot.guards.dates import iter_dates

_WEEKDAY_NAMES = (
    ("monday", "montag", "lundi", "lunes"),
    ("tuesday", "dienstag", "mardi", "martes"),
    ("wednesday", "mittwoch", "mercredi", "miércoles", "miercoles"),
    ("thursday", "donnerstag", "jeudi", "jueves"),
    ("friday", "freitag", "vendredi", "viernes"),
    ("saturday", "samstag", "samedi", "sábado", "sabado"),
    ("sunday", "sonntag", "dimanche", "domingo"),
)
WEEKDAY = {name: i for i, names in enumerate(_WEEKDAY_NAMES) for name in names}
# A preposition that makes what follows a deadline, in the four letter languages.
_BY = (
    r"(?:by|before|until|till|no later than|ahead of|bis(?: spätestens)?(?: zum| zur| am)?|vor(?: dem)?|"
    r"spätestens(?: am| bis)?|d'ici(?: à| au| le)?|avant(?: le| la)?|pour(?: le)?|au plus tard(?: le)?|"
    r"antes del?|para el|hasta el|a más tardar el)"
)
_AT_WEEKDAY = re.compile(
    rf"\b{_BY}\s+(?:(?:the|this|next|coming|diesen|nächsten|ce|le|este|el)\s+)?"
    rf"(?P<day>{'|'.join(sorted(WEEKDAY, key=len, reverse=True))})\b",
    re.IGNORECASE,
)
_END_OF_WEEK = re.compile(
    r"\b(?:by|before) the end of (?:the|this) week\b|\bbis (?:zum )?ende (?:der|dieser) woche\b|"
    r"\b(?:d'ici|avant) la fin de (?:la|cette) semaine\b|\bantes del final de (?:la|esta) semana\b|"
    r"\bend of (?:the|this) week\b",
    re.IGNORECASE,
)
_TOMORROW = re.compile(r"\b(?:by|before|until) tomorrow\b|\bbis morgen\b|\bd'ici demain\b|"
                       r"\bpour demain\b|\bpara mañana\b|\bantes de mañana\b", re.IGNORECASE)  # fmt: skip
_TODAY = re.compile(
    r"\b(?:by|before) (?:the end of )?(?:today|tonight|end of (?:the )?day)\b|\bbis heute\b|"
    r"\b(?:d'ici|avant) ce soir\b|\bavant la fin de la journée\b|\bantes del final del día\b|"
    r"\bhoy mismo\b",
    re.IGNORECASE,
)
_BY_BEFORE_DATE = re.compile(rf"\b{_BY}\s*$", re.IGNORECASE)


def _next_weekday(start: date, weekday: int) -> date:
    """The first such weekday after `start` ("by Friday" written on a Friday means the next one)."""
    ahead = (weekday - start.weekday()) % 7
    return start + timedelta(days=ahead or 7)


def _dated(text: str, sent_on: date) -> list[date]:
    found = []
    for mention in iter_dates(text):
        if len(mention.keys) != 1 or not _BY_BEFORE_DATE.search(
            text[max(0, mention.start - 30) : mention.start]
        ):
            continue
        year, month, day = next(iter(mention.keys))
        if month is None or day is None:
            continue
        when = date(year or sent_on.year, month, day)
        if year is None and when < sent_on:
            when = date(sent_on.year + 1, month, day)
        found.append(when)
    return found


def asked_by(text: str, sent_on: date) -> date | None:
    """The earliest day the message asks to hear back by, or None when it names no deadline."""
    found = [_next_weekday(sent_on, WEEKDAY[m["day"].lower()]) for m in _AT_WEEKDAY.finditer(text)]
    if _END_OF_WEEK.search(text):
        found.append(sent_on + timedelta(days=max(0, 4 - sent_on.weekday())))
    if _TOMORROW.search(text):
        found.append(sent_on + timedelta(days=1))
    if _TODAY.search(text):
        found.append(sent_on)
    found += _dated(text, sent_on)
    return min(found, default=None)
