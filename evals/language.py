"""A tiny stopword-count language detector for the supported languages (`copilot.languages.SUPPORTED`).

The eval's own judge, with its own word lists: a draft's language is not graded by the detector the
product used to write it. `tests/test_languages.py` checks it covers the same languages.
"""

from __future__ import annotations

from evals.scoring import tokens

STOPWORDS: dict[str, frozenset[str]] = {
    "en": frozenset(
        [
            "the",
            "and",
            "to",
            "of",
            "you",
            "we",
            "is",
            "for",
            "that",
            "with",
            "our",
            "your",
            "this",
            "are",
            "on",
            "be",
            "will",
            "it",
            "have",
        ]
    ),
    "de": frozenset(
        [
            "der",
            "die",
            "das",
            "und",
            "ist",
            "wir",
            "sie",
            "ihr",
            "ihre",
            "mit",
            "für",
            "nicht",
            "ein",
            "eine",
            "zu",
            "den",
            "dem",
            "auf",
            "ich",
        ]
    ),
    "fr": frozenset(
        [
            "le",
            "la",
            "les",
            "et",
            "est",
            "nous",
            "vous",
            "pour",
            "avec",
            "une",
            "des",
            "du",
            "que",
            "pas",
            "sur",
            "votre",
            "au",
            "ce",
        ]
    ),
    "es": frozenset(
        [
            "el",
            "la",
            "los",
            "las",
            "y",
            "es",
            "nosotros",
            "usted",
            "para",
            "con",
            "una",
            "del",
            "que",
            "por",
            "su",
            "en",
            "lo",
            "al",
        ]
    ),
    "it": frozenset(
        [
            "il",
            "di",
            "che",
            "e",
            "per",
            "non",
            "sono",
            "della",
            "vostro",
            "vostra",
            "alla",
            "nel",
            "questo",
            "ci",
            "vi",
            "siamo",
            "gli",
        ]
    ),
    "nl": frozenset(
        [
            "het",
            "een",
            "van",
            "voor",
            "met",
            "op",
            "te",
            "dat",
            "niet",
            "zijn",
            "uw",
            "wij",
            "ons",
            "onze",
            "naar",
            "bij",
            "ook",
            "om",
        ]
    ),
}


def detect_language(text: str) -> str | None:
    """The language whose stopwords occur most often, or None when no stopword occurs."""
    words = tokens(text)
    counts = {lang: sum(w in stop for w in words) for lang, stop in STOPWORDS.items()}
    best = max(counts, key=lambda lang: counts[lang])
    return best if counts[best] > 0 else None
