"""A sanity gate for the model's free parts of an email: junk is replaced by the frame's wording, and said so.

Small local models sometimes echo the prompt ("FACTS", "subject"), ramble, return nothing, or
leave a template's slots unfilled ("The renewal is scheduled for  at ."): `copilot.guards.junk` tells.
Such a field is replaced by a neutral, localized sentence and the replacement is recorded on the
draft, so a reviewer knows which words the model did not write. Invented facts are *not* gated
here: the grounding verifier flags those so the reviewer sees them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from copilot.guards.junk import field_is_junk
from copilot.guards.phrases import content_words
from copilot.languages import Frame, guess_language
from copilot.tools.purpose import asks_for_call_recap, echoes_the_brief, opening_for, subject_for, topic_stems

# Words that make a line a sentence rather than a topic: a subject pronoun, a finite verb or a courtesy
# ("La fonctionnalité promise de votre abonnement" has none and is the subject line copied again).
_SENTENCE_WORDS = {
    "de": "ich wir sie es ist sind war habe haben hatten können könnten würde würden möchte möchten danke "
    "bitte melde gibt wollen sollen freue ihnen uns mir passt",
    "fr": "je j nous vous il elle on c est sont était ai avons avez pourrions pourriez serait souhaite "
    "souhaitons merci voici reviens permets tiens écris",
    "es": "yo nosotros usted ustedes le les es son está están estamos tengo tenemos podemos podría "
    "podríamos quisiera quisiéramos gracias me nos hay escribo",
    "it": "io noi voi è sono era ho abbiamo avete potremmo potreste vorrei vorremmo grazie scrivo ci vi mi "
    "ecco siamo sarebbe andrebbe sentiamo",
    "nl": "ik wij we u het is zijn was heb hebben heeft kunnen kunt zou zouden wil willen dank bedankt "
    "graag neem schrijf er ons mij komt zullen",
}
_SENTENCE_FIELDS = ("opening", "next_step")
_TOKENS = re.compile(r"[^\W\d_]+")


def reads_as_sentence(value: str, language: str) -> bool:
    """True when the text asks something, or has a subject, a verb or a courtesy of its language: a
    sentence, not a topic. English has the word-count gate only: its verbs are too many to list, and the
    small model's English topics are short."""
    known = _SENTENCE_WORDS.get(language[:2].lower())
    if known is None or language[:2].lower() == "en" or value.rstrip().endswith("?"):
        return True  # a question; or a language we hold no words for, where only the other gates apply
    words = set(known.split())
    return any(token.lower() in words for token in _TOKENS.findall(value))


# A next step asks the customer for something: a question, or a request in so many words. A statement
# there ("Our engineers will visit you on Thursday.") is the small model announcing an action no record
# holds, so it gets the frame's question instead.
_REQUESTS = re.compile(
    r"^(?:please|kindly|let (?:me|us) know|do let|feel free|could you|would you|can you|"
    r"i(?:'d| would) (?:appreciate|be grateful)|i look forward)\b|\bbitte\b|^(?:lassen|geben|teilen) sie\b|"
    r"^(?:merci de|n'hésitez pas|je vous (?:prie|remercie)|veuillez|pourriez-vous|pouvez-vous)\b|"
    r"\bpor favor\b|^(?:le agradecer[íi]a|no dude|quedo a la espera|quedamos a la espera)\b|"
    r"\bper favore\b|^(?:vi prego|vi chiedo|potreste|potete|fateci sapere|non esitate|restiamo in attesa|"
    r"resto in attesa)\b|\bgraag\b|^(?:kunt u|zou u|wilt u|laat u|laat het ons|aarzel niet)\b",
    re.IGNORECASE,
)


def asks_the_reader(value: str) -> bool:
    """True when a next step asks the customer something: a question or a request."""
    text = value.strip()
    return text.endswith("?") or bool(_REQUESTS.search(text))


def repeats_subject(value: str, subject: str) -> bool:
    """True when a sentence field says nothing but the subject line again ("Ihre Vertragsverlängerung.")."""
    said = {w[:5] for w in content_words(value)}
    return bool(said) and said <= {w[:5] for w in content_words(subject)}


# An opening restates a fact when nearly all its meaning words are one fact's: the small model copies
# the first fact into its opening, and the letter then said it twice ("The updated quote puts your
# renewal at $101,500…" and "To recap, the updated quote puts your renewal at $101,500…"). Four words
# at least, so a short "Thanks for the renewal call." that shares two words is not taken for a copy.
_RESTATED_SHARE = 0.8
_RESTATED_MIN_WORDS = 4


