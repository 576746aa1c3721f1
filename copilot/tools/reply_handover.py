"""Requests for things our side can simply hand over, answered with a promise to send them.

"Procurement needs … your latest security certificate and the standard contract" asks for
documents we hold: a rep does not write "I don't have the details to hand", they write "I will
send you our latest security certificate and the standard contract by Tuesday". That promise is
ours, not a record's, so the composer flags it for the reviewer like a deferral.

What counts as a hand-over is a closed list: a request verb ("send", "need", "benötigt",
"envoyer"...) with one of a few nouns for things we hold (documents, certificates, contracts, a
quote or offer, a list, a recording, access, a copy), in the six reply languages. The things are
named in the customer's own words, from the determiner before the first such noun to the last
one, with possessives swapped where the swap cannot change grammar (German "Ihr" -> "unser",
French "votre" -> "notre"); where it could (Spanish "su" needs the noun's gender, Dutch "uw" the
noun's article, a German dative), the promise names them neutrally ("what you asked for").
"""

from __future__ import annotations

import re

from copilot.tools.draft_types import ComposedBody
from copilot.tools.reply_wording import commitment_flags

# Nouns for what we can hand over. German and Dutch compounds end in them ("Sicherheitszertifikat",
# "standaardcontract"); "Vertragsverlängerung" (a renewal) does not, so it is no document.
_ITEM = re.compile(
    r"\b(?:documents?|documentation|certificates?|certifications?|contracts?|quotes?|quotation|offer|"
    r"proposal|list|recordings?|access|copy|copies|"
    r"\w*(?:unterlagen|dokumente?n?|zertifikate?n?|vertrag|verträge|angebote?|liste|aufzeichnung|zugang|"
    r"kopie)|"
    r"certificats?|contrats?|devis|offres?|propositions?|listes?|enregistrements?|accès|"
    r"documentos?|documentación|certificados?|contratos?|presupuestos?|ofertas?|propuestas?|listas?|"
    r"listados?|grabaci(?:ón|ones)|acceso|copias?|"
    r"documenti|documentazione|certificat[oi]|contratt[oi]|preventiv[oi]|offert[ae]|propost[ae]|"
    r"elenc(?:o|hi)|registrazion[ei]|accesso|copi[ae]|"
    r"\w*(?:certificaat|certificaten|contract(?:en)?|offertes?|voorstel|lijst|opnames?|toegang|kopie))\b",
    re.IGNORECASE,
)
# Verbs that ask for something to be handed over, or state that the customer needs it.
_ASKS_FOR = re.compile(
    r"\b(?:send|share|provide|forward|give|needs?|needed|requires?|"
    r"schick\w*|(?:zu)?send(?:en|et)|zukommen|benötig\w*|brauch(?:e|en|t)|bitte[tn]? um|bereitstell\w*|"
    r"übermittel\w*|"
    r"envoy\w*|besoin|transmett\w*|fournir|partager|partagez|communiquer|"
    r"envi(?:ar|arnos|arme|en|e)|envíe\w*|necesit\w*|compartir\w*|facilitar\w*|proporcionar\w*|"
    r"mandar\w*|"
    r"inviar\w*|inviate|mandate|servirebbe\w*|servono|bisogno|fornir\w*|condivider\w*|trasmetter\w*|"
    r"stuur\w*|sturen|nodig|delen|bezorg\w*|verstrek\w*)\b",
    re.IGNORECASE,
)
# In a statement only a need asks us for something ("Procurement needs a few documents"); "send", "give"
# or "share" there tell what the customer does ("We want to give read-only access to two leads").
_NEED = re.compile(
    r"needs?|needed|requires?|benötig\w*|brauch(?:e|en|t)|bitte[tn]? um|besoin|necesit\w*|servirebbe\w*|"
    r"servono|bisogno|nodig",
    re.IGNORECASE,
)
# A request said without a question mark: "Please send …", "Bitte schicken Sie …", "Merci de …".
_REQUEST_FORM = re.compile(
    r"(?:please|kindly|could you|can you|would you|will you|(?:send|share|forward|give) (?:me|us)|bitte|"
    r"könnten sie|können sie|merci de|pourriez-vous|pouvez-vous|veuillez|por favor|podría|podrían|"
    r"per favore|potreste|potete|graag|kunt u|zou u)\b",
    re.IGNORECASE,
)
# The specific things after a general word ("a few documents …, including X and Y").
_INCLUDING = re.compile(
    r"\b(?:including|such as|in particular|namely|unter anderem|darunter|insbesondere|notamment|"
    r"en particulier|en particular|incluid[oa]s?|entre (?:ellos|ellas|otros|otras)|"
    r"tra cui|in particolare|waaronder|onder andere|zoals)\b",
    re.IGNORECASE,
)
# Where the things end: punctuation, or a word that starts a reason or a relative clause.
_CLAUSE_BREAK = frozenset(
    {
        *(",", ";", ":", ".", "!", "?", "so", "because", "which", "that", "who", "before", "daher"),
        *("weil", "damit", "bevor", "car", "afin", "avant", "qui", "que", "porque", "antes", "perché"),
        *("prima", "che", "omdat", "voordat"),
    }
)
_DETERMINERS = frozenset(
    " ".join(
        (
            "a an the your our my this these those some any all",
            "der die das den dem des ein eine einen einem einer einige alle Ihr Ihre Ihren Ihrem Ihrer",
            "Ihres unser unsere unseren unserem unserer unseres",
            "le la les l' un une des du quelques votre vos notre nos ce cette ces",
            "el los las una unos unas algunos algunas su sus nuestro nuestra nuestros nuestras este esta del",
            "il lo gli uno i vostro vostra vostri vostre nostro nostra nostri nostre della dei degli delle",
            "dello de het een uw ons onze",
        )
    ).split()
)
_ITALIAN_ARTICLES = frozenset(("il", "lo", "la", "i", "gli", "le"))
_OF = frozenset(("of", "von", "des", "de", "di", "van"))
# French, Spanish and Italian put short adjectives after the noun ("el contrato estándar").
_ADJECTIVE_AFTER = frozenset(("fr", "es", "it"))
MAX_ADJECTIVE_WORDS = 3
# A determiner after which the words cannot be the direct object of "send" as they stand.
_UNSAFE = re.compile(
    r"^(?:dem|des|einem|einer|Ihrem|Ihrer|Ihres|unserem|unserer|unseres|der|l'|d'|su|sus|uw|suo|sua|"
    r"suoi|sue|Suo|Sua|ihr\w*)$"
)
# Possessives of the customer become ours and ours theirs; French "du" (de + le) becomes "le".
_SWAP = {
    "en": {"your": "our", "yours": "ours", "our": "your", "my": "your", "us": "you", "me": "you"},
    "de": {
        "Ihr": "unser", "Ihre": "unsere", "Ihren": "unseren", "unser": "Ihr", "unsere": "Ihre",
        "unseren": "Ihren",
    },
    "fr": {"votre": "notre", "vos": "nos", "notre": "votre", "nos": "vos", "du": "le", "des": "les"},
    "es": {"nuestro": "su", "nuestra": "su", "nuestros": "sus", "nuestras": "sus", "del": "el"},
    "it": {
        "vostro": "nostro", "vostra": "nostra", "vostri": "nostri", "vostre": "nostre", "nostro": "vostro",
        "nostra": "vostra", "nostri": "vostri", "nostre": "vostre", "del": "il", "della": "la",
        "dei": "i", "degli": "gli", "delle": "le", "dello": "lo",
    },
    "nl": {"ons": "uw", "onze": "uw"},
}  # fmt: skip
_NEUTRAL = {
    "en": "what you asked for",
    "de": "die gewünschten Unterlagen",
    "fr": "ce que vous avez demandé",
    "es": "lo que nos ha pedido",
    "it": "quanto richiesto",
    "nl": "het gevraagde",
}
_ALSO = {
    "en": "as well as",
    "de": "sowie",
    "fr": "ainsi que",
    "es": "así como",
    "it": "oltre a",
    "nl": "en ook",
}
# {things}: what we send; {day}: the working day, as the deferral names it ("the end of today").
_SEND = {
    "en": "I will send you {things} by {day}.",
    "de": "Gerne schicke ich Ihnen {things} bis {day}.",
    "fr": "Je vous envoie {things} d'ici {day}.",
    "es": "Le envío {things} antes del {day}.",
    "it": "Vi invio {things} entro {day}.",
    "nl": "Ik stuur u {things} uiterlijk {day}.",
}
# After "Who on your side can help with that?", the promise first says that we do.
_I_HELP = {
    "en": "I can help with that: ",
    "de": "Darum kümmere ich mich: ",
    "fr": "Je m'en occupe : ",
    "es": "Me encargo yo: ",
    "it": "Me ne occupo io: ",
    "nl": "Daar help ik u graag mee: ",
}
# A question asking who can help with what the message just asked for ("… help with that?"): a help word,
# then a word pointing back. Kept as pairs of searches, not one "help.*that" pattern: that form retries
# the rest of the text from every "help", quadratic on a long message of repeated words.
_HELP_THEN_POINTER = (
    (
        re.compile(r"\b(?:help|assist)\b", re.IGNORECASE),
        re.compile(r"\b(?:that|this|it|them)\b", re.IGNORECASE),
    ),
    (re.compile(r"\b(?:dabei|damit)\b", re.IGNORECASE), re.compile(r"\bhelfen\b", re.IGNORECASE)),
    (re.compile(r"\b(?:daarmee|hiermee)\b", re.IGNORECASE), re.compile(r"\bhelpen\b", re.IGNORECASE)),
)
_HELP_US = re.compile(r"\bnous aider\b|\bs'en occuper\b|\bayudar(?:nos)?\b|\baiutar(?:ci|e)\b", re.IGNORECASE)
# "Bitte berücksichtigen Sie dabei die aktuelle Anzahl der Nutzer." right after a request for a quote says
# how to make what was asked for; it is no second question to defer. Each language's opening of such a
# note (an instruction to take something into account, include it or reflect it), anchored at the start.
_NOTE_ON_IT = re.compile(
    r"^(?:please,?\s+)?(?:(?:take|bear) (?:into account|in mind)|consider|factor in|include|reflect|"
    r"make sure (?:it|that it|they|the \w+) (?:includes?|reflects?|covers?))\b|"
    r"^(?:bitte\s+)?(?:berücksichtigen|beachten)\s+sie\b|"
    r"^(?:merci de|veuillez)\s+(?:tenir compte|prendre en compte|inclure)\b|"
    r"^(?:por favor,?\s+)?tenga(?:n)? en cuenta\b|"
    r"^(?:vi preghiamo di\s+|per favore,?\s+)?(?:tenete|tenere) conto\b|"
    r"^(?:graag\s+)?(?:houd|houdt u)\b[^.?!]{0,20}\brekening met\b",
    re.IGNORECASE,
)
# The promise then says it keeps the note (the customer's words stay in their message, quoted by no one).
_NOTED = {
    "en": ", with your note taken into account.",
    "de": " und berücksichtige dabei Ihren Hinweis.",
    "fr": ", en tenant compte de votre remarque.",
    "es": ", teniendo en cuenta su indicación.",
    "it": ", tenendo conto della vostra indicazione.",
    "nl": ", rekening houdend met uw opmerking.",
}
_TOKEN = re.compile(r"[\w'\u2019-]+|[^\w\s]")
MAX_THING_WORDS = 14


