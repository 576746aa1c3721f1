"""Find calendar dates written in English, German, French, Spanish, Italian or Dutch and reduce them to
(year, month, day)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

# (year, month, day); None where the text leaves it open ("March 31st", "by March", "in 2027").
DateKey = tuple[int | None, int | None, int | None]

_MONTH_NAMES: tuple[tuple[int, str], ...] = (
    (1, "January Jan Januar Jänner janvier janv enero ene gennaio januari"),
    (2, "February Feb Februar février fevrier févr fevr febrero febbraio februari"),
    (3, "March Mar März Maerz Mär mars marzo maart"),
    (4, "April Apr avril avr abril abr aprile"),
    (5, "May Mai mayo maggio mei"),
    (6, "June Jun Juni juin junio giugno"),
    (7, "July Jul Juli juillet juil julio luglio"),
    (8, "August Aug août aout agosto augustus"),
    (9, "September Sept Sep septembre septiembre setiembre settembre"),
    (10, "October Oct Oktober Okt octobre octubre ottobre"),
    (11, "November Nov novembre noviembre"),
    (12, "December Dec Dezember Dez décembre decembre déc diciembre dic dicembre"),
)
MONTHS: dict[str, int] = {name.lower(): n for n, names in _MONTH_NAMES for name in names.split()}
# English month names are capitalised in prose; lower-case "may"/"march" are verbs, so only
# the non-English spellings may appear in lower case.
_ENGLISH = {"january", "february", "march", "april", "may", "june", "july", "august", "september"}
_ENGLISH |= {"october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep"}
_ENGLISH |= {"sept", "oct", "nov", "dec"}
# Dutch writes these months in lower case with the English spelling; none of them is a verb.
_ENGLISH -= {"april", "september", "november", "december"}
_ABBREVIATED = (
    "jan feb mar apr jun jul aug sep sept oct nov dec janv févr fevr avr juil déc okt dez mär ene abr dic"
)
ABBREVIATIONS = frozenset(_ABBREVIATED.split(" "))
_MONTH_ALT = "|".join(sorted((re.escape(m) for m in MONTHS), key=len, reverse=True))
MONTH_PATTERN = rf"(?i:{_MONTH_ALT})"
_MON = rf"(?P<mon>(?i:{_MONTH_ALT}))\.?"
_MON2 = rf"(?P<mon2>(?i:{_MONTH_ALT}))\.?"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th|er|\.|º|°)?"
_DAY2 = r"(?P<day2>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_YEAR2 = r"(?P<year2>(?:19|20)\d\d)"

_PATTERNS: tuple[re.Pattern[str], ...] = (
    # ISO 2027-03-31
    re.compile(r"(?<![\d.])(?P<y>(?:19|20)\d\d)-(?P<m>[01]?\d)-(?P<d>[0-3]?\d)(?![\d])"),
    # 31.03.2027, 31/03/2027, 03/31/2027, 31-03-2027, 31.03.27
    re.compile(r"(?<![\d.,/])(?P<a>[0-3]?\d)(?P<sep>[./-])(?P<b>[01]?\d)(?P=sep)(?P<c>(?:19|20)?\d\d)"
               r"(?![\d]|[.,]\d)"),
    # 31 March 2027, 31st of March 2027, 31. März 2027, 1er avril 2027, 31 de marzo de 2027
    re.compile(
        rf"(?<![\w.]){_DAY}\s*(?:of\s+|de\s+)?{_MON}(?:,?\s*(?:de\s+)?{_YEAR})?(?![\w])", re.UNICODE
    ),
    # March 31, 2027 / March 31st / Mar. 31
    re.compile(rf"(?<![\w]){_MON2}\s+{_DAY2}(?:,?\s+{_YEAR2})?(?![\w.,]\d|\w)"),
    # March 2027 / März 2027 / mars 2027
    re.compile(rf"(?<![\w]){_MON}\s+(?:de\s+)?{_YEAR}(?![\w])"),
    # by March / im März / en mars / Ende März / fin mars
    re.compile(
        r"(?i:\b(?:by|in|until|till|before|after|since|from|end\s+of|early|mid-?|late|im|bis|"
        r"ab|seit|vor|Ende|Anfang|Mitte|en|d'ici|fin|début|avant|après|desde|hasta|antes\s+de|"
        rf"finales\s+de|principios\s+de|entro|fino\s+a|uiterlijk|eind|begin|medio)\s*){_MON}(?![\w])"
    ),
    # in 2027 / by 2027: a bare year only counts after a time preposition ("for 2000 users" is a count)
    re.compile(r"(?i:\b(?:in|by|until|before|after|since|im\s+Jahr|bis|en|d'ici|desde|hasta|entro|nel|uiterlijk)\s+)"
               r"(?P<only_year>(?:19|20)\d\d)(?![\d\w])"),
)  # fmt: skip
# The preposition only gives context; the claimed span starts at the month or year itself.
_ANCHORS = {_PATTERNS[5]: "mon", _PATTERNS[6]: "only_year"}
_QUARTER = re.compile(r"\b(?P<q>Q[1-4])\s*[/']?\s*(?P<qy>(?:19|20)?\d\d)\b")


@dataclass(frozen=True)
class DateMention:
    """A date found in text: the span and every (year, month, day) reading it allows."""

    start: int
    end: int
    keys: frozenset[DateKey]


def _year(raw: str | None) -> int | None:
    if not raw:
        return None
    value = int(raw)
    return value + 2000 if value < 100 else value


def _valid(y: int | None, m: int | None, d: int | None) -> bool:
    return (m is None or 1 <= m <= 12) and (d is None or 1 <= d <= 31) and (y is None or 1900 <= y <= 2099)


def _month(m: re.Match[str], group: str) -> int | None:
    raw = m.group(group)
    if raw.lower() in _ENGLISH and not raw[0].isupper():
        return None
    return MONTHS.get(raw.lower())


def _keys(m: re.Match[str]) -> set[DateKey]:
    groups = m.groupdict()
    if groups.get("y"):
        return {(int(m["y"]), int(m["m"]), int(m["d"]))}
    if groups.get("a"):
        a, b, y = int(m["a"]), int(m["b"]), _year(m["c"])
        # Dots mean day.month (de); slashes and dashes may be either order.
        return {(y, b, a)} if m["sep"] == "." else {(y, b, a), (y, a, b)}
    if groups.get("only_year"):
        return {(int(m["only_year"]), None, None)}
    if "mon2" in groups:
        month = _month(m, "mon2")
        return {(_year(m["year2"]), month, int(m["day2"]))} if month else set()
    month = _month(m, "mon")
    if month is None:
        return set()
    day = int(groups["day"]) if groups.get("day") else None
    return {(_year(groups.get("year")), month, day)}


def iter_dates(text: str) -> Iterator[DateMention]:
    """Dates in text, longest match first where patterns overlap."""
    taken: list[tuple[int, int]] = []
    for pattern in _PATTERNS:
        for m in pattern.finditer(text):
            start = m.start(_ANCHORS[pattern]) if pattern in _ANCHORS else m.start()
            if any(start < e and s < m.end() for s, e in taken):
                continue
            keys = frozenset(k for k in _keys(m) if _valid(*k))
            end = _end(text, m.end())
            if keys:
                taken.append((start, end))
                yield DateMention(start, end, keys)
    for m in _QUARTER.finditer(text):
        if not any(m.start() < e and s < m.end() for s, e in taken):
            quarter = int(m["q"][1])
            year = _year(m["qy"])
            months = range(quarter * 3 - 2, quarter * 3 + 1)
            yield DateMention(m.start(), m.end(), frozenset((year, mo, None) for mo in months))


def _end(text: str, end: int) -> int:
    """Leave a sentence's full stop out of the span: only abbreviations ("Sept.") keep their dot."""
    if text[end - 1 : end] != ".":
        return end
    word = re.findall(r"[^\W\d_]+$", text[: end - 1])
    return end if word and word[0].lower() in ABBREVIATIONS else end - 1


def iter_record_dates(text: str) -> Iterator[DateKey]:
    """Every date reading in a record, flattened, for matching."""
    for mention in iter_dates(text):
        yield from mention.keys


def dates_compatible(a: DateKey, b: DateKey) -> bool:
    """Two readings agree where both are known ("March 31st" matches 2027-03-31)."""
    return all(x is None or y is None or x == y for x, y in zip(a, b, strict=True))
