"""Turn a first-person call utterance into third-person reported speech about its speakers.

"I'll send you the quote by Friday." said by the agent to the customer becomes "The agent will send
the customer the quote by Friday." The rewrite only swaps pronouns and the verbs that agree with them
(copilot/tools/person_swap.py) and names who asks (copilot/tools/reported_questions.py); once the speaker
is named, their own later mentions in the sentence are "they/them/their" (never a guessed gender). It
adds no facts, so every sentence still rests on the utterance it came from.
"""

from __future__ import annotations

import re

from copilot.tools.discourse_openers import AFFIRMATIVE, AND, ANSWER, BUT, without_fillers

# Voices, clean_turn and sentences are imported from here by the summaries and their tests.
from copilot.tools.person_swap import ADDRESSEE, SPEAKER, swap_persons
from copilot.tools.person_swap import Voices as Voices
from copilot.tools.reported_questions import indirect_wh_statement, reported_question
from copilot.tools.speech_acts import SpeechAct, is_instruction, speech_act, without_address
from copilot.tools.turn_text import bare_word, capitalised, lowered
from copilot.tools.turn_text import clean_turn as clean_turn
from copilot.tools.turn_text import sentences as sentences

_GREETING_WORDS = (
    # "No point pushing it now" and "No multi-year commitment at this point" say no: only a bare answering
    # "No," (a mark after it) is an opener (a manager read "says multi-year commitment at this point",
    # 2026-12-07).
    r"hello|hi|hey|well|oh|ok|okay|so|yes|yeah|no(?=\s*[,.!])|sure|right|"
    r"alright|great|thanks|thank you|"
    r"good (?:morning|afternoon|evening)|excuse me|sorry|um|uh|ah|really"
)
# "Please ..." is kept until the request is read ("please fix this"); a bare "Please." is filler.
_OPENERS_BUT_PLEASE = re.compile(rf"^(?:(?:{_GREETING_WORDS})\b[\s,!.]*)+", re.IGNORECASE)
_OPENERS = re.compile(rf"^(?:(?:{_GREETING_WORDS}|please)\b[\s,!.]*)+", re.IGNORECASE)


def _vocative_dropped(core: str, voices: Voices) -> str:
    # "Ana, I'll send a summary" said to Ana: the name she is called by is not part of what is said.
    first = voices.addressee.split()[0] if voices.addressee else ""
    if first and not voices.addressee.lower().startswith("the ") and core.startswith(f"{first},"):
        return _OPENERS.sub("", core[len(first) + 1 :].strip()).strip(" ,")
    return core


def _starts_with_full_name(text: str) -> bool:
    # "Ana Silva told me ..." keeps its capital after "says"; "The export ..." does not. Two
    # capitalised words in a row are read as a full name (first name and surname).
    words = text.split()[:2]
    return len(words) == 2 and all(w[:1].isupper() and w[1:].islower() and w.isalpha() for w in words)


# "I know the rollout was rough" told as "Ana knows the rollout was rough" would assert the rollout as a
# fact the summary vouches for; a verb of knowing keeps "says" ("Ana says they know ...").
_FACTIVE_AFTER_SPEAKER = re.compile(r"\s+(?:knows|realises|realizes|understands|is aware)\b", re.IGNORECASE)


def _statement(core: str, voices: Voices) -> str:
    swapped = swap_persons(core, voices)
    speaker_first = swapped.lower().startswith(voices.speaker.lower())
    if speaker_first and not _FACTIVE_AFTER_SPEAKER.match(swapped, len(voices.speaker)):
        return capitalised(swapped)
    return capitalised(f"{voices.speaker} says {_said(core, voices)}")


# "Priya on our solutions team will send …": a name placed on a team keeps its capital after "says".
_COLLEAGUE = re.compile(r"^[A-Z][a-z]+(?: [A-Z][a-z]+)?(?: (?:from|on|in|with) our\b|, our\b)")


