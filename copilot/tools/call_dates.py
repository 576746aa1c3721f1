"""Due dates read from what someone said: "by Friday", "on March 3", "in two weeks", "end of the month".

Each is resolved against the day the words were said (a call's date, a record's date), and keeps the
words it came from, so a reader can check the date against the sentence.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

WEEKDAYS = {name.lower(): i for i, name in enumerate(calendar.day_name)}
MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
# The calls' other languages name months too: "bis Freitag, den 11. Dezember", "antes del viernes 18 de
# diciembre" (a Spanish call's dates were all lost, a manager's reading, 2026-12-07).
_FOREIGN_MONTHS = (
    "januar februar märz april mai juni juli august september oktober november dezember",
    "janvier février mars avril mai juin juillet août septembre octobre novembre décembre",
    "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre",
)
for _names in _FOREIGN_MONTHS:
    MONTHS.update({name: i for i, name in enumerate(_names.split(), start=1)})
_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
# A stated year ("September 30, 2026") is the date's own; without one the next such day is meant.
_MONTH_DAY = re.compile(r"\b([^\W\d_]{3,10})\.? (\d{1,2})(?:st|nd|rd|th)?(?:,? (\d{4}))?\b")
_DAY_MONTH = re.compile(
    r"\b(\d{1,2})(?:st|nd|rd|th|\.)? (?:of |de )?([^\W\d_]{3,10})(?:,? (?:de )?(\d{4}))?\b"
)
_WEEKDAY = re.compile(
    r"\b(?:(next|this) )?(monday|tuesday|wednesday|thursday|friday|saturday|sunday|"
    r"montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag|lundi|mardi|mercredi|jeudi|vendredi|"
    r"samedi|dimanche|lunes|martes|miércoles|jueves|viernes|sábado|domingo)\b",
    re.IGNORECASE,
)
# The weekdays of the languages a call may be in (German, French, Spanish), Monday first.
_FOREIGN_WEEKDAYS = (
    *("montag", "dienstag", "mittwoch", "donnerstag", "freitag", "samstag", "sonntag"),
    *("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"),
    *("lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo"),
)
WEEKDAYS.update({name: i % 7 for i, name in enumerate(_FOREIGN_WEEKDAYS)})
_IN_N = re.compile(r"\bin (\d{1,2}|one|two|three) (day|week)s?\b", re.IGNORECASE)
_SMALL_NUMBERS = {"one": 1, "two": 2, "three": 3}


@dataclass(frozen=True)
class DueDate:
    """A due date read from an utterance, with the words it came from."""

    on: date
    text: str


def _calendar_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _upcoming(base: date, month: int, day: int) -> date | None:
    found = _calendar_date(base.year, month, day)
    if found is not None and found < base:
        found = _calendar_date(base.year + 1, month, day)
    return found


def _named_date(text: str, base: date) -> DueDate | None:
    iso = _ISO.search(text)
    if iso:
        found = _calendar_date(int(iso[1]), int(iso[2]), int(iso[3]))
        return DueDate(found, iso[0]) if found else None
    named = []
    for match in _MONTH_DAY.finditer(text):
        month = MONTHS.get(match[1].lower())
        on = _stated_or_upcoming(base, match[3], month, int(match[2])) if month else None
        if on:
            named.append(DueDate(on, match[0]))
    for match in _DAY_MONTH.finditer(text):
        month = MONTHS.get(match[2].lower())
        on = _stated_or_upcoming(base, match[3], month, int(match[1])) if month else None
        if on:
            named.append(DueDate(on, match[0]))
    # "the bank remittance for the October 22 payment": a date naming a thing is no day anything is due (it
    # read "due: 2027-10-22", a manager's reading, 2026-12-07).
    named = [d for d in named if not _names_a_thing(text, d.text)]
    if not named:
        return None
    # "validate the December 29 export and sign off by January 6": the deadline is what is owed.
    return (_led_by_a_deadline(named, text) or named)[0]


_LABEL_NOUNS = (
    r"payment|invoice|bill|charge|meeting|call|session|workshop|webinar|demo|review|outage|incident|"
    r"release|update|export|import|batch|run|order|delivery|shipment|email|letter|report|statement|"
    r"transfer|remittance|credit"
)


def _names_a_thing(text: str, said: str) -> bool:
    """Whether the date stands between a determiner and a noun it labels ("the October 22 payment")."""
    return bool(
        re.search(
            rf"\b(?:the|your|our|their|this|that)\s+{re.escape(said)}\s+(?:{_LABEL_NOUNS})s?\b",
            text,
            re.IGNORECASE,
        )
    )


def _led_by_a_deadline(found: list[DueDate], text: str) -> list[DueDate]:
    """The dates a deadline word leads ("by Friday", "before March 3", "no later than the 28th")."""
    lowered = text.lower()
    return [
        d
        for d in found
        if re.search(
            # The letter languages' own deadline words: "au plus tard le 15 janvier", "d'ici le 18
            # décembre", "bis zum 15. Dezember", "antes del 16 de diciembre" (a French call read "due: 14
            # janvier", the day of the meeting before the answer, 2026-12-07).
            rf"(?:\b(?:by|before|until|no later than|bis|spätestens|vor|avant|antes)|d'ici|au plus tard)"
            rf"\s+(?:(?:the|le|la|zum|dem|den|el|del)\s+)?{re.escape(d.text.lower())}",
            lowered,
        )
    ]


# A four-digit number after a day further than this from the call's year is no year: "on May 5 2000 users
# will join" counts users.
_YEARS_AROUND = 5


def _stated_or_upcoming(base: date, year: str | None, month: int, day: int) -> date | None:
    # "by 30 September 2026" said on 2 October 2026 is already past, not a date a year away.
    if year and abs(int(year) - base.year) <= _YEARS_AROUND:
        return _calendar_date(int(year), month, day)
    return _upcoming(base, month, day)


# "by the 28th": the next such day of a month, counted from the day it was said.
# "Friday next week, the 11th": the day of the month said after a weekday, as its apposition, counts too.
_DAY_OF_MONTH = re.compile(
    r"\b(?:by|on|before|until) the (\d{1,2})(?:st|nd|rd|th)\b|"
    r", the (\d{1,2})(?:st|nd|rd|th)(?=\s*(?:[.;!?]|$))",
    re.IGNORECASE,
)
_SAME_DAY = ("end of day", "today", "tonight", "this afternoon", "this evening", "within the hour")


def _day_of_month(text: str, base: date) -> DueDate | None:
    found = _DAY_OF_MONTH.search(text)
    if not found:
        return None
    day, year, month = int(found[1] or found[2]), base.year, base.month
    for _ in range(3):  # the 31st may skip a short month
        if day >= base.day or (year, month) != (base.year, base.month):
            on = _calendar_date(year, month, day)
            if on is not None:
                return DueDate(on, found[0].split(" ", 1)[1])
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return None


_OF_NEXT_WEEK = re.compile(r"\s+(?:of\s+)?next week\b", re.IGNORECASE)


def _weekday(text: str, base: date) -> DueDate | None:
    weekday = _WEEKDAY.search(text)
    if not weekday:
        return None
    target = WEEKDAYS[weekday[2].lower()]
    ahead = (target - base.weekday()) % 7 or 7
    # "Friday next week", "Friday of next week": next week's Friday, as "next Friday" is.
    of_next_week = _OF_NEXT_WEEK.match(text, weekday.end()) is not None
    if (weekday[1] or "").lower() == "next" or of_next_week:
        # "next Friday" means the Friday of next week, counted from next Monday.
        ahead = 7 - base.weekday() + target
    return DueDate(base + timedelta(days=ahead), weekday[0])


def _in_n(text: str, base: date) -> DueDate | None:
    in_n = _IN_N.search(text)
    if not in_n:
        return None
    count = _SMALL_NUMBERS.get(in_n[1].lower()) or int(in_n[1])
    days = count * (7 if in_n[2].lower() == "week" else 1)
    return DueDate(base + timedelta(days=days), in_n[0])


def _phrase(text: str, base: date, *, same_day: tuple[str, ...] = ("end of day", "today")) -> DueDate | None:
    lowered = text.lower()
    phrases = {
        "tomorrow": timedelta(days=1),
        **dict.fromkeys(same_day, timedelta(0)),
        # The same words in the calls' other languages ("Yo le mando mañana …", "Hoy mismo escalo …").
        **dict.fromkeys(("demain", "morgen früh"), timedelta(days=1)),
        **dict.fromkeys(("hoy mismo", "aujourd'hui", "heute noch"), timedelta(0)),
        "end of the week": timedelta(days=(4 - base.weekday()) % 7),
        # A promise for "next week" is kept by the end of that working week, so it is due on its Friday
        # (its Monday would mark the promise overdue from the second day of the week it names).
        "next week": timedelta(days=7 - base.weekday() + 4),
    }
    for phrase, delta in phrases.items():
        if phrase in lowered:
            return DueDate(base + delta, phrase)
    # Spanish "mañana" is tomorrow, but "por la mañana" is the morning of the day named beside it.
    if (tomorrow := _MANANA.search(text)) is not None:
        return DueDate(base + timedelta(days=1), tomorrow[0])
    if any(
        words in lowered for words in ("end of the month", "end of month", "ende des monats", "fin du mois")
    ):
        last = calendar.monthrange(base.year, base.month)[1]
        return DueDate(date(base.year, base.month, last), "end of the month")
    return None


_MANANA = re.compile(r"(?<!la )\bmañana\b", re.IGNORECASE)


def _relative_date(text: str, base: date) -> DueDate | None:
    # The time from now a sentence names, as the summary paragraph dates a fix ("goes out in two weeks").
    return _weekday(text, base) or _in_n(text, base) or _phrase(text, base)


_THIS_WEEK = re.compile(r"\b(?:this|within the) week\b", re.IGNORECASE)


def _this_week(text: str, base: date) -> DueDate | None:
    # "I'll send the intro this week" is kept by the end of the working week: its Friday (the coming one
    # when said at the weekend). Only a promise is dated so: "we had an outage this week" dates nothing.
    found = _THIS_WEEK.search(text)
    return DueDate(base + timedelta(days=(4 - base.weekday()) % 7), found[0]) if found else None


# "before Christmas", "by the end of the year": the day they end on (a manager read "no date agreed" for
# "I'll get something on her calendar before Christmas", 2026-12-07).
_HOLIDAY = re.compile(
    r"\b(?:by|before|until)\s+(?:the\s+)?(?P<when>christmas|xmas|the holidays|new year|"
    r"(?:the )?end of (?:the|this) year|year[- ]end)\b",
    re.IGNORECASE,
)


def _before_the_holidays(text: str, base: date) -> DueDate | None:
    found = _HOLIDAY.search(text)
    if found is None:
        return None
    when = found["when"].lower()
    christmas = any(word in when for word in ("christmas", "xmas", "holidays"))
    day = date(base.year, 12, 24) if christmas else date(base.year, 12, 31)
    # Said after this year's, it is next year's.
    return DueDate(day if day >= base else day.replace(year=day.year + 1), found[0])


def _owed_by(text: str, base: date) -> DueDate | None:
    # When a promise is due: also "this afternoon", "within the hour", "by the 28th", and of two dates the
    # one a deadline word leads ("submit it today and tell you the outcome by Friday" is due Friday), else
    # the first ("book the visit for Wednesday and call you tomorrow to confirm" is due tomorrow). The summary
    # paragraph keeps the narrower reading above, since these words rarely date a fix and its day would
    # only lengthen the sentence.
    read = (
        _weekday(text, base),
        _in_n(text, base),
        _phrase(text, base, same_day=_SAME_DAY),
        _day_of_month(text, base),
        _this_week(text, base),
        _before_the_holidays(text, base),
    )
    found = [d for d in read if d is not None]
    # "A quote at the rate you have today, by Friday": the date a deadline word leads is the one owed.
    return min(_led_by_a_deadline(found, text) or found, key=lambda d: d.on) if found else None


def due_date(text: str, base: date) -> DueDate | None:
    """The due date an utterance states, resolved against the call's date; None when it states none."""
    return _named_date(text, base) or _owed_by(text, base)


