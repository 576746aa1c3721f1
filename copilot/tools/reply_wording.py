"""The sentences of a reply that we write ourselves: how a question is referred to, and honest deferrals.

When no customer-visible record answers a question, the reply says so and promises to come back by
a named day, two working days out. That promise is ours, not a record's: the composer flags it so
the reviewer checks the day and who will find the answer. A question is referred to by what it asks
("your request to send you a screenshot of both views") where the rules can say that safely in
English, else by its place ("your first question"), never by quoting the message back.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from copilot.languages import RECAP_LEAD
from copilot.tools.draft_types import ComposedBody

_ORDINALS = {
    "en": ("first", "second", "third", "fourth", "fifth"),
    "de": ("erste", "zweite", "dritte", "vierte", "fünfte"),
    "fr": ("première", "deuxième", "troisième", "quatrième", "cinquième"),
    "es": ("primera", "segunda", "tercera", "cuarta", "quinta"),
    "it": ("prima", "seconda", "terza", "quarta", "quinta"),
    "nl": ("eerste", "tweede", "derde", "vierde", "vijfde"),
}
_WEEKDAYS = {
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
    "de": ("Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag"),
    "fr": ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"),
    "es": ("lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo"),
    "it": ("lunedì", "martedì", "mercoledì", "giovedì", "venerdì", "sabato", "domenica"),
    "nl": ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag"),
}
# The same day, as it reads after the deferral's "by" ("by the end of today", "bis heute Abend").
_TODAY = {
    "en": "the end of today",
    "de": "heute Abend",
    "fr": "ce soir",
    "es": "final del día",
    "it": "stasera",
    "nl": "vanavond",
}
# {ref}: how the question is referred to; {day}: the weekday we promise to come back by.
_DEFER_FIRST = {
    "en": "As for {ref}, I don't have the details to hand yet; I am checking with our team and will come "
    "back to you by {day}.",
    "de": "Zu {ref} liegen mir die Angaben noch nicht vor; ich kläre das mit unserem Team und melde mich "
    "bis {day} bei Ihnen.",
    "fr": "Concernant {ref}, je n'ai pas encore les éléments ; je vérifie auprès de notre équipe et je "
    "reviens vers vous d'ici {day}.",
    "es": "Sobre {ref}, todavía no tengo los datos; lo consulto con nuestro equipo y le respondo antes "
    "del {day}.",
    # "Per quanto riguarda" takes the reference's article as it is ("quanto a la" would need "alla").
    "it": "Per quanto riguarda {ref}, non ho ancora tutti i dettagli; sto verificando con il nostro team e "
    "vi rispondo entro {day}.",
    "nl": "Wat betreft {ref}: die gegevens heb ik nog niet bij de hand; ik ga het na bij ons team en kom "
    "uiterlijk {day} bij u terug.",
}
_DEFER_MORE = {
    "en": "The same goes for {ref}: I will come back to you on it by {day} as well.",
    "de": "Auch zu {ref} melde ich mich bis {day} bei Ihnen.",
    "fr": "Il en va de même pour {ref} : je vous réponds également d'ici {day}.",
    "es": "Lo mismo vale para {ref}: también le respondo antes del {day}.",
    "it": "Lo stesso vale per {ref}: vi rispondo anche su questo entro {day}.",
    "nl": "Hetzelfde geldt voor {ref}: ook daarop kom ik uiterlijk {day} bij u terug.",
}
_ORDINAL_REF = {
    "en": "your {o} question",
    "de": "Ihrer {o}n Frage",
    "fr": "votre {o} question",
    "es": "su {o} pregunta",
    "it": "la vostra {o} domanda",
    "nl": "uw {o} vraag",
}
_ONLY_REF = {
    "en": "your question",
    "de": "Ihrer Frage",
    "fr": "votre question",
    "es": "su pregunta",
    "it": "la vostra domanda",
    "nl": "uw vraag",
}

# The one request of a message asked without a question ("Notre service achats a besoin de…").
_REQUEST_REF = {
    "en": "your request",
    "de": "Ihrer Anfrage",
    "fr": "votre demande",
    "es": "su solicitud",
    "it": "la vostra richiesta",
    "nl": "uw verzoek",
}

# English requests and yes/no questions whose rest can be restated by swapping who is who.
_EN_REQUEST = re.compile(r"^(?:please\s+)?(?:could|can|would|will) you (?:please |kindly )?(.+)$", re.I)
_EN_PLEASE = re.compile(r"^(?:please|kindly)\s+(.+)$", re.I)
_EN_WHETHER = re.compile(r"^(can|could|will|would|should) (we|i) (.+)$", re.I)
# "When will the connector be available" -> "when the connector will be available".
_EN_WH_BE = re.compile(
    r"^(when|where|how soon|how long|why) (will|would|can|could|should) "
    r"((?:the|your|our|my|this|that) .{2,40}?) (be .+)$",
    re.I,
)
# "How often does the connector refresh" -> "how often the connector refreshes" (the verb ends the question).
_EN_WH_DO = re.compile(
    r"^(when|where|how often|how|why) (does|do) ((?:the|your|our|my|this|that) [\w -]{2,40}?) ([a-z]+)$"
)
# "Who on your side can help with the security review" -> "who on our side can help with the security review".
_EN_WHO = re.compile(r"^(who|which \w+)((?: on| at| in) (?:your|our) (?:side|end|team|company))? "
                     r"(can|could|will|would|should) (.+)$", re.I)  # fmt: skip
# An embedded question the message stated ("… wants to understand how often the connector refreshes"):
# already a clause, so it is referred to as it stands, pronouns swapped.
_EN_EMBEDDED = re.compile(r"^(how often|how long|how|when|where|why|what|which|who|whether|if) (.+)$", re.I)
# A reference ending in "that" or "it" points back into the message, which the reader cannot see.
_EN_POINTS_BACK = re.compile(r"\b(?:that|this|it|them|those|these)$", re.I)
_EN_DISCOURSE = re.compile(
    r"^(?:also|and|plus|finally|besides|one more thing|another question)\b[,:]?\s*", re.I
)
_EN_SWAP = {
    "me": "you",
    "us": "you",
    "my": "your",
    "our": "your",
    "i": "you",
    "we": "you",
    "you": "we",
    "your": "our",
}
_EN_PRONOUN = re.compile(r"\b(?:me|us|my|our|i|we|you|your)\b", re.I)
# Where a request's object ends: a reason or a second clause follows.
_EN_CLAUSE_END = re.compile(r",|;|\s(?:so|because|as|since|and|or|if|which|that|to help|before)\s", re.I)
MAX_REF_WORDS = 10
_PREPOSITIONS = frozenset(
    ("for", "in", "on", "by", "with", "from", "during", "over", "at", "of", "to", "after", "before", "within")
)
# The lead-ins `rephrase` puts before our side's restated sentences ("To recap, ").
_RECAP_LEAD = re.compile("^(?:" + "|".join(re.escape(t.split("{", 1)[0]) for t in RECAP_LEAD.values()) + ")")


# A reply a week or more after the message says so before it answers: a customer who waited notices, and
# a reply that carries on as if no time had passed reads as a form letter.
LATE_REPLY_DAYS = 7
_LATE = {
    "en": "I am sorry it has taken me so long to reply.",
    "de": "Entschuldigen Sie bitte, dass meine Antwort so lange gedauert hat.",
    "fr": "Veuillez m'excuser d'avoir tant tardé à vous répondre.",
    "es": "Disculpe que haya tardado tanto en responderle.",
    "it": "Mi scuso per il ritardo con cui vi rispondo.",
    "nl": "Excuses dat mijn antwoord zo lang op zich heeft laten wachten.",
}


def late_apology(sent_on: date | None, today: date, language: str) -> str | None:
    """The apology for a slow reply in the customer's language, or None when the message is recent."""
    if sent_on is None or (today - sent_on).days < LATE_REPLY_DAYS:
        return None
    return _LATE.get(language[:2].lower(), _LATE["en"])