def asks_for_handover(sentence: str) -> bool:
    """True when the sentence asks for, or states a need of, something we can hand over.

    The thing must come after the request verb ("we need the paperwork" after "our contract …" is no
    request for a contract) unless the sentence is a question, where word order varies by language.
    """
    verb = _ASKS_FOR.search(sentence)
    if verb is None:
        return False
    asked = sentence.rstrip().endswith("?") or _REQUEST_FORM.match(sentence.strip())
    if not asked and not _NEED.fullmatch(verb.group(0)):
        return False  # "We want to give read-only access to our leads": the customer's own act, not a request
    after = sentence if sentence.rstrip().endswith("?") else sentence[verb.end() :]
    return bool(_ITEM.search(after))


def notes_how_to_make_it(sentence: str) -> bool:
    """True for an instruction on what was just asked for ("Please take into account our current
    number of users."): the promise to send it keeps the note instead of deferring it as a question."""
    return not sentence.rstrip().endswith("?") and bool(_NOTE_ON_IT.match(sentence.strip()))


def asks_who_helps_with_that(question: str) -> bool:
    """True for "Who on your side can help with that?": it asks about the request before it."""
    return _asks_for_help(question) and not _ITEM.search(question)


def _asks_for_help(question: str) -> bool:
    if _HELP_US.search(question):
        return True
    for first, then in _HELP_THEN_POINTER:
        found = first.search(question)
        if found and then.search(question, found.end()):
            return True
    return False