# Any fixed day resolves a date's words; a leap year so "February 29" reads as a date too.
_ANY_DAY = date(2024, 1, 1)


def names_a_date(text: str) -> bool:
    """Whether a sentence states a date or a time from now ("on March 3", "in two weeks", "tomorrow")."""
    return (_named_date(text, _ANY_DAY) or _relative_date(text, _ANY_DAY)) is not None


def with_its_day(text: str, base: date) -> str:
    """The sentence with the day a relative date means put after it ("goes out in two weeks
    (2026-05-14)"), read weeks later; a named date ("on March 3") or no date leaves it as it is."""
    if _named_date(text, base) is not None:
        return text
    found = _relative_date(text, base)
    if found is None:
        return text
    if _WEEKDAY.fullmatch(found.text) and tells_the_past(text, found.text):
        found = DueDate(_last_such_day(base, WEEKDAYS[found.text.split()[-1].lower()]), found.text)
    at = text.lower().find(found.text.lower())
    if at < 0:
        return text
    end = at + len(found.text)
    # "since Monday's release" reads "since Monday's release (2026-11-30)", never "Monday (…)'s".
    owned = _POSSESSED.match(text, end)
    end = owned.end() if owned else end
    return f"{text[:end]} ({found.on.isoformat()}){text[end:]}"


