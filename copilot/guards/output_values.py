"""Contact and payment values in a model output (URLs, emails, IBANs, cards, account numbers, phones)."""

from __future__ import annotations

import re
from dataclasses import dataclass

_TLDS = (
    r"com|net|org|io|co|xyz|info|biz|ru|cn|top|app|dev|ai|me|us|uk|de|fr|es|eu|it|nl|ch|at|be|ie|no|se|dk|pl|"
    r"online|site|link|click|shop|store|tk|ml|ga|cf|gq|ly|gl|to|cc|ws|live|support|help|email|cloud"
)
# The lookbehind makes a match start only at the beginning of a token, which keeps long words linear.
EMAIL_RE = re.compile(r"(?<![\w.+-])[\w.+-]+@(?:[\w-]+\.)+[A-Za-z]{2,}")
URL_RE = re.compile(
    rf"\bhttps?://[^\s<>()\[\]\"']+|\bwww\.[^\s<>()\[\]\"']+|(?<![@\w.-])(?:[a-z0-9](?:[a-z0-9-]{{0,61}}[a-z0"
    rf"-9])?\.)+"
    rf"(?:{_TLDS})\b(?![@\w-])(?:/[^\s<>()\"']*)?",
    re.IGNORECASE,
)
IBAN_RE = re.compile(r"\b[A-Z]{2}\d{2}(?:[ ]?[A-Z0-9]{4}){2,7}(?:[ ]?[A-Z0-9]{1,3})?\b")
CARD_RE = re.compile(r"(?<![\d-])(?:\d[ -]?){12,18}\d(?![\d-])")
ACCOUNT_RE = re.compile(
    r"\b(?:account|acct|Konto|compte|cuenta|routing|ABA|sort\s+code|BLZ|BIC|SWIFT)"
    r"(?:\s+(?:number|no\.?|nr\.?|#|numéro|número|code))?\s*[:#]?\s*"
    r"(?P<value>(?-i:\d[\d -]{3,22}\d|[A-Z]{6}[A-Z0-9]{2}(?:[A-Z0-9]{3})?))\b",
    re.IGNORECASE,
)
PHONE_RE = re.compile(
    r"(?:\+|\b00)\d{1,3}[\s.-]?\(?\d{1,4}\)?(?:[\s.-]?\d{2,4}){2,4}\b|\(\d{3}\)\s*\d{3}[\s.-]\d{4}\b"
    r"|\b\d{3}[\s.-]\d{3}[\s.-]\d{4}\b"
)
_SECOND_LEVEL = {"co", "com", "org", "net", "ac", "gov", "edu"}
_TRAILING = ".,;:!?)'\""


@dataclass(frozen=True)
class OutputValue:
    """One URL, email, bank detail, card number or phone number found in an output."""

    kind: str
    label: str
    start: int
    end: int
    text: str

    def known_in(self, known: str) -> bool:
        """True when the same value (compared in normalised form) appears in `known`."""
        if self.kind == "url":
            return f"{_domain(self.text)}" in known.lower()
        if self.kind == "email":
            return self.text.lower() in known.lower()
        digits = _alnum(self.text)
        haystack = _alnum(known)
        # Phones are compared on their last nine digits so "+1 617 555 0142" matches "(617) 555-0142".
        return (digits[-9:] if self.kind == "phone" else digits) in haystack


def _alnum(text: str) -> str:
    return re.sub(r"[^0-9A-Z]", "", text.upper())


def _domain(url: str) -> str:
    host = re.sub(r"^(?:https?://)?(?:www\.)?", "", url.lower()).split("/")[0].split(":")[0]
    labels = host.split(".")
    keep = 3 if len(labels) >= 3 and labels[-2] in _SECOND_LEVEL and len(labels[-1]) == 2 else 2
    return ".".join(labels[-keep:])


def _iban_valid(raw: str) -> bool:
    compact = raw.replace(" ", "")
    if not 15 <= len(compact) <= 34:
        return False
    moved = compact[4:] + compact[:4]
    return int("".join(str(int(c, 36)) for c in moved)) % 97 == 1


def _luhn(digits: str) -> bool:
    total = 0
    for i, d in enumerate(reversed(digits)):
        n = int(d) * (2 if i % 2 else 1)
        total += n - 9 if n > 9 else n
    return total % 10 == 0


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while end > start and text[end - 1] in _TRAILING:
        end -= 1
    return start, end


def _candidates(output: str) -> list[OutputValue]:
    """All matches in priority order: an email beats the URL-like domain inside it, a card beats a phone."""
    found = [
        OutputValue("email", "email address", m.start(), m.end(), m.group(0))
        for m in EMAIL_RE.finditer(output)
    ]
    for m in URL_RE.finditer(output):
        start, end = _strip(output, m.start(), m.end())
        found.append(OutputValue("url", "link", start, end, output[start:end]))
    for m in IBAN_RE.finditer(output):
        if _iban_valid(m.group(0)) or re.search(r"IBAN\W*$", output[max(0, m.start() - 12) : m.start()]):
            found.append(OutputValue("bank_detail", "IBAN", m.start(), m.end(), m.group(0)))
    for m in CARD_RE.finditer(output):
        digits = re.sub(r"\D", "", m.group(0))
        if 13 <= len(digits) <= 19 and _luhn(digits):
            found.append(OutputValue("card_number", "card number", m.start(), m.end(), m.group(0)))
    for m in ACCOUNT_RE.finditer(output):
        # Five digits keep "account 2" or "code 123" out; a BIC is letters with at most a few digits.
        if sum(c.isdigit() for c in m.group("value")) >= 5 or m.group("value").isalnum():
            value = m.group("value")
            found.append(
                OutputValue("bank_detail", "bank account detail", m.start("value"), m.end("value"), value)
            )
    found += [
        OutputValue("phone", "phone number", m.start(), m.end(), m.group(0))
        for m in PHONE_RE.finditer(output)
    ]
    return found


def find_output_values(output: str) -> list[OutputValue]:
    """Every contact or payment value in `output`, without overlaps, in text order."""
    kept: list[OutputValue] = []
    for value in _candidates(output):
        if not any(value.start < k.end and k.start < value.end for k in kept):
            kept.append(value)
    return sorted(kept, key=lambda v: v.start)
