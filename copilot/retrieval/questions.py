"""What kind of fact a question asks for, and the words records use when they state such a fact.

Question types steer three things: extra keyword terms (records say "renews" and "Vertrag" where the
question says "renewal"), the typed field a stating sentence holds (an amount, a date), and a learned
prior over interaction kinds (prices are agreed in meetings and notes, complaints come in tickets).
The patterns name general CRM vocabulary; they were written before the held-out paraphrase set was
scored and are not tuned on it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from copilot.retrieval.sentence_table import DATE, MONEY, field_flags

# First match wins: "what did X commit to" is a commitment even though it names a promise, and
# "what renewal price" asks for a price.
_PATTERNS: tuple[tuple[str, str], ...] = (
    (
        "commitment",
        r"\bcommit|\bowes?\b|\baction items?\b|\bagreed to\b|\bby when\b|\bdeadline\b|"
        r"\bwho (?:will|is going to|promised)\b|\bfollow[- ]?up\b|\bpromised to\b|"
        r"\bsaid (?:he|she|they) would\b",
    ),
    (
        "price",
        r"\bprice|\bpricing\b|\bcost\b|\bquote|\bpay\b|\bfee\b|\bcharg|\bhow much\b|\bamount\b|\bdiscount",
    ),
    (
        "renewal",
        r"\brenew|\bexpir|\bcontract\b|\bsubscription\b|\bagreement\b|\bterm\b|\brun out\b|\bre-?sign",
    ),
    (
        "complaint",
        r"\bcomplain|\bproblem|\bissue|\bwrong\b|\bbroken\b|\bunhappy\b|\bupset|\bfrustrat|\bslow\b|"
        r"\bfail|\bbug|\berror|\bgo(?:es)? wrong\b|\bannoy",
    ),
    (
        "feature",
        r"\bfeature|\bpromis|\broadmap\b|\bdeliver|\bbuild|\bship|\bcapabilit|\bgetting\b|\bcoming\b|"
        r"\bavailable\b|\brelease",
    ),
)
_COMPILED = tuple((name, re.compile(pattern, re.IGNORECASE)) for name, pattern in _PATTERNS)
QUESTION_TYPES = ("commitment", "renewal", "price", "complaint", "feature", "other")

# Words records use when they state a fact of each type, in the languages the connectors see.
_EXPANSIONS = {
    "commitment": "will agreed action item follow-up send confirm share",
    "renewal": (
        "renew renews renewal contract subscription agreement expires date "
        "vertrag abonnement verlängert verlängerung contrat abonnement renouvelle renouvellement "
        "échéance contrato suscripción renueva renovación rinnovo rinnova scade contratto abbonamento "
        "verlenging verlengd verloopt loopt contract abonnement"
    ),
    "price": (
        "price pricing quote quoted cost per year annual seats plan "
        "preis jahr nutzer prix par an utilisateurs precio año usuarios prezzo preventivo anno utenti "
        "prijs offerte jaar gebruikers"
    ),
    "complaint": (
        "complaint frustrated frustration unhappy problem issue failed broken slow beschweren leider lento "
        "lente problema accettabile traag probleem acceptabel"
    ),
    "feature": "available live ships roadmap delivering scheduled release committed workspace",
    "other": "",
}
# The typed value a sentence stating the fact holds.
_FIELDS = {"commitment": DATE, "renewal": DATE, "price": MONEY, "feature": DATE}


@dataclass(frozen=True)
class QuestionIntent:
    """A question's type, the keyword text to search with, and the field its answer holds (0: none)."""

    kind: str
    keyword_query: str
    field: int


def question_type(question: str) -> str:
    """The fact type a question asks for, or "other"."""
    for name, pattern in _COMPILED:
        if pattern.search(question):
            return name
    return "other"


def intent_of(question: str, *, expand: bool = True) -> QuestionIntent:
    """The question's type; with `expand`, its keyword query gains the type's record vocabulary."""
    kind = question_type(question)
    extra = _EXPANSIONS[kind] if expand else ""
    return QuestionIntent(kind, f"{question} {extra}".strip(), _FIELDS.get(kind, 0))


# A drafting purpose's action words ("follow up on", "send an update on") say what to do, not what the
# letter is about: "follow up on the renewal" asks for the renewal's facts, not for commitments.
_PURPOSE_ACTION = re.compile(
    r"^\s*(?:please\s+)?(?:follow[- ]?up(?: on| about| with)?|send (?:them |the customer )?(?:an? )?"
    r"(?:update|note|reminder|summary) (?:on|about)|respond to|reply to|answer|confirm|propose next steps "
    r"(?:on|for)|propose|recap|summari[sz]e|check in (?:on|about)|"
    r"remind (?:them |the customer )?(?:of|about))\s+",
    re.IGNORECASE,
)


def _word_set(text: str) -> frozenset[str]:
    return frozenset(_LETTERS.findall(text.lower()))


_LETTERS = re.compile(r"[^\W\d_]+")
# Commitments are said with "will" ("I'll", "we will"), a word keyword search drops as a stopword.
_VOCABULARY = {
    kind: _word_set(words + (" will ll" if kind == "commitment" else ""))
    for kind, words in _EXPANSIONS.items()
    if words
}
# A renewal is decided by its date and its price, so a renewal letter states both.
_RELATED_TYPES = {"renewal": ("price",)}


@dataclass(frozen=True)
class PurposeIntent:
    """What a drafting purpose is about: its topic text, the fact types it names, and their fields."""

    topic: str
    kinds: tuple[str, ...]
    keyword_query: str
    fields: int

    def fits(self, sentence: str) -> int:
        """How many of the purpose's fact types the sentence states: a word of the type's record
        vocabulary and, for types with a typed value, that value ("renews … on 11 March 2027")."""
        words = _word_set(sentence)
        flags = field_flags(sentence)
        return sum(
            bool(words & _VOCABULARY[kind]) and (flags & _FIELDS.get(kind, 0)) == _FIELDS.get(kind, 0)
            for kind in self.kinds
            if kind in _VOCABULARY
        )


def purpose_intent(purpose: str) -> PurposeIntent:
    """The fact types a drafting purpose names (every one, not the first), with their record vocabulary."""
    topic = _PURPOSE_ACTION.sub("", purpose, count=1).strip() or purpose.strip()
    named = [name for name, pattern in _COMPILED if pattern.search(topic)]
    kinds = tuple(dict.fromkeys([*named, *(r for k in named for r in _RELATED_TYPES.get(k, ()))]))
    fields = 0
    for kind in kinds:
        fields |= _FIELDS.get(kind, 0)
    query = " ".join([topic, *(_EXPANSIONS[k] for k in kinds)]).strip()
    return PurposeIntent(topic, kinds or ("other",), query, fields)