_POSSESSED = re.compile(r"['\u2019]s(?: \w+)?")


# "since your release on Tuesday", "the patch we shipped on Monday", "last Friday": a weekday the fix was
# already made on. A future word anywhere ("will", "'ll", "going to") keeps the forward reading.
_SINCE_OR_LAST = re.compile(r"\b(?:since|last)\b", re.IGNORECASE)
_PAST_FIX = re.compile(
    r"\b(?:released|shipped|deployed|rolled out|went live|went out|patched|upgraded|updated|migrated)\b",
    re.IGNORECASE,
)
_FUTURE = re.compile(r"\b(?:will|won't|going to|shall)\b|'ll\b", re.IGNORECASE)


def tells_the_past(text: str, weekday_words: str) -> bool:
    """Whether a weekday names a day gone by: "since" or "last" before it, or a fix told in the past tense
    with no future word in the sentence."""
    before = text[: max(0, text.lower().find(weekday_words.lower()))]
    if _SINCE_OR_LAST.search(before):
        return True
    return bool(_PAST_FIX.search(text)) and not _FUTURE.search(text)


def _last_such_day(base: date, weekday: int) -> date:
    # The most recent such weekday before the call ("on Tuesday" said on a Tuesday means a week ago).
    return base - timedelta(days=(base.weekday() - weekday) % 7 or 7)


