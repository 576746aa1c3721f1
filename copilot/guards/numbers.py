"""Find and normalise money, percentages and plain numbers in English, German, French and Spanish text."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

# Grouping separators: comma, dot, apostrophe (Swiss) and the no-break/thin spaces fr/de text uses.
_TIGHT_SEP = r"[,.'\u2019\u00a0\u202f\u2009]"
# A plain space only groups digits next to a currency or percent sign ("36 500 EUR"), never in prose.
_WIDE_SEP = r"[,.'\u2019\u00a0\u202f\u2009 ]"
_FRACTION = r"(?:[.,]\d+)?"
NUM_TIGHT = rf"\d{{1,3}}(?:{_TIGHT_SEP}\d{{3}})+{_FRACTION}|\d+{_FRACTION}"
NUM_WIDE = rf"\d{{1,3}}(?:{_WIDE_SEP}\d{{3}})+{_FRACTION}|\d+{_FRACTION}"
_SPACES = "\u00a0\u202f\u2009 '\u2019"

CURRENCY_WORDS: dict[str, str] = {
    "$": "USD",
    "us$": "USD",
    "usd": "USD",
    "dollar": "USD",
    "dollars": "USD",
    "€": "EUR",
    "eur": "EUR",
    "euro": "EUR",
    "euros": "EUR",
    "£": "GBP",
    "gbp": "GBP",
    "pound": "GBP",
    "pounds": "GBP",
    "chf": "CHF",
    "fr.": "CHF",
    "cad": "CAD",
    "ca$": "CAD",
    "aud": "AUD",
    "a$": "AUD",
}
SCALES: dict[str, int] = {
    "k": 1_000,
    "thousand": 1_000,
    "tsd": 1_000,
    "tsd.": 1_000,
    "m": 1_000_000,
    "mn": 1_000_000,
    "million": 1_000_000,
    "millions": 1_000_000,
    "mio": 1_000_000,
    "mio.": 1_000_000,
    "millones": 1_000_000,
    "bn": 1_000_000_000,
    "billion": 1_000_000_000,
    "mrd": 1_000_000_000,
    "mrd.": 1_000_000_000,
}
_CUR_PREFIX = r"(?:US\$|CA\$|A\$|[$€£]|\b(?:USD|EUR|GBP|CHF|CAD|AUD)\b)"
_CUR_SUFFIX = r"(?:[$€£]|\b(?:USD|EUR|GBP|CHF|CAD|AUD|[Ee]uros?|[Dd]ollars?|[Pp]ounds?)\b)"
_SCALE = r"(?:\s?(?:[kK]|[mM]n?|[bB]n)\b|\s(?:thousand|million|billion|Mio\.?|Mrd\.?|Tsd\.?|millones)\b)"
MONEY_RE = re.compile(
    rf"(?P<pre>{_CUR_PREFIX})\s?(?P<n1>{NUM_WIDE})(?P<s1>{_SCALE})?(?![\d])"
    rf"|(?<![\w.,])(?P<n2>{NUM_WIDE})(?P<s2>{_SCALE})?\s?(?P<post>{_CUR_SUFFIX})"
)
PERCENT_RE = re.compile(
    rf"(?<![\w.,])(?P<n>{NUM_WIDE})\s?"
    r"(?:%|\bper\s?cent\b|\bpercent\b|\bProzent\b|\bpour\s?cent\b|\bpor\s?ciento\b)",
    re.IGNORECASE,
)
NUMBER_RE = re.compile(rf"(?<![\w.,\u00a0\u202f\u2009'-])(?:{NUM_TIGHT})(?![\w]|[.,]\d)")

# Small number words, so "thirty seats" in a record supports "30 seats" in a draft.
NUMBER_WORDS: dict[str, int] = {
    word: value
    for value, words in enumerate(
        [
            "zero null zéro cero",
            "one eins un une uno una",
            "two zwei deux dos",
            "three drei trois tres",
            "four vier quatre cuatro",
            "five fünf cinq cinco",
            "six sechs seis",
            "seven sieben sept siete",
            "eight acht huit ocho",
            "nine neun neuf nueve",
            "ten zehn dix diez",
            "eleven elf onze",
            "twelve zwölf douze doce",
        ]
    )
    for word in words.split()
} | {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "hundred": 100, "dozen": 12}
NUMBER_WORD_RE = re.compile(r"\b(" + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True)) + r")\b", re.I)


@dataclass(frozen=True)
class Quantity:
    """One number found in text, with every value its formatting allows."""

    start: int
    end: int
    values: frozenset[Decimal]
    currency: str | None = None


def _dec(text: str) -> Decimal | None:
    try:
        return Decimal(text).normalize()
    except InvalidOperation:
        return None


def number_values(raw: str) -> frozenset[Decimal]:
    """Every value a formatted number can mean: "36.500" is 36500 in German and 36.5 in English."""
    s = raw.strip()
    for space in _SPACES:
        s = s.replace(space, "")
    readings: list[str] = []
    if "." in s and "," in s:
        decimal_mark = "." if s.rfind(".") > s.rfind(",") else ","
        group_mark = "," if decimal_mark == "." else "."
        readings.append(s.replace(group_mark, "").replace(decimal_mark, "."))
    elif "." in s or "," in s:
        mark = "." if "." in s else ","
        head, _, tail = s.rpartition(mark)
        if s.count(mark) > 1:
            readings.append(s.replace(mark, ""))
        elif len(tail) == 3:
            readings += [s.replace(mark, ""), f"{head}.{tail}"]
        else:
            readings.append(f"{head}.{tail}")
    else:
        readings.append(s)
    return frozenset(v for v in (_dec(r) for r in readings) if v is not None)


def _scale(raw: str | None) -> int:
    if not raw:
        return 1
    return SCALES.get(raw.strip().lower(), 1)


def _currency(raw: str | None) -> str | None:
    return CURRENCY_WORDS.get(raw.lower()) if raw else None


def iter_money(text: str) -> Iterator[Quantity]:
    """Amounts of money with their currency: "$36,500", "USD 36.5k", "48.000 €", "36 500 EUR"."""
    for m in MONEY_RE.finditer(text):
        number = m.group("n1") or m.group("n2")
        factor = _scale(m.group("s1") or m.group("s2"))
        values = frozenset((v * factor).normalize() for v in number_values(number))
        yield Quantity(m.start(), m.end(), values, _currency(m.group("pre") or m.group("post")))


def iter_percent(text: str) -> Iterator[Quantity]:
    """Percentages: "15%", "15 %", "15 percent", "15,5 Prozent", "15 pour cent"."""
    for m in PERCENT_RE.finditer(text):
        yield Quantity(m.start(), m.end(), number_values(m.group("n")))


def iter_numbers(text: str) -> Iterator[Quantity]:
    """Standalone digit numbers (not parts of words, codes like "Q3" or decimals already matched)."""
    for m in NUMBER_RE.finditer(text):
        yield Quantity(m.start(), m.end(), number_values(m.group(0)))


def iter_number_words(text: str) -> Iterator[Quantity]:
    """Numbers written as small words ("thirty", "zwölf"), for matching only."""
    for m in NUMBER_WORD_RE.finditer(text):
        yield Quantity(m.start(), m.end(), frozenset({Decimal(NUMBER_WORDS[m.group(1).lower()])}))