def come_back_on(today: date, asked_by: date | None = None) -> date:
    """Two working days after `today`, or the customer's own deadline when that is sooner (and not past)."""
    day, left = today, 2
    while left:
        day += timedelta(days=1)
        left -= day.weekday() < 5
    return asked_by if asked_by is not None and today <= asked_by < day else day


def day_words(day: date, today: date, language: str) -> str:
    """The day we promise to come back by, as the deferral names it: a weekday, or the end of today."""
    lang = language if language in _WEEKDAYS else "en"
    return _TODAY[lang] if day == today else _WEEKDAYS[lang][day.weekday()]


def come_back_day(today: date, language: str, asked_by: date | None = None) -> str:
    """The weekday two working days after `today` (or the customer's sooner deadline), in the language."""
    return day_words(come_back_on(today, asked_by), today, language)


def _swap_en(text: str) -> str:
    return _EN_PRONOUN.sub(lambda m: _EN_SWAP[m[0].lower()], text)


def _third_person(verb: str) -> str:
    if verb.endswith(("s", "sh", "ch", "x", "z")):
        return verb + "es"
    return verb[:-1] + "ies" if verb.endswith("y") and verb[-2:-1] not in "aeiou" else verb + "s"


def _en_indirect(core: str, embedded: bool) -> str | None:
    """A question or request as the clause we can refer to it by, or None when no rule fits."""
    if embedded and (clause := _EN_EMBEDDED.match(core)):
        wh = "whether" if clause[1].lower() == "if" else clause[1].lower()
        return f"{wh} {_swap_en(clause[2])}"
    if who := _EN_WHO.match(core):
        return f"{who[1].lower()}{_swap_en(who[2] or '')} {who[3].lower()} {_swap_en(who[4])}"
    if request := (_EN_REQUEST.match(core) or _EN_PLEASE.match(core)):
        return f"your request to {_swap_en(request[1])}"
    if whether := _EN_WHETHER.match(core):
        return f"whether {_swap_en(whether[2])} {whether[1].lower()} {_swap_en(whether[3])}"
    if wh := _EN_WH_BE.match(core):
        return f"{wh[1].lower()} {_swap_en(wh[3])} {wh[2].lower()} {_swap_en(wh[4])}"
    if (wh := _EN_WH_DO.match(core[:1].lower() + core[1:])) and wh[2] == "does":
        return f"{wh[1]} {_swap_en(wh[3])} {_third_person(wh[4])}"
    if wh:
        return f"{wh[1]} {_swap_en(wh[3])} {wh[4]}"
    return None