# "send pricing by September 28, 2026." shown beside its due date: the closing words that only say that
# date, after the last "by"/"on" ("the recording of the call on 2026-10-28 by November 3, 2026"). Starts
# only where a run of spaces starts and reads at most 40 characters, so it is linear.
_CLOSING_DATE = re.compile(
    r"(?<=\S)\s++(?:by|on|before|until|no later than)\s++"
    r"(?P<when>(?:(?!\b(?:by|on|before|until)\s)[\w ,-]){1,40}?)\s*+(?P<stop>[.!]?)$",
    re.IGNORECASE,
)
# Words a date phrase may carry beside the date itself ("by the 28th", "September 28, 2026").
_DATE_FILLERS = frozenset({"the", "of"})


def without_closing_date(text: str, due: date, base: date) -> str:
    """The text without its closing date words when they say exactly `due` and nothing more ("send pricing
    by September 28, 2026." -> "send pricing."), for a line that shows the due date beside it. Words
    that say more (a time: "tomorrow at 10") or another day stay, so nothing is lost."""
    closing = _CLOSING_DATE.search(text)
    if closing is None:
        return text
    found = due_date(closing["when"], base)
    if found is None or found.on != due:
        return text
    rest = closing["when"].lower().replace(found.text.lower(), " ", 1)
    if any(word not in _DATE_FILLERS and word != str(due.year) for word in re.findall(r"\w+", rest)):
        return text
    return f"{text[: closing.start()]}{closing['stop']}"
