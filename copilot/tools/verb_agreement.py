"""Verb agreement for reported speech: the verb after a retold first- or second-person subject.

"I need" is retold "the customer needs", and a speaker's later "I need" reads "they need"; past forms,
modals and "-ing" forms keep their shape.
"""

from __future__ import annotations

# A first/second-person subject followed by a verb that must agree with the third person.
_AGREE = {
    "am": "is",
    "are": "is",
    "have": "has",
    "do": "does",
    "was": "was",
    "were": "was",
    "don't": "doesn't",
    "aren't": "isn't",
    "haven't": "hasn't",
    "weren't": "wasn't",
}
# "They" takes the plural verb: "they need", "they cancel", "they are", "they were".
_PLURAL_AGREE = {
    "am": "are",
    "is": "are",
    "was": "were",
    "has": "have",
    "does": "do",
    "doesn't": "don't",
    "isn't": "aren't",
    "wasn't": "weren't",
    "hasn't": "haven't",
}
_NO_AGREEMENT = frozenset(
    [
        "can",
        "could",
        "will",
        "would",
        "shall",
        "should",
        "may",
        "might",
        "must",
        "did",
        "had",
        "the",
        "a",
        "an",
        "to",
        "for",
        "with",
        "about",
        "in",
        "on",
        "at",
        "of",
        "that",
        "this",
        "all",
        "both",
        "so",
        "too",
        "again",
        "guys",
        "and",
        "or",
        "but",
        "not",
        "as",
        "if",
    ]
)
# Present-tense verbs that end in "-ed" like a past form ("I need" -> "needs"); any other "-eed" word
# is a past form ("agreed", "guaranteed", "freed") and takes no agreement.
_PRESENT_EED = frozenset(
    ["need", "feed", "bleed", "breed", "speed", "proceed", "exceed", "succeed", "heed", "seed", "weed"]
)
# Irregular past forms take no agreement ("I thought" -> "the agent thought", never "thoughts").
_IRREGULAR_PAST = frozenset(
    [
        "thought",
        "said",
        "told",
        "knew",
        "made",
        "sent",
        "got",
        "went",
        "took",
        "gave",
        "came",
        "saw",
        "found",
        "felt",
        "left",
        "kept",
        "bought",
        "brought",
        "paid",
        "heard",
        "meant",
        "met",
        "spent",
        "lost",
        "wrote",
        "forgot",
        "spoke",
        "understood",
        "began",
        "ran",
        "sold",
        "built",
        "caught",
        "taught",
    ]
)


def third_person(verb: str) -> str:
    """A present-tense verb agreeing with a third-person singular subject ("ask" -> "asks")."""
    lowered = verb.lower()
    if lowered in _AGREE:
        return _AGREE[lowered]
    past = lowered.endswith("ed") and lowered not in _PRESENT_EED
    irregular = lowered in _IRREGULAR_PAST
    if past or irregular or lowered.endswith(("'t", "ing")) or lowered in _NO_AGREEMENT or len(lowered) < 2:
        return verb
    if lowered.endswith(("s", "sh", "ch", "x", "z", "o")):
        return verb + "es"
    if lowered.endswith("y") and lowered[-2] not in "aeiou":
        return verb[:-1] + "ies"
    return verb + "s"


def plural_verb(verb: str) -> str:
    """The verb as it agrees with "they" ("am" -> "are"); a plain verb is already plural ("need")."""
    return _PLURAL_AGREE.get(verb.lower(), verb)
