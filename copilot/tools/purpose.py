"""Every draft addresses the rep's purpose: a similarity check on what the model wrote, and stand-in
wording that reads as a sentence a person writes, in the customer's language.

The check embeds the model's subject and opening next to the purpose and the chosen facts (the
same MiniLM sentence vectors retrieval uses). Text far from all of them is off purpose: the draft
is regenerated once with that feedback, and if it is still off, the opening is replaced.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence

from copilot.guards.phrases import content_words
from copilot.index.embedder import Embedder
from copilot.tools.purpose_topics import TOPICS

# Cosine similarity of MiniLM sentence vectors under which an opening is off purpose. Chosen on 14 dev
# pairs (tests/tools/test_rephrase_and_purpose.py): on-purpose openings scored 0.34-0.89, off-purpose
# ones 0.05-0.25, and one generic "thank you for your time" opening 0.34.
ON_PURPOSE_MIN = 0.3

_TO_READER = (
    (re.compile(r"\bthe customer's\b|\btheir\b", re.IGNORECASE), "your"),
    (re.compile(r"\bthe customer\b|\bthem\b|\bthey\b", re.IGNORECASE), "you"),
)
_IMPERATIVE = re.compile(
    r"^(?:follow|respond|reply|confirm|send|share|recap|summari[sz]e|propose|invite|ask|remind|thank|"
    r"update|check|schedule|book|offer|explain|introduce|answer|request|discuss|review|arrange|let|tell|"
    r"apologi[sz]e|welcome|congratulate|chase|clarify|provide|give|set|get|close|plan|prepare)\b",
    re.IGNORECASE,
)
# Words that say nothing about a topic, including the lead-ins of restated facts ("You told us that").
_GENERIC = frozenset(
    {
        "customer",
        "customers",
        "their",
        "them",
        "next",
        "step",
        "steps",
        "both",
        "sides",
        "open",
        "told",
        "recap",
        "geschrieben",
        "mitgeteilt",
        "erinnerung",
        "indiqué",
        "rappel",
        "comentaron",
        "referencia",
        "riepilogare",
        "comunicato",
        "herinnering",
        "schreef",
    }
)
_OPENING_EN = {
    "imperative": "I am writing to {p}.",
    "topic": "I am writing about {p}.",
    "noun": "I am writing with {a} {p}.",
    "generic": "I am writing to follow up with you.",
}
# A purpose that is the rep's instruction to us, not words for the reader: what follows a colon ("answer
# Fiona's complaint: acknowledge it, say what we are doing and when she will hear back"), the reader in
# the third person, a long brief. Restated, it showed the customer our to-do list (a customer's reading of
# ten drafts, 2026-12-07: five of five English purpose letters).
_INSTRUCTION_TAIL = re.compile(r"\s*[:;,]\s.*$|\s+[-\u2013\u2014]\s.*$", re.DOTALL)
_THIRD_PERSON = re.compile(r"\b(?:she|he|her|him|hers|his)\b|\b[A-Z][a-z]+'s\b")
# What we do to a customer, never what we tell them we are doing: "chase holly on the decision".
_ABOUT_THEM = re.compile(r"^(?:chase|nudge|push|ping|hound|pester|badger)\b", re.IGNORECASE)
# "Send Fiona the updated quote", "ask Tom to sign": the reader named as the object of the rep's verb
# ("I am writing to send Fiona the updated quote" to Fiona); "Introduce Priya Nair as …" names someone else.
_NAMES_THE_READER = re.compile(
    r"^(?P<verb>(?![Ii]ntroduc)[A-Za-z]+)\s+[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?\b(?![''\u2019]|\s+(?:of|and|as)\b)"
)
# Of a brief's own words, the share a model's subject or opening may repeat before it reads as the brief.
BRIEF_ECHO_SHARE = 0.5
MAX_PURPOSE_WORDS = 12
# "Recap of our last call", "Review of the contract": a verb of the list (or "summary") followed by "of" is
# a noun, so the purpose is a noun phrase ("I am writing with a recap of …"), not an order ("I am writing
# to recap of …").
_NOUN_PURPOSE = re.compile(r"^(?:summary\s+|\w+\s+)of\b", re.IGNORECASE)
# A purpose that asks for a recap or summary of a call or a meeting (copilot/tools/recap.py writes it),
# or for a recap alone ("Send a recap"), which after a call means that call.
_RECAP_WORDS = re.compile(r"recap|summar|zusammenfass|récap|résumé|resumen|riepilog|samenvat", re.IGNORECASE)
_MEETING_WORDS = re.compile(
    r"\b(?:call|meeting|conversation|chat|session|discussion|demo|qbr|workshop|gespräch(?:s|es)?|telefonat|"
    r"besprechung|appel|réunion|échange|llamada|reunión|conversación|chiamata|riunione|incontro|gesprek|"
    r"vergadering|overleg)\b",
    re.IGNORECASE,
)
# "Send a recap", "A short summary": a recap and nothing else, which after a call means that call.
_BARE_RECAP = re.compile(
    r"^(?:(?:send|write|share)\s+)?(?:(?:a|the|our)\s+)?(?:(?:short|quick|brief)\s+)?(?:recap|summary)[.!]?$",
    re.IGNORECASE,
)
# A reply's own purpose (copilot/tools/reply.reply_purpose) as the reader phrasing gives it.
_ANSWERING = re.compile(r"^answer your message\b(.*)$", re.IGNORECASE)

# Topics a purpose can name, with the phrase a person writes in each language: "de" is the dative after
# "zu", "fr" follows "au sujet", "es" follows "en relación con", "it" follows "in merito" (with its
# "a" joined to the article), "nl" follows "over"; "*_s" is the subject line.
_OPENING = {
    "de": ("ich melde mich bei Ihnen zu {t}.", "ich melde mich bei Ihnen zu Ihrem Anliegen."),
    # French and Spanish letters start their first paragraph with a capital after the greeting; German
    # continues the sentence the greeting's comma opened.
    "fr": ("Je reviens vers vous au sujet {t}.", "Je reviens vers vous au sujet de votre demande."),
    "es": (
        "Me pongo en contacto con usted en relación con {t}.",
        "Me pongo en contacto con usted en relación con su solicitud.",
    ),
    "it": ("Vi scrivo in merito {t}.", "Vi scrivo in merito alla vostra richiesta."),
    "nl": ("Ik neem contact met u op over {t}.", "Ik neem contact met u op over uw verzoek."),
}
_THANKS = {
    "de": "vielen Dank für Ihre Nachricht.",
    "fr": "Merci pour votre message.",
    "es": "Gracias por su mensaje.",
    "it": "Grazie per il vostro messaggio.",
    "nl": "Hartelijk dank voor uw bericht.",
}
# After a complaint, the stand-in opening says sorry before anything else is said: a customer who
# complained and reads "I am writing to respond to your complaint" hears a case number.
_COMPLAINT = re.compile(r"complain|beschwer|réclam|reclam|queja|segnala|klacht", re.IGNORECASE)
_SORRY = {
    "en": "I am sorry for the trouble this has caused.",
    "de": "Es tut mir leid, dass Ihnen dadurch Unannehmlichkeiten entstanden sind.",
    "fr": "Je suis désolé pour la gêne occasionnée.",
    "es": "Lamento las molestias que esto le ha causado.",
    "it": "Mi scuso per il disagio che questo vi ha causato.",
    "nl": "Het spijt me voor het ongemak dat dit u heeft bezorgd.",
}
_SUBJECT = {
    "de": "Ihr Anliegen",
    "fr": "Votre demande",
    "es": "Su solicitud",
    "it": "La vostra richiesta",
    "nl": "Uw verzoek",
}


def _for_reader(purpose: str) -> str:
    text = purpose.strip().rstrip(".!")
    for pattern, replacement in _TO_READER:
        text = pattern.sub(replacement, text)
    return text


# "don't mention the double-counting complaint", "don't bring up the renewal": what the rep rules out is
# never the letter's topic (a customer's reading, 2026-12-07: both became the opening).
_RULED_OUT = re.compile(
    r"\b(?:don'?t|do not|never|no need to|avoid|without)\s+(?:mention(?:ing)?|bring(?:ing)? up|rais(?:e|ing)|"
    r"talk(?:ing)? about|say(?:ing)?|discuss(?:ing)?|touch(?:ing)?(?: on)?|push(?:ing)?)\b[^.;:,]*",
    re.IGNORECASE,
)


def _topic(purpose: str) -> dict[str, str] | None:
    wanted = _RULED_OUT.sub("", purpose)
    return next((words for pattern, words in TOPICS if pattern.search(wanted)), None)


def opening_for(purpose: str, language: str) -> str:
    """An opening sentence about the purpose, as a person would write it, in the customer's language;
    after a complaint, followed by an apology."""
    opening = _opening(purpose, language)
    sorry = _SORRY.get(language[:2].lower())
    return f"{opening} {sorry}" if sorry and opening_apologises(purpose) else opening


# "Send the updated quote we discussed": what the letter is about when it promises the thing for later.
_SEND_PURPOSE = re.compile(
    r"^(?:please\s+)?send\s+(?:(?:you|them|him|her)\s+)?(?P<what>(?:the|our|a|an)\s+.+)$", re.I
)


def opening_without_sending(purpose: str, language: str) -> str | None:
    """An English opening about the thing a "send …" purpose names, for a letter that promises it for a
    later day: "I am writing to send the updated quote we discussed." above "I will send you an updated
    quote by Wednesday" contradicted itself (a customer's reading, 2026-12-07). None for anything else."""
    thing = _thing_sent(purpose, language)
    return f"I am writing about {thing}." if thing else None


