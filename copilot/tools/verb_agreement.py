"""Verb agreement for reported speech: the verb after a retold first- or second-person subject.

"I need" is retold "the customer needs", and a speaker's later "I need" reads "they need"; past forms,
modals and "-ing" forms keep their shape.
"""

from __future__ import annotations

import re

from copilot.tools.reported_speech_words import (
    FINITE_AUXILIARIES,
    NOT_PARTICIPLES,
    NOUN_PHRASE_WORDS,
    PRONOUN_SUBJECTS,
)

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


# Past and "-s" forms told apart from words that only look like them ("hundred", "red"; "this", "news").
_NOT_PAST = frozenset(["hundred", "red", "bed", "shed", "sled", "bred"])
_NOT_THIRD_PERSON = re.compile(r"(?:ss|us|is|ics|ous|news)$")
_CONTRACTED_VERB = re.compile(r"(?:'re|'ve|'ll|'d|'m|n't)$")
# Pronouns whose "'s" is "is" or "has" ("it's", "that's"); after a noun it is as often a possessive.
_CONTRACTING = frozenset(["it", "that", "this", "there", "here", "what", "who", "he", "she", "where", "how"])
_WORDS = re.compile(r"[a-z]+(?:'[a-z]+)?")
# A fragment is short: a longer clause whose verb none of these signs shows is still more likely a clause.
FRAGMENT_MAX_WORDS = 8


def _verb_at(words: list[str], k: int) -> bool:
    word = words[k]
    before = words[k - 1] if k else ""
    if word in FINITE_AUXILIARIES or word in _IRREGULAR_PAST or _CONTRACTED_VERB.search(word):
        return True
    if word.endswith("'s") and word[:-2] in _CONTRACTING:
        return True
    if len(word) > 3 and word.endswith("ed") and word not in _NOT_PAST:
        return True
    if before in PRONOUN_SUBJECTS and before != "there":
        return True  # "they need", "it works"
    if word.endswith("ing") and len(word) > 4 and word not in NOT_PARTICIPLES:
        return k > 0 and before not in NOUN_PHRASE_WORDS  # "like playing", not "the meeting"
    third = len(word) > 3 and word.endswith("s") and not _NOT_THIRD_PERSON.search(word)
    return third and k > 0 and before not in NOUN_PHRASE_WORDS  # "the team loves", not "more seats"


def is_verbless(clause: str) -> bool:
    """Whether a short clause has no verb: a fragment ("every single Monday", "probably their VP") that
    cannot follow "says ... and that". Read without a tagger from words only a verb can be (see
    reported_speech_words.FINITE_AUXILIARIES); in doubt, and for anything longer than a fragment, False."""
    words = _WORDS.findall(clause.lower().replace("\u2019", "'"))
    if not words or len(words) > FRAGMENT_MAX_WORDS:
        return False
    return not any(_verb_at(words, k) for k in range(len(words)))
