"""The languages the copilot writes and reads, and each one's frame: the one place to add a language.

`SUPPORTED` languages get a whole letter in the customer's language: a frame (greeting, lead-in,
closing, stand-in next step) per formality, the lead-ins of restated facts, and the stop words that
tell a line's language. `RECOGNISED` is every language a customer's message is recognised in; each is
supported, so a reply is never framed in one language around a body in another. English is the
fallback of `frame_for` only for a language the copilot does not know at all.

Italian and Dutch letters address the customer's company in the plural courtesy form ("voi"/"vostro",
"u"/"uw"), as business letters in those languages do.

The rules that turn words of one language (pronoun swaps, deferrals, stand-in openings, dates) keep
their own tables beside the rule; `tests/test_languages.py` checks that each covers `SUPPORTED`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

DEFAULT = "en"
SUPPORTED: tuple[str, ...] = ("en", "de", "fr", "es", "it", "nl")
RECOGNISED: tuple[str, ...] = SUPPORTED
FORMALITIES: tuple[str, ...] = ("formal", "neutral", "casual")
# How a prompt names the language the model is to write in.
NAMES: dict[str, str] = {
    "en": "English",
    "de": "German",
    "fr": "French",
    "es": "Spanish",
    "it": "Italian",
    "nl": "Dutch",
}


def language_code(language: str | None) -> str:
    """The two-letter code of a stored language ("de-CH" -> "de"); no language is the default."""
    return (language or DEFAULT).lower()[:2]


@dataclass(frozen=True)
class Frame:
    """The fixed parts of an email in one language and formality.

    The embedded model is small; it writes the short free parts (subject, opening, next step) and
    everything that must honour the customer's preferences is this frame. The stand-in next step
    offers help, never a meeting the rep did not ask for (a customer's reading, 2026-12-07: all ten
    drafts proposed "a short call next week", one beside the meeting it was meant to confirm).
    """

    greeting: str
    facts_lead: str
    closing: str
    default_next_step: str


FRAMES: dict[tuple[str, str], Frame] = {
    ("en", "formal"): Frame(
        "Dear {full},",
        "For reference, from our records:",
        "Kind regards,",
        "Please let me know if you have any questions.",
    ),
    ("en", "neutral"): Frame(
        "Hello {first},",
        "Here is what I have noted:",
        "Best regards,",
        "Let me know if you have any questions.",
    ),
    ("en", "casual"): Frame(
        "Hi {first},",
        "Quick recap of where things stand:",
        "Cheers,",
        "Just let me know if anything is unclear.",
    ),
    ("de", "formal"): Frame(
        "Guten Tag {full},",
        "Zur Erinnerung aus unseren Unterlagen:",
        "Mit freundlichen Grüßen",
        "Für Rückfragen stehe ich Ihnen gern zur Verfügung.",
    ),
    ("de", "neutral"): Frame(
        "Hallo {first},",
        "Kurz zusammengefasst:",
        "Viele Grüße",
        "Bei Fragen melden Sie sich gern.",
    ),
    ("de", "casual"): Frame(
        "Hallo {first},",
        "Kurz zusammengefasst:",
        "Viele Grüße",
        "Bei Fragen melde dich gern bei mir.",
    ),
    ("fr", "formal"): Frame(
        "Bonjour {full},",
        "Pour rappel, d'après nos échanges :",
        "Je vous prie d'agréer mes salutations distinguées,",
        "Je reste à votre disposition pour toute question.",
    ),
    ("fr", "neutral"): Frame(
        "Bonjour {first},",
        "En résumé :",
        "Bien cordialement,",
        "N'hésitez pas à me contacter si vous avez des questions.",
    ),
    ("fr", "casual"): Frame(
        "Salut {first},", "En résumé :", "À bientôt,", "N'hésite pas si tu as des questions."
    ),
    ("es", "formal"): Frame(
        "Buenos días, {full}:",
        "Como referencia, según nuestros registros:",
        "Atentamente,",
        "Quedo a su disposición para cualquier consulta.",
    ),
    ("es", "neutral"): Frame(
        "Hola {first}:",
        "En resumen:",
        "Saludos cordiales,",
        "Si tiene cualquier pregunta, no dude en escribirme.",
    ),
    ("es", "casual"): Frame(
        "Hola {first},", "En resumen:", "¡Saludos!", "Si tienes cualquier duda, escríbeme."
    ),
    ("it", "formal"): Frame(
        "Gentile {full},",
        "Per riferimento, dai nostri archivi:",
        "Cordiali saluti,",
        "Resto a disposizione per qualsiasi domanda.",
    ),
    ("it", "neutral"): Frame(
        "Buongiorno {first},",
        "In sintesi:",
        "Un cordiale saluto,",
        "Per qualsiasi domanda, non esiti a scrivermi.",
    ),
    ("it", "casual"): Frame(
        "Ciao {first},", "In sintesi:", "A presto,", "Per qualsiasi domanda, scrivimi pure."
    ),
    ("nl", "formal"): Frame(
        "Geachte {full},",
        "Ter referentie, uit onze gegevens:",
        "Met vriendelijke groet,",
        "Voor vragen sta ik uiteraard tot uw beschikking.",
    ),
    ("nl", "neutral"): Frame(
        "Beste {first},",
        "Kort samengevat:",
        "Met vriendelijke groet,",
        "Laat het me gerust weten als u vragen heeft.",
    ),
    ("nl", "casual"): Frame(
        "Hoi {first},",
        "Kort samengevat:",
        "Groeten,",
        "Laat het gerust weten als je vragen hebt.",
    ),
}


def frame_for(language: str, formality: str) -> Frame:
    """The frame for a language and formality, falling back to neutral, then to English."""
    lang = language_code(language)
    tone = (formality or "neutral").lower()
    return (
        FRAMES.get((lang, tone))
        or FRAMES.get((lang, "neutral"))
        or FRAMES[(DEFAULT, tone if tone in {"formal", "casual"} else "neutral")]
    )


def greeting(frame: Frame, full_name: str) -> str:
    """The salutation with the contact's name."""
    first = full_name.split()[0] if full_name.strip() else full_name
    return frame.greeting.format(full=full_name, first=first)


