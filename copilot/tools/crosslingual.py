"""A fact recorded in English restated in the letter's language, with every value said in that language.

Call and meeting notes are often kept in English for a French, Spanish or German customer. Pasting
such a line into their letter breaks its language; leaving it out loses the fact. These rules restate
the value-bearing shapes such a line most often has:

- a commitment with its due date: "I will send the order form by 12 March 2027", "Dana Reyes agreed
  to share the list by 3 May 2027";
- a delivery we promised: "SCIM provisioning will be live for your team by March 2027";
- a labelled item with its date: "Roadmap commitment: a Shopify connector by June 2027".

The frame, who acts and the date are written in the letter's language (the date with its month
name, so it reads one way only). The item itself, an action or a feature, cannot be translated by
rules; it is quoted as recorded, between the language's quotation marks, the way a product or
action-item name is quoted. The caller checks with `rephrase.keeps_facts` that every factual span of
the source survived; anything the rules do not recognise is left out, never pasted raw.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from copilot.guards.dates import DateKey, iter_dates

Actor = Literal["we", "them", "named"]

# A promise's verb after its actor: "will", "'ll", "agreed to", "promised to", "is going to".
_ACTION = re.compile(
    r"^(?P<who>I|We|we|You|you|[A-Z][\w'\u2019-]+(?:\s+[A-Z][\w'\u2019-]+){0,2})"
    r"(?:'ll|\u2019ll|\s+(?:will|shall|agreed to|promised to|committed to|(?:am|are|is) going to))\s+"
    r"(?P<what>(?!be\b)[a-z].+)$"
)
# A delivery said of the item: "X will be live for your team", "X ships to your workspace", after an
# optional lead ending in "that"/"so" ("I can promise you that …", "Our product team signed off, so …").
_DELIVERY = re.compile(
    r"^(?:.{0,60}?\b(?:that|so),?\s+)?(?P<item>[^,;:]+?)\s+"
    r"(?:will be (?:live|available|ready|delivered|released|shipped|in place)|will (?:ship|go live)|"
    r"ships|goes live|is scheduled|is planned)"
    r"(?:\s+(?:for|to|in)\s+(?:your|the)\s+(?:team|workspace|account|company|organi[sz]ation))?$"
)
# A lead that changes what follows (a condition, a negation) is no frame to drop.
_HEDGE = re.compile(r"\b(?:if|unless|not|no|never|only|except|but|once|when|provided|maybe|perhaps)\b", re.I)
_PERSON = re.compile(r"\b(?:I|me|my|we|us|our|ours)\b", re.IGNORECASE)
_PREPOSITIONS = ("by", "before", "until", "in", "on")
_MONTHS = {
    "fr": "janvier février mars avril mai juin juillet août septembre octobre novembre décembre",
    "es": "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre",
    "de": "Januar Februar März April Mai Juni Juli August September Oktober November Dezember",
    "it": "gennaio febbraio marzo aprile maggio giugno luglio agosto settembre ottobre novembre dicembre",
    "nl": "januari februari maart april mei juni juli augustus september oktober november december",
}
_QUOTES = {"fr": ("« ", " »"), "es": ("«", "»"), "de": ("„", "“"), "it": ("«", "»"), "nl": ("“", "”")}
_ACTORS = {
    "fr": {"we": "de notre côté", "them": "de votre côté", "named": "du côté de {name}", "me": "de mon côté"},
    "es": {
        "we": "por nuestra parte",
        "them": "por su parte",
        "named": "por parte de {name}",
        "me": "por mi parte",
    },
    "de": {"we": "unsererseits", "them": "Ihrerseits", "named": "seitens {name}", "me": "meinerseits"},
    "it": {
        "we": "da parte nostra",
        "them": "da parte vostra",
        "named": "da parte di {name}",
        "me": "da parte mia",
    },
    "nl": {
        "we": "van onze kant",
        "them": "van uw kant",
        "named": "van de kant van {name}",
        "me": "van mijn kant",
    },
}
# Each opens with rephrase's recap lead, so a letter's second restated line drops it like any other.
_TEMPLATES = {
    "fr": {
        "action": "Pour rappel : {actor}, l'action suivante est prévue {due} : {q}.",
        "delivery": "Pour rappel : nous nous sommes engagés à mettre à votre disposition {q} {due}.",
        "item": "Pour rappel : ceci est prévu {due} : {q}.",
    },
    "es": {
        "action": "Como referencia: {actor} está prevista la siguiente acción {due}: {q}.",
        "delivery": "Como referencia: nos comprometimos a poner a su disposición {q} {due}.",
        "item": "Como referencia: esto está previsto {due}: {q}.",
    },
    "de": {
        "action": "Zur Erinnerung: {Actor} ist {due} Folgendes vorgesehen: {q}.",
        "delivery": "Zur Erinnerung: Wir haben zugesagt, {q} {due} bereitzustellen.",
        "item": "Zur Erinnerung: {Due} ist Folgendes vorgesehen: {q}.",
    },
    "it": {
        "action": "Per riepilogare: {actor} è prevista la seguente azione {due}: {q}.",
        "delivery": "Per riepilogare: ci siamo impegnati a mettere a vostra disposizione {q} {due}.",
        "item": "Per riepilogare: {due} è previsto quanto segue: {q}.",
    },
    "nl": {
        "action": "Ter herinnering: {actor} staat {due} de volgende actie gepland: {q}.",
        "delivery": "Ter herinnering: we hebben toegezegd om {q} {due} voor u beschikbaar te maken.",
        "item": "Ter herinnering: {due} staat het volgende gepland: {q}.",
    },
}


@dataclass(frozen=True)
class Restated:
    """The sentence in the letter's language, and the source words its frame says in that language
    (the actor, the verb, a lead such as "I can promise you that"): they are not quoted, but said."""

    text: str
    framed: str


@dataclass(frozen=True)
class _Due:
    """The date a line ends on, with the preposition before it."""

    start: int  # where the preposition starts
    preposition: str
    key: DateKey


def _due(core: str) -> _Due | None:
    """The date the sentence ends on, if it has exactly one reading and a time preposition before it."""
    end = len(core)
    mention = next((d for d in iter_dates(core) if d.end == end), None)
    if mention is None or len(mention.keys) != 1:
        return None
    key = next(iter(mention.keys))
    if key[0] is None or key[1] is None:
        return None
    before = core[: mention.start].rstrip()
    preposition = before.rsplit(" ", 1)[-1].lower() if before else ""
    if preposition not in _PREPOSITIONS:
        return None
    return _Due(len(before) - len(preposition), preposition, key)


def _date_words(key: DateKey, lang: str) -> str:
    year, month, day = key
    assert month is not None
    name = _MONTHS[lang].split()[month - 1]
    if lang == "es":
        return f"{day} de {name} de {year}" if day else f"{name} de {year}"
    if lang == "de":
        return f"{day}. {name} {year}" if day else f"{name} {year}"
    if lang in ("it", "nl"):
        return f"{day} {name} {year}" if day else f"{name} {year}"
    return f"{'1er' if day == 1 else day} {name} {year}" if day else f"{name} {year}"


def _due_words(due: _Due, lang: str) -> str:
    """The date with its preposition, in the letter's language ("d'ici le 12 mars 2027", "im Juni 2027")."""
    date = _date_words(due.key, lang)
    full = due.key[2] is not None
    if due.preposition == "on" or (due.preposition == "in" and full):
        return {"fr": "le ", "es": "el ", "de": "am ", "it": "il ", "nl": "op "}[lang] + date
    if due.preposition == "in":
        return {"fr": "en ", "es": "en ", "de": "im ", "it": "a ", "nl": "in "}[lang] + date
    by = {
        "fr": ("d'ici le ", "d'ici "),
        "es": ("a más tardar el ", "para "),
        "de": ("bis zum ", "bis "),
        "it": ("entro il ", "entro "),
        "nl": ("uiterlijk ", "uiterlijk "),
    }
    return by[lang][0 if full else 1] + date