def subject_without_sending(purpose: str, language: str) -> str | None:
    """The subject of such a letter: the thing, not "Sending the updated quote we discussed" above a body
    that sends it on Wednesday (a customer's reading, 2026-12-07)."""
    thing = _thing_sent(purpose, language)
    if thing is None:
        return None
    thing = re.sub(r"^(?:the|a|an)\s+", "", thing, flags=re.IGNORECASE)
    return thing[:1].upper() + thing[1:]


def _thing_sent(purpose: str, language: str) -> str | None:
    """What an English "send …" purpose sends, with its article ("the updated quote we discussed")."""
    said = letter_phrase(purpose) if language[:2].lower() == "en" else None
    found = _SEND_PURPOSE.match(said.strip().rstrip(".")) if said else None
    return found["what"] if found else None


def opening_apologises(purpose: str) -> bool:
    """Whether the stand-in opening for the purpose says sorry (it answers a complaint)."""
    return bool(_COMPLAINT.search(_RULED_OUT.sub("", purpose)))


def _opening(purpose: str, language: str) -> str:
    lang = language[:2].lower()
    if lang in _OPENING and _ANSWERING.match(_for_reader(purpose)):
        # A reply thanks the writer; "je reviens vers vous" would repeat the deferral's own words.
        return _THANKS[lang]
    if lang in _OPENING:
        topic = _topic(purpose)
        with_topic, generic = _OPENING[lang]
        return with_topic.format(t=topic[lang]) if topic else generic
    phrase = _for_reader(purpose)
    answered = _ANSWERING.match(phrase)
    if answered:
        # A reply thanks the writer for their message rather than announcing "I am writing to answer".
        return f"Thank you for your message{answered.group(1)}."
    said = letter_phrase(purpose)
    if said is None:
        topic = _topic(purpose)
        return f"I am writing {topic['en']}." if topic else _OPENING_EN["generic"]
    phrase = said
    apology = _APOLOGY.match(phrase)
    if apology:
        # "I am writing to apologise for the errors and explain the fix date" announces an apology and
        # makes none (a customer's reading, 2026-12-07): the letter says sorry.
        return f"I am sorry for {apology['what']}."
    if _is_noun_purpose(phrase):
        lowered = phrase[:1].lower() + phrase[1:]
        return _OPENING_EN["noun"].format(a="an" if lowered[:1] in "aeiou" else "a", p=lowered)
    kind = "imperative" if _IMPERATIVE.match(phrase) else "topic"
    return _OPENING_EN[kind].format(p=phrase[:1].lower() + phrase[1:])


