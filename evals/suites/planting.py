"""Plant one invented price, date, quantity or name into a true sentence from the sample's records."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

_MONEY = re.compile(r"(?:[$€£]\s?\d[\d,.]*\d|\d[\d,.]*\d\s?(?:€|EUR|USD|euros?))")
_YEAR = re.compile(r"\b20[2-3]\d\b")
_COUNT = re.compile(
    r"\b\d{2,5}(?=\s+(?:seats|users|licen[cs]es|Lizenzen|Nutzer|utilisateurs|licencias|usuarios))"
)
INVENTED_NAME = "Jonas Whitfield"


@dataclass(frozen=True)
class Planted:
    """A sentence with one invented claim at text[start:end]; `kind` names what was invented."""

    text: str
    start: int
    end: int
    kind: str


def _replace(text: str, match: re.Match[str], new: str, kind: str) -> Planted:
    start = match.start()
    return Planted(text[:start] + new + text[match.end() :], start, start + len(new), kind)


def _money(text: str) -> Planted | None:
    match = _MONEY.search(text)
    if not match:
        return None
    # Change the leading digit so the amount differs however it is formatted.
    old = match.group(0)
    position = next(i for i, c in enumerate(old) if c.isdigit())
    digit = str((int(old[position]) + 3) % 9 + 1)
    return _replace(text, match, old[:position] + digit + old[position + 1 :], "price")


def _year(text: str) -> Planted | None:
    match = _YEAR.search(text)
    return _replace(text, match, str(int(match.group(0)) + 3), "date") if match else None


def _count(text: str) -> Planted | None:
    match = _COUNT.search(text)
    return _replace(text, match, str(int(match.group(0)) + 37), "quantity") if match else None


def _name(text: str) -> Planted | None:
    prefix = f"{INVENTED_NAME} confirmed it: "
    return Planted(prefix + text, 0, len(INVENTED_NAME), "name")


MUTATIONS: list[Callable[[str], Planted | None]] = [_money, _year, _count, _name]


def plant(text: str, used: Counter[str]) -> Planted:
    """The applicable mutation used least so far (counted in `used`), so a set of sentences gets a mix."""
    options = [planted for mutate in MUTATIONS if (planted := mutate(text)) is not None]
    chosen = min(options, key=lambda planted: used[planted.kind])
    used[chosen.kind] += 1
    return chosen
