"""Whether a record sentence really answers a customer's question, by what the question asks for.

A sentence answers only when it names what was asked about (it shares the question's specific
words, among them one of its two most specific) and carries the kind of value the question wants:
a date for "when", an amount for "how much", a frequency for "how often". Yes/no questions and
requests ("Can we…", "Could you send…") need the words alone, but more of them. Anything less is
no answer, and the reply defers honestly instead of restating a loosely related sentence.
"""

from __future__ import annotations

import re
from typing import Literal

from copilot.guards.spans import extract_claims

AskKind = Literal["when", "amount", "frequency", "whether", "open"]

_KINDS: tuple[tuple[AskKind, re.Pattern[str]], ...] = (
    (
        "frequency",
        re.compile(
            r"\bhow (?:often|frequently)\b|\bwie (?:oft|häufig)\b|\bà quelle fréquence\b|"
            r"\bcombien de fois\b|\bcon qué frecuencia\b|\bcada cuánto\b",
            re.IGNORECASE,
        ),
    ),
    (
        "amount",
        re.compile(
            r"\bhow (?:much|many)\b|\bwhat (?:price|cost|fee)\b|\bwie ?viele?\b|\bwas kostet\b|"
            r"\bcombien\b|\bquel (?:prix|coût|tarif)\b|\bcuánto|\bcuántos\b|\bqué precio\b",
            re.IGNORECASE,
        ),
    ),
    (
        "when",
        re.compile(
            r"\bwhen\b|\bwhat date\b|\bby when\b|\bhow long\b|\bwann\b|\bbis wann\b|\bquand\b|"
            r"\bà quelle date\b|\bcuándo\b|\bpara cuándo\b",
            re.IGNORECASE,
        ),
    ),
    (
        "whether",
        re.compile(
            r"^(?:can|could|would|will|is|are|do|does|did|should|may|shall|have|has|please|kindly)\b|"
            r"^(?:kann|können|könnten|könnte|ist|sind|gibt|gäbe|haben|hätten|wäre|würden|bieten|bitte)\b|"
            r"^(?:est-ce que|pouvez-vous|pourriez-vous|peut-on|y a-t-il|serait-il|avez-vous|merci de)\b|"
            r"^¿?(?:puede|pueden|podría|podrían|es posible|hay|tienen|sería|por favor)\b",
            re.IGNORECASE,
        ),
    ),
)
# A frequency stated in a record: "every 15 minutes", "hourly", "alle 30 Minuten", "toutes les heures".
_FREQUENCY = re.compile(
    r"\bevery\b|\b(?:hourly|daily|nightly|weekly|monthly)\b|\bper (?:hour|day|week)\b|\bonce an? \w+\b|"
    r"\balle \d+|\b(?:stündlich|täglich|wöchentlich|monatlich)\b|\btou(?:te)?s les\b|"
    r"\b(?:quotidien|hebdomadaire)\w*|\bcada \w+|\b(?:diari|semanal)\w*",
    re.IGNORECASE,
)
_DATE_KINDS = frozenset({"date"})
_AMOUNT_KINDS = frozenset({"money", "number", "percent"})
_WORD = re.compile(r"[^\W\d_]{4,}")
# Words of asking and politeness in en/de/fr/es: they say how something is asked, not what about.
_ASKING = frozenset(
    " ".join(
        (
            "could would should please kindly there where which when what about often much many their",
            "these those your yours have with this that from into also possible someone anyone know",
            "tell send share confirm check help does will thanks thank just need want like able make",
            "können könnten bitte schicken senden bestätigen sagen mitteilen wäre gibt haben hätten",
            "ihre ihren unsere unser eine einen einem dass wann oder auch noch",
            "pourriez pouvez merci envoyer confirmer votre notre nous vous avec pour dans quand est-ce",
            "podría podrían pueden enviar confirmar favor nuestro nuestra ustedes para cuándo también",
        )
    ).split()
)
STEM = 5
# Shared specific words that answer a question whatever its longest words are, when half or more of its own.
MOST_WORDS = 3


def ask_kind(question: str) -> AskKind:
    """What the question asks for: a frequency, an amount, a date, a yes/no (or a request), or other."""
    text = question.strip()
    for kind, pattern in _KINDS:
        if pattern.search(text):
            return kind
    return "open"


def content_stems(text: str) -> list[str]:
    """The text's specific words as 5-letter stems, in order, without asking and politeness words."""
    words = [w.lower() for w in _WORD.findall(text)]
    return list(dict.fromkeys(w[:STEM] for w in words if w not in _ASKING))


def key_stems(question: str) -> frozenset[str]:
    """The stems of the question's two longest specific words: what it is asked about."""
    words = [w.lower() for w in _WORD.findall(question) if w.lower() not in _ASKING]
    longest = sorted(dict.fromkeys(words), key=len, reverse=True)[:2]
    return frozenset(w[:STEM] for w in longest)


def _carries(kind: AskKind, sentence: str, language: str) -> bool:
    if kind == "frequency":
        return bool(_FREQUENCY.search(sentence))
    if kind in ("when", "amount"):
        wanted = _DATE_KINDS if kind == "when" else _AMOUNT_KINDS
        return any(c.kind in wanted for c in extract_claims(sentence, [], language))
    return True


def answers(question: str, sentence: str, language: str) -> bool:
    """True when the sentence names what the question asks about and carries the value it asks for."""
    asked = content_stems(question)
    # One specific word is too little to recognise an answer by: "…by the end of the week?" was
    # "answered" with "I hope your week is going well". Such a question is deferred instead.
    if len(asked) < 2:
        return False
    shared = set(asked) & set(content_stems(sentence))
    # Its longest words are what a question is about, or most of its words: "Wäre es möglich, von
    # quartalsweiser auf jährliche Abrechnung umzustellen?" is answered by "Eine jährliche Abrechnung ist
    # ab der nächsten Abrechnungsperiode möglich." (three of five; a reviewer's reading, 2026-12-07).
    most = len(shared) >= MOST_WORDS and 2 * len(shared) >= len(asked)
    if not shared & key_stems(question) and not most:
        return False
    kind = ask_kind(question)
    # A yes/no question or request is answered by a statement about the same thing, not a passing mention.
    needed = 2 if len(asked) <= 3 or kind in ("when", "amount", "frequency") else 3
    return len(shared) >= needed and _carries(kind, sentence, language)