# A letter about what each side owes: a promise whose day has passed is its subject, restated and flagged.
_ABOUT_PROMISES = re.compile(
    r"commit|promis|next steps?|action items?|open points?|deliverables?|recap|summar|what we agreed|"
    r"zusage|engagement|compromiso|impegn|toezegging",
    re.IGNORECASE,
)


def is_about_promises(purpose: str) -> bool:
    """Whether a purpose asks for a letter about commitments (a recap, the open points, what we owe)."""
    return bool(_ABOUT_PROMISES.search(purpose))


def letter_phrase(purpose: str) -> str | None:
    """The purpose as the letter may say it to its reader ("confirm your renewal date"), or None when it is
    an instruction to us that only its topic may be told from."""
    # The draft goes to the contact its purpose names (draft_email.contact_named_in): that name is "you".
    reader_named = _NAMES_THE_READER.match(purpose.strip())
    said = f"{reader_named['verb']} you{purpose.strip()[reader_named.end() :]}" if reader_named else purpose
    phrase = _INSTRUCTION_TAIL.sub("", _for_reader(said)).strip()
    if not phrase or len(phrase.split()) > MAX_PURPOSE_WORDS or _THIRD_PERSON.search(phrase):
        return None
    return None if _ABOUT_THEM.match(phrase) else phrase


