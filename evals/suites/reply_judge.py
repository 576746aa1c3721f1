"""The reply judge: does a reply address each question of the customer's message, honestly?

Written apart from the product's reply code (its own question splitter, word lists and deferral
phrases), so a product bug is not mirrored here. Per question, a reply addresses it when one of its
sentences either

- **answers** it: the sentence carries a body citation to a record other than the message itself,
  names what was asked about (one of the question's two most specific words, by 5-letter stem), and
  at least 60% of its specific words appear in the records it cites (a supported fact, not a guess); or
- **defers** it explicitly: it says the answer is not at hand or will follow (a deferral phrase in
  the reply's language, or a promise to send what was asked for), names a time to come back by, and
  refers to this question, by one of its specific
  words or by its position ("your second question"; "your question" or "your request" when it is
  the only one). The phrases cover en/de/fr/es/it/nl, the languages the product writes.

A reply that refers to a question nowhere fails it, however good the rest is. Separately, a reply
must not quote the message back: 8 consecutive words of the message in the reply count as a quote.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_SENTENCE = re.compile(r"[^.!?\n]+[.!?]*")
_WORD = re.compile(r"[^\W\d_]{4,}")
_JOINED = re.compile(
    r",?\s+(?:and|und|et|y)\s+(?=(?:can|could|is|are|do|does|will|would|how|when|what|where|kann|können|"
    r"gibt|ist|wie|wann|est-ce|peut-on|pouvez|quand|comment|se puede|pueden|cuándo|cómo)\b)",
    re.IGNORECASE,
)
_ASKING_LEAD = re.compile(
    r"^(?:please|kindly|let me know|bitte|merci de|por favor|per favore|graag)\b", re.IGNORECASE
)
# "Let me know if anything is unclear." closes a letter, "Let me know what you need from our side." offers
# help; neither asks anything.
_COURTESY = re.compile(
    r"^(?:please )?let (?:me|us) know "
    r"(?:if (?:anything|you|there|any)\b|(?:what|whatever) (?:else )?you need\b)",
    re.IGNORECASE,
)
_GREETING_LINE = re.compile(
    r"^(?:hi|hello|hey|dear|hallo|guten tag|bonjour|hola|buongiorno|gentile|ciao|goedemorgen|beste|hoi)\b",
    re.IGNORECASE,
)


# How a sentence asks, not what about: never the question's "specific" words.
def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_NOT_SPECIFIC = _words(
    "could would should please kindly there where which when what about often much many their these "
    "those your yours have with this that from also possible know tell send share confirm check does "
    "will thanks thank just need want like able können könnten bitte schicken senden bestätigen wäre "
    "gibt haben ihre ihren unsere dass wann oder auch pourriez pouvez merci envoyer confirmer votre "
    "notre nous vous avec pour dans quand podría podrían pueden enviar confirmar favor nuestro para "
    "cuándo también potete potreste inviare inviarci grazie quando vostro nostro kunt sturen graag "
    "wanneer onze"
)
_DEFERS = re.compile(
    r"don't have|do not have|not (?:yet )?(?:to hand|at hand|available)|come back to you|get back to you|"
    r"will (?:check|find out|confirm)|checking with|"
    r"liegen? mir .{0,30}nicht vor|melde mich|kläre das|noch keine|"
    r"je n'ai pas|reviens vers vous|je vérifie|pas encore|"
    r"todavía no|aún no|le respondo|lo consulto|"
    r"non ho ancora|vi rispondo|sto verificando|"
    r"nog niet|kom .{0,30}terug|ga het na|"
    # A promise to send what was asked for ("I will send you the contract by Monday") is the answer
    # following by a named day, as much as "I will come back to you" is.
    r"will send you|schicke ich ihnen|je vous envoie|le envío|vi invio|ik stuur u",
    re.IGNORECASE,
)
_WHEN_BACK = re.compile(
    r"\b(?:monday|tuesday|wednesday|thursday|friday|tomorrow|next week|end of (?:the )?(?:day|week)|"
    r"montag|dienstag|mittwoch|donnerstag|freitag|morgen|nächste[nr]? woche|"
    r"lundi|mardi|mercredi|jeudi|vendredi|demain|semaine prochaine|"
    r"lunes|martes|miércoles|jueves|viernes|mañana|próxima semana|"
    r"lunedì|martedì|mercoledì|giovedì|venerdì|domani|prossima settimana|"
    r"maandag|dinsdag|woensdag|donderdag|vrijdag|volgende week)\b|\d",
    re.IGNORECASE,
)
_ORDINALS = (
    ("first", "erste", "première", "primera", "prima", "eerste"),
    ("second", "zweite", "deuxième", "segunda", "seconda", "tweede"),
    ("third", "dritte", "troisième", "tercera", "terza", "derde"),
    ("fourth", "vierte", "quatrième", "cuarta", "quarta", "vierde"),
    ("fifth", "fünfte", "cinquième", "quinta", "quinta", "vijfde"),
)
# What the reply calls the customer's item when it refers to it by place: a question, or a request.
_QUESTION_WORD = re.compile(
    r"\b(?:question|frage|pregunta|domanda|vraag|request|anfrage|demande|solicitud|richiesta|verzoek)\b",
    re.IGNORECASE,
)
# A request for an answer by a day, and for nothing else ("Could you let me know by the end of the week?").
_ONLY_ASKS_BY_WHEN = re.compile(
    r"^(?:could|can|would) you (?:please )?(?:let (?:me|us) know|get back to (?:me|us)|reply) (?:by|before)\b"
    r"[^,;]*$",
    re.IGNORECASE,
)
QUOTE_WORDS = 8
SUPPORTED_SHARE = 0.6


@dataclass(frozen=True)
class Verdict:
    """How a reply addressed one question: "answered", "deferred" or "ignored"."""

    question: str
    outcome: str


def asked(message: str) -> list[str]:
    """The questions and requests of a message (quoted lines and greetings skipped)."""
    found: list[str] = []
    for line in message.splitlines():
        line = line.strip()
        if not line or line.startswith(">") or _GREETING_LINE.match(line):
            continue
        for sentence in (s.strip() for s in _SENTENCE.findall(line)):
            if sentence.endswith("?"):
                found += [p.strip() for p in _JOINED.split(sentence) if p.strip()]
            elif _ASKING_LEAD.match(sentence) and not _COURTESY.match(sentence) and len(sentence) > 12:
                found.append(sentence)
    return found


def _stems(text: str) -> set[str]:
    return {w.lower()[:5] for w in _WORD.findall(text) if w.lower() not in _NOT_SPECIFIC}


def _key_stems(question: str) -> set[str]:
    words = [w.lower() for w in _WORD.findall(question) if w.lower() not in _NOT_SPECIFIC]
    return {w[:5] for w in sorted(dict.fromkeys(words), key=len, reverse=True)[:2]}


def _sentences_with_spans(body: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group(0)) for m in _SENTENCE.finditer(body) if m.group(0).strip()]


def _refers_by_position(sentence: str, index: int, count: int) -> bool:
    if not _QUESTION_WORD.search(sentence):
        return False
    lowered = sentence.lower()
    if count == 1:
        return True
    return index < len(_ORDINALS) and any(o in lowered for o in _ORDINALS[index])


def _answers(question: str, sentence: str, cited_texts: list[str]) -> bool:
    if not cited_texts or not _stems(sentence) & _key_stems(question):
        return False
    own = _stems(sentence) - _stems(question)
    support = set().union(*(_stems(t) for t in cited_texts))
    return not own or len(own & support) / len(own) >= SUPPORTED_SHARE


def _defers(question: str, sentence: str, index: int, count: int) -> bool:
    if not (_DEFERS.search(sentence) and _WHEN_BACK.search(sentence)):
        return False
    if _ONLY_ASKS_BY_WHEN.match(question):
        # "Could you let me know by Friday?" asks for this reply by a day: any dated follow-up answers it.
        return True
    return bool(_stems(sentence) & _key_stems(question)) or _refers_by_position(sentence, index, count)


def judge(
    questions: list[str], body: str, body_citations: list[dict[str, object]], record_texts: dict[int, str]
) -> list[Verdict]:
    """Per question: answered (a supported, cited sentence about it), deferred (explicitly), or ignored.

    `record_texts` maps citation numbers to the cited records' texts, without the message replied to.
    """
    verdicts: list[Verdict] = []
    sentences = _sentences_with_spans(body)
    for i, question in enumerate(questions):
        outcome = "ignored"
        for start, end, sentence in sentences:
            cited = [
                record_texts[n]
                for c in body_citations
                if int(str(c["start"])) < end and start < int(str(c["end"]))
                for n in c["n"]  # type: ignore[attr-defined]
                if n in record_texts
            ]
            if _answers(question, sentence, cited):
                outcome = "answered"
                break
            if _defers(question, sentence, i, len(questions)):
                outcome = "deferred"
        verdicts.append(Verdict(question, outcome))
    return verdicts


def quotes_message(body: str, message: str) -> bool:
    """True when the reply repeats QUOTE_WORDS consecutive words of the message it answers."""
    words = [w.lower() for w in re.findall(r"\w+", message)]
    grams = {tuple(words[i : i + QUOTE_WORDS]) for i in range(len(words) - QUOTE_WORDS + 1)}
    said = [w.lower() for w in re.findall(r"\w+", body)]
    return any(tuple(said[i : i + QUOTE_WORDS]) in grams for i in range(len(said) - QUOTE_WORDS + 1))
