"""Find people's names and product/feature names: capitalised terms, honorifics, greetings, feature cues."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from copilot.guards.dates import MONTHS

# Single letters and two-letter abbreviations only count with their dot ("M. Dupont", "Hr. Weber").
_HONORIFIC = (
    r"(?:(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof|Herr|Frau|Mme|Mlle|Monsieur|Madame|Mademoiselle|"
    r"Sra|Srta|Señor|Señora|Señorita|Doña)\.?|(?:M|Hr|Fr|Sr)\.)"
)
# The lookbehind lets a capitalised word start only at a word boundary (linear time on long tokens).
_CAP = r"(?:(?<![\w'\u2019&-])[A-ZÀ-ÖØ-Þ][\w'\u2019&-]*)"
HONORIFIC_RE = re.compile(rf"\b{_HONORIFIC}\s+(?P<name>{_CAP}(?:\s+{_CAP})?)")
GREETING_RE = re.compile(
    r"^[ \t]*(?:Hi|Hello|Hey|Dear|Good\s+(?:morning|afternoon|evening)|Hallo|Liebe|Lieber|Guten\s+Tag|"
    r"Sehr\s+geehrte[r]?|Bonjour|Cher|Chère|Hola|Estimad[oa]|Querid[oa])"
    rf"(?:\s+{_HONORIFIC})?\s+(?P<name>{_CAP}(?:\s+{_CAP})?)\s*[,!:]",
    re.MULTILINE,
)
_CUE_WORDS = r"features?|modules?|integrations?|connectors?|add-ons?|plug-?ins?|plans?|tiers?|editions?"
_QUOTED = r"[\"'\u2018\u201c][^\"'\u2019\u201d\n]{2,40}[\"'\u2019\u201d]"
CUE_RE = re.compile(
    rf"(?P<name>(?:{_CAP}\s+){{0,2}}{_CAP}|{_QUOTED})\s+(?P<cue>{_CUE_WORDS})\b"
    r"|\b(?:Modul|Funktion|Integration|Schnittstelle|module|fonctionnalité|intégration|connecteur|módulo|"
    rf"función|integración|conector)\s+(?P<name2>{_CAP}(?:\s+{_CAP}){{0,2}})"
)
_SEQUENCE_RE = re.compile(rf"{_CAP}(?:(?:[ \t]+|[ \t]+(?:&|of|de|von|van|der|du|la)[ \t]+){_CAP})*")
_PERSON_AFTER = re.compile(
    r"^\s*(?:,\s*(?:our|their|the)?\s*(?:CEO|CFO|CTO|CIO|COO|VP|Head|Director|Manager|Lead)\b|"
    r"\s+(?:said|mentioned|confirmed|agreed|asked|told|wrote|noted|suggested|promised|explained|requested|"
    r"called|emailed|replied|joined|from|at)\b)"
)
_PERSON_BEFORE = re.compile(
    r"\b(?:with|spoke\s+to|talked\s+to|met|meet|cc|contact|ask|thanks\s+to)\s*$", re.I
)


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Capitalised words that are not names: sentence starters, pronouns, salutations, calendar words, titles.
GENERIC = _words(
    """a an the this that these those our your their my his her its we you they i it he she there here
    hi hello hey dear thanks thank best kind warm regards sincerely cheers yours please let looking happy
    great good glad hope just also and but or so if as for with from to on in at by of please note attached
    monday tuesday wednesday thursday friday saturday sunday today tomorrow yesterday team re fw fwd subject
    senior junior account executive manager director head vice president chief officer engineer sales
    support success customer solutions lead specialist representative vp ceo cfo cto coo cio ps
    mit freundlichen grüßen grüße gruß viele liebe lieber sehr geehrte geehrter sie ihr ihre ihnen wir unser
    unsere der die das ein eine und bitte danke vielen herzliche beste
    bonjour cordialement merci madame monsieur nous vous votre notre le la les un une et bien salutations
    hola saludos atentamente gracias estimado estimada usted ustedes nuestro nuestra el los las y
    q1 q2 q3 q4 then after before when while however yes ok okay now later finally first next meanwhile
    because although since unfortunately fortunately actually anyway besides still perhaps maybe sure sorry
    well oh
    """
) | frozenset(MONTHS)
_QUOTES = "\"'\u2018\u2019\u201c\u201d"
_GERMAN = _words("und der die das nicht ist wir sie ihnen mit für bitte auch wird werden unser unsere")
_ORG_WORDS = _words(
    """insights pipelines embedded analytics cloud suite platform pro plus hub studio sync connect data portal
    logistics health systems group partners software labs bank inc ltd gmbh llc ag sa corp company services
    solutions technologies edition enterprise premium basic standard starter business api center centre
    dashboard reports module integration connector workspace foods energy media retail"""
)


@dataclass(frozen=True)
class NameMention:
    """A person or product name found in text; `name` is the part that must appear in the records."""

    kind: str
    start: int
    end: int
    name: str


def fold(text: str) -> str:
    """Case- and accent-free words joined by single spaces, padded with spaces for whole-word search."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    plain = re.sub(r"['\u2019]s\b", "", plain)
    return " " + " ".join(re.findall(r"[^\W_]+", plain)) + " "


def looks_german(text: str) -> bool:
    """German capitalises every noun, so capitalised-run heuristics are switched off for German text."""
    words = re.findall(r"[^\W\d_]+", text.lower())
    return len(words) >= 6 and sum(w in _GERMAN for w in words) / len(words) > 0.08


def _generic(word: str) -> bool:
    base = re.split(r"['\u2019]", word.lower().strip(_QUOTES + "&"))[0]
    return not base or base in GENERIC or base in {"of", "de", "von", "van", "der", "du", "la"}


def _trim(text: str, start: int, end: int) -> tuple[int, int] | None:
    """Drop generic words at either end of a capitalised run; None when nothing specific is left."""
    words = [(m.start() + start, m.end() + start) for m in re.finditer(r"\S+", text[start:end])]
    while words and _generic(text[words[0][0] : words[0][1]]):
        words.pop(0)
    while words and _generic(text[words[-1][0] : words[-1][1]]):
        words.pop()
    if not words:
        return None
    return words[0][0], words[-1][1]


def _is_headline(line: str) -> bool:
    """Title Case lines (subjects, headings) capitalise every word; sentences end with punctuation."""
    words = re.findall(r"[^\W\d_]+", line)
    if not words or line.rstrip().endswith((".", "!", "?", ",", ";")):
        return False
    return len(words) >= 3 and sum(w[0].isupper() for w in words) / len(words) > 0.6


def _person_like(text: str, start: int, end: int, known: set[str]) -> bool:
    tokens = fold(text[start:end]).split()
    if any(t in _ORG_WORDS for t in tokens):
        return False
    if any(not w[0].isupper() or w.isupper() for w in text[start:end].split()):
        return False
    if known and all(t in known for t in tokens):
        return True
    before = text[max(0, start - 20) : start]
    return bool(_PERSON_AFTER.match(text[end : end + 40]) or _PERSON_BEFORE.search(before))


def iter_names(
    text: str, known_names: Iterable[str] = (), language: str | None = None
) -> Iterator[NameMention]:
    """People and products, never overlapping; explicit cues win over the capitalised-run heuristic.

    `language` (ISO 639-1) overrides detection where the text is too short or mixed to tell.
    """
    known = {t for name in known_names for t in fold(name).split()}
    found: list[NameMention] = []

    def add(kind: str, start: int, end: int, name: str) -> None:
        if not any(start < f.end and f.start < end for f in found):
            found.append(NameMention(kind, start, end, name))

    for m in GREETING_RE.finditer(text):
        add("person", m.start("name"), m.end("name"), m["name"])
    for m in HONORIFIC_RE.finditer(text):
        add("person", m.start(), m.end(), m["name"])
    for m in CUE_RE.finditer(text):
        group = "name" if m.group("name") else "name2"
        span = _trim(text, m.start(group), m.end(group))
        if span:
            name = text[span[0] : span[1]].strip(_QUOTES)
            start, end = (span[0], m.end()) if group == "name" else (m.start(), span[1])
            add("product", start, end, name)
    german = language.lower().startswith("de") if language else looks_german(text)
    if not german:
        for start, end in _runs(text):
            kind = "person" if _person_like(text, start, end, known) else "product"
            add(kind, start, end, text[start:end])
    yield from sorted(found, key=lambda f: f.start)


def _runs(text: str) -> Iterator[tuple[int, int]]:
    """Runs of two or more capitalised words (outside headline-style lines), generic ends trimmed."""
    offset = 0
    for line in text.splitlines(keepends=True):
        if not _is_headline(line):
            for m in _SEQUENCE_RE.finditer(line):
                span = _trim(line, m.start(), m.end())
                if span and len(line[span[0] : span[1]].split()) >= 2:
                    yield span[0] + offset, span[1] + offset
        offset += len(line)