def echoes_the_brief(text: str, purpose: str) -> bool:
    """Whether a subject or opening the model wrote repeats a brief that is no letter text ("I am writing
    to chase holly on the data residency region decision, it's overdue"): the stand-in says its topic."""
    reader_named = _NAMES_THE_READER.match(purpose.strip())
    if reader_named and re.search(rf"\b{re.escape(reader_named[0].split()[1])}\b", text):
        return True  # "Sending Fiona the updated renewal quote", written to Fiona
    if letter_phrase(purpose) is not None:
        return False
    # "Fiona's Complaint" as the subject of a letter to Fiona: the brief's way of naming its reader.
    if set(_THIRD_PERSON.findall(text)) & set(_THIRD_PERSON.findall(purpose)):
        return True
    brief = set(content_words(purpose))
    if len(brief) < 3:
        return False
    return len(brief & set(content_words(text))) >= BRIEF_ECHO_SHARE * len(brief)


def _is_noun_purpose(phrase: str) -> bool:
    noun = bool(_IMPERATIVE.match(phrase)) or phrase.lower().startswith("summary ")
    return noun and bool(_NOUN_PURPOSE.match(phrase))


def asks_for_call_recap(purpose: str) -> bool:
    """Whether the purpose asks for a recap or summary of a call or meeting ("Recap of our last call",
    "Summarize today's meeting", "Send a recap"), not of a topic ("Summary of the renewal pricing")."""
    if _RECAP_WORDS.search(purpose) is None:
        return False
    # A review is a topic as often as a meeting ("Summary of the security review findings"), so it is no
    # meeting word; a recap of anything else ("Recap the pricing changes") is a letter about that.
    return _MEETING_WORDS.search(purpose) is not None or _BARE_RECAP.match(purpose.strip()) is not None


