"""PII masking for remote models: personal values become placeholders before a prompt leaves.

Emails, phone numbers, payment cards (Luhn-checked), IBANs and bank account numbers, and street
addresses (English, German, French and Spanish shapes) are each replaced by a stable placeholder
such as ``⟦EMAIL_1⟧``; the same value always gets the same placeholder within one masker, so the
model can still refer to it, and ``unmask`` puts the real values back into the model's output.
The embedded model runs in-process, so nothing needs masking there.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

# Internationalised addresses too (RFC 6531): \w is Unicode, so "jürgen@müller-bau.de" and
# "用户@例子.广告" match; a top-level domain is letters of any script or its punycode ("xn--...");
# ideographic full stops separate labels as dots do.
_EMAIL = re.compile(
    r"(?<![\w.+-])[\w.+-]+@(?:[\w-]+[.\u3002\uff0e\uff61])+(?:[^\W\d_]{2,}|xn--[a-z0-9-]{2,})(?![\w-])",
    re.IGNORECASE,
)
_IBAN = re.compile(r"\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?\b")
_CARD = re.compile(r"(?<![\d-])\d(?:[ -]?\d){12,18}(?![\d-])")
# Account numbers are only recognisable by the words around them.
_ACCOUNT = re.compile(
    r"(?i)(?:account\s*(?:no\.?|number|#)|acct\.?\s*(?:no\.?|#)?|kontonummer|konto-?nr\.?|"
    r"num[ée]ro\s+de\s+compte|n[°º]\s*de\s+compte|n[úu]mero\s+de\s+cuenta|routing\s*(?:no\.?|number)|"
    r"sort\s*code)\s*[:#]?\s*(\d(?:[ -]?\d){4,29})"
)
_PHONE_INTL = re.compile(r"(?<![\w+])(?:\+|00)[1-9]\d{0,3}(?:[ .\-/]?\(?\d{1,5}\)?){2,6}(?!\w)")
_PHONE_NATIONAL = re.compile(r"(?<![\w+])(?:\(0?\d{2,5}\)|0\d{1,5})(?:[ .\-/]?\d{2,8}){1,4}(?!\w)")
_PHONE_US = re.compile(r"(?<![\w+])\(?\d{3}\)?[ .-]\d{3}[ .-]\d{4}(?!\w)")
_PHONE_CUE = re.compile(
    r"(?i)(?:phone|tel\.?|telephone|mobile|cell|fon|telefon|handy|t[ée]l[ée]phone|portable|"
    r"tel[ée]fono|m[óo]vil)\s*[:.]?\s*(\+?\d[\d .\-/()]{6,}\d)"
)
_DATE = re.compile(r"^\d{4}[-./]\d{1,2}[-./]\d{1,2}$|^\d{1,2}[-./]\d{1,2}[-./]\d{2,4}$")

# Every repetition is bounded (words of at most 40 characters, a few words per street name): an
# unbounded run of capitalised words is rescanned from each word and grows quadratically.
_EN_STREET = (
    r"\b\d{1,5}[A-Za-z]?\s+(?:[A-Z][\w'-]{0,40}\s+){1,4}"
    r"(?:Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Dr|Way|Court|Ct|Place|Pl|Square|Sq|"
    r"Terrace|Parkway|Pkwy|Highway|Hwy)\b\.?(?:,?\s+(?:Suite|Ste\.?|Apt\.?|Unit|Floor)\s+\w+)?"
)
_DE_STREET = (
    r"\b[A-ZÄÖÜ][\wäöüß.-]{0,40}(?:[Ss]tra(?:ß|ss)e|[Ss]tr\.|[Ww]eg|[Aa]llee|[Pp]latz|[Gg]asse|[Dd]amm|[Uu]fer|chaussee)"
    r"\s+\d{1,4}\s?[a-z]?\b|\b(?:[A-ZÄÖÜ][\wäöüß-]{1,40}\s+){1,4}(?:Stra(?:ß|ss)e|Weg|Allee|Platz|Gasse|Ring)\s+\d{1,4}\s?[a-z]?\b"
)
_FR_STREET = (
    r"\b\d{1,4}(?:\s?(?:bis|ter))?,?\s+(?:rue|avenue|av\.|boulevard|bd|place|all[ée]e|chemin|quai|impasse|"
    r"route|cours|square)\s+(?:(?:de|du|des|la|le|l['\u2019]|d['\u2019])\s*){0,3}[A-ZÉÈÀÂ][\w'\u2019-]{0,40}"
    r"(?:\s+[A-ZÉÈÀÂ][\w'\u2019-]{0,40}){0,4}"
)
_ES_STREET = (
    r"\b(?:Calle|C/|Avenida|Avda\.?|Paseo|Plaza|Carrera|Camino|Ronda|Traves[íi]a|Rambla)\s+"
    r"(?:(?:de|del|la|los|las|el)\s+){0,3}[A-ZÁÉÍÓÚÑ][\wáéíóúñ]{0,40}(?:\s+[A-ZÁÉÍÓÚÑ][\wáéíóúñ]{0,40}){0,4},?\s*"
    r"(?:n[ºo°]\.?\s*)?\d{1,4}"
)
# A postcode and town after the street belong to the address too.
_POSTCODE_TAIL = r"(?:,?\s+(?:[A-Z]-)?\d{4,5}\s+[A-ZÄÖÜÉÁ][\wäöüßéèáíóúñ-]+)?"
_ADDRESS = re.compile(f"(?:{_EN_STREET}|{_DE_STREET}|{_FR_STREET}|{_ES_STREET}){_POSTCODE_TAIL}")

_PLACEHOLDER = re.compile(r"[⟦\[]\s*(EMAIL|PHONE|CARD|IBAN|ACCOUNT|ADDRESS)_(\d{1,4})\s*[⟧\]]")


def luhn_valid(digits: str) -> bool:
    """True when a digit string passes the Luhn checksum used by payment card numbers."""
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char)
        if position % 2 == 1:
            value = value * 2 - 9 if value > 4 else value * 2
        total += value
    return total % 10 == 0


def iban_valid(candidate: str) -> bool:
    """True when a string is a well-formed IBAN (ISO 13616 mod-97 check)."""
    compact = candidate.replace(" ", "").upper()
    if not 15 <= len(compact) <= 34 or not compact.isalnum():
        return False
    rearranged = compact[4:] + compact[:4]
    return int("".join(str(int(c, 36)) for c in rearranged)) % 97 == 1


def _digits(text: str) -> str:
    return "".join(c for c in text if c.isdigit())


def _card(match: re.Match[str]) -> bool:
    digits = _digits(match.group())
    return 13 <= len(digits) <= 19 and luhn_valid(digits)


def _phone(match: re.Match[str]) -> bool:
    value = match.group()
    return 7 <= len(_digits(value)) <= 15 and not _DATE.match(value.strip())


def _always(_: re.Match[str]) -> bool:
    return True


Finder = tuple[str, re.Pattern[str], Callable[[re.Match[str]], bool], int]

# Order matters: the strictest shapes claim their text first, so an IBAN is never read as a phone.
FINDERS: tuple[Finder, ...] = (
    ("EMAIL", _EMAIL, _always, 0),
    ("IBAN", _IBAN, lambda m: iban_valid(m.group()), 0),
    ("CARD", _CARD, _card, 0),
    ("ACCOUNT", _ACCOUNT, lambda m: len(_digits(m.group(1))) >= 5, 1),
    ("ADDRESS", _ADDRESS, _always, 0),
    ("PHONE", _PHONE_CUE, lambda m: 7 <= len(_digits(m.group(1))) <= 15, 1),
    ("PHONE", _PHONE_INTL, _phone, 0),
    ("PHONE", _PHONE_US, _phone, 0),
    ("PHONE", _PHONE_NATIONAL, _phone, 0),
)


@dataclass(frozen=True)
class PiiSpan:
    """One personal value found in a text."""

    kind: str
    start: int
    end: int
    value: str


def find_pii(text: str) -> list[PiiSpan]:
    """Every personal value in `text`, non-overlapping, in order of position."""
    taken: list[PiiSpan] = []
    for kind, pattern, accept, group in FINDERS:
        for match in pattern.finditer(text):
            start, end = match.span(group)
            if not accept(match) or any(s.start < end and start < s.end for s in taken):
                continue
            taken.append(PiiSpan(kind, start, end, text[start:end].strip()))
    return sorted(taken, key=lambda s: s.start)


@dataclass
class PiiMasker:
    """Replaces personal values by stable placeholders and restores them; one per model call."""

    _by_value: dict[str, str] = field(default_factory=dict)
    _by_placeholder: dict[str, str] = field(default_factory=dict)
    _counts: dict[str, int] = field(default_factory=dict)

    def _placeholder(self, kind: str, value: str) -> str:
        known = self._by_value.get(value)
        if known is not None:
            return known
        self._counts[kind] = self._counts.get(kind, 0) + 1
        placeholder = f"⟦{kind}_{self._counts[kind]}⟧"
        self._by_value[value] = placeholder
        self._by_placeholder[placeholder] = value
        return placeholder

    def mask(self, text: str) -> str:
        """`text` with every personal value replaced by its placeholder."""
        pieces: list[str] = []
        cursor = 0
        for span in find_pii(text):
            raw = text[span.start : span.end]
            lead = raw[: len(raw) - len(raw.lstrip())]
            trail = raw[len(raw.rstrip()) :]
            pieces.append(text[cursor : span.start] + lead + self._placeholder(span.kind, span.value) + trail)
            cursor = span.end
        return "".join(pieces) + text[cursor:]

    def unmask(self, text: str) -> str:
        """`text` with known placeholders (also as [KIND_N]) replaced by the original values."""

        def restore(match: re.Match[str]) -> str:
            return self._by_placeholder.get(f"⟦{match.group(1)}_{match.group(2)}⟧", match.group())

        return _PLACEHOLDER.sub(restore, text)

    def unmask_data(self, data: Any) -> Any:
        """A copy of JSON-like data (dicts, lists, strings) with placeholders restored in every string."""
        if isinstance(data, str):
            return self.unmask(data)
        if isinstance(data, dict):
            return {key: self.unmask_data(value) for key, value in data.items()}
        if isinstance(data, list):
            return [self.unmask_data(item) for item in data]
        return data

    @property
    def masked_count(self) -> int:
        """How many distinct values were masked so far."""
        return len(self._by_value)

    def counts_by_kind(self) -> dict[str, int]:
        """Distinct masked values per kind (for the audit trail; never the values themselves)."""
        return dict(self._counts)