# "Could you let me know by the end of the week?" asks for an answer to the rest of the message by a
# day: cut to a clause it reads "to let you know by the end", so it is referred to by its place.
_EN_REPLY_BY = re.compile(r"\b(?:let (?:me|us) know|get back to (?:me|us))\s+(?:by|before)\b", re.IGNORECASE)


def _en_reference(question: str) -> str | None:
    if _EN_REPLY_BY.search(question):
        return None
    core = _EN_DISCOURSE.sub("", question.strip().rstrip("?!. "))
    core = _EN_CLAUSE_END.split(core, maxsplit=1)[0].strip()
    # `questions_in` keeps an embedded question as its clause, without a question mark.
    ref = _en_indirect(core, embedded=not question.rstrip().endswith(("?", ".", "!")))
    if ref and _EN_POINTS_BACK.search(ref):
        return None
    # A long reference would read as their message quoted back: cut trailing phrases, or refer by position.
    words = ref.split() if ref else []
    while len(words) > MAX_REF_WORDS:
        cut = max((i for i, w in enumerate(words) if i > 3 and w.lower() in _PREPOSITIONS), default=0)
        words = words[:cut]
    return " ".join(words) if len(words) >= 3 else None


def question_reference(question: str, index: int, count: int, language: str) -> str:
    """How the reply refers to the index-th of `count` questions (0-based), in the reply's language."""
    lang = language if language in _ORDINALS else "en"
    if lang == "en" and (ref := _en_reference(question)):
        return ref
    if count == 1:
        return _ONLY_REF[lang] if question.rstrip().endswith("?") else _REQUEST_REF[lang]
    return _ORDINAL_REF[lang].format(o=_ORDINALS[lang][min(index, 4)])