def _said(core: str, voices: Voices) -> str:
    # What follows "<speaker> says" (or "confirms that"), which names the speaker first. A question said
    # without its mark in a reply ("Honestly, where are we against target this month.", the question the
    # customer's people ask) is retold in the order a clause after "says" has: "says where they are ...".
    indirect = indirect_wh_statement(core, voices)
    if indirect is not None:
        return indirect
    swapped = swap_persons(core, voices, last=SPEAKER)
    # "The export..." reads "says the export..."; a name keeps its capital ("says Ana mentioned...").
    named = swapped.startswith(voices.addressee) and not voices.addressee.lower().startswith("the ")
    first = bare_word(swapped.split(" ", 1)[0])
    # Two capitals in a row read as a full name only where the call's names say so: "Every Monday the
    # board pack…" and "As Chen Wei knows…" open on a common word.
    full_name = _starts_with_full_name(swapped) and (not voices.names or first in voices.names)
    if named or full_name or first in voices.names or _COLLEAGUE.match(swapped):
        return swapped
    return lowered(swapped)


# A phrase that only sets a question's scope: "For the first dashboard, which question do people ask?"
_SETTING = re.compile(
    r"^(?:for|about|on|regarding|as for|as to|in|with|at|from|before|after|during|by)\b"
    r"(?![^,]*\b(?:is|are|was|were|have|has|had|do|does|did|will|would|can|could|should|must|need|want)\b)"
    r"[^,]*$",
    re.IGNORECASE,
)


# "Stop calling me, email me instead": a second instruction after a comma is a second thing asked.
_COMMA = re.compile(r",\s+(?=\S)")


def _requests_joined(words: str) -> str:
    # "... to stop calling them, email them" is a comma splice; "... and to email them" is what was asked.
    for found in reversed(list(_COMMA.finditer(words))):
        if is_instruction(words, found.end()):
            return f"{words[: found.start()]} and to {words[found.end() :]}"
    return words


def _reported_act(act: SpeechAct, voices: Voices) -> str:
    speaker, addressee = voices.speaker, voices.addressee
    to_addressee = lowered(swap_persons(_requests_joined(act.words), voices, last=ADDRESSEE))
    if act.kind == "ask":
        return f"{speaker} asks {addressee} to {to_addressee}"
    if act.kind == "ask_not":
        return f"{speaker} asks {addressee} not to {to_addressee}"
    if act.kind == "suggest_to":
        return f"{speaker} suggests {addressee} {to_addressee}"
    if act.kind == "suggest":
        return f"{speaker} suggests they {lowered(swap_persons(act.words, voices))}"
    if act.kind == "suggest_thing":
        return f"{speaker} suggests {lowered(swap_persons(act.words, voices, last=SPEAKER))}"
    if act.kind == "offer":
        return f"{speaker} offers to {lowered(swap_persons(act.words, voices, last=SPEAKER))}"
    if act.kind == "question":
        asked = f"{speaker} asks{reported_question(act.words, voices)}"
        preamble = _OPENERS.sub("", act.preamble).strip(" ,")
        if len(preamble.split()) < 3:
            return asked
        if _SETTING.match(preamble):
            # "For the first dashboard, which question …?" sets the question's scope; said as a statement
            # it read "says for the first dashboard and asks …".
            scope = lowered(swap_persons(preamble, voices, last=SPEAKER))
            return f"{speaker} asks, {scope},{reported_question(act.words, voices).lstrip(':')}"
        return f"{_statement(preamble, voices)} and asks{reported_question(act.words, voices)}"
    return _statement(_OPENERS.sub("", act.words).strip(" ,"), voices)


# "I'll take that one, I will share the deck by Friday": taking it on says nothing the promise after it does
# not ("Chen will take that one, they will share…" read as two garbled clauses).
_TAKING_IT_ON = re.compile(
    r"^(?:i'?ll take (?:that|this)(?: one)?|leave (?:that|it) with me|let me take (?:that|this)(?: one)?)"
    r"\s*[,:;]\s*(?=\w+\s+\w)",
    re.IGNORECASE,
)