def handed_over(request: str, language: str) -> str:
    """The things the request asks for, as our side names them, or a neutral wording when unsafe."""
    lang = language if language in _SEND else "en"
    tail = _INCLUDING.split(request, maxsplit=1)
    region = tail[-1]
    verb = _ASKS_FOR.search(region)
    if len(tail) == 1 and verb is not None and not request.rstrip().endswith("?"):
        # A stated need names its things after the verb ("…, daher benötigen wir das Angebot").
        region = region[verb.end() :]
    tokens = _TOKEN.findall(region)
    items = [i for i, t in enumerate(tokens) if _ITEM.fullmatch(t)]
    if not items:
        return _NEUTRAL[lang]
    first = items[0]
    start = next((k for k in range(first, max(-1, first - 4), -1) if tokens[k] in _DETERMINERS), None)
    if start is not None and start > 0 and tokens[start - 1] in _ITALIAN_ARTICLES:
        start -= 1  # "il vostro certificato": the article before the possessive
    if start is None:
        start = first if len(tail) > 1 else -1
    if start < 0:
        return _NEUTRAL[lang]
    end = first
    for i in items[1:]:
        if any(t.lower() in _CLAUSE_BREAK for t in tokens[end + 1 : i]):
            break
        end = i
    end = _with_of_phrase(tokens, end, lang)
    words = tokens[start : end + 1]
    if len(words) > MAX_THING_WORDS or any(_UNSAFE.match(w) for w in tokens[start : first + 1]):
        return _NEUTRAL[lang]
    swap = _SWAP[lang]
    return " ".join(swap.get(w, swap.get(w.lower(), w)) if lang == "en" else swap.get(w, w) for w in words)


