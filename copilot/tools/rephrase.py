"""Compact mode's facts: each record sentence rephrased for the reader, in our voice, by deterministic rules.

A customer's own sentence comes back addressed to them ("Our renewal is due on 3 March" becomes
"You told us that your renewal is due on 3 March."); our side's sentence is restated ("To recap, I
will send the order form by Friday."). Pronouns are swapped only where the grammar allows it
without guessing; a sentence the rules cannot turn safely is left out, never pasted raw.
`keeps_facts` then checks that every factual span of the source survives the rewrite.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from copilot.guards.phrases import content_words
from copilot.guards.spans import Claim, extract_claims
from copilot.languages import RECAP_LEAD, TOLD_US_AGAIN_LEAD, TOLD_US_LEAD, guess_language
from copilot.tools.crosslingual import restate_in, signer_as_me

Side = Literal["customer", "ours", "unknown"]


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Discourse openers that make no sense once the sentence is restated by the other side.
# The asides after them ("By the way, …", "Also, …") only with their comma: "Separately priced add-ons" and
# "Actually works now" open with a word of the sentence itself.
_OPENERS = re.compile(
    r"^(?:(?:frankly|honestly|to be honest|just to confirm|as a reminder|for your planning|please note that|"
    r"on our side|on our end|on your side|leave that with me|i'?ll take that one|"
    r"as promised(?: on our call)?|"
    r"bitte beachten sie, dass|je vous rappelle que|les recuerdo que)\s*[,:;]?\s+|"
    r"(?:by the way|btw|incidentally|just so you know|fyi|separately|on a separate note|one more thing|also|"
    r"anyway|actually)\s*[,:;]\s*)",
    re.IGNORECASE,
)
# A short label before a colon ("Commercials:", "Action item for me:"): the fact is what follows.
_LABEL = re.compile(r"^[^\W\d][\w' -]{2,40}:\s+(?=\S)")
_CLAUSE_OPENERS = ("please note that", "bitte beachten sie, dass", "je vous rappelle que", "les recuerdo que")
# First words that start a sentence only by position and are lowercased when it follows a lead-in.
_LOWER_FIRST = _words(
    "the a an our your we you it this that there they their these those all one some for in on "
    "at as after before with during since from to by if when once each every no not so then "
    "next last both le la les un une votre vos notre nos pour dans avec el los las su sus "
    "nuestro nuestra para con en por il lo gli i nostro nostra nostri nostre vostro vostra per de het een "
    "ons onze uw voor met op"
)

_EN_SUBJECT_AFTER = _words("and but so that if when because as since before after until while where which")
_EN_VERB_NEXT = re.compile(
    r"^(?:are|were|have|had|will|would|can|could|should|shall|may|might|must|need|want|wanted|said|"
    r"promised|asked|told|agreed|offered|sent|do|did|know|\w+ed)\b",
    re.IGNORECASE,
)
_EN_CUSTOMER_SWAPS = {
    "i am": "you are",
    "i was": "you were",
    "i'm": "you're",
    "i'll": "you'll",
    "i've": "you've",
    "i'd": "you'd",
    "we're": "you're",
    "we'll": "you'll",
    "we've": "you've",
    "we'd": "you'd",
    "i": "you",
    "we": "you",
    "me": "you",
    "us": "you",
    "my": "your",
    "our": "your",
    "mine": "yours",
    "ours": "yours",
    "myself": "yourself",
    "ourselves": "yourselves",
    "your": "our",
    "yours": "ours",
    "you're": "we're",
    "you'll": "we'll",
    "you've": "we've",
}
_EN_PRONOUNS = re.compile(
    r"\b(?:i am|i was|i'm|i'll|i've|i'd|we're|we'll|we've|we'd|you're|you'll|you've|"
    r"i|we|me|us|my|our|mine|ours|myself|ourselves|your|yours|you)\b",
    re.IGNORECASE,
)
_ANY_PERSON = re.compile(
    r"\b(?:i|me|my|we|us|our|you|your|ich|mich|mir|mein\w*|wir|uns|unser\w*|je|j'|me|mon|ma|mes|nous|"
    r"notre|nos|yo|mi|mis|nosotros|nuestr\w*|nos|io|mio|mia|miei|mie|noi|nostr\w*|ik|mij|mijn|wij|ons|onze)\b",
    re.IGNORECASE,
)

_DE_SWAPS = {"wir": "Sie", "Ihnen": "uns", "unser": "Ihr", "unsere": "Ihre", "unseren": "Ihren",
             "unserem": "Ihrem", "unserer": "Ihrer", "unseres": "Ihres"}  # fmt: skip
_FR_UNSAFE = re.compile(
    r"\b(?:je|me|mon|ma|mes|moi|vous|votre|vos|tu|te|ton|ta|tes)\b|\bj'|\bm'", re.IGNORECASE
)
_ES_UNSAFE = re.compile(
    r"\b(?:yo|me|mi|mis|nos|usted|ustedes|su|sus|le|les|tú|te|tu|tus|nosotros|nosotras)\b", re.IGNORECASE
)

# Italian and Dutch pronouns and verb forms that a swap of "our" for "your" cannot turn safely: a first
# person singular or a subject "we" needs its verb conjugated again; a second person already means us.
_IT_UNSAFE = re.compile(
    r"\b(?:io|me|mi|mio|mia|miei|mie|noi|ci|ce|voi|vi|ve|vostr[oaie]|tu|ti|te|tuo|tua|tuoi|tue|lei|suo|sua|"
    r"suoi|sue|\w{2,}iamo)\b",
    re.IGNORECASE,
)
_NL_UNSAFE = re.compile(r"\b(?:ik|mij|me|mijn|wij|we|ons|jij|je|jou|jouw|jullie|u|uw)\b", re.IGNORECASE)

_CUSTOMER_CLAUSE_LEAD = {"de": "Sie hatten uns mitgeteilt, dass {k}"}
_WORD = re.compile(r"[^\W\d_]+")
# English sentences that open without a subject are a note's shorthand or a pleasantry ("Let you know
# if…", "Hope your week…", "Lots of talk about data", "Corrected the definition…"): restated after
# "You told us that" they read as broken, so they are no fact for the letter.
_EN_SUBJECTLESS = _words(
    "let will would shall can could should may might must do does did have has had am is are was were be "
    "hope hoping looking thanks thank happy glad sorry lots just also see feel keep talk speak great "
    "apologies sounds sure ok okay quick more nice good welcome excited appreciate love actually anyway "
    "noted done need needs want wants"
)
_EN_SUBJECTLESS_FORM = re.compile(r"[a-z]+(?:ed|ing)")
# Our own signer named as the subject of a commitment is "I" in their own letter.
_EN_SIGNER_VERBS = {"has": "have", "is": "am", "was": "was"}
_EN_SIGNER_NEXT = r"(?=\s+(?:will|would|can|could|should|shall|may|might|must|has|is|was|\w+ed)\b)"
_LINK = re.compile(r"https?://\S+|www\.\S+|\S+@\S+\.\w+", re.IGNORECASE)


@dataclass(frozen=True)
class Rephrased:
    """A record sentence restated for the reader, with the citation number of its record."""

    n: int
    text: str
    source: str


def _strip_openers(sentence: str) -> tuple[str, bool]:
    """The sentence without discourse openers or a leading label; True when a that-clause is left."""
    clause = False
    for _ in range(2):
        match = _OPENERS.match(sentence) or _LABEL.match(sentence)
        if not match:
            break
        clause = clause or match.group(0).strip(" ,:;").lower() in _CLAUSE_OPENERS
        sentence = sentence[match.end() :]
    return sentence.strip(), clause


def _en_you(text: str, match: re.Match[str]) -> str:
    before = text[: match.start()].rstrip()
    previous = before.split()[-1].lower() if before.split() else ""
    after = text[match.end() :].lstrip()
    subject = not before or before[-1] in ",;:" or previous in _EN_SUBJECT_AFTER
    return "we" if subject or _EN_VERB_NEXT.match(after) else "us"


def _swap_en(text: str) -> str:
    def swap(match: re.Match[str]) -> str:
        word = match.group(0)
        lower = word.lower()
        new = _en_you(text, match) if lower == "you" else _EN_CUSTOMER_SWAPS[lower]
        # "I" is upper case by spelling, not by position; anything else keeps its capital.
        return new[0].upper() + new[1:] if word[0].isupper() and not lower.startswith("i") else new

    return _EN_PRONOUNS.sub(swap, text)


def customer_words_for_reader(text: str) -> str:
    """A customer's English words said back to them: "I/we/our" -> "you/your", "you/your" -> "we/us/our"."""
    return _swap_en(text)


