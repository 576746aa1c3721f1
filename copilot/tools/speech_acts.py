"""What a spoken sentence does, read from its form: a request, a suggestion, an offer, a question or a
statement, with the words that only address the listener ("Adam, ...", "..., sir", "I mean, ...") set
aside.

Reported speech (reported_speech.py) retells each kind the way a person retelling a call would:
"Keep walking for two blocks" is "asks the customer to keep walking for two blocks", "Let's meet on
Friday" is "suggests they meet on Friday", "Let me check the order" is "offers to check the order",
and "That's sad, but have you seen the movie?" asks only its last clause. Nothing here adds a word of
content; it only chooses the reporting verb and drops forms of address.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Words people call each other by; dropped wherever they stand alone beside a comma.
_TERMS_OF_ADDRESS = (
    r"sir|madam|ma'am|miss|honey|dear|darling|sweetheart|sweetie|mom|mum|dad|buddy|mate|man|dude|guys|"
    r"folks|everyone|everybody|doctor|doc|boss|son|love"
)
# A capitalised word before a comma that is no name ("However, ...", "Yesterday, ...").
_NOT_A_NAME_WORDS = """
    however yes no so well now then today tomorrow yesterday first second third finally also besides
    anyway otherwise meanwhile instead still again therefore thus sorry please thanks okay ok sure right
    alright oh ah hmm hey hi hello wow great perfect fine good excellent unfortunately honestly luckily
    actually basically personally frankly look listen see and but or because if when while although
    though after before since once here there this that it i you we they he she what why how where who
    which monday tuesday wednesday thursday friday saturday sunday january february march april may june
    july august september october november december yeah yep yup nope nah maybe perhaps hopefully surely
    certainly definitely absolutely exactly indeed true really seriously obviously apparently anyhow gosh
    god jesus boy whoa um uh er mmm oops alas congratulations cheers bravo welcome gee geez ugh damn
    sounds good fine nice cool awesome wonderful terrific sorry excuse pardon wait hold mr mrs ms dr
    sir madam
"""
_TITLE = r"(?:(?:Mr|Mrs|Ms|Dr|Miss)\.?\s+)?"
_LEADING_NAME = re.compile(rf"^{_TITLE}([A-Z][a-z]+),\s+(?=\S)")
_LEADING_TERM = re.compile(rf"^(?:{_TERMS_OF_ADDRESS}),\s+(?=\S)", re.IGNORECASE)
_TRAILING_NAME = re.compile(rf"(\S*),\s+{_TITLE}([A-Z][a-z]+)\s*([.?!]*)$")
# "Keep an eye on your inbox, Ana, and ..." - a lone name between commas after a lower-case word.
_MIDDLE_NAME = re.compile(r"\b(\w+),\s+([A-Z][a-z]+),(?=\s)")
_TRAILING_PLEASE = re.compile(r",?\s+please\s*([.?!]*)$", re.IGNORECASE)
_TRAILING_TERM = re.compile(rf",\s+(?:{_TERMS_OF_ADDRESS})\s*([.?!]*)$", re.IGNORECASE)
_NOT_A_NAME = frozenset(_NOT_A_NAME_WORDS.split())
_GREETING_NAME = re.compile(
    r"^(?i:hi|hey|hello|morning|good (?:morning|afternoon|evening)|thanks|thank you|bye|goodbye|"
    r"excuse me|sorry|welcome back|yes|no|oh|well|ok|okay|sure)[\s,]+([A-Z][a-z]+)\s*(?:[,.!?]|$)"
)
# Fillers that open a sentence only when a comma follows them ("Look, ..." but "Look at this").
_FILLER = re.compile(
    r"^(?:i mean|you know|you see|look|listen|see|c'mon|come on|anyway|by the way|actually|well|oh|"
    r"let me see|let me think|let's see|perfect|fine|cool|awesome|got it|i see|of course|absolutely|"
    r"exactly|indeed|excellent|wonderful|good|great|true|"
    r"okay|ok|so|and|but|then)\s*,\s*",
    re.IGNORECASE,
)
# How frank the speaker is being ("Honestly, ...", "I have to be blunt: ...") frames what follows; the
# summary reports what follows (the complaint itself is read from the words as said).
_FRANKLY = re.compile(
    r"^(?:honestly|frankly|to be (?:honest|frank|blunt)|"
    r"i (?:have to|must|need to|'ll|will) be (?:honest|frank|blunt)(?: with you)?)\s*[,:]\s*",
    re.IGNORECASE,
)
# A statement asked back for agreement is a statement: "It's hard, right?", "You know it, don't you?"
_TAG = re.compile(
    r",\s*(?:right|ok|okay|yes|no|eh|huh|is that right|you know|correct|"
    r"[a-z]+(?:n't|'t)? (?:i|you|we|they|he|she|it|that|there))\s*\?*$",
    re.IGNORECASE,
)
_AUXILIARIES = (
    r"am|do|does|did|are|is|was|were|have|has|had|can|could|will|would|should|may|shall|"
    r"don't|doesn't|didn't|isn't|aren't|wasn't|weren't|can't|won't|couldn't|wouldn't|haven't|hasn't|"
    r"shouldn't"
)
_QUESTION_START = re.compile(rf"^(?:{_AUXILIARIES}|what|when|where|why|who|whom|which|how)\b", re.IGNORECASE)
_CLAUSE_BREAK = re.compile(r"\s*[,;:]\s+|\s+-+\s+")
_SUGGEST = re.compile(
    # "Actually, let's not." takes a plan back: no step to do (it was listed as "suggests they not").
    r"^(?:let's|let us|why don't we|why not|shall we|how about|what do you say we)\s+(?!not\W*$)(.+)$",
    re.IGNORECASE,
)
_SUGGEST_TO_YOU = re.compile(r"^why don't you\s+(.+)$", re.IGNORECASE)
_LET_ME_KNOW = re.compile(r"^let (?:me|us) know\b", re.IGNORECASE)
_OFFER = re.compile(r"^let (?:me|us)\s+(.+)$", re.IGNORECASE)
# "Would you like/mind/be ..." asks what the listener wants or is, not for something to be done.
_ASK_TO = re.compile(
    r"^(?:can|could|would|will) you (?!like\b|mind\b|care\b|be\b|prefer\b|want\b|rather\b)"
    r"(?:please |kindly )?(.+)$",
    re.IGNORECASE,
)
_PLEASE = re.compile(
    r"^(?:(?:ok|okay|so|and|then)[\s,]+)?(?:please|kindly),?\s+(?!note\b|find\b|see\b)(.+)$", re.IGNORECASE
)
_NOT_TO = re.compile(r"^(?:don't|do not)\s+(.+)$", re.IGNORECASE)
# Verbs that open an instruction ("Keep walking...", "Restart the app", "DM us your order number").
_IMPERATIVE_WORDS = """
    take keep go turn come check call send give tell make try stop wait put bring sign fill follow
    remember get open close use pay write read show help pick change enter reply contact visit restart
    reinstall update install download dm email text click select choose find leave hold sit ask buy
    clean drink meet move forget feel reach drop shoot head log apply confirm provide share let tap
    allow bear rest return ring press scroll switch unplug plug power refresh clear delete remove add
    remind cancel book reserve transfer refund fix