def deferral(reference: str, day: str, language: str, *, first: bool) -> str:
    """The honest sentence for a question no record answers: not to hand yet, back to them by `day`."""
    lang = language if language in _DEFER_FIRST else "en"
    template = _DEFER_FIRST[lang] if first else _DEFER_MORE[lang]
    return template.format(ref=reference, day=day)


# A message that reports a problem and asks nothing ("Some records from HubSpot seem to be missing"): the
# reply says sorry, says we are on it, and names the day we come back (a customer's reading, 2026-12-07: the
# reply was "Thank you for your message about the data sync issue" and a call, a brush-off).
_SORRY = {
    "en": "I am sorry for the trouble; I am looking into it with our team and will come back to you by "
    "{day}.",
    "de": "Die geschilderten Probleme bedauere ich sehr; ich kläre das mit unserem Team und melde mich bis "
    "{day} bei Ihnen.",
    "fr": "Je suis désolé pour le problème que vous décrivez ; je l'examine avec notre équipe et je reviens "
    "vers vous d'ici {day}.",
    "es": "Lamento el problema que describe; lo estoy revisando con nuestro equipo y le respondo antes del "
    "{day}.",
    "it": "Mi dispiace per il problema che descrive; lo sto verificando con il nostro team e vi rispondo "
    "entro {day}.",
    "nl": "Het spijt me van het probleem dat u beschrijft; ik zoek het uit met ons team en kom uiterlijk "
    "{day} bij u terug.",
}


# The same after an opening that has already said sorry ("Es tut mir leid, dass Ihnen dadurch
# Unannehmlichkeiten entstanden sind."): one apology, then what we do.
_ON_IT = {
    "en": "I am looking into it with our team and will come back to you by {day}.",
    "de": "Ich kläre das mit unserem Team und melde mich bis {day} bei Ihnen.",
    "fr": "J'examine la question avec notre équipe et je reviens vers vous d'ici {day}.",
    "es": "Lo estoy revisando con nuestro equipo y le respondo antes del {day}.",
    "it": "Sto verificando con il nostro team e vi rispondo entro {day}.",
    "nl": "Ik zoek het uit met ons team en kom uiterlijk {day} bij u terug.",
}


def problem_acknowledged(day: str, language: str, *, apologised: bool = False) -> str:
    """The reply's sentence for a problem the customer reports without asking anything: sorry (unless the
    opening said it, `apologised`), we are on it, back to them by `day`."""
    lang = language[:2].lower() if language[:2].lower() in _SORRY else "en"
    return (_ON_IT if apologised else _SORRY)[lang].format(day=day)


def _acknowledges_a_problem(text: str) -> bool:
    templates = [*_SORRY.values(), *_ON_IT.values()]
    return any(text.startswith(template.split("{", 1)[0]) for template in templates)


def answer_sentence(restated: str) -> str:
    """A restated record sentence as the plain answer: it already names what was asked (`answers`), so no
    lead-in ("To recap,") stands between the question and its answer."""
    body = _RECAP_LEAD.sub("", restated)
    return body[:1].upper() + body[1:]


def commitment_flags(body: ComposedBody, promises: list[str], detail: str) -> list[dict[str, object]]:
    """A `commitment` flag on each of our promises found in the letter, saying what the reviewer checks."""
    flags: list[dict[str, object]] = []
    for text in promises:
        start = body.text.find(text)
        if start >= 0:
            flags.append({"type": "commitment", "span": [start, start + len(text)], "detail": detail})
    return flags


def deferral_flags(body: ComposedBody, deferrals: list[str]) -> list[dict[str, object]]:
    """A `commitment` flag on each deferral: we promise an answer by a day that no record backs."""
    sorry = [d for d in deferrals if _acknowledges_a_problem(d)]
    return commitment_flags(
        body,
        [d for d in deferrals if d not in sorry],
        "no customer-visible record answers this question, so the reply promises to come back by a named "
        "day: check the day and who will find the answer",
    ) + commitment_flags(
        body,
        sorry,
        "the customer reports a problem and asks nothing, so the reply apologises and promises to come back "
        "by a named day: check the day and who is looking into it",
    )