def _quoted(text: str, lang: str) -> str:
    left, right = _QUOTES[lang]
    return f"{left}{text.strip(' .,;:')}{right}"


def _actor(who: str, side: str) -> tuple[Actor, str] | None:
    """Who acts, as the letter sees it: us, the customer, or a named person (kept by name)."""
    pronoun = who.lower()
    if pronoun in ("i", "we"):
        if side == "ours":
            return "we", ""
        return ("them", "") if side == "customer" else None
    if pronoun == "you":
        if side == "ours":
            return "them", ""
        return ("we", "") if side == "customer" else None
    return "named", who


def _action(head: str, side: str, due: str, lang: str) -> Restated | None:
    match = _ACTION.match(head)
    if not match:
        return None
    actor = _actor(match.group("who"), side)
    what = match.group("what")
    # Quoted as recorded, the action keeps its writer's pronouns; only ours read right in our letter.
    if actor is None or (side != "ours" and _PERSON.search(what)):
        return None
    kind, name = actor
    phrase = _ACTORS[lang][kind].format(name=name)
    text = _TEMPLATES[lang]["action"].format(
        actor=phrase, Actor=phrase[:1].upper() + phrase[1:], due=due, q=_quoted(what, lang)
    )
    return Restated(text, head[: match.start("what")])