def _swap_de(text: str) -> str | None:
    if re.search(r"\b(?:ich|mich|mir|mein\w*|uns|euch|du|dich|dir|dein\w*)\b", text, re.IGNORECASE):
        return None
    if re.search(r"\bSie\b|\bIhr(?:e|en|em|er|es)?\b", text):
        return None  # the customer writing "Sie" means us; the verb forms would still agree, the case not
    return re.sub(r"\b(?:wir|Wir|Ihnen|unser(?:e|en|em|er|es)?|Unser(?:e|en|em|er|es)?)\b", _de_word, text)


def _de_word(match: re.Match[str]) -> str:
    word = match.group(0)
    new = _DE_SWAPS.get(word) or _DE_SWAPS.get(word.lower(), word)
    return new


def _swap_fr(text: str) -> str | None:
    if _FR_UNSAFE.search(text):
        return None
    # First-person plural verbs become second-person plural: nous souhaitons -> vous souhaitez.
    text = re.sub(
        r"\b([Nn])ous (\w+)ons\b", lambda m: f"{'V' if m.group(1) == 'N' else 'v'}ous {m.group(2)}ez", text
    )
    if re.search(r"\bnous\b", text, re.IGNORECASE):
        return None
    for mine, yours in (("notre", "votre"), ("Notre", "Votre"), ("nos", "vos"), ("Nos", "Vos")):
        text = re.sub(rf"\b{mine}\b", yours, text)
    return text