"""
_IMPERATIVE_VERBS = frozenset(_IMPERATIVE_WORDS.split())


@dataclass(frozen=True)
class SpeechAct:
    """What a sentence does and the words it does it with (`kind` is ask, ask_not, suggest, suggest_to,
    suggest_thing, offer, question or statement; `preamble` is what a question said before asking)."""

    kind: str
    words: str
    preamble: str = ""


def _without_middle_name(found: re.Match[str]) -> str:
    # "Paris, France, ..." is a place: a capitalised word before the comma keeps what follows it.
    if found[1][:1].isupper() or not _is_name(found[2]):
        return found[0]
    return f"{found[1]},"


def without_address(sentence: str) -> str:
    """The sentence without a name or term of address at its start or end, or a filler opening it."""
    text = sentence.strip()
    for _ in range(3):  # "Well, Adam, you know, ..." drops one form at a time
        before = text
        text = _FILLER.sub("", text)
        text = _FRANKLY.sub("", text)
        text = _LEADING_TERM.sub("", text)
        name = _LEADING_NAME.match(text)
        if name and name[1].lower() not in _NOT_A_NAME:
            text = text[name.end() :]
        if text == before:
            break
    text = _MIDDLE_NAME.sub(_without_middle_name, text)
    text = _TRAILING_TERM.sub(r"\1", text)
    text = _TRAILING_PLEASE.sub(r"\1", text)
    trailing = _TRAILING_NAME.search(text)
    # "Calgary, Canada." is a place, not someone spoken to: a capitalised word before the comma keeps it.
    if trailing and trailing[2].lower() not in _NOT_A_NAME and not trailing[1][:1].isupper():
        text = f"{text[: trailing.start()]}{trailing[1]}{trailing[3]}"
    return text[:1].upper() + text[1:] if text else text


def _is_name(word: str) -> bool:
    return word.lower() not in _NOT_A_NAME and not re.fullmatch(_TERMS_OF_ADDRESS, word, re.IGNORECASE)


def vocative_name(sentence: str) -> str | None:
    """The name the listener is called by in a sentence ("Mary, do you ...", "Thanks, Tom."), or None."""
    text = sentence.strip()
    for pattern in (_GREETING_NAME, _LEADING_NAME):
        found = pattern.match(text)
        if found and _is_name(found[1]):
            return found[1]
    trailing = _TRAILING_NAME.search(text)
    if trailing and _is_name(trailing[2]) and not trailing[1][:1].isupper():
        return trailing[2]
    return None


def _asks(clause: str) -> str | None:
    # The clause as a question ("and can you ..." -> "can you ..."), or None when it asks nothing.
    clause = re.sub(r"^(?:and|but|so|or|then)\s+", "", clause, flags=re.IGNORECASE)
    return clause if _QUESTION_START.match(clause) or _ASK_TO.match(clause) else None


def _question_split(core: str) -> tuple[str, str]:
    # "It seems hard, is this level too hard for you" asks its last clause; what comes before is said.
    # A lead-in before a colon ("One thing leadership asked: can we ...") only introduces the question.
    if _asks(core) or _SUGGEST.match(core):
        return "", core
    for found in reversed(list(_CLAUSE_BREAK.finditer(core))):
        asked = _asks(core[found.end() :])
        if asked:
            preamble = "" if ":" in found[0] else core[: found.start()]
            return preamble, asked
    return "", core


def requested_action(clause: str) -> str | None:
    """What "Could you ..." asks the listener to do, or None when the clause asks no such thing."""
    found = _ASK_TO.match(clause)
    return found[1] if found else None


def _imperative(core: str) -> bool:
    first = core.split(maxsplit=1)[0].lower() if core.split() else ""
    # "Let me ..." and "Let's ..." are an offer and a suggestion, read before this.
    return first in _IMPERATIVE_VERBS and len(core.split()) >= 2


# A clause's first word, and whether a second follows (what _imperative reads), without splitting the rest.
_FIRST_WORDS = re.compile(r"\s*+(\S++)(\s++\S)?")


def is_instruction(text: str, start: int = 0) -> bool:
    """Whether the clause at `start` of `text` opens with an instruction's verb ("email me instead", "send
    the logs"). Only its first two words are read: a caller that asks at every comma of a long turn must
    not copy or split the rest of the turn each time (quadratic)."""
    found = _FIRST_WORDS.match(text, start)
    return found is not None and found[2] is not None and found[1].lower() in _IMPERATIVE_VERBS


# "Keep an eye on your inbox and don't rerun it" asks "... and not to rerun it".
_AND_NOT = re.compile(r"\b(and|or),? (?:please )?(?:don't|do not)\s+", re.IGNORECASE)


def _request(core: str, question: bool) -> SpeechAct | None:
    found = _asked_of_listener(core, question)
    if found is None or found.kind not in {"ask", "ask_not"}:
        return found
    return SpeechAct(found.kind, _AND_NOT.sub(lambda m: f"{m[1]} not to ", found.words))


def _asked_of_listener(core: str, question: bool) -> SpeechAct | None:
    please = _PLEASE.match(core)
    if please and not question and len(please[1].split()) >= 2:
        negative = _NOT_TO.match(please[1])  # "Please don't share your password"
        return SpeechAct("ask_not", negative[1]) if negative else SpeechAct("ask", please[1])
    ask = _ASK_TO.match(core)
    if ask:
        return SpeechAct("ask", ask[1])
    to_you = _SUGGEST_TO_YOU.match(core)
    if to_you:
        return SpeechAct("suggest_to", to_you[1])
    suggestion = _SUGGEST.match(core)
    if suggestion:
        # "How about a call on Friday?" suggests a thing; "Let's meet on Friday" an action for both.
        thing = core.lower().startswith("how about")
        return SpeechAct("suggest_thing" if thing else "suggest", suggestion[1])
    if _LET_ME_KNOW.match(core):
        return SpeechAct("ask", core)
    offer = _OFFER.match(core)
    return SpeechAct("offer", offer[1]) if offer and not question else None


def speech_act(sentence: str) -> SpeechAct:
    """The sentence's act (`sentence` with its openers and forms of address already dropped)."""
    question = sentence.rstrip().endswith("?")
    core = _TAG.sub("", sentence.strip())
    if core != sentence.strip():
        question = False  # a tag question asks for agreement with a statement
    core = core.rstrip("?!. ")
    request = _request(core, question)
    if request is not None:
        return request
    if question:
        preamble, asked = _question_split(core)
        return SpeechAct("question", asked, preamble)
    negative = _NOT_TO.match(core)
    if negative and len(negative[1].split()) >= 2:
        return SpeechAct("ask_not", _AND_NOT.sub(lambda m: f"{m[1]} not to ", negative[1]))
    if _imperative(core):
        return SpeechAct("ask", _AND_NOT.sub(lambda m: f"{m[1]} not to ", core))
    return SpeechAct("statement", core)