def restate_in(sentence: str, side: str, language: str, *, labelled: bool) -> Restated | None:
    """The English record sentence (openers and label already stripped) restated in `language`, or None
    when it has none of the shapes above. `labelled`: a label ("Roadmap commitment:") preceded it."""
    lang = language[:2].lower()
    if lang not in _TEMPLATES:
        return None
    core = sentence.strip().rstrip(".!")
    due = _due(core)
    if due is None:
        return None
    head, when = core[: due.start].strip(" ,"), _due_words(due, lang)
    action = _action(head, side, when, lang)
    if action is not None:
        return action
    delivery = _DELIVERY.match(head)
    if delivery and side != "customer" and not _PERSON.search(delivery.group("item")):
        item = delivery.group("item")
        framed = head[: delivery.start("item")] + head[delivery.end("item") :]
        if _HEDGE.search(framed):
            return None
        return Restated(_TEMPLATES[lang]["delivery"].format(q=_quoted(item, lang), due=when), framed)
    if labelled and side != "customer" and not _PERSON.search(head) and " " in head:
        template = _TEMPLATES[lang]["item"]
        return Restated(template.format(q=_quoted(head, lang), due=when, Due=when[:1].upper() + when[1:]), "")
    return None


# Languages whose sentence after a colon starts with a capital (French, Italian and Dutch go on in
# lower case).
_COLON_CAPITAL = ("de", "es")
# Our signer named as the subject of a native sentence: the verb they take in the first person.
_FIRST_PERSON = {
    "de": ("ich", {"wird": "werde", "hat": "habe", "ist": "bin", "kann": "kann", "möchte": "möchte"}),
    "fr": ("je", {"va": "vais", "a": "ai", "est": "suis", "peut": "peux", "doit": "dois"}),
    "es": ("", {"va": "voy", "ha": "he", "está": "estoy", "puede": "puedo", "debe": "debo"}),
    "it": ("", {"ha": "ho", "è": "sono", "può": "posso", "deve": "devo", "sta": "sto", "farà": "farò"}),
    "nl": ("ik", {"zal": "zal", "heeft": "heb", "is": "ben", "kan": "kan", "wil": "wil", "gaat": "ga"}),
}


def _first_person(text: str, signer: str, lang: str) -> str:
    pronoun, verbs = _FIRST_PERSON[lang]
    names = sorted({signer, signer.split()[0]}, key=len, reverse=True)
    pattern = re.compile(rf"\b(?:{'|'.join(map(re.escape, names))})\s+({'|'.join(verbs)})\b")

    def mine(match: re.Match[str]) -> str:
        said = f"{pronoun} {verbs[match.group(1)]}".strip()
        before = text[: match.start()].rstrip()
        after_stop = before.endswith(".") and lang != "fr"
        opens = match.start() == 0 or after_stop or (before.endswith(":") and lang in _COLON_CAPITAL)
        return said[:1].upper() + said[1:] if opens else said

    return pattern.sub(mine, text)


def signer_as_me(text: str, signer: str, language: str) -> str:
    """Our own signer in a restated line is said in the first person ("du côté de Sam Ortiz" -> "de mon
    côté", "Sam Ortiz wird … senden" -> "ich werde … senden"): a letter does not name its writer."""
    lang = language[:2].lower()
    if lang not in _ACTORS or not signer.strip():
        return text
    named, me = _ACTORS[lang]["named"], _ACTORS[lang]["me"]
    for form in (named, named[:1].upper() + named[1:]):
        mine = me if form[0].islower() else me[:1].upper() + me[1:]
        text = text.replace(form.format(name=signer.strip()), mine)
    return _first_person(text, signer.strip(), lang)