def report_sentence(sentence: str, voices: Voices, *, answering: bool = False) -> str:
    """One sentence in reported speech; '' when nothing but a greeting or filler is left.

    `answering`: the sentence opens a reply to the other side's question, so a question in it said without
    its mark is what the speaker tells ("Which question do people ask you?" - "Where are we against
    target.": "says where they are against target"); anywhere else such a question is the speaker's own
    ("how long will it take to switch" typed without "?": "asks how long it will take to switch")."""
    stripped = sentence.strip()
    opener = _OPENERS_BUT_PLEASE.match(stripped)
    core = _vocative_dropped(stripped[opener.end() if opener else 0 :].strip(" ,"), voices)
    core = _INTERJECTION.sub(" ", core).strip()
    core = _SUBJECTLESS_PAST.sub(lambda m: f"I {m[1].lower()} {m[2]}", core)
    if _FRAME_ONLY.match(core):
        return ""  # "I'm going to be blunt." only announces what the next sentence says
    core = _TAKING_IT_ON.sub("", without_fillers(without_address(core)))
    if len(_OPENERS.sub("", core).split()) < 2:
        return ""
    opening = opener[0] if opener else ""
    reported = _told_news(core, voices) or _answered(opening, core, voices) or _thanked(opening, core, voices)
    if not reported:
        # Retold on its own, "But understand that we are evaluating alternatives now" says only the news:
        # the contrast is with a sentence the summary may not show, and the frame only announces it.
        core = _TELLING_FRAME.sub("", BUT.sub("", core), count=1) or core
    if not reported and not answering:
        reported = _asked_without_mark(core, voices)
    if not reported:
        reported = _reported_act(_act(core), voices).rstrip(" ,;:")
    return capitalised(reported) + ("" if reported.endswith("?") else ".")


# The words that open a sentence carry its link to what was said before: "Yes, and nobody answered"
# confirms, "No, but we paid twice" answers and contrasts, "Thanks for picking up" thanks someone. Dropped
# with the greetings, they leave "says and nobody answered" or "says for picking up".
# The answer, affirmative and link words are copilot/tools/discourse_openers.py's, which quoted items use too.
_THANKS = re.compile(r"\b(?:thanks|thank you)(?:\W+so)?\W*$", re.IGNORECASE)
_FOR = re.compile(r"^(?:(?:so |very )?much\s+)?for\s+(?=\S)", re.IGNORECASE)
# "Thanks for being direct, we will fix it": the thanks ends where a new clause with its own subject starts.
_NEW_CLAUSE = re.compile(r",\s+(?=(?:I|we|you|they|it|this|that|he|she)(?:'\w+)?\s)", re.IGNORECASE)


def _answered(opener: str, core: str, voices: Voices) -> str:
    # A statement after a yes or no and "and" / "but": "confirms that ...", "says no, but ...". '' when the
    # sentence opens otherwise, or asks or requests something (reported by its act).
    linked = AND.match(core) or BUT.match(core)
    answer = ANSWER.search(opener)
    if linked is None or answer is None:
        return ""
    rest = core[linked.end() :]
    if speech_act(rest).kind != "statement" or len(rest.split()) < 2:
        return ""
    said = _said(rest.rstrip(" ,;:"), voices).rstrip(" ,;:.")
    if AND.match(core) and AFFIRMATIVE.search(opener):
        return f"{voices.speaker} confirms that {said}"
    link = "and" if AND.match(core) else "but"
    return f"{voices.speaker} says {answer[1].lower()}, {link} {said}"


# "Understand that ...", "Please note that ...", "Keep in mind that ...": an imperative that announces news.
_TELLING_FRAME = re.compile(
    r"^(?:please\s+)?(?:understand|note|know|be aware|keep in mind|bear in mind|remember)\s+that\s+(?=\w)|"
    r"^(?:I(?:'ll| will| have to| must|'m going to) be (?:honest|frank|blunt|direct|upfront)(?: with you)?|"
    r"to be (?:honest|frank|fair)|honestly|frankly)\s*[,:;]\s*(?=\w)",
    re.IGNORECASE,
)
# Speech drops its "I" before a past act ("Just told Bob about the budget cut"): retold without it, the
# sentence had no subject ("adds that just told Bob").
_SUBJECTLESS_PAST = re.compile(
    r"^(just|already)\s+(told|sent|asked|spoke|talked|checked|shared|mentioned|called|emailed|saw|heard)\b",
    re.IGNORECASE,
)
# A sentence that is nothing but a frame for the next one.
_FRAME_ONLY = re.compile(
    # "Look, I'm gonna be blunt, Bob.": an opener and the listener's name around it change nothing.
    r"^(?:(?:look|listen|okay|ok|so|well|honestly)\s*,\s*)?"
    r"(?:I(?:'m| am) (?:going to|gonna) be|I(?:'ll| will| have to| must| need to) be|let me be|to be)\s+"
    r"(?:very\s+|really\s+|completely\s+)?(?:honest|blunt|frank|direct|clear|upfront)(?:\s+with you)?"
    # "I'll be direct, Alice, because I only have twenty minutes.": the reason only explains the frame.
    r"(?:\s*,\s*[A-Z][a-z]+)?(?:\s*,?\s*because\b[^.!?]*)?\W*$",
    re.IGNORECASE,
)
# Words a speaker drops into the middle of a sentence ("I'm, you know, just back from lunch"): retold, "you
# know" would become the listener knowing it ("is, Bob knows, just back from lunch").
_INTERJECTION = re.compile(
    r"\s*,\s*(?:you know|I mean|like|kind of|sort of|basically|you see|um+|uh+|erm?)\s*,\s*|"
    r"^(?:you know|I mean)\s*,\s*|,\s*(?:you know|I mean)(?=\s*[.!?]?$)",
    re.IGNORECASE,
)