def _swap_es(text: str) -> str | None:
    if _ES_UNSAFE.search(text):
        return None
    text = re.sub(r"\b[Nn]uestr[oa]s\b", "sus", text)
    text = re.sub(r"\b[Nn]uestr[oa]\b", "su", text)
    # First-person plural verbs become third-person plural: necesitamos -> necesitan, queremos -> quieren.
    text = re.sub(r"\b(\w{3,})amos\b", r"\1an", text)
    return re.sub(r"\b(\w{3,})(?:emos|imos)\b", r"\1en", text)


def _swap_it(text: str) -> str | None:
    """The customer's "nostro" becomes "vostro" (the plural courtesy form the Italian frame uses)."""
    if _IT_UNSAFE.search(text):
        return None
    return re.sub(
        r"\b([Nn])ostr([oaie])\b", lambda m: f"{'V' if m.group(1) == 'N' else 'v'}ostr{m.group(2)}", text
    )


def _swap_nl(text: str) -> str | None:
    """The customer's "onze" becomes "uw"; "ons" is both "us" and "our" and is left to no guess."""
    if _NL_UNSAFE.search(text):
        return None
    return re.sub(r"\b([Oo])nze\b", lambda m: "Uw" if m.group(1) == "O" else "uw", text)


_SWAPPERS: dict[str, Callable[[str], str | None]] = {
    "en": _swap_en,
    "de": _swap_de,
    "fr": _swap_fr,
    "es": _swap_es,
    "it": _swap_it,
    "nl": _swap_nl,
}


def _lead(template: str, sentence: str) -> str:
    body = sentence.rstrip(" .!")
    first = body.split(" ", 1)[0]
    lowered = body[:1].lower() + body[1:] if first.lower() in _LOWER_FIRST else body
    return template.format(s=lowered, S=body[:1].upper() + body[1:], k=body) + "."


def has_subject(sentence: str, language: str) -> bool:
    """False for an English sentence that opens without a subject (a shorthand note, a pleasantry)."""
    if language[:2].lower() != "en":
        return True
    first = sentence.split(" ", 1)[0].strip(",;:").lower()
    return first not in _EN_SUBJECTLESS and not _EN_SUBJECTLESS_FORM.fullmatch(first)


def in_signer_voice(text: str, signer: str, language: str) -> str:
    """The restated sentence with our signer as its subject said as "I" ("Sam Ortiz will send" ->
    "I will send"; "du côté de Sam Ortiz" -> "de mon côté"): a letter does not name its own writer in
    the third person."""
    if language[:2].lower() != "en":
        return signer_as_me(text, signer, language)
    if not signer.strip():
        return text
    lead = RECAP_LEAD["en"].split("{", 1)[0]
    names = sorted({signer.strip(), signer.split()[0]}, key=len, reverse=True)
    pattern = re.compile(rf"\b(?:{'|'.join(re.escape(n) for n in names)}){_EN_SIGNER_NEXT}(\s+)(\w+)")

    def first_person(match: re.Match[str]) -> str:
        verb = match.group(2)
        return f"I{match.group(1)}{_EN_SIGNER_VERBS.get(verb, verb)}"

    changed = pattern.sub(first_person, text)
    if changed == text:
        return text
    # "To recap, I will send…" is no recap of the customer's: our promise is said plainly.
    return changed[len(lead) :] if changed.startswith(lead + "I ") else changed