# The name under the closing when no person of ours can be named: our company's team, or without a
# company name the account team, in the letter's language (an English "Your … team" closed Italian letters).
TEAM_SIGNATURE: dict[str, tuple[str, str]] = {
    "en": ("Your {company} team", "Your account team"),
    "de": ("Ihr Team von {company}", "Ihr Kundenteam"),
    "fr": ("L'équipe {company}", "Votre équipe commerciale"),
    "es": ("El equipo de {company}", "Su equipo de cuenta"),
    "it": ("Il team di {company}", "Il vostro team commerciale"),
    "nl": ("Het team van {company}", "Uw accountteam"),
}


def team_signature(company: str, language: str) -> str:
    """Our team's name in the letter's language, for a letter no person of ours can sign."""
    named, unnamed = TEAM_SIGNATURE.get(language_code(language), TEAM_SIGNATURE[DEFAULT])
    return named.format(company=company) if company else unnamed


# How a restated record sentence is introduced: our side's ("To recap, I will send…") and the
# customer's own ("You told us that your renewal…"). `{s}` keeps the sentence's first letter as it
# reads mid-sentence, `{S}` capitalises it.
RECAP_LEAD: dict[str, str] = {
    "en": "To recap, {s}",
    "de": "Zur Erinnerung: {S}",
    "fr": "Pour rappel : {s}",
    "es": "Como referencia: {S}",
    "it": "Per riepilogare: {s}",
    "nl": "Ter herinnering: {s}",
}
TOLD_US_LEAD: dict[str, str] = {
    "en": "You told us that {s}",
    "de": "Sie hatten uns geschrieben: {S}",
    "fr": "Vous nous avez indiqué que {s}",
    "es": "Nos comentaron que {s}",
    "it": "Ci avete comunicato che {s}",
    # A Dutch "dat" clause puts its verb last; the colon keeps the customer's own word order.
    "nl": "U schreef ons: {s}",
}

# The customer's second restated sentence: "You told us that" twice in a row reads as a form letter.
TOLD_US_AGAIN_LEAD: dict[str, str] = {
    "en": "You also told us that {s}",
    "de": "Außerdem hatten Sie uns geschrieben: {S}",
    "fr": "Vous nous avez également indiqué que {s}",
    "es": "También nos comentaron que {s}",
    "it": "Ci avete inoltre comunicato che {s}",
    "nl": "Ook schreef u ons: {s}",
}


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_WORD = re.compile(r"[^\W\d_]+")
# Function words of a line of our letter or a record sentence. English gets words no other letter
# language uses, so a short English line ("a connector by June") is recognised as English.
LINE_STOPWORDS: dict[str, frozenset[str]] = {
    "en": _words("the and to of you we is for that with our your this are on be will it have by from has"),
    "de": _words("der die das und ist wir sie ihr ihre nicht mit für auf den dem zu ein eine"),
    "fr": _words("le la les et est nous vous pour avec sur une des du que dans pas"),
    "es": _words(
        # "No la vamos a pagar hasta que nos expliquen ese aumento." tied with French on "la" and "que".
        "el la los las y es nosotros para con una del que en por su nuestro nuestra se al lo como "
        "hasta ese esa pero muy también porque desde hay"
    ),
    "it": _words("il lo gli la le di che e è per con non una un sono ci vi siamo nostro vostro della dei"),
    "nl": _words("de het een en van voor met op te dat wij we u uw niet zijn ons onze bij naar om is"),
}
# Function words of a customer's message, with the words they ask with ("can", "bitte", "merci"),
# in every recognised language: a reply is written in the language the message was written in.
MESSAGE_STOPWORDS: dict[str, frozenset[str]] = {
    "en": _words("the and you we our is are to of for with can could please what when"),
    "de": _words("der die das und sie wir ist sind zu mit für bitte können wann was ich"),
    "fr": _words("le la les et vous nous est sont pour avec pouvez merci quand quel je"),
    "es": _words("el la los las y usted nosotros es son para con por favor cuándo qué"),
    "it": _words("il lo la gli e voi noi è sono per con potete grazie quando che"),
    "nl": _words("de het en u wij is zijn voor met kunt graag wanneer wat ik"),
}


def guess_language(text: str, expected: str = DEFAULT) -> str | None:
    """The supported language whose stop words a line uses most, `expected` on a tie (None when it
    uses none)."""
    words = [w.lower() for w in _WORD.findall(text)]
    counts = {lang: sum(w in stop for w in words) for lang, stop in LINE_STOPWORDS.items()}
    best = max(counts, key=lambda lang: (counts[lang], lang == expected))
    return best if counts[best] else None


def message_language(text: str) -> str | None:
    """The language of a message by its function words, or None when it is too short to tell."""
    words = re.findall(r"[^\W\d_]+", text.lower())
    if len(words) < 4:
        return None
    counts = {lang: sum(w in stop for w in words) for lang, stop in MESSAGE_STOPWORDS.items()}
    best = max(counts, key=lambda lang: counts[lang])
    return best if counts[best] >= 2 else None