# "I should tell you that ...", "I wanted to let you know that ...": the frame only announces the news, so
# the news is what the speaker says ("... says they are leaving the company"), never "should tell ... that".
_NEWS_FRAME = re.compile(
    r"^(?:I|we)(?:'d like to|\s++(?:just\s++)?+"
    r"(?:should|must|have to|need to|wanted to|want to|would like to))"
    r"\s++(?:just\s++)?+(?:tell you|let you know)(?:\s++personally)?+"
    r"(?:\s++before you (?:hear|find out|learn)(?: about)?+(?: it| this)?+"
    r"(?: elsewhere| from (?:someone|anyone|somebody) else| from others)?+)?+"
    r"(?:\s++that\b)?+\s*+[:,]?+\s*+(?=\w)",
    re.IGNORECASE,
)


def _told_news(core: str, voices: Voices) -> str:
    # What follows the frame, said by the speaker; '' when the sentence has no such frame.
    framed = _NEWS_FRAME.match(AND.sub("", core))
    if framed is None:
        return ""
    news = AND.sub("", core)[framed.end() :].rstrip(" ,;:.!")
    if len(news.split()) < 2 or speech_act(news).kind != "statement":
        return ""
    return f"{voices.speaker} says {_said(news, voices)}"


def _asked_without_mark(core: str, voices: Voices) -> str:
    # "How long will it take to switch" with no question mark, retold as asked; '' for anything else.
    act = _act(core)
    indirect = indirect_wh_statement(_OPENERS.sub("", act.words).strip(" ,"), voices)
    return f"{voices.speaker} asks {indirect}" if act.kind == "statement" and indirect else ""


def _act(core: str) -> SpeechAct:
    # A leading "and" links to nothing the summary keeps; "but" stays on a statement ("says but ...", which
    # the digest joins to the sentence before it as ", but that ..."), not on a question or a request.
    act = speech_act(AND.sub("", core))
    return act if act.kind == "statement" else speech_act(BUT.sub("", AND.sub("", core)))


def _thanked(opener: str, core: str, voices: Voices) -> str:
    # "Thanks for picking up" -> "thanks the agent for picking up"; a clause after it is said as well
    # ("..., we will fix it" -> "... and says they will fix it"). '' when the sentence thanks nobody.
    thanks = _FOR.match(core)
    if thanks is None or not _THANKS.search(opener):
        return ""
    reason, *said = _NEW_CLAUSE.split(core[thanks.end() :], maxsplit=1)
    after = said[0] if said else ""
    reason = swap_persons(reason.rstrip(" ,;:.!"), voices, last=ADDRESSEE)
    thanked = f"{voices.speaker} thanks {voices.addressee} for {lowered(reason)}"
    if len(after.split()) < 2:
        return thanked
    rest = _statement(after.rstrip(" ,;:.!"), voices)
    told = rest[len(voices.speaker) :] if rest.lower().startswith(voices.speaker.lower()) else f" says {rest}"
    return f"{thanked} and{told}"


def report_turn(text: str, voices: Voices) -> list[str]:
    """Every informative sentence of an utterance in reported speech."""
    found = (report_sentence(s, voices) for s in sentences(clean_turn(text)))
    return [s for s in found if s]