def rephrase(sentence: str, side: Side, language: str) -> str | None:
    """The sentence restated in our voice, or None when the rules cannot do it safely."""
    lang = language[:2].lower()
    if lang not in RECAP_LEAD:
        return None
    core, clause = _strip_openers(sentence.strip())
    # A link, an address or a fragment is no fact to restate ("To recap, https://meet...").
    if len(_WORD.findall(_LINK.sub("", core))) < 4 or _LINK.search(core) or core.endswith("?"):
        return None
    if not has_subject(core, lang):
        return None
    if side == "ours" and lang == "en" and re.match(r"(?:I|We)\s", core):
        # Our own first-person words are already in our voice: "I can confirm…", "We will send…".
        return _lead("{S}", core)
    if side == "ours" or (side == "unknown" and not _ANY_PERSON.search(core)):
        return _lead(RECAP_LEAD[lang], core)
    if side == "unknown":
        return None
    swapped = _SWAPPERS[lang](core)
    if swapped is None:
        return None
    if lang == "en" and re.match(r"please\s+", swapped, re.IGNORECASE):
        return _lead("You asked us to {s}", re.sub(r"^please\s+", "", swapped, flags=re.IGNORECASE))
    template = _CUSTOMER_CLAUSE_LEAD.get(lang, TOLD_US_LEAD[lang]) if clause else TOLD_US_LEAD[lang]
    return _lead(template, swapped)


def _checked_claims(text: str, language: str) -> list[Claim]:
    return [c for c in extract_claims(text, [], language) if c.kind != "meeting_reference"]


def _value_kind(claim: Claim) -> tuple[str, str]:
    # A name is a name whether the heuristics call it a person or a product in this sentence.
    kind = "name" if claim.kind in ("person", "product") else claim.kind
    return kind, claim.normalized


def keeps_facts(source: str, rewritten: str, language: str, said: frozenset[str] = frozenset()) -> bool:
    """True when every factual span of `source` (amounts, dates, names, commitments) is in `rewritten`.

    `said`: word stems the rewrite expresses in another language (a translated frame, "will" and who
    acts), which a commitment's words may therefore miss; amounts, dates and names are always checked.
    """
    before = _checked_claims(source, language)
    after = _checked_claims(rewritten, language)
    values = {_value_kind(c) for c in after if c.kind != "commitment"}
    words = {w[:5] for c in after for w in c.words} | {w.lower()[:5] for w in _WORD.findall(rewritten)}
    for claim in before:
        if claim.kind == "commitment":
            if not {w[:5] for w in claim.words} - said <= words:
                return False
        elif _value_kind(claim) not in values:
            return False
    return True


def without_repeated_lead(texts: list[str], language: str) -> list[str]:
    """Only the first of our restated sentences keeps "To recap,": a letter says it once, not per line;
    the customer's second "You told us that" becomes "You also told us that".

    The lead carries no fact (the rewrite's facts were checked with it), so dropping it keeps them all.
    """
    lang = language[:2].lower()
    lead = RECAP_LEAD.get(lang, "").split("{", 1)[0]
    told = TOLD_US_LEAD.get(lang, "").split("{", 1)[0]
    again = TOLD_US_AGAIN_LEAD.get(lang, "").split("{", 1)[0]
    seen = told_seen = False
    varied = []
    for text in texts:
        if lead and text.startswith(lead):
            if seen:
                rest = text[len(lead) :]
                text = rest[:1].upper() + rest[1:]
            seen = True
        elif told and again and text.startswith(told):
            if told_seen:
                text = again + text[len(told) :]
            told_seen = True
        varied.append(text)
    return varied


def _from_english(sentence: str, side: Side, language: str) -> str | None:
    """An English record line in a letter of another language: its values restated in that language
    (`crosslingual`), kept only if every factual span survives and the sentence reads in the language."""
    core, _ = _strip_openers(sentence.strip())
    labelled = bool(_LABEL.match(sentence.strip()))
    if not has_subject(core, "en") and not labelled:
        return None
    restated = restate_in(core, side, language, labelled=labelled)
    if restated is None:
        return None
    # The openers carry no fact (that is why they are stripped) and the frame is said in the language.
    opener = sentence.strip()[: len(sentence.strip()) - len(core)]
    said = frozenset(w[:5] for w in content_words(f"{opener} {restated.framed}"))
    if not keeps_facts(sentence, restated.text, language, said):
        return None
    lang = language[:2].lower()
    return restated.text if guess_language(restated.text, lang) == lang else None


def rephrase_checked(sentence: str, side: Side, language: str) -> str | None:
    """`rephrase`, kept only if the rewrite keeps every factual span and is in the letter's language."""
    lang = language[:2].lower()
    found = guess_language(sentence, lang)
    if found == "en" and lang != "en":
        return _from_english(sentence, side, language)
    if found is not None and found != lang:
        return None
    rewritten = rephrase(sentence, side, language)
    if rewritten is None or not keeps_facts(sentence, rewritten, language):
        return None
    return rewritten