def restates_a_fact(value: str, facts: Sequence[str]) -> bool:
    """True when a field, or one sentence of it, says again what one of the letter's restated facts says:
    "To recap, user invitations expire after 24 hours. To check in, I'm here to help." is a copy too."""
    return any(_sentence_restates(sentence, facts) for sentence in _FIELD_SENTENCES.split(value.strip()))


_FIELD_SENTENCES = re.compile(r"(?<=[.!?])\s+")


def _sentence_restates(sentence: str, facts: Sequence[str]) -> bool:
    said = {w[:5] for w in content_words(sentence)}
    if len(said) < _RESTATED_MIN_WORDS:
        return False
    return any(
        len(said & {w[:5] for w in content_words(fact)}) >= _RESTATED_SHARE * len(said) for fact in facts
    )


RECAP_NEXT_STEP = "Please let me know if I have missed or misremembered anything."


# A small model answering "Pourriez-vous vérifier ce point ?" wrote "Fais-vous vérifier ce point?" as its
# next step: the customer's own question handed back to them, mangled. Two of three meaning words of one of
# their questions make an echo; a next step of our own ("a short call next week") shares at most one.
_ECHO_SHARE = 2 / 3
_ECHO_MIN_WORDS = 2


def echoes_a_question(value: str, asked: Sequence[str]) -> bool:
    """True when a field says back one of the questions the customer asked."""
    said = {w[:5] for w in content_words(value)}
    if len(said) < _ECHO_MIN_WORDS:
        return False
    return any(len(said & {w[:5] for w in content_words(q)}) >= _ECHO_SHARE * len(said) for q in asked)


def off_topic_subject(value: str, purpose: str, language: str, facts: Sequence[str] = ()) -> bool:
    """True when an English subject names no topic word of the purpose or of the letter's facts: the
    small model titled a letter on the renewal pricing "Fiona's Fines" (a customer's reading, 2026-12-07).
    Other languages are not judged: their subjects share no words with an English purpose."""
    if language[:2].lower() != "en":
        return False
    topics = topic_stems(purpose).union(*(topic_stems(fact) for fact in facts))
    return bool(topics) and not topics & topic_stems(value)


def fallback(field: str, frame: Frame, language: str, purpose: str) -> str:
    """The stand-in for a field: what a person would write about the purpose, in the customer's language."""
    if field == "next_step":
        if asks_for_call_recap(purpose) and language[:2].lower() == "en":
            # After the list of what was agreed, "a short call to go through the next steps" asks for the
            # meeting the letter has just recapped.
            return RECAP_NEXT_STEP
        return frame.default_next_step
    if field == "subject":
        return subject_for(purpose, language)
    return opening_for(purpose, language)


def in_other_language(value: str, language: str) -> bool:
    """True when a field is plainly written in another language than the customer's (a small model
    told to write German often answers in English)."""
    found = guess_language(value, language[:2].lower())
    return found is not None and found != language[:2].lower()


def gate_fields(
    fields: dict[str, str],
    frame: Frame,
    language: str,
    purpose: str,
    facts: Sequence[str] = (),
    asked: Sequence[str] = (),
) -> tuple[dict[str, str], list[str]]:
    """Replace junk fields, fields in the wrong language and sentences that repeat one of the letter's
    `facts` (which keep their citation below them); returns the fields to use and the names of those
    replaced."""
    replaced = [
        name
        for name, value in fields.items()
        if field_is_junk(name, value)
        or in_other_language(value, language)
        or (name in _SENTENCE_FIELDS and not reads_as_sentence(value, language))
        or (name in _SENTENCE_FIELDS and repeats_subject(value, fields.get("subject", "")))
        or (name == "next_step" and not asks_the_reader(value))
        # An opening that asks the reader something ("¿Podría confirmar la nueva respuesta?" opened a reply
        # to two questions; a customer's reading, 2026-12-07) is no opening a person writes.
        or (name == "opening" and value.strip().endswith("?"))
        or (name in _SENTENCE_FIELDS and restates_a_fact(value, facts))
        or (name in _SENTENCE_FIELDS and echoes_a_question(value, asked))
        or (name in ("subject", "opening") and echoes_the_brief(value, purpose))
        or (name == "subject" and off_topic_subject(value, purpose, language, facts))
    ]
    kept = {
        name: fallback(name, frame, language, purpose) if name in replaced else value.strip()
        for name, value in fields.items()
    }
    return kept, replaced