def subject_for(purpose: str, language: str) -> str:
    """A subject line for the purpose in the customer's language."""
    lang = language[:2].lower()
    if lang in _SUBJECT:
        topic = _topic(purpose)
        return topic[f"{lang}_s"] if topic else _SUBJECT[lang]
    letter = letter_phrase(purpose)
    if letter is None:
        topic = _topic(purpose)
        return topic["en_s"] if topic else "Following up"
    phrase = letter
    apology = _APOLOGY.match(phrase)
    if apology:
        return f"Our apologies for {apology['what']}"[:80]
    verb = _IMPERATIVE.match(phrase)
    if verb and not _is_noun_purpose(phrase):
        # "Respond to your complaint" reads as an order to the customer; "Responding to your
        # complaint" reads as what the email does.
        phrase = _gerund(verb.group(0)) + phrase[verb.end() :]
    return (phrase[:1].upper() + phrase[1:])[:80]


# "Apologise for the API rate-limit errors and explain the fix date": what we are sorry for, up to the next
# instruction joined to it.
_APOLOGY = re.compile(
    r"^(?:apologi[sz]e|say sorry)(?: to you)? for (?P<what>.+?)(?=,? and (?:\w+ )?(?:explain|tell|give|send|"
    r"share|confirm|offer|let|say|propose|ask)\b|$)",
    re.IGNORECASE,
)


def apology_topic(purpose: str) -> str | None:
    """What a purpose asks us to apologise for ("Apologise for the outage last week" -> "the outage last
    week"), or None when it asks for no apology."""
    found = _APOLOGY.match(purpose.strip())
    return found["what"].strip(" .") if found else None


# Verbs of the imperative list whose final consonant doubles before -ing.
_DOUBLED_FINAL = frozenset({"recap", "plan", "set", "get", "let"})


def _gerund(verb: str) -> str:
    """The -ing form of one of the imperative list's verbs."""
    word = verb.lower()
    if word in _DOUBLED_FINAL:
        return word + word[-1] + "ing"
    if word.endswith("e") and not word.endswith("ee"):
        return word[:-1] + "ing"
    return word + "ing"


def purpose_references(purpose: str, language: str) -> list[str]:
    """Texts an on-purpose opening resembles: the purpose addressed to the reader, and its topic
    named in the customer's language (a German opening is compared with German words)."""
    references = [_for_reader(purpose)]
    topic = _topic(purpose)
    lang = language[:2].lower()
    if topic and lang in _OPENING:
        references.append(f"{topic[lang + '_s']} {topic[lang]}")
    return references


def _cosine(a: Sequence[float], b: Sequence[float]) -> float:
    dot = sum(x * y for x, y in zip(a, b, strict=True))
    norm = math.sqrt(sum(x * x for x in a)) * math.sqrt(sum(y * y for y in b))
    return dot / norm if norm else 0.0


def purpose_similarity(embeddings: Embedder, written: str, purpose: str, facts: Sequence[str]) -> float:
    """How close the written text is to the purpose or to any chosen fact (cosine, -1..1)."""
    vectors = embeddings.embed_documents([written, purpose, *facts])
    return max(_cosine(vectors[0], other) for other in vectors[1:])


def topic_stems(text: str) -> set[str]:
    # Generic request verbs ("confirm", "send") say nothing about what the email is about.
    return {w[:5] for w in content_words(text) if not _IMPERATIVE.match(w) and w not in _GENERIC}


def is_on_purpose(
    embeddings: Embedder, written: str, purpose: str, references: Sequence[str], facts: Sequence[str] = ()
) -> bool:
    """True when the written text names a topic word of the purpose, its references (the purpose's
    topic in the customer's language) or the chosen facts, or its meaning is close to the purpose or
    a reference. Facts count only by their words: a sentence vector of many facts is close to much."""
    if not written.strip():
        return False
    topics = topic_stems(purpose).union(*(topic_stems(t) for t in (*references, *facts)))
    if topics & topic_stems(written):
        return True
    return purpose_similarity(embeddings, written, purpose, references) >= ON_PURPOSE_MIN


def off_purpose_feedback(purpose: str) -> str:
    """An instruction for the one regeneration of an off-purpose draft."""
    return (
        f'Your opening did not address the purpose "{purpose}". Rewrite the subject and the opening so '
        "they say plainly what this email is about; add no new facts."
    )