def _with_of_phrase(tokens: list[str], end: int, language: str) -> int:
    """Where the things end after their last noun: with "of the supported connectors" (to the clause's
    end), German "des Workshops" (to its noun; a German verb comes last), or a Romance sentence's few
    last words ("el contrato estándar?"). Otherwise at the noun."""
    clause = end + 1
    while clause < len(tokens) and tokens[clause].lower() not in _CLAUSE_BREAK:
        clause += 1
    if end + 1 < len(tokens) and tokens[end + 1].lower() in _OF:
        if language == "de":
            noun = next((i for i in range(end + 2, min(clause, end + 5)) if tokens[i][:1].isupper()), end)
            return noun
        return min(clause, end + 7) - 1 if clause > end + 2 else end
    at_sentence_end = clause == len(tokens) or tokens[clause] in (".", "?", "!")
    if language in _ADJECTIVE_AFTER and at_sentence_end and clause - end - 1 <= MAX_ADJECTIVE_WORDS:
        return clause - 1
    return end


def joined_things(things: list[str], language: str) -> str:
    """Several requests' things in one promise ("X as well as Y"), each named once."""
    lang = language if language in _ALSO else "en"
    unique = list(dict.fromkeys(things))
    if len(unique) > 1 and _NEUTRAL[lang] in unique:
        return _NEUTRAL[lang]
    return f" {_ALSO[lang]} ".join(unique)


def send_promise(things: str, day: str, language: str, *, who_asked: bool, noted: bool = False) -> str:
    """Our promise to send the things by `day`; "I can help with that:" first when they asked who could,
    and that we keep their note when they added one on how to make it (`notes_how_to_make_it`)."""
    lang = language if language in _SEND else "en"
    promise = _SEND[lang].format(things=things, day=day)
    if noted:
        promise = promise.removesuffix(".") + _NOTED[lang]
    if not who_asked:
        return promise
    # After the colon English keeps "I" and German a sentence's capital; the others continue in lower case.
    return _I_HELP[lang] + (promise if lang in ("en", "de") else promise[:1].lower() + promise[1:])


def send_flags(body: ComposedBody, promises: list[str]) -> list[dict[str, object]]:
    """A `commitment` flag on each promise to send: we promise a hand-over by a day no record backs."""
    return commitment_flags(
        body,
        promises,
        "the customer asked for things we hold, so the reply promises to send them by a named day: check "
        "that we can send exactly these, and the day",
    )
